"""Roster and dispatch rules of both programmes, driven by the jurisdiction's [rules].

- 沙政〔2023〕76号 三(三): "乡镇(街道)综合执法机构应配备两名以上具备资格的行政执法人员"
  → `min_officers_per_township` qualified officers of each township's own body.
- 南政办〔2024〕31号 四(三): "各综合执法部门下沉的执法人员总数不少于在编执法人员的80%"
  → `sent_down_ratio` of each department's qualified officers sent down (常驻 or 挂钩).
- 四(三): the five teams split 1:1:2 (split.py).
- 四(三): "其他具有执法职责的市直部门…挂钩联系人员每片区不少于2人且需持有执法资格证"
  → `min_linked_per_area` qualified linked officers per area from each linked department.

A rule whose threshold is 0 (or whose list is empty) is off: 沙县 has no split,
南安 no township minimum. "Qualified" means certified with a certificate valid
on the date checked, the test of 行政处罚法 §42.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date
from fractions import Fraction
from math import ceil
from typing import Any

from fieldapp.county.entries import MODES, Breach, RosterEntry, area_name, dept_name, unit_name
from fieldapp.county.split import SplitReport, split_breaches, split_report
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import Msg

__all__ = ["Breach", "RosterEntry", "SplitReport", "breaches_as_dict", "check_roster", "format_breaches",
           "linked_departments", "split_report"]


def check_roster(jur: Jurisdiction, entries: Sequence[RosterEntry], on_date: date, *,
                 linked: Collection[str] | None = None) -> list[Breach]:
    """Every breach of the county's staffing rules on `on_date`, in a stable order.

    `linked` overrides which departments must send linked officers (see
    `linked_departments` for the default).
    """
    out = _data_breaches(jur, entries)
    out += _township_minimum(jur, entries, on_date)
    out += _sent_down_ratio(jur, entries, on_date)
    out += split_breaches(jur, entries, on_date)
    out += _linked_per_area(jur, entries, on_date, linked)
    return out


def linked_departments(jur: Jurisdiction, entries: Iterable[RosterEntry]) -> list[str]:
    """Departments that must send linked (挂钩) officers: "其他具有执法职责的市直部门".

    "Other" than the five stationed teams (`split_departments`) and the city
    management domain (the lead unit and the 综合执法 category's lead, which
    places its own officers); "with enforcement duties" is read from the
    roster: a department with an officer on it.
    """
    skip = {*jur.rules.split_departments, jur.lead_unit, jur.categories.get("综合执法", jur.lead_unit)}
    found = {e.department for e in entries if e.department is not None} - skip
    return [k for k in jur.departments if k in found] + sorted(found - set(jur.departments))


def _data_breaches(jur: Jurisdiction, entries: Sequence[RosterEntry]) -> list[Breach]:
    """Entries the rules cannot judge: unknown names, a sent-down officer with no area, duplicates."""
    out: list[Breach] = []

    def bad(e: RosterEntry, zh: str, en: str, code: str) -> None:
        out.append(Breach("roster_data", Msg(f"花名册：{e.name}（{e.officer_id}）{zh}", f"Roster: {e.name} "
                                             f"({e.officer_id}) {en}", code, {"officer": e.officer_id}),
                          area=e.area_key, township=e.township, department=e.department))

    seen: set[tuple[str, str | None]] = set()
    placed: set[str] = set()
    for e in entries:
        if e.department is not None and e.department not in jur.departments:
            bad(e, f"的部门“{e.department}”不在{jur.name}辖区文件中", f"names department '{e.department}', unknown "
                f"in {jur.key}", "roster.unknown_department")
        if e.area_key is not None and e.area_key not in jur.areas:
            bad(e, f"的片区“{e.area_key}”不存在", f"names unknown area '{e.area_key}'", "roster.unknown_area")
        if e.township is not None and e.township not in jur.townships:
            bad(e, f"的乡镇“{e.township}”不存在", f"names unknown township '{e.township}'", "roster.unknown_township")
        elif e.township is not None and e.area_key in jur.areas and jur.townships[e.township].area != e.area_key:
            bad(e, f"的乡镇{e.township}不属于{area_name(jur, e.area_key or '')}",
                f"is placed in {e.township}, which is not in area {e.area_key}", "roster.township_outside_area")
        if e.department is None and e.township is None:
            bad(e, "既无部门也无乡镇", "has neither a department nor a township", "roster.no_unit")
        if e.mode not in MODES:
            bad(e, f"的下沉方式“{e.mode}”无效", f"has an invalid mode '{e.mode}'", "roster.bad_mode")
        elif e.department is not None and e.mode != "none" and not e.area_key:
            bad(e, f"为{MODES[e.mode][0]}人员但未指定片区", f"is {MODES[e.mode][1]} but has no area", "roster.no_area")
        # A linked officer may be attached to several areas (one entry each); anything else is listed once.
        key = (e.officer_id, e.area_key if e.mode == "linked" else None)
        if key in seen or (e.mode != "linked" and e.officer_id in placed):
            bad(e, "重复登记", "is listed twice", "roster.duplicate")
        seen.add(key)
        if e.mode != "linked":
            placed.add(e.officer_id)
    return out


def _distinct(entries: Iterable[RosterEntry]) -> dict[str, RosterEntry]:
    """One entry per officer (the first), so a linked officer in two areas counts once in a department's total."""
    out: dict[str, RosterEntry] = {}
    for e in entries:
        out.setdefault(e.officer_id, e)
    return out


