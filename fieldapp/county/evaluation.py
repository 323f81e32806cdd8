"""The quarterly evaluation rule for linked (挂钩) officers.

南政办〔2024〕31号 四(三), as written: "挂钩执法人员季度评价未能优秀的，个人季度平时考核
不得评为“好”等次；部门挂钩执法人员季度评价优秀人数低于一半以上的，该部门季度考评不得评为
优秀等次。"

1. A linked officer whose quarterly evaluation by the area is not 优秀 (or who
   has none: "未能优秀") may not get 好 in the personal quarterly 平时考核
   (grades 好 / 较好 / 一般 / 较差).
2. A department fewer than half of whose linked officers were rated 优秀 may
   not be rated 优秀 that quarter. "低于一半" is read as strictly fewer than
   half: 2 of 4 is not below half.

Only stationed officers are exempt from rule 1; township staff are not linked.
The rule is on where the jurisdiction evaluates quarterly
(`evaluation_period = "quarter"`, 南安). An officer linked to two areas has
one evaluation: pass the lower, so 优秀 means every area rated 优秀.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fieldapp.county.entries import Breach, RosterEntry, dept_name
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import Msg

EXCELLENT = "优秀"
PERSONAL_GRADES = ("好", "较好", "一般", "较差")  # 公务员平时考核等次
BEST_PERSONAL = "好"


def rule_applies(jur: Jurisdiction) -> bool:
    return jur.rules.evaluation_period == "quarter"


def _linked(entries: Sequence[RosterEntry]) -> dict[str, RosterEntry]:
    out: dict[str, RosterEntry] = {}
    for e in entries:
        if e.mode == "linked" and e.department is not None:
            out.setdefault(e.officer_id, e)
    return out


def allowed_personal_grades(jur: Jurisdiction, entry: RosterEntry, area_rating: str | None) -> tuple[str, ...]:
    """The grades the officer's department may give this quarter (for the UI's choice list)."""
    if rule_applies(jur) and entry.mode == "linked" and area_rating != EXCELLENT:
        return PERSONAL_GRADES[1:]
    return PERSONAL_GRADES


def evaluation_check(jur: Jurisdiction, entries: Sequence[RosterEntry], area_ratings: Mapping[str, str],
                     personal: Mapping[str, str], department_ratings: Mapping[str, str] | None = None,
                     quarter: str = "") -> list[Breach]:
    """Proposed personal and department grades that the rule forbids.

    `area_ratings`: officer id → the area's quarterly evaluation (优秀 …);
    `personal`: officer id → proposed 平时考核 grade; `department_ratings`:
    department key → proposed department grade.
    """
    if not rule_applies(jur):
        return []
    src = jur.programme_number
    linked = _linked(entries)
    out: list[Breach] = []
    for oid, e in linked.items():
        rating = area_ratings.get(oid)
        if personal.get(oid) == BEST_PERSONAL and rating != EXCELLENT:
            shown = rating or "无评价"
            out.append(Breach("linked_evaluation", Msg(
                f"{quarter}挂钩执法人员{e.name}（{dept_name(jur, e.department or '')}）片区季度评价为“{shown}”，未能优秀，"
                f"个人季度平时考核不得评为“好”等次（{src}）",
                f"{quarter} linked officer {e.name} ({dept_name(jur, e.department or '')}) was rated '{rating or 'none'}' "
                f"by the area, not excellent, so cannot be graded '好' this quarter ({src})",
                "evaluation.linked_officer", {"officer": oid, "area_rating": rating, "proposed": BEST_PERSONAL}),
                area=e.area_key, department=e.department, actual=rating, required=EXCELLENT))
    by_dept: dict[str, list[str]] = {}
    for oid, e in linked.items():
        by_dept.setdefault(e.department or "", []).append(oid)
    for dept, ids in sorted(by_dept.items()):
        excellent = sum(1 for oid in ids if area_ratings.get(oid) == EXCELLENT)
        if (department_ratings or {}).get(dept) == EXCELLENT and excellent * 2 < len(ids):
            out.append(Breach("department_evaluation", Msg(
                f"{quarter}{dept_name(jur, dept)}挂钩执法人员{len(ids)}人中评价优秀{excellent}人，低于一半，"
                f"该部门季度考评不得评为优秀等次（{src}）",
                f"{quarter} {dept_name(jur, dept)}: {excellent} of {len(ids)} linked officers rated excellent, fewer "
                f"than half, so the department cannot be rated excellent this quarter ({src})",
                "evaluation.department", {"department": dept, "excellent": excellent, "linked": len(ids)}),
                department=dept, actual=excellent, required=f">={len(ids) / 2:g}"))
    return out
