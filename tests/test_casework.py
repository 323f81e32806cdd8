"""Cases through their lawful states, with the subject frozen at 立案."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldapp import casework
from fieldapp.messages import FieldappError
from fieldapp.store.audit import verify_chain
from fieldapp.store.cases import CaseInput, add_complaint, get_case
from fieldapp.store.officers import add_officer
from fieldapp.store.parties import PartyInput, add_party
from fieldapp.workspace import Workspace


def _setup(ws: Workspace, kind: str = "organisation") -> tuple[list[str], str]:
    officers = [add_officer(ws.store, name=n, cert_no=f"C{i}", unit="执法队", password="secret1",
                            cert_valid_until=date(2031, 1, 1)) for i, n in enumerate(["甲", "乙"])]
    party, _ = add_party(ws.store, PartyInput(kind=kind, name="某商行"))
    return officers, party


def _taken_back_matter(ws: Workspace) -> tuple[str, date, date]:
    """A matter delegated to 沙县 townships and later taken back: (code, a day before, a day after)."""
    for matter in ws.catalogue.matters.values():
        periods = [d for d in matter.delegations if d.jurisdiction == "shaxian"]
        ends = [d for d in periods if d.delegated and d.end is not None]
        if ends and not matter.township_power:
            return matter.code, ends[0].end - timedelta(days=10), ends[0].end + timedelta(days=10)
    raise AssertionError("the sample catalogue needs a taken-back matter")


def test_case_keeps_the_subject_of_its_filing_date(ws: Workspace) -> None:
    officers, party = _setup(ws)
    code, before, after = _taken_back_matter(ws)
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", matters=[code],
                                               officers=officers, party_id=party, title="测试案"))
    filed = casework.transition(ws, case_id, "filed", on=before)
    assert filed["subject_kind"] == "township"
    assert filed["subject_name"] == ws.jurisdiction.townships["湖源乡"].full_name
    # The same matter today belongs to the county department, but the case keeps its subject.
    assert ws.subject_for(code, "湖源乡", after).kind == "department"
    moved = casework.transition(ws, case_id, "investigating", on=after)
    assert moved["subject_name"] == filed["subject_name"]


def test_lawful_path_with_legal_review(ws: Workspace) -> None:
    officers, party = _setup(ws)
    code = next(iter(ws.catalogue.matters))
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="complaint", matters=[code],
                                               officers=officers, party_id=party))
    for state in ("filed", "investigating", "notified"):
        casework.transition(ws, case_id, state)
    proposal = casework.propose_penalty(ws, case_id, fine=200_000, penalties=["fine"])
    assert proposal["review_required"] == 1
    assert proposal["escalated"] == 1  # a major fine goes to the 片长 as well
    with pytest.raises(FieldappError):
        casework.transition(ws, case_id, "decided")  # review is mandatory first
    casework.transition(ws, case_id, "legal_review")
    with pytest.raises(FieldappError) as info:
        casework.transition(ws, case_id, "decided")
    assert info.value.msg.code == "review_pending"
    casework.record_review(ws, case_id, "passed", "证据充分", actor="reviewer")
    for state in ("decided", "served", "executing", "closed"):
        casework.transition(ws, case_id, state)
    case = get_case(ws.store, case_id)
    assert case is not None
    assert [t["to_state"] for t in case["transitions"] if t["to_state"] != t["from_state"]] == [
        "filed", "investigating", "notified", "legal_review", "decided", "served", "executing", "closed"]
    assert case["closed_on"] == date.today().isoformat()
    with pytest.raises(FieldappError):
        casework.transition(ws, case_id, "cancelled")  # closed is terminal
    assert verify_chain(ws.store).ok


def test_filing_needs_two_officers(ws: Workspace) -> None:
    officers, party = _setup(ws)
    code = next(iter(ws.catalogue.matters))
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", matters=[code],
                                               officers=officers[:1], party_id=party))
    with pytest.raises(FieldappError, match="两名"):
        casework.transition(ws, case_id, "filed")


def test_cross_township_case_escalates_to_the_area_head(ws: Workspace) -> None:
    officers, party = _setup(ws)
    code = next(iter(ws.catalogue.matters))
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", matters=[code],
                                               officers=officers, party_id=party, townships=["南霞乡"]))
    opened = get_case(ws.store, case_id)
    assert opened is not None and opened["escalated"] == 1 and opened["escalated_on"] == date.today().isoformat()
    assert "escalated" in opened["transitions"][-1]["reason"]  # in the 片长's queue before any fine is proposed
    casework.transition(ws, case_id, "filed")
    after = casework.propose_penalty(ws, case_id, fine=500, penalties=["fine"])
    assert after["escalated"] == 1
    area = ws.jurisdiction.areas[after["area_key"]]
    assert area.name == "第四片区"
    assert ws.jurisdiction.departments[area.head_department].name == "区市场监督管理局"


def test_complaint_opens_a_case(ws: Workspace) -> None:
    officers, party = _setup(ws)
    complaint = add_complaint(ws.store, township="湖源乡", received_at="2026-11-01", channel="12345热线",
                              content="夜间施工噪声扰民")
    code = next(iter(ws.catalogue.matters))
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="complaint", matters=[code],
                                               officers=officers, party_id=party, complaint_id=complaint))
    row = ws.store.one("SELECT status, case_id FROM complaints WHERE id = ?", (complaint,))
    assert row == {"status": "case_opened", "case_id": case_id}
    with pytest.raises(FieldappError):
        add_complaint(ws.store, township="湖源乡", received_at="2026-11-01", channel="来电", content="  ")


def test_matters_of_two_enforcement_subjects_cannot_be_filed_as_one_case(ws: Workspace) -> None:
    officers, party = _setup(ws)
    by_subject: dict[str, str] = {}
    for code in ws.catalogue.matters:
        by_subject.setdefault(ws.subject_for(code, "湖源乡", date.today()).key, code)
    assert len(by_subject) >= 2, "the sample catalogue has delegated and county matters"
    township_matter, county_matter = list(by_subject.values())[:2]
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", officers=officers,
                                               matters=[township_matter, county_matter], party_id=party))
    with pytest.raises(FieldappError) as info:
        casework.transition(ws, case_id, "filed")
    assert info.value.msg.code == "subject.mixed" and "分别立案或移送" in info.value.msg.zh
    assert get_case(ws.store, case_id)["state"] == "accepted"  # type: ignore[index]


def test_a_case_step_edited_by_hand_is_caught_by_audit_verify(ws: Workspace) -> None:
    import sqlite3

    officers, party = _setup(ws)
    code = next(iter(ws.catalogue.matters))
    case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", matters=[code],
                                               officers=officers, party_id=party))
    casework.transition(ws, case_id, "cancelled", reason="当事人已自行整改，违法事实不能成立")
    assert verify_chain(ws.store).ok
    conn = sqlite3.connect(ws.store.path, isolation_level=None)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE case_transitions SET reason = '无'")
    conn.execute("DROP TRIGGER case_transitions_no_update")
    conn.execute("UPDATE case_transitions SET reason = '无' WHERE to_state = 'cancelled'")
    conn.close()
    report = verify_chain(ws.store)
    assert not report.ok and [p.code for p in report.problems] == ["record_altered"]
    assert report.problems[0].data["entity"] == "case_transition"
