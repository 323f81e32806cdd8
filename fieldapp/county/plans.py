"""Annual joint inspection plans per area, their rounds of random draws, and 综合查一次.

沙政〔2023〕76号 五(二): each 片长 "牵头制定本片区联合执法检查年度工作计划，合理确定执法检查频次".
南政办〔2024〕31号 四(五): a plan with set frequencies; "双随机" joined with the
area's joint enforcement to reach "综合查一次、计划之外无检查". DOMAIN.md: higher
frequency for targets with complaints or on the abnormal list.

Frequency model: a plan item runs `times_per_year` rounds a year; each round
draws `ratio` of the eligible targets. A target with complaints or on the
abnormal list is drawn from its own stratum at the raised figures. Rounds are
spread evenly over the year's rounds (2 of 4 quarters → Q1 and Q3). Visits of
several departments to one target in one period merge into one visit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from math import ceil
from typing import Any

from fieldapp.catalogue import Catalogue
from fieldapp.county.draws import Draw, Inspector, draw
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError, Msg


@dataclass(frozen=True)
class PlanItem:
    matter_code: str
    times_per_year: int
    ratio: float  # share of eligible targets drawn each round
    raised_times_per_year: int | None = None  # targets with complaints or on the abnormal list
    raised_ratio: float | None = None


@dataclass(frozen=True)
class PlannedVisit:
    target_id: str
    period: str  # "2025-Q1", "2025-03": visits in one period merge
    department: str
    matters: tuple[str, ...]
    inspectors: tuple[str, ...] = ()
    draw_hash: str = ""  # result hash of the draw that picked it


@dataclass(frozen=True)
class InspectionPlan:
    area_key: str
    year: int
    department: str  # who made it: a department's plan, or the area's joint plan
    items: tuple[PlanItem, ...]
    visits: tuple[PlannedVisit, ...] = ()


@dataclass(frozen=True)
class Target:
    id: str
    name: str = ""
    township: str = ""
    matters: tuple[str, ...] = ()  # matter codes that apply to it
    complaints: int = 0
    abnormal: bool = False  # on the abnormal-operation (异常名录) list

    @property
    def raised(self) -> bool:
        return self.complaints > 0 or self.abnormal


@dataclass(frozen=True)
class Frequency:
    times_per_year: int
    ratio: float
    raised: bool
    reason: Msg


def frequency(item: PlanItem, target: Target) -> Frequency:
    """The frequency that applies to this target: raised for complaints or the abnormal list."""
    if target.raised and (item.raised_times_per_year or item.raised_ratio):
        why = [w for w, on in ((f"投诉举报{target.complaints}件", target.complaints), ("列入异常名录", target.abnormal)) if on]
        why_en = [w for w, on in ((f"{target.complaints} complaint(s)", target.complaints),
                                  ("on the abnormal list", target.abnormal)) if on]
        return Frequency(item.raised_times_per_year or item.times_per_year, item.raised_ratio or item.ratio, True,
                         Msg(f"{'、'.join(why)}，提高抽查频次", f"{', '.join(why_en)}: raised frequency", "plan.raised"))
    return Frequency(item.times_per_year, item.ratio, False, Msg("按计划频次", "planned frequency", "plan.normal"))


def check_plan(jur: Jurisdiction, catalogue: Catalogue, plan: InspectionPlan) -> list[Msg]:
    """Problems with a plan: unknown area, department or matter; impossible frequencies."""
    out: list[Msg] = []
    if plan.area_key not in jur.areas:
        out.append(Msg(f"片区“{plan.area_key}”不存在", f"Unknown area '{plan.area_key}'", "plan.unknown_area"))
    if plan.department not in jur.departments:
        out.append(Msg(f"部门“{plan.department}”不存在", f"Unknown department '{plan.department}'", "plan.unknown_department"))
    for code, n in Counter(i.matter_code for i in plan.items).items():
        if n > 1:
            out.append(Msg(f"事项{code}在计划中重复", f"Matter {code} is in the plan twice", "plan.duplicate"))
    for i in plan.items:
        if i.matter_code not in catalogue.matters:
            out.append(Msg(f"事项清单中没有事项“{i.matter_code}”", f"No matter '{i.matter_code}' in the catalogue",
                           "plan.unknown_matter", {"code": i.matter_code}))
        ratios = [r for r in (i.ratio, i.raised_ratio) if r is not None]
        if i.times_per_year < 1 or any(not 0 < r <= 1 for r in ratios):
            out.append(Msg(f"事项{i.matter_code}的频次应≥1次/年、抽查比例应在0到1之间",
                           f"Matter {i.matter_code}: at least once a year, ratio in (0, 1]", "plan.bad_frequency"))
        if (i.raised_times_per_year or i.times_per_year) < i.times_per_year or (i.raised_ratio or i.ratio) < i.ratio:
            out.append(Msg(f"事项{i.matter_code}对投诉、异常对象的频次不得低于一般对象",
                           f"Matter {i.matter_code}: the raised frequency is below the normal one", "plan.raised_lower"))
    return out


def runs_in_round(times_per_year: int, round_no: int, rounds_per_year: int) -> bool:
    """Spread k rounds evenly over the year's R rounds (1-based round_no)."""
    k = min(times_per_year, rounds_per_year)
    return ceil(round_no * k / rounds_per_year) > ceil((round_no - 1) * k / rounds_per_year)


def matter_department(jur: Jurisdiction, catalogue: Catalogue, code: str) -> str:
    m = catalogue.matter(code)
    return m.department if m.department in jur.departments else jur.categories.get(m.category, jur.lead_unit)


