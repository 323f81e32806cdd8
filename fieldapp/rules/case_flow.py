"""The case state machine (general procedure, 行政处罚法 ch. V).

clue → accepted → filed → investigating → notified → [legal_review] →
decided → served → executing → closed. Legal review sits between notice
and decision only when required (§58), and then it cannot be skipped.
Until a decision is made a case can be referred (移送) or cancelled (撤销).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fieldapp.messages import Msg, get_lang


class CaseState(StrEnum):
    CLUE = "clue"
    ACCEPTED = "accepted"
    FILED = "filed"
    INVESTIGATING = "investigating"
    NOTIFIED = "notified"
    LEGAL_REVIEW = "legal_review"
    DECIDED = "decided"
    SERVED = "served"
    EXECUTING = "executing"
    CLOSED = "closed"
    REFERRED = "referred"
    CANCELLED = "cancelled"

    @property
    def zh(self) -> str:
        return _LABELS[self][0]

    @property
    def en(self) -> str:
        return _LABELS[self][1]

    def label(self, lang: str | None = None) -> str:
        return self.en if (lang or get_lang()) == "en" else self.zh


S = CaseState
_LABELS = {
    S.CLUE: ("线索", "Clue"), S.ACCEPTED: ("受理", "Accepted"), S.FILED: ("立案", "Filed"),
    S.INVESTIGATING: ("调查取证", "Investigating"), S.NOTIFIED: ("告知", "Notified"),
    S.LEGAL_REVIEW: ("法制审核", "Legal review"), S.DECIDED: ("决定", "Decided"), S.SERVED: ("送达", "Served"),
    S.EXECUTING: ("执行", "Executing"), S.CLOSED: ("结案", "Closed"), S.REFERRED: ("移送", "Referred"),
    S.CANCELLED: ("撤销", "Cancelled"),
}
TERMINAL = frozenset({S.CLOSED, S.REFERRED, S.CANCELLED})
# States in which the case may still be referred or cancelled (before a decision).
_PRE_DECISION = (S.CLUE, S.ACCEPTED, S.FILED, S.INVESTIGATING, S.NOTIFIED, S.LEGAL_REVIEW)

# Forward steps; back-steps model a statement/defence or a reviewer sending
# the case back for more investigation (§45, §58).
_FORWARD: dict[CaseState, tuple[CaseState, ...]] = {
    S.CLUE: (S.ACCEPTED,),
    S.ACCEPTED: (S.FILED,),
    S.FILED: (S.INVESTIGATING,),
    S.INVESTIGATING: (S.NOTIFIED,),
    S.NOTIFIED: (S.INVESTIGATING,),  # + legal_review or decided, chosen below
    S.LEGAL_REVIEW: (S.DECIDED, S.INVESTIGATING),
    S.DECIDED: (S.SERVED,),
    S.SERVED: (S.EXECUTING, S.CLOSED),  # a warning needs no execution
    S.EXECUTING: (S.CLOSED,),
}


def allowed_transitions(state: CaseState, *, review_required: bool) -> list[CaseState]:
    if state in TERMINAL:
        return []
    out = list(_FORWARD.get(state, ()))
    if state is S.NOTIFIED:
        out.insert(0, S.LEGAL_REVIEW if review_required else S.DECIDED)
    if state in _PRE_DECISION:
        out += [S.REFERRED, S.CANCELLED]
    return out


def check_transition(src: CaseState, dst: CaseState, review_required: bool) -> Msg | None:
    """None if the move is allowed, else why not."""
    if dst in allowed_transitions(src, review_required=review_required):
        return None
    data = {"from": src.value, "to": dst.value}
    if src in TERMINAL:
        return Msg(f"案件已{src.zh}，不能再变更", f"The case is {src.en.lower()}; it cannot change",
                   "case.terminal", data)
    if src is S.NOTIFIED and dst is S.DECIDED and review_required:
        return Msg("本案须经法制审核后才能作出决定（行政处罚法第五十八条）",
                   "This case needs legal review before the decision (Administrative Penalty Law art. 58)",
                   "case.review_required", data)
    if dst is S.LEGAL_REVIEW and not review_required:
        return Msg("本案未触发法制审核情形", "This case does not require legal review", "case.review_not_required",
                   data)
    if dst in (S.REFERRED, S.CANCELLED):
        return Msg(f"已作出决定的案件不能{dst.zh}", f"A decided case cannot be {dst.en.lower()}",
                   "case.after_decision", data)
    return Msg(f"不能从“{src.zh}”直接转为“{dst.zh}”", f"Cannot go from {src.en} to {dst.en}",
               "case.bad_transition", data)


@dataclass(frozen=True)
class Action:
    target: CaseState
    zh: str
    en: str

    def label(self, lang: str | None = None) -> str:
        return self.en if (lang or get_lang()) == "en" else self.zh


_VERBS = {
    S.ACCEPTED: ("受理", "Accept"), S.FILED: ("立案", "Open case"), S.INVESTIGATING: ("调查取证", "Investigate"),
    S.NOTIFIED: ("事先告知", "Send prior notice"), S.LEGAL_REVIEW: ("提交法制审核", "Submit for legal review"),
    S.DECIDED: ("作出决定", "Decide"), S.SERVED: ("送达", "Serve"), S.EXECUTING: ("执行", "Execute"),
    S.CLOSED: ("结案", "Close"), S.REFERRED: ("移送", "Refer"), S.CANCELLED: ("撤销", "Cancel"),
}
_BACK = {(S.NOTIFIED, S.INVESTIGATING): ("补充调查", "Investigate further"),
         (S.LEGAL_REVIEW, S.INVESTIGATING): ("退回补充调查", "Return for investigation"),
         (S.CLUE, S.CANCELLED): ("不予受理", "Reject")}


def next_actions(state: CaseState, *, review_required: bool) -> list[Action]:
    """Buttons for the UI, in display order."""
    out: list[Action] = []
    for target in allowed_transitions(state, review_required=review_required):
        zh, en = _BACK.get((state, target), _VERBS[target])
        out.append(Action(target, zh, en))
    return out
