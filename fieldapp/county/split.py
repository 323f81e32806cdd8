"""The split of stationed officers between groups of areas (南安: 1:1:2).

南政办〔2024〕31号 四(三): "除城市管理领域外，实行综合行政执法的5支综合执法队伍
采取常驻方式，在中心片区、南翼片区和其他片区总体按照1:1:2的比例分配执法力量".
"总体" — overall: the five teams are counted together, not team by team. The
groups and shares come from the jurisdiction's [[rules.split]], the teams from
`split_departments`; a county without them has no split rule.

A proportional split is rarely exact (21 officers cannot go 1:1:2), so a
group may differ from its exact share by a tolerance: the larger of one
officer and 5 % of the total. The tolerance covers rounding, never absence:
a group with a share above 0 and no officer at all is a breach however small
the total (0:2:2 is not 1:1:2: 中心城区 would have nobody). The report always
states the actual split and the tolerance used, so the office can see how
close it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from fieldapp.county.entries import Breach, RosterEntry, area_name, dept_name
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import Msg

SPLIT_TOLERANCE_MIN = Fraction(1)  # officers: rounding alone can cost one
SPLIT_TOLERANCE_RATE = Fraction(1, 20)  # 5 % of all stationed officers of the teams


def _num(x: Fraction | float) -> str:
    return f"{round(float(x), 2):g}"


@dataclass(frozen=True)
class SplitGroup:
    areas: tuple[str, ...]
    label_zh: str
    label_en: str
    share: int
    actual: int
    expected: float  # the exact proportional number of officers
    deviation: float  # actual - expected

    def as_dict(self) -> dict[str, Any]:
        return {"areas": list(self.areas), "label": self.label_zh, "share": self.share, "actual": self.actual,
                "expected": self.expected, "deviation": self.deviation}


@dataclass(frozen=True)
class SplitReport:
    departments: tuple[str, ...]
    groups: tuple[SplitGroup, ...]
    total: int
    tolerance: float  # officers either way, per group

    @property
    def target(self) -> str:
        return ":".join(str(g.share) for g in self.groups)

    @property
    def actual(self) -> str:
        return ":".join(str(g.actual) for g in self.groups)

    @property
    def off(self) -> tuple[SplitGroup, ...]:
        """Groups outside the tolerance, and groups owed officers that have none (all when nobody is stationed)."""
        if self.total == 0:
            return self.groups
        return tuple(g for g in self.groups if abs(g.deviation) > self.tolerance + 1e-9 or (g.share > 0 and g.actual == 0))

    @property
    def ok(self) -> bool:
        return not self.off

    def as_dict(self) -> dict[str, Any]:
        return {"departments": list(self.departments), "target": self.target, "actual": self.actual,
                "total": self.total, "tolerance": self.tolerance, "ok": self.ok,
                "groups": [g.as_dict() for g in self.groups]}


def split_tolerance(total: int, rate: Fraction = SPLIT_TOLERANCE_RATE, minimum: Fraction = SPLIT_TOLERANCE_MIN) -> Fraction:
    return max(minimum, rate * total)


def split_report(jur: Jurisdiction, entries: Sequence[RosterEntry], on_date: date, *,
                 rate: Fraction = SPLIT_TOLERANCE_RATE, minimum: Fraction = SPLIT_TOLERANCE_MIN) -> SplitReport | None:
    """The actual split of the teams' qualified stationed officers; None where the county has no split rule."""
    rules = jur.rules
    if not rules.split or not rules.split_departments:
        return None
    teams = set(rules.split_departments)
    counted = [e for e in entries if e.department in teams and e.mode == "stationed" and e.qualified(on_date)]
    total_share = sum(s.share for s in rules.split)
    in_groups = [sum(1 for e in counted if e.area_key in s.areas) for s in rules.split]
    total = sum(in_groups)
    groups = []
    for s, actual in zip(rules.split, in_groups, strict=True):
        expected = Fraction(total * s.share, total_share) if total_share else Fraction(0)
        names = [area_name(jur, a) for a in s.areas]
        groups.append(SplitGroup(s.areas, "、".join(names), ", ".join(names), s.share, actual, float(expected),
                                 float(actual - expected)))
    return SplitReport(tuple(rules.split_departments), tuple(groups), total, float(split_tolerance(total, rate, minimum)))


def split_breaches(jur: Jurisdiction, entries: Sequence[RosterEntry], on_date: date, *,
                   rate: Fraction = SPLIT_TOLERANCE_RATE, minimum: Fraction = SPLIT_TOLERANCE_MIN) -> list[Breach]:
    report = split_report(jur, entries, on_date, rate=rate, minimum=minimum)
    if report is None:
        return []
    out: list[Breach] = []
    teams = "、".join(dept_name(jur, d) for d in report.departments)
    teams_en = ", ".join(dept_name(jur, d) for d in report.departments)
    # The teams are to be stationed (采取常驻方式); a linked team officer does not count in the split.
    for e in entries:
        if e.department in report.departments and e.mode == "linked":
            out.append(Breach("split_mode", Msg(
                f"{dept_name(jur, e.department or '')}执法人员{e.name}以挂钩方式下沉；综合执法队伍应采取常驻方式，"
                f"不计入{report.target}比例（{jur.programme_number}）",
                f"{e.name} of {dept_name(jur, e.department or '')} is linked; the comprehensive teams are to be "
                f"stationed, so this officer is not counted in the {report.target} split ({jur.programme_number})",
                "roster.split_mode", {"officer": e.officer_id}), area=e.area_key, department=e.department,
                actual="linked", required="stationed"))
    if report.ok:
        return out
    labels = ":".join(g.label_zh for g in report.groups)
    detail_zh = "；".join(f"{g.label_zh}{g.actual}人，按比例应为{_num(g.expected)}人" + ("，该组无常驻人员" if not g.actual else "")
                          for g in report.off)
    detail_en = "; ".join(f"{g.label_en}: {g.actual}, proportional share {_num(g.expected)}"
                          + (", nobody stationed" if not g.actual else "") for g in report.off)
    out.append(Breach("split", Msg(
        f"{teams}常驻执法人员按{labels}应为{report.target}，实际为{report.actual}（共{report.total}人，"
        f"每组允许偏差±{_num(report.tolerance)}人）：{detail_zh}（{jur.programme_number}）",
        f"Stationed officers of {teams_en} should be split {report.target} between {labels}; actual "
        f"{report.actual} (total {report.total}, tolerance ±{_num(report.tolerance)} per group): {detail_en} "
        f"({jur.programme_number})", "roster.split", report.as_dict()),
        area=",".join(a for g in report.off for a in g.areas), actual=report.actual, required=report.target))
    return out
