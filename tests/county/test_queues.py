"""片长 and legal-review queues, joint actions, review decisions, disputed subjects."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fieldapp.county.queues import (
    area_queue,
    area_queues,
    assign_joint_action,
    can_issue_decision,
    check_joint_action,
    record_subject_dispute,
    review_decision,
    review_queue,
)
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError
from tests.county.conftest import DAY
from tests.rosters import officer


def case(cid: str, township: str = "湖源乡", **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": cid, "township": township, "townships": [township], "state": "investigating",
                            "escalated": 0, "area_key": None, "review_required": 0, "review_outcome": None,
                            "party_id": "party-1", "officers": [{"officer_id": "o-a"}, {"officer_id": "o-b"}],
                            "filed_on": "2025-04-01", "flags": []}
    base.update(kw)
    return base


def test_area_queue_holds_open_escalated_cases_oldest_first(shaxian: Jurisdiction) -> None:
    cases = [case("c1", escalated=1, filed_on="2025-04-03"), case("c2", escalated=1, filed_on="2025-04-01"),
             case("c3"),  # not escalated
             case("c4", escalated=1, state="closed"),
             case("c5", "凤岗街道", escalated=True),
             # cross-area case escalated to area4 although its township is in area1
             case("c6", "凤岗街道", escalated=1, area_key="area4", filed_on="2025-03-01")]
    assert [c["id"] for c in area_queue(shaxian, cases, "area4")] == ["c6", "c2", "c1"]
    queues = area_queues(shaxian, cases)
    assert [c["id"] for c in queues["area1"]] == ["c5"] and queues["area2"] == []


def test_review_queue() -> None:
    cases = [case("r1", state="legal_review", review_required=1),
             case("r2", state="legal_review", review_required=1, review_outcome="passed"),
             case("r3", state="legal_review", review_required=1, review_outcome="returned", filed_on="2025-01-01"),
             case("r4", state="notified", review_required=1)]
    assert [c["id"] for c in review_queue(cases)] == ["r3", "r1"]


def test_joint_action_needs_two_departments(shaxian: Jurisdiction) -> None:
    c = case("c1", escalated=1)
    a, b = officer("市监甲", "market", area="area4", mode="stationed"), officer("市监乙", "market", area="area4", mode="stationed")
    with pytest.raises(FieldappError) as one:
        assign_joint_action(c, [a, b], [], DAY)
    assert one.value.msg.code == "joint.invalid"
    assert [p["code"] for p in one.value.msg.data["problems"]] == ["joint.one_unit"]
    town = officer("湖源甲", None, township="湖源乡")
    action = assign_joint_action(c, [a, town], ["market"], DAY)
    assert action.units == ("market", "township:湖源乡") and action.officers == tuple(sorted([a.officer_id, town.officer_id]))
    assert action.as_dict()["on_date"] == "2025-05-10"


def test_joint_action_refuses_recused_expired_and_missing_department(shaxian: Jurisdiction) -> None:
    c = case("c1", escalated=1)
    recused = officer("农业甲", "agri", area="area4", mode="stationed", conflicts=frozenset({"party-1"}))
    expired = officer("应急甲", "emergency", area="area4", mode="stationed", valid=date(2025, 5, 9))
    ok = officer("市监甲", "market", area="area4", mode="stationed")
    problems = check_joint_action(c, [recused, expired, ok], ["agri"], DAY, shaxian)
    codes = [p.code for p in problems]
    assert codes == ["officers.recusal", "officers.expired", "officers.too_few", "joint.one_unit",
                     "joint.department_missing"]
    assert "区农业农村局" in problems[-1].zh and "农业甲" in problems[0].zh and "应急甲" in problems[1].zh
    assert check_joint_action(case("c9", state="closed"), [ok], [], DAY)[0].code == "joint.case_closed"


def test_review_decision_passed_and_returned() -> None:
    c = case("c1", state="legal_review", review_required=1)
    passed = review_decision(c, "passed", "reviewer-1", on_date=DAY)
    assert passed.changes == {"review_outcome": "passed", "reviewed_by": "reviewer-1", "reviewed_on": "2025-05-10",
                              "review_note": ""} and passed.transition is None
    back = review_decision(c, "returned", "reviewer-1", "证据不足，补充询问笔录", DAY)
    assert back.changes["state"] == "investigating" and back.transition == ("legal_review", "investigating")


@pytest.mark.parametrize(("kw", "outcome", "reviewer", "note", "code"), [
    ({"review_required": 1}, "passed", "r", "", "review.not_submitted"),
    ({"state": "legal_review"}, "passed", "r", "", "review.not_required"),
    ({"state": "legal_review", "review_required": 1}, "ok", "r", "", "review.outcome"),
    ({"state": "legal_review", "review_required": 1}, "passed", "o-a", "", "review.own_case"),
    ({"state": "legal_review", "review_required": 1}, "returned", "r", " ", "review.reason_missing"),
])
def test_review_decision_refusals(kw: dict[str, Any], outcome: str, reviewer: str, note: str, code: str) -> None:
    c = case("c1", **kw)
    with pytest.raises(FieldappError) as err:
        review_decision(c, outcome, reviewer, note, DAY)
    assert err.value.msg.code == code


def test_can_issue_decision_waits_for_review() -> None:
    pending = can_issue_decision(case("c1", state="notified", review_required=1))
    assert not pending and pending.msg.code == "decision.review_pending" and "行政处罚法第五十八条" in pending.msg.zh
    returned = can_issue_decision(case("c1", state="legal_review", review_required=1, review_outcome="returned"))
    assert not returned and "审核退回" in returned.msg.zh and "art. 58" in returned.msg.en
    assert can_issue_decision(case("c1", state="legal_review", review_required=1, review_outcome="passed"))
    assert can_issue_decision(case("c1", state="notified"))


@pytest.mark.parametrize("state", ["clue", "accepted", "filed", "investigating"])
def test_no_decision_before_the_prior_notice(state: str) -> None:
    early = can_issue_decision(case("c1", state=state))
    assert not early and early.msg.code == "decision.too_early" and "第四十四条" in early.msg.zh


@pytest.mark.parametrize(("state", "word"), [("closed", "结案"), ("cancelled", "撤销"), ("referred", "移送")])
def test_no_decision_after_the_case_ended(state: str, word: str) -> None:
    ended = can_issue_decision(case("c1", state=state))
    assert not ended and ended.msg.code == "decision.case_ended" and word in ended.msg.zh


def test_subject_dispute_nanan_goes_to_justice(nanan: Jurisdiction) -> None:
    c = case("c1", "仑苍镇")
    d = record_subject_dispute(nanan, c, ["仑苍镇", "market"], "market", "justice", on_date=DAY, reference="南司函〔2025〕3号")
    assert d.claimed == ("仑苍镇", "market") and d.changes == {"subject_kind": "department", "subject_key": "market",
                                                              "subject_name": "南安市市场监督管理局"}
    assert "南安市司法局" in d.route.zh and d.as_dict()["reference"] == "南司函〔2025〕3号"
    with pytest.raises(FieldappError) as wrong:
        record_subject_dispute(nanan, c, ["仑苍镇", "market"], "market", "urban")
    assert wrong.value.msg.code == "dispute.wrong_resolver" and "市司法局" in wrong.value.msg.zh
    with pytest.raises(FieldappError) as late:
        record_subject_dispute(nanan, case("c2", "仑苍镇", state="decided"), ["仑苍镇", "market"], "仑苍", "justice")
    assert late.value.msg.code == "dispute.after_decision"
    with pytest.raises(FieldappError) as one:
        record_subject_dispute(nanan, c, ["仑苍镇", "仑苍"], "仑苍镇", "justice")
    assert one.value.msg.code == "dispute.too_few"


def test_subject_dispute_shaxian_falls_back_to_the_lead_unit(shaxian: Jurisdiction) -> None:
    d = record_subject_dispute(shaxian, case("c1"), ["湖源", "agri"], "湖源乡", "urban", on_date=DAY)
    assert d.subject_kind == "township" and d.subject_name == "三明市沙县区湖源乡人民政府"
    assert "方案未作规定" in d.route.zh
