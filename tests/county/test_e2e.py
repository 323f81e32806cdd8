"""End to end with a real server process, for 沙县 (湖源乡) and 南安 (仑苍镇): the bureau draws a plan → the
township laptop syncs and sees its inspection → inspects and escalates → the 片长 assigns a joint action →
legal review passes → the decision is issued and printed → the quarterly report counts it.

Every step must work: there is no fallback for a server or sync feature that is missing.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from fieldapp import casework, drafts
from fieldapp.county import records
from fieldapp.county.entries import RosterEntry
from fieldapp.county.plans import InspectionPlan, PlanItem
from fieldapp.forms import lifecycle
from fieldapp.jurisdiction import load_jurisdiction
from fieldapp.keys import DeviceKeys
from fieldapp.messages import FieldappError
from fieldapp.store import parties
from fieldapp.store.audit import verify_chain
from fieldapp.store.cases import CaseInput
from fieldapp.store.inspections import InspectionInput, MatterFinding, get_inspection
from fieldapp.store.officers import add_officer
from fieldapp.store.store import Store
from fieldapp.sync.device import enroll
from fieldapp.testdata import make_citizen_id
from fieldapp.workspace import Workspace
from tests.sync.synctools import ServerProcess, add_inspections, assert_consistent, run_sync


@dataclass(frozen=True)
class County:
    """One programme's data for the run: the township laptop's township and the officers' departments."""

    key: str
    town: str
    division: str  # for the parties' 公民身份号码
    head_dept: str  # the 片长's department

    @property
    def area(self) -> str:
        return load_jurisdiction(self.key).area_of(self.town).key


COUNTIES = [County("shaxian", "湖源乡", "350427", "market"),  # 第四片区, 片长 from the market regulator
            County("nanan", "仑苍镇", "350583", "urban")]  # 仑苍片区, 片长 a section leader of 城管 (南安 四(一))
TODAY = date.today()
VALID = TODAY + timedelta(days=365)