def _township_minimum(jur: Jurisdiction, entries: Sequence[RosterEntry], on_date: date) -> list[Breach]:
    need = jur.rules.min_officers_per_township
    if need <= 0:
        return []
    out: list[Breach] = []
    staff = _distinct(e for e in entries if e.department is None and e.township is not None)
    for town in jur.townships.values():
        # The township body's own staff: sent-down county officers work there but do not staff its 综合执法机构.
        mine = [e for e in staff.values() if e.township == town.name]
        ok = sum(1 for e in mine if e.qualified(on_date))
        if ok >= need:
            continue
        unqualified = len(mine) - ok
        extra_zh = f"（另有{unqualified}人无有效执法证）" if unqualified else ""
        extra_en = f" ({unqualified} more without a valid certificate)" if unqualified else ""
        out.append(Breach("township_minimum", Msg(
            f"{town.name}综合执法机构具备资格的行政执法人员{ok}人{extra_zh}，少于{need}人（{jur.programme_number}）",
            f"{town.name}: its enforcement body has {ok} qualified officer(s){extra_en}; at least {need} required "
            f"({jur.programme_number})", "roster.township_minimum",
            {"township": town.name, "qualified": ok, "required": need}),
            area=town.area, township=town.name, actual=ok, required=need))
    return out


def _sent_down_ratio(jur: Jurisdiction, entries: Sequence[RosterEntry], on_date: date) -> list[Breach]:
    ratio = Fraction(str(jur.rules.sent_down_ratio))  # via str: 0.8 is exactly 4/5, not a binary float
    if ratio <= 0:
        return []
    officers = _distinct(e for e in entries if e.department is not None and e.qualified(on_date))
    sent = {e.officer_id for e in entries if e.sent_down and e.qualified(on_date)}
    by_dept: dict[str, list[str]] = {}
    for e in officers.values():
        by_dept.setdefault(e.department or "", []).append(e.officer_id)
    out: list[Breach] = []
    for dept in sorted(by_dept, key=lambda d: (list(jur.departments).index(d) if d in jur.departments else 99, d)):
        total = len(by_dept[dept])
        down = sum(1 for oid in by_dept[dept] if oid in sent)
        need = ceil(ratio * total)
        if down >= need:
            continue
        pct, want = f"{down * 100 / total:.0f}", f"{float(ratio) * 100:.0f}"
        out.append(Breach("sent_down_ratio", Msg(
            f"{dept_name(jur, dept)}持证执法人员{total}人，下沉{down}人（{pct}%），低于{want}%，至少应下沉{need}人"
            f"（{jur.programme_number}）",
            f"{dept_name(jur, dept)}: {down} of {total} certified officers sent down ({pct}%), below {want}%; "
            f"at least {need} required ({jur.programme_number})", "roster.sent_down_ratio",
            {"department": dept, "certified": total, "sent_down": down, "required": need, "ratio": float(ratio)}),
            department=dept, actual=down, required=need))
    return out


