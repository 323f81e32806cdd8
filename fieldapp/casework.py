"""Case operations: open, move through lawful states, escalate, legal review.

A case keeps the enforcement subject of its 立案 date; a decision cannot be
reached before legal review has passed when review is required.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.case_flow import TERMINAL, CaseState, check_transition
from fieldapp.rules.escalation import escalation
from fieldapp.rules.penalty import legal_review_required
from fieldapp.rules.subject import mixed_subjects_problem, subjects_for
from fieldapp.store import cases
from fieldapp.store.cases import CaseInput, not_found
from fieldapp.workspace import Workspace


def open_case(ws: Workspace, inp: CaseInput, actor: str | None = None) -> str:
    ws.check_township(inp.township)
    for township in inp.townships:
        ws.check_township(township)
    for code in inp.matters:
        ws.matter(code)
    if inp.state not in ("clue", "accepted"):
        raise FieldappError(Msg("新案件只能从“线索”或“受理”开始。", "A new case starts as a clue or accepted.",
                                "case_start"))
    names = list(dict.fromkeys([inp.township, *inp.townships]))
    party_kind = "person"
    if inp.party_id:
        row = ws.store.one("SELECT kind FROM parties WHERE id = ?", (inp.party_id,))
        party_kind = str(row["kind"]) if row else "person"
    # A case across townships goes to the 片长 from the start (沙县 五(三)), not when a fine is proposed.
    esc = escalation(ws.jurisdiction, primary=inp.township, townships=set(names), party_kind=party_kind)  # type: ignore[arg-type]
    with ws.store.change(actor) as ch:
        case_id = cases.insert_case(ch, inp)
        if len(names) > 1 and esc.required:
            reason = "；".join(r.zh for r in esc.reasons) or "跨乡镇案件"
            cases.update_row(ch, "case", case_id, "escalate", escalated=1, area_key=esc.area_key,
                             escalated_on=date.today().isoformat(), escalate_reason=reason)
            cases.record_transition(ch, case_id, inp.state, inp.state, f"escalated: {reason}")
        return case_id


def _case(ws: Workspace, case_id: str) -> dict[str, Any]:
    data = cases.get_case(ws.store, case_id)
    if data is None:
        raise not_found("case", case_id)
    return data


def _party_kind(ws: Workspace, case: dict[str, Any]) -> str:
    party = case.get("party") or {}
    return str(party.get("kind") or "person")


def transition(ws: Workspace, case_id: str, to_state: str, *, on: date | None = None, reason: str = "",
               actor: str | None = None) -> dict[str, Any]:
    case = _case(ws, case_id)
    on = on or date.today()
    try:
        target = CaseState(to_state)
    except ValueError:
        known = ", ".join(s.value for s in CaseState)
        raise FieldappError(Msg(f"未知的案件状态“{to_state}”。可用：{known}", f"Unknown case state '{to_state}'. Known: {known}",
                                "state_unknown")) from None
    problem = check_transition(CaseState(case["state"]), target, review_required=bool(case["review_required"]))
    if problem is not None:
        raise FieldappError(problem)
    changes: dict[str, Any] = {"state": to_state}
    if to_state in cases.DATE_FOR_STATE:
        changes[cases.DATE_FOR_STATE[to_state]] = on.isoformat()
    if to_state == "filed":
        if len(case["officers"]) < 2:
            raise FieldappError(Msg("立案须确定至少两名承办执法人员（行政处罚法第四十二条）。",
                                    "Filing a case needs at least two case officers (Administrative Penalty Law art. 42).",
                                    "officers_too_few"))
        ws.require_officers([o["officer_id"] for o in case["officers"]], on, case["party_id"])
        matters = [m["matter_code"] for m in case["matters"]]
        if not matters:
            raise FieldappError(Msg("立案须至少关联一项执法事项。", "Filing needs at least one matter.", "matters_empty"))
        # The subject is frozen at the filing date (DOMAIN.md: a case keeps it). Matters of
        # different subjects cannot share one decision, unless 司法局 (or the lead unit) has
        # already determined the subject of a disputed case.
        if not case.get("subject_dispute"):
            groups = subjects_for(ws.jurisdiction, [ws.matter(m) for m in matters], case["township"], on)
            mixed = mixed_subjects_problem(groups)
            if mixed is not None:
                raise FieldappError(mixed)
            subject = ws.subject_for(matters[0], case["township"], on)
            changes.update(subject_kind=subject.kind, subject_key=subject.key, subject_name=subject.full_name)
    if to_state == "decided" and case["review_required"] and case["review_outcome"] != "passed":
        raise FieldappError(Msg("本案须经法制审核通过后方可作出决定（行政处罚法第五十八条）。",
                                "This case needs legal review to pass before a decision (Administrative Penalty Law art. 58).",
                                "review_pending"))
    with ws.store.change(actor) as ch:
        after = cases.update_row(ch, "case", case_id, f"state:{to_state}", **changes)
        cases.record_transition(ch, case_id, case["state"], to_state, reason)
    return after


def propose_penalty(ws: Workspace, case_id: str, *, fine: int | None, penalties: list[str],
                    flags: list[str] | None = None, hearing_held: bool = False,
                    actor: str | None = None) -> dict[str, Any]:
    """Record the proposed penalty; work out whether legal review and escalation are required."""
    case = _case(ws, case_id)
    flags = sorted(set(flags or []))
    review = legal_review_required(ws.jurisdiction, party_kind=_party_kind(ws, case), fine=fine,
                                   penalties=set(penalties), hearing_held=hearing_held, flags=set(flags))
    esc = escalation(ws.jurisdiction, primary=case["township"], townships=set(json.loads(case["townships"]) if isinstance(case["townships"], str)
                                                   else case["townships"]),
                     party_kind=_party_kind(ws, case), proposed_fine=fine, flags=set(flags), penalties=set(penalties))
    extra: dict[str, Any] = {}
    if esc.required and not case["escalated"]:
        extra = {"escalated_on": date.today().isoformat(),
                 "escalate_reason": "；".join(r.zh for r in esc.reasons) or "达到报告片长情形"}
    with ws.store.change(actor) as ch:
        return cases.update_row(ch, "case", case_id, "propose_penalty", proposed_fine=fine,
                                penalties=sorted(set(penalties)), flags=flags, review_required=int(review.ok),
                                escalated=int(case["escalated"] or esc.required),
                                area_key=esc.area_key if esc.required else case["area_key"], **extra)


def escalate(ws: Workspace, case_id: str, reason: str, actor: str | None = None,
             on_date: date | None = None) -> dict[str, Any]:
    """Report the case to its area's 片长 (沙县 五(三): 跨乡镇或重大复杂案件应及时向片长报告)."""
    if not reason.strip():
        raise FieldappError(Msg("报告片长须写明理由。", "Escalating a case needs a reason.", "reason_missing"))
    case = _case(ws, case_id)
    if case["state"] in {s.value for s in TERMINAL}:
        raise FieldappError(Msg("案件已终结，不能再报告片长。", "The case is finished and can no longer be escalated.",
                                "case_finished"))
    area = ws.jurisdiction.area_of(case["township"])
    on_date = on_date or date.today()
    with ws.store.change(actor) as ch:
        after = cases.update_row(ch, "case", case_id, "escalate", escalated=1,
                                 area_key=case["area_key"] or area.key, escalated_on=on_date.isoformat(),
                                 escalate_reason=reason.strip())
        cases.record_transition(ch, case_id, case["state"], case["state"], f"escalated: {reason.strip()}")
    return after


def record_review(ws: Workspace, case_id: str, outcome: str, note: str = "",
                  actor: str | None = None, on_date: date | None = None) -> dict[str, Any]:
    """The legal reviewer's conclusion (行政处罚法第五十八条), by the rules of `queues.review_decision`."""
    from fieldapp.county.queues import review_decision

    if not actor:
        raise FieldappError(Msg("法制审核须由署名的审核人员作出。", "A legal review must be signed by the reviewer.",
                                "review.reviewer_missing"))
    case = _case(ws, case_id)
    decision = review_decision(case, outcome, actor, note, on_date or date.today())
    with ws.store.change(actor) as ch:
        after = cases.update_row(ch, "case", case_id, f"review:{outcome}", **decision.changes)
        to_state = decision.transition[1] if decision.transition else case["state"]
        cases.record_transition(ch, case_id, case["state"], to_state, f"review {outcome}: {note}".rstrip(": "))
    return after
