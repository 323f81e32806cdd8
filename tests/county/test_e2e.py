"""End to end with a real server process: the bureau draws a plan → the township laptop syncs and sees its
inspection → inspects and escalates → the 片长 assigns a joint action → legal review passes → the decision is
issued and printed → the quarterly report counts it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from fieldapp import casework, drafts
from fieldapp.county import records
from fieldapp.county.entries import RosterEntry
from fieldapp.county.plans import InspectionPlan, PlanItem
from fieldapp.forms import lifecycle
from fieldapp.keys import DeviceKeys
from fieldapp.messages import FieldappError
from fieldapp.store import parties
from fieldapp.store.audit import verify_chain
from fieldapp.store.cases import CaseInput
from fieldapp.store.inspections import InspectionInput, MatterFinding, get_inspection
from fieldapp.store.officers import add_officer
from fieldapp.sync.device import enroll
from fieldapp.testdata import make_citizen_id
from fieldapp.workspace import Workspace
from tests.sync.synctools import ServerProcess, assert_consistent, make_laptop, run_sync

TOWN = "湖源乡"
AREA = "area4"  # 第四片区, whose 片长 comes from the market regulator
TODAY = date.today()
VALID = TODAY + timedelta(days=365)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "server", "sqlite").start()
    yield srv
    srv.stop()


def _ok(report: dict) -> dict:
    assert report["status"] == "ok", report
    return report


def _officer(ws: Workspace, name: str, cert: str, dept: str | None, roles: list[str] | None = None) -> str:
    unit = ws.jurisdiction.departments[dept].full_name if dept else f"{TOWN}综合执法队"
    return add_officer(ws.store, name=name, cert_no=cert, unit=unit, password="secret12", cert_valid_until=VALID,
                       department=dept, roles=roles)


def _county_laptop(path: Path, server: ServerProcess) -> tuple[Path, str]:
    Workspace.init(path, "shaxian", None).close()
    code = server.cli("enroll-code", "--county", ok=False)
    if code.returncode == 0:
        info = enroll(path, server.url, code.stdout.strip(), retries=2, backoff=0.05)
        assert info["township"] is None
        return path, "county"
    # Fallback while the server has no county codes: a device of the area's township sees the area.
    import shutil

    shutil.rmtree(path)
    Workspace.init(path, "shaxian", TOWN).close()
    enroll(path, server.url, server.code(TOWN), retries=2, backoff=0.05)
    return path, "township"


def test_plan_to_decision_to_quarterly(tmp_path: Path, server: ServerProcess) -> None:
    # -- the township laptop, with its directory of parties -------------------------------------------
    town = make_laptop(tmp_path / "town", server, TOWN, inspections=1, photos=0, seed=61)
    with Workspace.open(town) as ws:
        with ws.store.change("tester") as ch:
            party_ids = [parties.insert(ch, parties.validate(parties.PartyInput(
                kind="person", name=f"经营户{i}", township=TOWN, address=f"{TOWN}集镇{i + 1}号",
                id_number=make_citizen_id("350427", date(1980, 1, 1 + i), 11 + i)))[0]) for i in range(4)]
        staff = [r["id"] for r in ws.store.query("SELECT id FROM officers ORDER BY cert_no")]
    _ok(run_sync(town))

    # -- the county laptop: roster, plan, round ---------------------------------------------------------
    county, kind = _county_laptop(tmp_path / "county", server)
    _ok(run_sync(county))
    with Workspace.open(county) as ws:
        assert ws.township is None or kind == "township"
        assert {r["id"] for r in ws.store.query("SELECT id FROM parties")} >= set(party_ids)
        bureau = _officer(ws, "方志远", "E2E-B", "urban", ["bureau"])
        head = _officer(ws, "吴文彬", "E2E-H", "market", ["area_head"])
        reviewer = _officer(ws, "许雅琴", "E2E-R", "justice", ["legal_reviewer"])
        market = [_officer(ws, f"市监{i}", f"E2E-M{i}", "market") for i in range(2)]
        for oid in staff:
            row = ws.store.one("SELECT name, cert_no FROM officers WHERE id = ?", (oid,))
            assert row is not None
            records.save_roster_entry(ws, RosterEntry(oid, row["name"], None, row["cert_no"], VALID, None, TOWN,
                                                      "none"), bureau)
        for oid in [head, *market]:
            row = ws.store.one("SELECT name, cert_no FROM officers WHERE id = ?", (oid,))
            assert row is not None
            records.save_roster_entry(ws, RosterEntry(oid, row["name"], "market", row["cert_no"], VALID, AREA, None,
                                                      "stationed"), bureau)
        code = next(m.code for m in ws.catalogue if m.category == "市场监管")
        plan_id = records.save_plan(ws, InspectionPlan(AREA, TODAY.year, "market", (PlanItem(code, 4, 1.0),)), bureau,
                                    seed="e2e-seed")
        result = records.run_round(ws, [plan_id], "e2e-seed", f"{TODAY.year}Q1", 1, bureau, TODAY)
        assert result["draws"] and len(result["inspections"]) == len(party_ids) + (
            ws.store.one("SELECT count(*) AS n FROM parties WHERE township IN ('大洛镇','南霞乡','南阳乡')")["n"])  # type: ignore[index]
        draw_id = result["draws"][0]["id"]
        assert records.verify_draw(ws, draw_id) == []
    _ok(run_sync(county))

    # -- the township laptop sees its planned inspection, inspects and opens a case --------------------
    _ok(run_sync(town))
    with Workspace.open(town) as ws:
        planned = ws.store.query("SELECT id, party_id, plan_id FROM inspections WHERE status = 'planned'")
        assert {p["party_id"] for p in planned} == set(party_ids)
        assert ws.store.one("SELECT 1 FROM draws WHERE id = ?", (draw_id,)) is not None
        assert ws.store.one("SELECT 1 FROM plans WHERE id = ?", (plan_id,)) is not None
        assert ws.store.one("SELECT count(*) AS n FROM roster_entries")["n"] >= 5  # type: ignore[index]
        visit = planned[0]
        assert visit["plan_id"] in {d["id"] for d in result["draws"]}
        drawn = get_inspection(ws.store, visit["id"])
        assert drawn is not None and len(drawn["officers"]) == 2
        start = datetime.now().replace(second=0, microsecond=0) - timedelta(hours=2)
        drafts.save_draft(ws, InspectionInput(
            township=TOWN, officers=staff, party_id=visit["party_id"], status="draft", place=f"{TOWN}集镇1号",
            matters=[MatterFinding(code, "无证经营，现场查获商品一批。", False)],
            started_at=start.isoformat(timespec="minutes"),
            ended_at=(start + timedelta(minutes=40)).isoformat(timespec="minutes"), result="open_case",
            summary="双随机联合检查"), visit["id"], actor=staff[0])
        final = ws.finalize_inspection(visit["id"], actor=staff[0])
        assert final["status"] == "final" and final["plan_id"] == visit["plan_id"]
        case_id = casework.open_case(ws, CaseInput(township=TOWN, source="inspection", matters=[code], officers=staff,
                                                   party_id=visit["party_id"], inspection_id=visit["id"],
                                                   title="无证经营案", summary="当事人未取得许可擅自经营。"),
                                   actor=staff[0])
        for state in ("filed", "investigating"):
            casework.transition(ws, case_id, state, actor=staff[0])
        casework.escalate(ws, case_id, "重大案件，涉及市场监管部门", actor=staff[0])
        casework.propose_penalty(ws, case_id, fine=200_000, penalties=["fine"], actor=staff[0])
        casework.transition(ws, case_id, "notified", actor=staff[0])
        casework.transition(ws, case_id, "legal_review", actor=staff[0])
        subject = ws.store.one("SELECT subject_key, review_required FROM cases WHERE id = ?", (case_id,))
        assert subject is not None and subject["review_required"] == 1
        draft = lifecycle.new_document(ws, "penalty_decision", case_id=case_id, actor=staff[0],
                                       values={"evidence": "现场检查笔录、询问笔录、现场照片", "fine": "200000"}).document
        with pytest.raises(FieldappError) as info:  # §58: not before legal review passes
            lifecycle.issue_document(ws, draft["id"], actor=staff[0])
        assert info.value.msg.code == "decision.review_pending"
    key_id = DeviceKeys(town).cert().device_key_id
    server.cli("lease", "--device", key_id, "--subject", str(subject["subject_key"]), "--doc-type", "penalty_decision")
    _ok(run_sync(town))

    # -- the county: 片长 assigns a joint action, the reviewer passes the case -------------------------
    _ok(run_sync(county))
    with Workspace.open(county) as ws:
        assert case_id in [c["id"] for c in records.area_queue(ws, AREA)]
        assert case_id in [c["id"] for c in records.review_queue(ws)]
        action = records.assign_joint_action(ws, case_id, [market[0], staff[0]], ["market"], TODAY, head,
                                             note="市场监管、乡镇联合调查")
        assert len(action["officers"]) == 2
        with pytest.raises(FieldappError):  # a case officer cannot review their own case
            records.review(ws, case_id, "passed", "", staff[0], TODAY)
        passed = records.review(ws, case_id, "passed", "事实清楚，证据确凿，程序合法", reviewer, TODAY)
        assert passed["review_outcome"] == "passed"
    _ok(run_sync(county))

    # -- the township laptop: the outcome has arrived; the decision is issued and printed --------------
    _ok(run_sync(town))
    with Workspace.open(town) as ws:
        case = ws.store.one("SELECT review_outcome, reviewed_by, joint_action_id, escalated_on FROM cases WHERE id = ?",
                            (case_id,))
        assert case is not None and case["review_outcome"] == "passed" and case["reviewed_by"] == reviewer
        assert case["joint_action_id"] == action["id"] and case["escalated_on"] == TODAY.isoformat()
        assert ws.store.one("SELECT 1 FROM joint_actions WHERE id = ?", (action["id"],)) is not None
        assert records.can_issue_decision(ws, case_id).ok
        casework.transition(ws, case_id, "decided", actor=staff[0])
        issued = lifecycle.issue_document(ws, draft["id"], actor=staff[0]).document
        assert issued["status"] == "issued" and issued["number"]
        pdf = tmp_path / "decision.pdf"
        lifecycle.print_document(ws, draft["id"], to_pdf=pdf, actor=staff[0])
        assert pdf.read_bytes()[:4] == b"%PDF"
        assert verify_chain(ws.store).ok
    _ok(run_sync(town))

    # -- the quarterly figures count the review and the document ----------------------------------------
    _ok(run_sync(county))
    year, q = TODAY.year, (TODAY.month - 1) // 3 + 1
    if "quarterly" in server.cli("--help").stdout:  # the server's report commands (fieldapp-server quarterly)
        shown = server.cli("quarterly", "show", "--year", str(year), "--q", str(q), "--json")
        tables = json.loads(shown.stdout)["tables"]
        areas, towns = tables[1], tables[2]
        area_row = next(r for r in areas["rows"] if r[0] == "第四片区")
        assert area_row[areas["columns"].index("制发文书")] == 1
        assert area_row[areas["columns"].index("报片长")] == 1
        assert sum(r[towns["columns"].index("法制审核")] for r in towns["rows"] if r[0] == TOWN) == 1
        out = tmp_path / "q.xlsx"
        server.cli("quarterly", "export", "--year", str(year), "--q", str(q), "--out", str(out))
        assert out.read_bytes()[:2] == b"PK"
    if kind == "county":  # a county-level laptop holds read-only copies of the townships' documents
        with Workspace.open(county) as ws:
            doc = ws.store.one("SELECT status, number FROM documents WHERE id = ?", (draft["id"],))
            assert doc is not None and doc["status"] == "issued" and doc["number"] == issued["number"]
            report = records.quarterly(ws, year, q)
            assert report.row("areas", "第四片区")["制发文书"] == 1
            assert sum(r[5] for r in report.townships if r[0] == TOWN) == 1
            assert verify_chain(ws.store).ok
    assert_consistent(server, [town, county])
