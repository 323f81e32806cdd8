"""Who acts: the enforcement subject (执法主体) of a matter in a township.

Both programmes: a matter delegated to townships is enforced in the name of
the township government where it happens; any other matter in the name of
the county department. Delegation changes over time, so the answer depends
on the date, and a case keeps the subject it had on its 立案 date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from fieldapp.catalogue import Matter
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import Msg

SubjectKind = Literal["township", "department"]


@dataclass(frozen=True)
class Subject:
    kind: SubjectKind
    key: str  # township name ("湖源乡") or department key ("market")
    full_name: str  # printed as the document title prefix
    short_name: str  # used in document numbers
    reason: Msg = field(default_factory=lambda: Msg("", ""), compare=False)


@dataclass(frozen=True)
class SubjectGroup:
    subject: Subject
    matters: tuple[Matter, ...]


def enforcement_subject(jur: Jurisdiction, matter: Matter, township_name: str, on_date: date) -> Subject:
    """The subject for acting on `matter` in `township_name` on `on_date`."""
    town = jur.township(township_name)
    if matter.township_power and town.kind in ("镇", "乡"):
        return Subject("township", town.name, town.full_name, town.short_name, Msg(
            f"{matter.code} 是法律直接赋予乡、镇人民政府的职权，由{town.full_name}实施",
            f"{matter.code} is a power the statute gives township governments directly; "
            f"{town.full_name} acts", "subject.statutory", {"matter": matter.code}))
    if matter.delegated_in(jur.key, on_date):
        return Subject("township", town.name, town.full_name, town.short_name, Msg(
            f"{matter.code} 于 {on_date.isoformat()} 已赋权乡镇（街道），以{town.full_name}名义执法",
            f"{matter.code} is delegated to townships on {on_date.isoformat()}; {town.full_name} acts in its own "
            "name", "subject.delegated", {"matter": matter.code, "date": on_date.isoformat()}))
    # A catalogue department this county lacks falls back to the category's
    # lead, then to the lead unit, so a subject is always named.
    key = matter.department if matter.department in jur.departments else jur.categories.get(matter.category,
                                                                                               jur.lead_unit)
    dept = jur.department(key)
    return Subject("department", dept.key, dept.full_name, dept.short_name, Msg(
        f"{matter.code} 于 {on_date.isoformat()} 未赋权乡镇（街道），以{dept.full_name}名义执法",
        f"{matter.code} is not delegated to townships on {on_date.isoformat()}; {dept.full_name} acts",
        "subject.department", {"matter": matter.code, "date": on_date.isoformat()}))


def case_subject(jur: Jurisdiction, matter: Matter, township: str, filing_date: date) -> Subject:
    """The subject of a case: always call with the 立案 (filing) date, never today.

    A take-back after filing does not move a running case to the county
    department; the case finishes under the subject it was opened with.
    """
    return enforcement_subject(jur, matter, township, filing_date)


def subjects_for(jur: Jurisdiction, matters: Iterable[Matter], township: str, filing_date: date) -> list[SubjectGroup]:
    """Group a case's matters by subject, in first-seen order.

    More than one group means the matters cannot share one decision: each
    subject must decide (or the case is split / referred).
    """
    groups: dict[tuple[str, str], tuple[Subject, list[Matter]]] = {}
    for m in matters:
        s = case_subject(jur, m, township, filing_date)
        groups.setdefault((s.kind, s.key), (s, []))[1].append(m)
    return [SubjectGroup(s, tuple(ms)) for s, ms in groups.values()]


def mixed_subjects_problem(groups: list[SubjectGroup]) -> Msg | None:
    if len(groups) < 2:
        return None
    names = "、".join(g.subject.full_name for g in groups)
    return Msg(f"本案事项分属不同执法主体（{names}），应分别立案或移送",
               f"The matters of this case belong to different enforcement subjects ({names}); "
               "open separate cases or refer", "subject.mixed", {"subjects": [g.subject.key for g in groups]})


def dispute_route(jur: Jurisdiction) -> Msg:
    """Where a disputed subject goes (南安: 由片区商市司法局明确处罚主体)."""
    if jur.rules.dispute_resolver:
        dept = jur.department(jur.rules.dispute_resolver)
        return Msg(f"对行政处罚主体存在争议的，由片区商{dept.full_name}明确", f"If the penalty subject is disputed, "
                   f"the area asks {dept.full_name} to decide", "subject.dispute", {"department": dept.key})
    lead = jur.department(jur.lead_unit)
    return Msg(f"对行政处罚主体存在争议的，报牵头单位{lead.full_name}协调（方案未作规定）",
               f"If the penalty subject is disputed, refer to the lead unit {lead.full_name} (the programme is "
               "silent)", "subject.dispute", {"department": lead.key})