class _Server(ServerProcess):
    """The sync server initialised for `jurisdiction` (synctools' server is 沙县's)."""

    def __init__(self, data_dir: Path, jurisdiction: str) -> None:
        self.jurisdiction = jurisdiction
        super().__init__(data_dir, "sqlite")

    def cli(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        if args[:2] == ("init", "--jurisdiction"):
            args = ("init", "--jurisdiction", self.jurisdiction, *args[3:])
        return super().cli(*args, ok=ok)


@pytest.fixture(params=COUNTIES, ids=[c.key for c in COUNTIES])
def county(request: pytest.FixtureRequest) -> County:
    return request.param  # type: ignore[no-any-return]


@pytest.fixture
def server(tmp_path: Path, county: County) -> Iterator[ServerProcess]:
    srv = _Server(tmp_path / "server", county.key).start()
    yield srv
    srv.stop()


def _ok(report: dict[str, Any], laptop: Path) -> dict[str, Any]:
    """The sync finished, with nothing left waiting in the laptop's inbox (which would say why)."""
    with Store.in_dir(laptop) as store:
        waiting = [dict(r) for r in store.query("SELECT entity, entity_id, reason FROM sync_inbox")]
    assert report["status"] == "ok" and not waiting, {"report": report, "sync_inbox": waiting}
    return report


def _officer(ws: Workspace, c: County, name: str, cert: str, dept: str | None, roles: list[str] | None = None) -> str:
    unit = ws.jurisdiction.departments[dept].full_name if dept else f"{c.town}综合执法队"
    return add_officer(ws.store, name=name, cert_no=cert, unit=unit, password="secret12", cert_valid_until=VALID,
                       department=dept, township=None if dept else c.town, roles=roles)


def _town_laptop(path: Path, server: ServerProcess, c: County) -> Path:
    with Workspace.init(path, c.key, c.town) as ws:
        staff = [_officer(ws, c, n, f"E2E-T{i}", None, roles) for i, (n, roles) in
                 enumerate([("陈志明", ["officer", "team_lead"]), ("林秀英", ["officer"])])]
        add_inspections(ws, staff, 1, 0, 61)
    enroll(path, server.url, server.code(c.town), retries=2, backoff=0.05)
    return path


def _county_laptop(path: Path, server: ServerProcess, c: County) -> Path:
    Workspace.init(path, c.key, None).close()
    info = enroll(path, server.url, server.cli("enroll-code", "--county").stdout.strip(), retries=2, backoff=0.05)
    assert info["township"] is None
    return path


def test_plan_to_decision_to_quarterly(tmp_path: Path, server: ServerProcess, county: County) -> None:
    c = county
    area_key = c.area
    # -- the township laptop, with its directory of parties -------------------------------------------
    town = _town_laptop(tmp_path / "town", server, c)
    with Workspace.open(town) as ws:
        area = ws.jurisdiction.areas[area_key]
        with ws.store.change("tester") as ch:
            party_ids = [parties.insert(ch, parties.validate(parties.PartyInput(
                kind="person", name=f"经营户{i}", township=c.town, address=f"{c.town}集镇{i + 1}号",
                id_number=make_citizen_id(c.division, date(1980, 1, 1 + i), 11 + i)))[0]) for i in range(4)]
        staff = [r["id"] for r in ws.store.query("SELECT id FROM officers ORDER BY cert_no")]
    _ok(run_sync(town), town)

    # -- the county laptop: roster, plan, round ---------------------------------------------------------
    county_laptop = _county_laptop(tmp_path / "county", server, c)
    _ok(run_sync(county_laptop), county_laptop)
    with Workspace.open(county_laptop) as ws:
        assert ws.township is None
        assert {r["id"] for r in ws.store.query("SELECT id FROM parties")} >= set(party_ids)
        assert {r["id"] for r in ws.store.query("SELECT id FROM officers")} >= set(staff)  # pulled, same ids
        bureau = _officer(ws, c, "方志远", "E2E-B", ws.jurisdiction.lead_unit, ["bureau"])
        head = _officer(ws, c, "吴文彬", "E2E-H", c.head_dept, ["area_head"])
        reviewer = _officer(ws, c, "许雅琴", "E2E-R", "justice", ["legal_reviewer"])
        market = [_officer(ws, c, f"市监{i}", f"E2E-M{i}", "market") for i in range(2)]
        for oid in staff:
            row = ws.store.one("SELECT name, cert_no FROM officers WHERE id = ?", (oid,))
            assert row is not None
            records.save_roster_entry(ws, RosterEntry(oid, row["name"], None, row["cert_no"], VALID, None, c.town,
                                                      "none"), bureau)
        for oid, dept in [(head, c.head_dept), *[(m, "market") for m in market]]:
            row = ws.store.one("SELECT name, cert_no FROM officers WHERE id = ?", (oid,))
            assert row is not None
            records.save_roster_entry(ws, RosterEntry(oid, row["name"], dept, row["cert_no"], VALID, area_key, None,
                                                      "stationed"), bureau)
        code = next(m.code for m in ws.catalogue if m.category == "市场监管")
        with pytest.raises(FieldappError) as refused:  # plans are the bureau's (fieldapp.county.permissions)
            records.save_plan(ws, InspectionPlan(area_key, TODAY.year, "market", (PlanItem(code, 4, 1.0),)), head)
        assert refused.value.msg.code == "role.forbidden"
        plan_id = records.save_plan(ws, InspectionPlan(area_key, TODAY.year, "market", (PlanItem(code, 4, 1.0),)),
                                    bureau, seed="e2e-seed")
        result = records.run_round(ws, [plan_id], "e2e-seed", f"{TODAY.year}Q1", 1, bureau, TODAY)
        others = [t for t in area.townships if t != c.town]
        in_others = ws.store.one(f"SELECT count(*) AS n FROM parties WHERE township IN ({','.join('?' * len(others))})",
                                 tuple(others))
        assert result["draws"] and len(result["inspections"]) == len(party_ids) + in_others["n"]  # type: ignore[index]
        assert result["over_limit"] == [] and ws.store.one("SELECT count(*) AS n FROM sync_inbox")["n"] == 0  # type: ignore[index]
        draw_id = result["draws"][0]["id"]
        assert records.verify_draw(ws, draw_id) == []
    _ok(run_sync(county_laptop), county_laptop)

    # -- the township laptop sees its planned inspection, inspects and opens a case --------------------
    _ok(run_sync(town), town)
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
            township=c.town, officers=staff, party_id=visit["party_id"], status="draft", place=f"{c.town}集镇1号",
            matters=[MatterFinding(code, "无证经营，现场查获商品一批。", False)],
            started_at=start.isoformat(timespec="minutes"),
            ended_at=(start + timedelta(minutes=40)).isoformat(timespec="minutes"), result="open_case",
            summary="双随机联合检查"), visit["id"], actor=staff[0])
        final = ws.finalize_inspection(visit["id"], actor=staff[0])
        assert final["status"] == "final" and final["plan_id"] == visit["plan_id"]
        case_id = casework.open_case(ws, CaseInput(township=c.town, source="inspection", matters=[code], officers=staff,
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
    _ok(run_sync(town), town)

    # -- the county: 片长 assigns a joint action, the reviewer passes the case -------------------------
    # The county laptop pulls the finished planned inspection (planned → final, with its team and matters):
    # nothing may be left waiting in its inbox.
    _ok(run_sync(county_laptop), county_laptop)
    with Workspace.open(county_laptop) as ws:
        pulled = ws.store.one("SELECT status FROM inspections WHERE id = ?", (visit["id"],))
        assert pulled is not None and pulled["status"] == "final"
        assert case_id in [x["id"] for x in records.area_queue(ws, area_key)]
        assert case_id in [x["id"] for x in records.review_queue(ws)]
        with pytest.raises(FieldappError) as refused:  # the reviewer is not the 片长
            records.assign_joint_action(ws, case_id, [market[0], staff[0]], ["market"], TODAY, reviewer)
        assert refused.value.msg.code == "role.forbidden"
        action = records.assign_joint_action(ws, case_id, [market[0], staff[0]], ["market"], TODAY, head,
                                             note="市场监管、乡镇联合调查")
        assert len(action["officers"]) == 2
        with pytest.raises(FieldappError) as refused:  # a case officer is no legal reviewer
            records.review(ws, case_id, "passed", "", staff[0], TODAY)
        assert refused.value.msg.code == "role.forbidden"
        passed = records.review(ws, case_id, "passed", "事实清楚，证据确凿，程序合法", reviewer, TODAY)
        assert passed["review_outcome"] == "passed"
    _ok(run_sync(county_laptop), county_laptop)

    # -- the township laptop: the outcome has arrived; the decision is issued and printed --------------
    _ok(run_sync(town), town)
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
    _ok(run_sync(town), town)

    # -- the quarterly figures count the review and the document, on the server and the county laptop ----
    _ok(run_sync(county_laptop), county_laptop)
    year, q = TODAY.year, (TODAY.month - 1) // 3 + 1
    shown = server.cli("quarterly", "show", "--year", str(year), "--q", str(q), "--json")
    tables = json.loads(shown.stdout)["tables"]
    areas, towns = tables[1], tables[2]
    area_row = next(r for r in areas["rows"] if r[0] == area.name)
    assert area_row[areas["columns"].index("制发文书")] == 1
    assert area_row[areas["columns"].index("报片长")] == 1
    assert area_row[areas["columns"].index("逾期")] == 0  # the decision was issued today: its service is not late
    assert sum(r[towns["columns"].index("法制审核")] for r in towns["rows"] if r[0] == c.town) == 1
    out = tmp_path / "q.xlsx"
    server.cli("quarterly", "export", "--year", str(year), "--q", str(q), "--out", str(out))
    assert out.read_bytes()[:2] == b"PK"
    with Workspace.open(county_laptop) as ws:  # a county-level laptop holds read-only copies of the documents
        doc = ws.store.one("SELECT status, number FROM documents WHERE id = ?", (draft["id"],))
        assert doc is not None and doc["status"] == "issued" and doc["number"] == issued["number"]
        report = records.quarterly(ws, year, q)
        assert report.row("areas", area.name)["制发文书"] == 1 and report.row("areas", area.name)["逾期"] == 0
        assert sum(r[5] for r in report.townships if r[0] == c.town) == 1
        assert verify_chain(ws.store).ok
    assert_consistent(server, [town, county_laptop])
