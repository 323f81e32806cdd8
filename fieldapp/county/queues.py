"""The 片长's escalation queue, the legal reviewer's queue, joint actions, review
decisions and disputed enforcement subjects, over cases as the server stores them.

Cases are plain dicts shaped like the laptop's case snapshot
(fieldapp.store.entities): id, township, townships, state, escalated,
area_key, review_required, review_outcome, party_id, officers
[{officer_id}], proposed_fine, flags, filed_on … Flags may be 0/1 or bool.
Nothing here writes: each decision returns the changes for the server to
apply and audit.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fieldapp.county.entries import RosterEntry, dept_name
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.case_flow import TERMINAL, CaseState, check_transition
from fieldapp.rules.officers import OfficerRef, check_officers
from fieldapp.rules.penalty import Verdict
from fieldapp.rules.subject import dispute_route

Case = Mapping[str, Any]
_DECIDED = {"decided", "served", "executing", "closed"}
_ART58 = ("行政处罚法第五十八条", "Administrative Penalty Law art. 58")


def _true(v: Any) -> bool:
    return v not in (None, 0, "0", False, "", "false")


def _officer_ids(case: Case) -> list[str]:
    return [o["officer_id"] if isinstance(o, Mapping) else str(o) for o in case.get("officers") or []]


def _oldest_first(case: Case) -> tuple[str, str]:
    return (str(case.get("filed_on") or case.get("accepted_on") or case.get("created_at") or ""), str(case["id"]))


def _open(case: Case) -> bool:
    return str(case.get("state")) not in {s.value for s in TERMINAL}


def case_area(jur: Jurisdiction, case: Case) -> str:
    """The area whose 片长 handles the case: as escalated, else the area of its township."""
    return str(case.get("area_key") or jur.area_of(str(case["township"])).key)


def area_queue(jur: Jurisdiction, cases: Iterable[Case], area_key: str) -> list[Case]:
    """Open escalated cases for the 片长 of `area_key`, oldest first."""
    return sorted((c for c in cases if _true(c.get("escalated")) and _open(c) and case_area(jur, c) == area_key),
                  key=_oldest_first)


def area_queues(jur: Jurisdiction, cases: Sequence[Case]) -> dict[str, list[Case]]:
    return {key: area_queue(jur, cases, key) for key in jur.areas}


def review_queue(cases: Iterable[Case]) -> list[Case]:
    """Cases waiting for the legal reviewer: submitted (法制审核 state) and not yet passed, oldest first.

    A returned case goes back to investigation (see `review_decision`), so a
    case in this state with outcome "returned" has been resubmitted.
    """
    return sorted((c for c in cases if _true(c.get("review_required")) and c.get("state") == CaseState.LEGAL_REVIEW
                   and c.get("review_outcome") != "passed"), key=_oldest_first)


@dataclass(frozen=True)
class JointAction:
    case_id: str
    on_date: date
    officers: tuple[str, ...]
    units: tuple[str, ...]  # departments, or "township:<name>" for a township body

    def as_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "on_date": self.on_date.isoformat(), "officers": list(self.officers),
                "units": list(self.units)}


def check_joint_action(case: Case, officers: Sequence[RosterEntry], departments: Collection[str],
                       on_date: date, jur: Jurisdiction | None = None) -> list[Msg]:
    """Problems with a joint action on a case: §42/§43 for each officer, ≥2 units, the required departments."""
    if not _open(case):
        return [Msg("案件已终结，不能安排联合执法", "The case is finished; no joint action can be scheduled",
                    "joint.case_closed", {"case": case["id"]})]
    refs = [OfficerRef(e.officer_id, e.name, e.cert_no if e.certified else "", e.cert_valid_until, e.conflicts)
            for e in officers]
    problems = check_officers(refs, on_date, party_id=case.get("party_id"))
    good = [e for e in officers if e.qualified(on_date) and case.get("party_id") not in e.conflicts]
    units = sorted({e.unit_key for e in good})
    if len(units) < 2:
        problems.append(Msg(f"联合执法须有两个以上部门（单位）的合格执法人员参加，现有{len(units)}个",
                            f"A joint action needs qualified officers from at least two departments (units); "
                            f"{len(units)} present", "joint.one_unit", {"units": units}))
    for d in sorted(set(departments) - set(units)):
        name = dept_name(jur, d) if jur is not None else d
        problems.append(Msg(f"本次联合执法涉及{name}的事项，但该部门没有合格执法人员参加",
                            f"The action covers matters of {name} but no qualified officer of it takes part",
                            "joint.department_missing", {"department": d}))
    return problems


def assign_joint_action(case: Case, officers: Sequence[RosterEntry], departments: Collection[str],
                        on_date: date, jur: Jurisdiction | None = None) -> JointAction:
    """A joint action the 片长 schedules for an escalated case; raises with every problem found.

    `departments` are those whose matters the action covers: each must send a
    qualified officer. `jur` only names them in the messages.
    """
    problems = check_joint_action(case, officers, departments, on_date, jur)
    if problems:
        raise FieldappError(Msg("；".join(p.zh for p in problems), "; ".join(p.en for p in problems), "joint.invalid",
                                {"problems": [p.as_dict() for p in problems]}))
    return JointAction(str(case["id"]), on_date, tuple(sorted(e.officer_id for e in officers)),
                       tuple(sorted({e.unit_key for e in officers})))


@dataclass(frozen=True)
class ReviewDecision:
    case_id: str
    outcome: str
    reviewer: str
    note: str
    on_date: date
    changes: dict[str, Any]  # columns for the server to update on the case
    transition: tuple[str, str] | None  # (from, to) when the state moves

    def as_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "outcome": self.outcome, "reviewer": self.reviewer, "note": self.note,
                "on_date": self.on_date.isoformat(), "changes": self.changes,
                "transition": list(self.transition) if self.transition else None}


def review_decision(case: Case, outcome: str, reviewer: str, note: str = "", on_date: date | None = None) -> ReviewDecision:
    """The legal reviewer's conclusion: passed, or returned for further investigation (§58)."""
    on_date = on_date or date.today()

    def refuse(zh: str, en: str, code: str) -> FieldappError:
        return FieldappError(Msg(zh, en, code, {"case": case["id"]}))

    if outcome not in ("passed", "returned"):
        raise refuse(f"审核结论应为 passed（通过）或 returned（退回），而不是“{outcome}”",
                     f"The outcome must be passed or returned, not '{outcome}'", "review.outcome")
    if not _true(case.get("review_required")):
        raise refuse("本案未触发法制审核情形", "This case does not require legal review", "review.not_required")
    if case.get("state") != CaseState.LEGAL_REVIEW:
        raise refuse(f"本案尚未提交法制审核（当前状态：{case.get('state')}）",
                     f"The case has not been submitted for legal review (state: {case.get('state')})",
                     "review.not_submitted")
    if reviewer in _officer_ids(case):
        # The reviewer checks the case officers' work, so cannot be one of them.
        raise refuse("法制审核人员不能是本案承办人员", "The legal reviewer cannot be one of the case officers",
                     "review.own_case")
    if outcome == "returned" and not note.strip():
        raise refuse("退回须写明理由", "A returned case needs the reason", "review.reason_missing")
    changes: dict[str, Any] = {"review_outcome": outcome, "reviewed_by": reviewer, "reviewed_on": on_date.isoformat(),
                               "review_note": note}
    transition = None
    if outcome == "returned":
        problem = check_transition(CaseState.LEGAL_REVIEW, CaseState.INVESTIGATING, review_required=True)
        assert problem is None  # the state machine allows this back-step
        changes["state"] = CaseState.INVESTIGATING.value
        transition = (CaseState.LEGAL_REVIEW.value, CaseState.INVESTIGATING.value)
    return ReviewDecision(str(case["id"]), outcome, reviewer, note, on_date, changes, transition)


