from __future__ import annotations

from itertools import pairwise

import pytest

from fieldapp.rules.case_flow import CaseState, allowed_transitions, check_transition, next_actions

S = CaseState


def walk(path: list[CaseState], review: bool) -> None:
    for a, b in pairwise(path):
        assert check_transition(a, b, review) is None, (a, b)


def test_labels() -> None:
    assert [s.zh for s in S] == ["线索", "受理", "立案", "调查取证", "告知", "法制审核", "决定", "送达", "执行",
                                 "结案", "移送", "撤销"]
    assert S.LEGAL_REVIEW.label("en") == "Legal review" and S.FILED == "filed"


def test_full_path_with_review() -> None:
    walk([S.CLUE, S.ACCEPTED, S.FILED, S.INVESTIGATING, S.NOTIFIED, S.LEGAL_REVIEW, S.DECIDED, S.SERVED,
          S.EXECUTING, S.CLOSED], review=True)


def test_full_path_without_review() -> None:
    walk([S.CLUE, S.ACCEPTED, S.FILED, S.INVESTIGATING, S.NOTIFIED, S.DECIDED, S.SERVED, S.CLOSED], review=False)


def test_review_cannot_be_skipped() -> None:
    msg = check_transition(S.NOTIFIED, S.DECIDED, True)
    assert msg is not None and msg.code == "case.review_required" and "第五十八条" in msg.zh
    assert S.DECIDED not in allowed_transitions(S.NOTIFIED, review_required=True)


def test_review_only_when_required() -> None:
    msg = check_transition(S.NOTIFIED, S.LEGAL_REVIEW, False)
    assert msg is not None and msg.code == "case.review_not_required"


def test_back_steps() -> None:
    assert check_transition(S.LEGAL_REVIEW, S.INVESTIGATING, True) is None
    assert check_transition(S.NOTIFIED, S.INVESTIGATING, False) is None


@pytest.mark.parametrize("state", [S.CLUE, S.ACCEPTED, S.FILED, S.INVESTIGATING, S.NOTIFIED, S.LEGAL_REVIEW])
def test_refer_or_cancel_before_decision(state: CaseState) -> None:
    assert check_transition(state, S.REFERRED, True) is None
    assert check_transition(state, S.CANCELLED, True) is None


@pytest.mark.parametrize("state", [S.DECIDED, S.SERVED, S.EXECUTING])
def test_no_cancel_after_decision(state: CaseState) -> None:
    msg = check_transition(state, S.CANCELLED, False)
    assert msg is not None and msg.code == "case.after_decision"


@pytest.mark.parametrize("state", [S.CLOSED, S.REFERRED, S.CANCELLED])
def test_terminal(state: CaseState) -> None:
    assert allowed_transitions(state, review_required=True) == []
    msg = check_transition(state, S.FILED, True)
    assert msg is not None and msg.code == "case.terminal"


def test_no_skipping() -> None:
    msg = check_transition(S.CLUE, S.FILED, False)
    assert msg is not None and msg.code == "case.bad_transition"
    assert check_transition(S.FILED, S.DECIDED, False) is not None


def test_next_actions() -> None:
    acts = next_actions(S.NOTIFIED, review_required=True)
    assert [(a.target, a.zh) for a in acts] == [(S.LEGAL_REVIEW, "提交法制审核"), (S.INVESTIGATING, "补充调查"),
                                                (S.REFERRED, "移送"), (S.CANCELLED, "撤销")]
    assert [a.en for a in next_actions(S.CLUE, review_required=False)] == ["Accept", "Refer", "Reject"]
    assert next_actions(S.CLOSED, review_required=False) == []