def plan_round(jur: Jurisdiction, catalogue: Catalogue, plan: InspectionPlan, targets: Sequence[Target],
               inspectors: Sequence[Inspector], *, seed: str, period: str, round_no: int, rounds_per_year: int = 4,
               recusal: Mapping[str, Iterable[str]] | None = None, exclude: Iterable[str] = ()
               ) -> tuple[list[Draw], list[PlannedVisit]]:
    """One round of the plan: a draw per item and stratum, each with its own audit record.

    Draw seeds are `seed/matter/stratum`, so one recorded seed reproduces the
    whole round. Inspectors for an item come from its department and the
    township teams when there are enough, so the team can act on that matter.
    """
    problems = check_plan(jur, catalogue, plan)
    if problems:
        raise FieldappError(problems[0])
    draws: list[Draw] = []
    visits: list[PlannedVisit] = []
    excluded = sorted(set(exclude))
    rec = {k: sorted(v) for k, v in (recusal or {}).items()}
    for item in plan.items:
        dept = matter_department(jur, catalogue, item.matter_code)
        relevant = [t for t in targets if item.matter_code in t.matters]
        for stratum, members in (("normal", [t for t in relevant if not t.raised]),
                                 ("raised", [t for t in relevant if t.raised])):
            if not members:
                continue
            f = frequency(item, members[0])
            if not runs_in_round(f.times_per_year, round_no, rounds_per_year):
                continue
            own = [i for i in inspectors if i.unit == dept or i.unit.startswith("township:")]
            team = own if len({i.unit for i in own}) >= 2 else list(inspectors)
            d = draw(f"{seed}/{item.matter_code}/{stratum}", members, team, ratio=f.ratio, recusal=rec, exclude=excluded)
            draws.append(d)
            visits += [PlannedVisit(x.target, period, dept, (item.matter_code,), x.inspectors, d.result_hash())
                       for x in d.drawn]
    return draws, visits


@dataclass(frozen=True)
class MergedVisit:
    """One visit to one target covering several departments' matters (综合查一次)."""

    target_id: str
    period: str
    matters_by_department: dict[str, tuple[str, ...]]
    inspectors: tuple[str, ...] = ()
    draw_hashes: tuple[str, ...] = field(default=())

    @property
    def departments(self) -> tuple[str, ...]:
        return tuple(self.matters_by_department)

    @property
    def matters(self) -> tuple[str, ...]:
        return tuple(c for codes in self.matters_by_department.values() for c in codes)

    def as_dict(self) -> dict[str, Any]:
        return {"target_id": self.target_id, "period": self.period,
                "matters_by_department": {k: list(v) for k, v in self.matters_by_department.items()},
                "inspectors": list(self.inspectors), "draw_hashes": list(self.draw_hashes)}


def merge_plans(plans: Iterable[InspectionPlan | Iterable[PlannedVisit]]) -> list[MergedVisit]:
    """Merge the planned visits of several plans: one visit per target and period, listing each department's matters."""
    groups: dict[tuple[str, str], list[PlannedVisit]] = {}
    for p in plans:
        for v in (p.visits if isinstance(p, InspectionPlan) else p):
            groups.setdefault((v.period, v.target_id), []).append(v)
    out = []
    for (period, target), vs in sorted(groups.items()):
        by_dept: dict[str, set[str]] = {}
        for v in vs:
            by_dept.setdefault(v.department, set()).update(v.matters)
        out.append(MergedVisit(target, period, {d: tuple(sorted(by_dept[d])) for d in sorted(by_dept)},
                               tuple(dict.fromkeys(i for v in vs for i in v.inspectors)),
                               tuple(sorted({v.draw_hash for v in vs if v.draw_hash}))))
    return out


def yearly_limit(plans: Iterable[InspectionPlan], target: Target) -> int:
    """Visits a target may get in a year: the most frequent item that applies to it (visits are merged)."""
    times = [frequency(i, target).times_per_year for p in plans for i in p.items if i.matter_code in target.matters]
    return max(times, default=0)  # no item applies: 计划之外无检查


def count_visits(inspections: Iterable[Mapping[str, Any]], year: int) -> Counter[str]:
    """Final (not voided) inspections per party in a year, from inspection dicts (party_id, started_at, status)."""
    out: Counter[str] = Counter()
    for i in inspections:
        when = str(i.get("started_at") or i.get("planned_for") or "")[:10]
        if i.get("party_id") and i.get("status") == "final" and when and date.fromisoformat(when).year == year:
            out[str(i["party_id"])] += 1
    return out


@dataclass(frozen=True)
class OverLimit:
    target_id: str
    visits: int
    limit: int
    msg: Msg


def over_limit(target_visits: Mapping[str, int], yearly_limit: int | Mapping[str, int]) -> list[OverLimit]:
    """Targets inspected more often than their yearly limit (a missing per-target limit is 0: not in any plan)."""
    out = []
    for target, n in sorted(target_visits.items()):
        limit = yearly_limit if isinstance(yearly_limit, int) else yearly_limit.get(target, 0)
        if n > limit:
            out.append(OverLimit(target, n, limit, Msg(
                f"检查对象{target}本年度已检查{n}次，超过计划频次{limit}次（综合查一次、计划之外无检查）",
                f"Target {target} was inspected {n} times this year, above its planned {limit}",
                "plan.over_limit", {"target": target, "visits": n, "limit": limit})))
    return out