def _linked_per_area(jur: Jurisdiction, entries: Sequence[RosterEntry], on_date: date,
                     linked: Collection[str] | None) -> list[Breach]:
    need = jur.rules.min_linked_per_area
    if need <= 0:
        return []
    depts = list(linked) if linked is not None else linked_departments(jur, entries)
    out: list[Breach] = []
    for e in entries:
        if e.mode == "linked" and e.department in depts and not e.qualified(on_date):
            out.append(Breach("linked_uncertified", Msg(
                f"{dept_name(jur, e.department or '')}挂钩{area_name(jur, e.area_key or '')}的{e.name}未持有有效执法资格证，"
                f"不计入挂钩人数（{jur.programme_number}）",
                f"{e.name} ({dept_name(jur, e.department or '')}, linked to {area_name(jur, e.area_key or '')}) holds "
                f"no valid enforcement certificate and does not count ({jur.programme_number})",
                "roster.linked_uncertified", {"officer": e.officer_id}),
                area=e.area_key, department=e.department))
    for dept in depts:
        for area in jur.areas.values():
            ids = {e.officer_id for e in entries if e.department == dept and e.mode == "linked"
                   and e.area_key == area.key and e.qualified(on_date)}
            if len(ids) >= need:
                continue
            out.append(Breach("linked_per_area", Msg(
                f"{dept_name(jur, dept)}挂钩{area.name}的持证人员{len(ids)}人，少于{need}人（{jur.programme_number}）",
                f"{dept_name(jur, dept)} has {len(ids)} certified officer(s) linked to {area.name}; at least {need} "
                f"required ({jur.programme_number})", "roster.linked_per_area",
                {"department": dept, "area": area.key, "linked": len(ids), "required": need}),
                area=area.key, department=dept, actual=len(ids), required=need))
    return out


def format_breaches(breaches: Sequence[Breach], lang: str = "zh") -> str:
    """What `fieldapp-server roster check` prints: one numbered line per breach."""
    if not breaches:
        return "No breaches of the staffing rules." if lang == "en" else "未发现违反人员配置规定的情形。"
    head = f"{len(breaches)} breach(es):" if lang == "en" else f"共{len(breaches)}项不符合规定："
    return "\n".join([head, *(f"{i}. {b.text(lang)}" for i, b in enumerate(breaches, 1))])


def breaches_as_dict(breaches: Sequence[Breach], split: SplitReport | None = None) -> dict[str, Any]:
    """The `--json` form: breaches plus the actual split, so the split is reported even when it is fine."""
    return {"ok": not breaches, "breaches": [b.as_dict() for b in breaches],
            "split": split.as_dict() if split is not None else None}


def team_members(jur: Jurisdiction, entries: Sequence[RosterEntry], area_key: str, on_date: date) -> list[RosterEntry]:
    """The joint team of an area on a date: officers sent to it plus the staff of its townships, qualified only.

    沙政〔2023〕76号 四: the team is the sent-down or stationed officers and the
    townships' own officers; an officer without a valid certificate is not
    published as enforcement staff.
    """
    area = jur.areas[area_key]
    members = [e for e in entries if e.qualified(on_date) and (
        (e.department is not None and e.mode != "none" and e.area_key == area_key)
        or (e.department is None and e.township in area.townships))]
    order = {t: i for i, t in enumerate(area.townships)}
    depts = list(jur.departments)
    members.sort(key=lambda e: (e.department is None, depts.index(e.department) if e.department in depts else 99,
                                order.get(e.township or "", 99), unit_name(jur, e), e.cert_no))
    return list(_distinct(members).values())