# After notice (告知), in review, or decided already (a corrected decision supersedes the first).
_DECISION_STATES = frozenset({"notified", "legal_review", "decided", "served", "executing"})
_ENDED = frozenset({"closed", "referred", "cancelled"})
_STATE_LABELS = {"clue": ("线索", "clue"), "accepted": ("受理", "accepted"), "filed": ("立案", "filed"),
                 "investigating": ("调查取证", "investigating"), "closed": ("结案", "closed"),
                 "referred": ("移送", "referred"), "cancelled": ("撤销", "cancelled")}


def can_issue_decision(case: Case) -> Verdict:
    """May the penalty decision be issued? Only after the prior notice (§44) and, when required,
    once legal review has passed (§58)."""
    if _true(case.get("review_required")) and case.get("review_outcome") != "passed":
        pending = {"returned": ("审核退回，尚未重新通过", "it was returned and has not passed since")}.get(
            str(case.get("review_outcome")), ("尚未通过法制审核", "legal review has not passed"))
        return Verdict(False, Msg(f"本案须经法制审核通过后方可作出决定，{pending[0]}（{_ART58[0]}）",
                                  f"This case needs legal review to pass before the decision: {pending[1]} ({_ART58[1]})",
                                  "decision.review_pending", {"case": case["id"]}))
    state = str(case.get("state") or "")
    if state in _ENDED:
        label = _STATE_LABELS[state]
        return Verdict(False, Msg(f"本案已{label[0]}，不能再作出处罚决定", f"The case was {label[1]}: no decision can follow",
                                  "decision.case_ended", {"case": case["id"], "state": state}))
    if state not in _DECISION_STATES:
        label = _STATE_LABELS.get(state, (state, state))
        return Verdict(False, Msg(f"本案处于“{label[0]}”阶段：须先作出行政处罚事先告知、听取陈述申辩后方可作出决定"
                                  "（《中华人民共和国行政处罚法》第四十四条、第四十五条）",
                                  f"The case is at '{label[1]}': the prior notice must be given and the party heard "
                                  "before a decision (Administrative Penalty Law arts. 44-45)",
                                  "decision.too_early", {"case": case["id"], "state": state}))
    return Verdict(True, Msg("可以作出处罚决定", "The decision may be issued", "decision.ok"))


@dataclass(frozen=True)
class SubjectDispute:
    case_id: str
    claimed: tuple[str, ...]
    subject_kind: str
    subject_key: str
    subject_name: str
    decided_by: str
    on_date: date
    route: Msg
    reference: str = ""  # the resolver's document number or note
    changes: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "claimed": list(self.claimed), "subject_kind": self.subject_kind,
                "subject_key": self.subject_key, "subject_name": self.subject_name, "decided_by": self.decided_by,
                "on_date": self.on_date.isoformat(), "route": self.route.as_dict(), "reference": self.reference,
                "changes": self.changes}


def _subject(jur: Jurisdiction, key: str) -> tuple[str, str, str]:
    if key in jur.departments:
        d = jur.departments[key]
        return "department", d.key, d.full_name
    t = jur.township(key)  # raises a bilingual error for an unknown name
    return "township", t.name, t.full_name


def record_subject_dispute(jur: Jurisdiction, case: Case, claimed_subjects: Sequence[str], determination: str,
                           decided_by: str, *, on_date: date | None = None, reference: str = "") -> SubjectDispute:
    """Record who the resolver named as the penalty subject (南安 四(一): 由片区商市司法局明确)."""
    route = dispute_route(jur)
    resolver = str(route.data["department"])
    claimed = tuple(dict.fromkeys(_subject(jur, c)[1] for c in claimed_subjects))
    if len(claimed) < 2:
        raise FieldappError(Msg("主体争议须列出至少两个主张的执法主体", "A subject dispute lists at least two claimed subjects",
                                "dispute.too_few", {"case": case["id"]}))
    if decided_by != resolver:
        raise FieldappError(Msg(f"处罚主体争议应由{dept_name(jur, resolver)}明确，而不是{dept_name(jur, decided_by)}",
                                f"The subject dispute is decided by {dept_name(jur, resolver)}, not "
                                f"{dept_name(jur, decided_by)}", "dispute.wrong_resolver",
                                {"expected": resolver, "given": decided_by}))
    if str(case.get("state")) in _DECIDED:
        raise FieldappError(Msg("案件已作出决定，执法主体不能再变更（对决定不服的，依法申请复议或诉讼）",
                                "The case is decided; its subject can no longer change (the party may seek "
                                "reconsideration or sue)", "dispute.after_decision", {"case": case["id"]}))
    kind, key, name = _subject(jur, determination)
    changes = {"subject_kind": kind, "subject_key": key, "subject_name": name}
    return SubjectDispute(str(case["id"]), claimed, kind, key, name, decided_by, on_date or date.today(), route,
                          reference, changes)
