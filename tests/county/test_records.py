"""County records on a real store: roster, queues, review, disputes, lists, plans and draws, quarterly figures.

Both programmes where the rules differ (沙县 township minimum; 南安 80 % ratio,
subject disputes decided by 司法局, the linked-officer evaluation rule).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldapp import casework
from fieldapp.county import records
from fieldapp.county.lists import ListAddition
from fieldapp.county.plans import InspectionPlan, PlanItem
from fieldapp.messages import FieldappError
from fieldapp.store import parties
from fieldapp.store.audit import verify_chain
from fieldapp.store.cases import CaseInput
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer, officer_uuid, set_roles
from fieldapp.sync.protocol import Scope, allowed
from fieldapp.workspace import Workspace
from tests.county.conftest import DAY
from tests.rosters import nanan_roster, officer, shaxian_roster

TODAY = date.today()


def _county(path: Path, key: str) -> Workspace:
    return Workspace.init(path, key, None)  # a county-level laptop: no township


@pytest.fixture(params=["shaxian", "nanan"])
def ws(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    w = _county(tmp_path / request.param, request.param)
    yield w
    w.close()


@pytest.fixture
def sx(tmp_path: Path) -> Iterator[Workspace]:
    w = _county(tmp_path / "sx", "shaxian")
    yield w
    w.close()


@pytest.fixture
def na(tmp_path: Path) -> Iterator[Workspace]:
    w = _county(tmp_path / "na", "nanan")
    yield w
    w.close()


def _load_roster(ws: Workspace) -> None:
    entries = shaxian_roster(ws.jurisdiction) if ws.jurisdiction.key == "shaxian" else nanan_roster(ws.jurisdiction)
    for e in entries:
        records.save_roster_entry(ws, e, "bureau")


def _role(ws: Workspace, role: str, township: str | None = None) -> str:
    """An officer holding `role` (one per store, role and township), for the county actions that need it."""
    cert = f"ROLE-{role}-{township or 'county'}"
    row = ws.store.one("SELECT id FROM officers WHERE cert_no = ?", (cert,))
    if row is not None:
        return str(row["id"])
    return add_officer(ws.store, name=f"{role}{township or ''}", cert_no=cert, unit="县局", password="secret12",
                       cert_valid_until=TODAY + timedelta(days=365), township=township, roles=[role])


def _party(ws: Workspace, township: str, name: str) -> str:
    with ws.store.change("tester") as ch:
        fields, _ = parties.validate(parties.PartyInput(kind="person", name=name, township=township))
        return parties.insert(ch, fields)


def _township_officers(ws: Workspace, township: str, n: int = 2) -> list[str]:
    return [add_officer(ws.store, name=f"{township}员{i}", cert_no=f"T{township}{i}", unit=f"{township}综合执法队",
                        password="secret12", cert_valid_until=TODAY + timedelta(days=365), township=township)
            for i in range(n)]


def _case(ws: Workspace, township: str, *, fine: int | None = None, to: str = "filed") -> tuple[str, list[str]]:
    officers = _township_officers(ws, township)
    party = _party(ws, township, "张三")
    code = next(iter(ws.catalogue.matters))
    cid = casework.open_case(ws, CaseInput(township=township, source="inspection", matters=[code], officers=officers,
                                           party_id=party, title="占道经营案"))
    for state in ("filed", "investigating", "notified"):
        casework.transition(ws, cid, state)
        if state == to:
            break
    if fine:
        casework.propose_penalty(ws, cid, fine=fine, penalties=["fine"])
    return cid, officers


# -- storage and sync ------------------------------------------------------------------------------

def test_roster_is_audited_synced_and_checked_shaxian(sx: Workspace) -> None:
    _load_roster(sx)
    assert records.roster_check(sx, DAY) == []
    n = len(records.roster_entries(sx))
    outbox = sx.store.one("SELECT count(*) AS n FROM outbox WHERE entity = 'roster_entry'")
    assert outbox is not None and outbox["n"] == n
    # 沙县: two qualified officers per township body; one expires and the township breaches.
    first = next(e for e in records.roster_entries(sx) if e.department is None and e.township == "湖源乡")
    records.save_roster_entry(sx, replace(first, cert_valid_until=DAY - timedelta(days=1)), "bureau")
    assert len(records.roster_entries(sx)) == n  # updated in place, not added
    breaches = records.roster_check(sx, DAY)
    assert [b.rule for b in breaches] == ["township_minimum"] and breaches[0].township == "湖源乡"
    assert verify_chain(sx.store).ok


def test_roster_ratio_nanan(na: Workspace) -> None:
    _load_roster(na)
    assert records.roster_check(na, DAY) == []
    stay = next(e for e in records.roster_entries(na) if e.department == "natres")
    records.save_roster_entry(na, replace(stay, mode="none", area_key=None), "bureau")
    rules = {b.rule for b in records.roster_check(na, DAY)}
    assert "linked_per_area" in rules


def test_linked_officer_has_one_entry_per_area(na: Workspace) -> None:
    e = officer("挂钩甲", "natres", area="central", mode="linked")
    records.save_roster_entry(na, e, "bureau")
    records.save_roster_entry(na, replace(e, area_key="nanyi"), "bureau")
    assert sorted(x.area_key or "" for x in records.roster_entries(na)) == ["central", "nanyi"]
    records.save_roster_entry(na, replace(e, mode="stationed", area_key="central"), "bureau")
    assert [(x.area_key, x.mode) for x in records.roster_entries(na)] == [("central", "stationed")]


def test_roster_import_gbk_reports_bad_lines(sx: Workspace, tmp_path: Path) -> None:
    text = ("姓名,部门,执法证号,有效期至,片区,乡镇,下沉方式\n"
            "王五,市场监管,35001,2027-12-31,第四片区,湖源乡,常驻\n"
            "赵六,,35002,2027-12-31,,湖源乡,\n"
            "钱七,不存在局,35003,2027-12-31,area4,,常驻\n"
            "孙八,market,35004,明年,area4,,挂钩\n")
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode("gbk"))
    report = records.import_roster(sx, path, _role(sx, "bureau"))
    assert report["imported"] == 2
    assert [e["line"] for e in report["errors"]] == [4, 5]
    names = {e.name: e for e in records.roster_entries(sx)}
    assert names["王五"].department == "market" and names["王五"].mode == "stationed"
    assert names["赵六"].department is None
    # Each new officer is in the county's directory too, so drawn inspections can name them.
    assert sx.store.one("SELECT count(*) AS n FROM officers WHERE cert_no IN ('35001', '35002')")["n"] == 2  # type: ignore[index]


def test_scope_of_county_records() -> None:
    town = Scope("湖源乡", "area4", frozenset({"大洛镇", "南霞乡", "南阳乡", "湖源乡"}))
    county = Scope(None, None, frozenset())
    assert allowed("plan", None, {"area_key": "area4"}, town)
    assert not allowed("plan", None, {"area_key": "area1"}, town)
    assert allowed("roster_entry", "南阳乡", {"area_key": None}, town)
    assert not allowed("roster_entry", "青州镇", {"area_key": "area2"}, town)
    assert allowed("attendance", "青州镇", {"area_key": "area2"}, county)
    assert allowed("draw", None, {"area_key": "area1"}, county)


# -- escalation, joint actions, review, disputes ---------------------------------------------------

def test_escalation_and_joint_action(ws: Workspace) -> None:
    township = "湖源乡" if ws.jurisdiction.key == "shaxian" else "仑苍镇"
    area = ws.jurisdiction.area_of(township).key
    cid, officers = _case(ws, township)
    with pytest.raises(FieldappError):
        records.escalate(ws, cid, "  ", "town")
    case = records.escalate(ws, cid, "跨乡镇", "town")
    assert case["escalated"] == 1 and case["escalated_on"] == TODAY.isoformat() and case["escalate_reason"] == "跨乡镇"
    assert [c["id"] for c in records.area_queue(ws, area)] == [cid]
    market = [add_officer(ws.store, name="市监甲", cert_no="M1", unit="市场监管局", password="secret12",
                          cert_valid_until=TODAY + timedelta(days=90), department="market")]
    head = _role(ws, "area_head")
    before = ws.store.one("SELECT count(*) AS n FROM audit_log")["n"]  # type: ignore[index]
    with pytest.raises(FieldappError) as info:  # one unit only: not a joint action
        records.assign_joint_action(ws, cid, officers, ["market"], TODAY, head)
    assert info.value.msg.code == "joint.invalid"
    assert ws.store.one("SELECT count(*) AS n FROM audit_log")["n"] == before  # type: ignore[index]
    action = records.assign_joint_action(ws, cid, officers[:1] + market, ["market"], TODAY, head, note="联合")
    assert action["area_key"] == area and action["departments"] == ["market"] and len(action["officers"]) == 2
    row = ws.store.one("SELECT joint_action_id FROM cases WHERE id = ?", (cid,))
    assert row is not None and row["joint_action_id"] == action["id"]
    assert ws.store.one("SELECT count(*) AS n FROM outbox WHERE entity = 'joint_action'")["n"] == 1  # type: ignore[index]
    assert verify_chain(ws.store).ok


def test_review_rules_and_decision_gate(ws: Workspace) -> None:
    township = "湖源乡" if ws.jurisdiction.key == "shaxian" else "仑苍镇"
    cid, officers = _case(ws, township, fine=200_000, to="notified")
    reviewer = _role(ws, "legal_reviewer")
    assert ws.store.one("SELECT review_required FROM cases WHERE id = ?", (cid,))["review_required"] == 1  # type: ignore[index]
    assert not records.can_issue_decision(ws, cid).ok
    with pytest.raises(FieldappError) as info:
        records.review(ws, cid, "passed", "", reviewer, TODAY)
    assert info.value.msg.code == "review.not_submitted"
    casework.transition(ws, cid, "legal_review")
    assert [c["id"] for c in records.review_queue(ws)] == [cid]
    set_roles(ws.store, officers[0], ["officer", "legal_reviewer"])  # a reviewer, but a case officer too
    with pytest.raises(FieldappError) as info:
        records.review(ws, cid, "passed", "", officers[0], TODAY)
    assert info.value.msg.code == "review.own_case"
    with pytest.raises(FieldappError) as info:
        records.review(ws, cid, "returned", " ", reviewer, TODAY)
    assert info.value.msg.code == "review.reason_missing"
    back = records.review(ws, cid, "returned", "证据不足", reviewer, TODAY)
    assert back["state"] == "investigating" and back["review_note"] == "证据不足"
    verdict = records.can_issue_decision(ws, cid)
    assert not verdict.ok and "第五十八条" in verdict.msg.zh
    casework.transition(ws, cid, "notified")
    casework.transition(ws, cid, "legal_review")
    done = records.review(ws, cid, "passed", "", reviewer, TODAY)
    assert done["review_outcome"] == "passed" and done["reviewed_by"] == reviewer
    assert done["reviewed_on"] == TODAY.isoformat()
    assert records.can_issue_decision(ws, cid).ok and records.review_queue(ws) == []



def test_county_actions_need_their_roles(ws: Workspace, tmp_path: Path) -> None:
    """The core refuses a county action to an officer without its role (not only the UI), before writing."""
    jur = ws.jurisdiction
    township = "湖源乡" if jur.key == "shaxian" else "仑苍镇"
    area = jur.area_of(township).key
    other = next(k for k in jur.areas if k != area)
    cid, officers = _case(ws, township, fine=200_000, to="notified")
    casework.transition(ws, cid, "legal_review")
    market = add_officer(ws.store, name="市监乙", cert_no="M2", unit="市场监管局", password="secret12",
                         cert_valid_until=TODAY + timedelta(days=90), department="market")
    far_head = _role(ws, "area_head", township=jur.areas[other].townships[0])  # the 片长 of another area
    team_lead = _role(ws, "team_lead", township=township)
    reviewer, bureau, head = _role(ws, "legal_reviewer"), _role(ws, "bureau"), _role(ws, "area_head")
    plan = InspectionPlan(area, TODAY.year, "market", (PlanItem(next(iter(ws.catalogue.matters)), 1, 0.5),))
    roster = tmp_path / "r.csv"
    roster.write_text("姓名,执法证号,乡镇\n何一,R-CSV-1," + township + "\n", encoding="utf-8")
    before = ws.store.one("SELECT count(*) AS n FROM audit_log")["n"]  # type: ignore[index]
    refused = {
        "assign, anonymous": (lambda: records.assign_joint_action(ws, cid, [officers[0], market], [], TODAY, None),
                              "role.actor_missing"),
        "assign, no role": (lambda: records.assign_joint_action(ws, cid, [officers[0], market], [], TODAY,
                                                                officers[0]), "role.forbidden"),
        "assign, other area": (lambda: records.assign_joint_action(ws, cid, [officers[0], market], [], TODAY,
                                                                   far_head), "role.other_area"),
        "assign, not a known officer": (lambda: records.assign_joint_action(ws, cid, [officers[0], market], [], TODAY,
                                                                            "head"), "role.actor_unknown"),
        "review by the 片长": (lambda: records.review(ws, cid, "passed", "", head, TODAY), "role.forbidden"),
        "review, anonymous": (lambda: records.review(ws, cid, "passed", "", None, TODAY), "role.actor_missing"),
        "plan by the 片长": (lambda: records.save_plan(ws, plan, head), "role.forbidden"),
        "round by the reviewer": (lambda: records.run_round(ws, ["x"], "s", f"{TODAY.year}Q1", 1, reviewer, TODAY),
                                  "role.forbidden"),
        "roster import, anonymous": (lambda: records.import_roster(ws, roster, None), "role.actor_missing"),
    }
    for what, (call, code) in refused.items():
        with pytest.raises(FieldappError) as info:
            call()
        assert info.value.msg.code == code, what
        assert info.value.msg.zh and info.value.msg.en and info.value.msg.zh != info.value.msg.en
    assert ws.store.one("SELECT count(*) AS n FROM audit_log")["n"] == before  # type: ignore[index]
    with pytest.raises(FieldappError) as info:
        records.save_plan(ws, plan, head)
    assert "bureau" in info.value.msg.en and "片长" in info.value.msg.zh
    # The roles that may: the township's team lead (副片长 in 南安), the reviewer, the bureau office.
    assert records.assign_joint_action(ws, cid, [officers[0], market], [], TODAY, team_lead)["assigned_by"] == team_lead
    assert records.review(ws, cid, "passed", "", reviewer, TODAY)["reviewed_by"] == reviewer
    assert records.save_plan(ws, plan, bureau)
    assert records.import_roster(ws, roster, bureau)["imported"] == 1


def test_officer_ids_are_the_same_on_every_laptop(tmp_path: Path) -> None:
    """The township laptop registers its officer; the county laptop meets the same 执法证号 first in a roster
    import: both make the same id, so the later pull updates one officer instead of clashing on the 证号."""
    with Workspace.init(tmp_path / "town", "shaxian", "湖源乡") as town:
        oid = add_officer(town.store, name="陈志明", cert_no="35040588", unit="湖源乡综合执法队", password="secret12")
    with Workspace.init(tmp_path / "county", "shaxian", None) as county:
        path = tmp_path / "roster.csv"
        path.write_text("姓名,执法证号,乡镇\n陈志明,35040588,湖源乡\n", encoding="utf-8")
        assert records.import_roster(county, path, _role(county, "bureau"))["errors"] == []
        row = county.store.one("SELECT id FROM officers WHERE cert_no = '35040588'")
        assert row is not None and row["id"] == oid
        assert [e.officer_id for e in records.roster_entries(county)] == [oid]
    with Workspace.init(tmp_path / "other", "shaxian", "湖源乡") as other:
        assert add_officer(other.store, name="陈志明", cert_no=" 35040588 ", unit="湖源乡综合执法队",
                           password="secret12") == oid
    assert str(uuid.UUID(oid)) == oid and oid == officer_uuid("shaxian", "35040588")
    assert officer_uuid("nanan", "35040588") != oid  # another county's certificate of the same number


def test_subject_dispute_by_programme(ws: Workspace) -> None:
    township = "湖源乡" if ws.jurisdiction.key == "shaxian" else "仑苍镇"
    cid, _ = _case(ws, township)
    resolver = "urban" if ws.jurisdiction.key == "shaxian" else "justice"
    wrong = "justice" if resolver == "urban" else "urban"
    with pytest.raises(FieldappError) as info:
        records.record_subject_dispute(ws, cid, [township, "market"], "market", wrong, "", "head", TODAY)
    assert info.value.msg.code == "dispute.wrong_resolver"
    after = records.record_subject_dispute(ws, cid, [township, "market"], "market", resolver, "司法函〔2026〕3号",
                                           "head", TODAY)
    assert after["subject_key"] == "market" and after["subject_kind"] == "department"
    assert after["subject_dispute"]["decided_by"] == resolver
    assert after["subject_dispute"]["reference"] == "司法函〔2026〕3号"


# -- lists, plans, draws ----------------------------------------------------------------------------

def test_published_lists(ws: Workspace, tmp_path: Path) -> None:
    _load_roster(ws)
    area = next(iter(ws.jurisdiction.areas))
    for kind, suffix in (("personnel", ".csv"), ("personnel", ".pdf"), ("matters", ".xlsx")):
        row = records.publish_list(ws, area, kind, DAY, "bureau", tmp_path / f"{kind}{suffix}")
        assert Path(row["file"]).exists() and len(row["content_sha"]) == 64 and row["rows"] > 0
        assert row["content"]["kind"] == kind
    with pytest.raises(FieldappError):
        records.publish_list(ws, area, "personnel", DAY, "bureau", tmp_path / "x.doc")
    assert ws.store.one("SELECT count(*) AS n FROM published_lists")["n"] == 3  # type: ignore[index]



def test_matter_list_with_approved_additions(na: Workspace, tmp_path: Path) -> None:
    """南安 四(五): a matter outside the base list joins the published list once the bureau has approved it."""
    bureau = _role(na, "bureau")
    base = records.publish_list(na, "central", "matters", DAY, bureau)
    assert "JT-004" not in {r[1] for r in base["content"]["rows"]}
    add = ListAddition("JT-004", "transport", "市城市管理和综合执法局", date(2025, 5, 1), "南城执函〔2025〕12号")
    row = records.publish_list(na, "central", "matters", DAY, bureau, tmp_path / "m.csv", additions=[add])
    rows = {r[1]: r for r in row["content"]["rows"]}
    assert rows["JT-004"][9] == "由市交通运输局提请，经市城市管理和综合执法局审查同意纳入（2025-05-01，南城执函〔2025〕12号）"
    assert row["rows"] == base["rows"] + 1 and row["content_sha"] != base["content_sha"]
    assert "南城执函〔2025〕12号" in (tmp_path / "m.csv").read_text("utf-8-sig")
    for kind, bad, code in (("personnel", add, "lists.additions_kind"),
                            ("matters", replace(add, code="NO-SUCH"), "catalogue.unknown_matter"),
                            ("matters", replace(add, approved_on=DAY + timedelta(days=1)), "lists.not_yet_approved"),
                            ("matters", replace(add, requested_by="nobody"), "lists.approval_missing")):
        with pytest.raises(FieldappError) as info:
            records.publish_list(na, "central", kind, DAY, bureau, additions=[bad])
        assert info.value.msg.code == code
    assert na.store.one("SELECT count(*) AS n FROM published_lists")["n"] == 2  # type: ignore[index]


def _plan_setup(ws: Workspace) -> tuple[str, list[str], list[str]]:
    """Roster of one area (township staff + market + agri), parties, and two departments' plans."""
    jur = ws.jurisdiction
    area_key = jur.area_of("湖源乡" if jur.key == "shaxian" else "仑苍镇").key
    towns = jur.areas[area_key].townships
    entries = [officer(f"镇员{i}", None, township=towns[0]) for i in range(2)]
    entries += [officer(f"市监{i}", "market", area=area_key, mode="stationed") for i in range(2)]
    entries += [officer(f"农业{i}", "agri", area=area_key, mode="stationed") for i in range(2)]
    for e in entries:
        records.save_roster_entry(ws, e, "bureau")
    party_ids = [_party(ws, towns[i % len(towns)], f"商户{i}") for i in range(6)]
    market = next(m.code for m in ws.catalogue if m.category == "市场监管")
    agri = next(m.code for m in ws.catalogue if m.category == "农业")
    ids = [records.save_plan(ws, InspectionPlan(area_key, TODAY.year, dept, (PlanItem(code, 1, 0.5),)), _role(ws, "bureau"))
           for dept, code in (("market", market), ("agri", agri))]
    return area_key, ids, party_ids


def test_round_draws_merges_and_verifies(ws: Workspace) -> None:
    _, plan_ids, _ = _plan_setup(ws)
    result = records.run_round(ws, plan_ids, "seed-1", f"{TODAY.year}Q1", 1, _role(ws, "bureau"), TODAY)
    assert len(result["draws"]) == 2 and result["problems"] == [] and result["redraw_of"] == []
    made = ws.store.query("SELECT id, plan_id, township, status, party_id FROM inspections")
    assert made and all(r["status"] == "planned" for r in made)
    draw_ids = {d["id"] for d in result["draws"]}
    assert {r["plan_id"] for r in made} <= draw_ids
    # 综合查一次: one visit per target, however many departments drew it.
    assert len({r["party_id"] for r in made}) == len(made)
    both = [v for v in result["visits"] if len(v["matters_by_department"]) == 2]
    for v in both:
        codes = ws.store.query("SELECT matter_code FROM inspection_matters WHERE inspection_id = ?", (v["inspection_id"],))
        assert len(codes) == 2
    for d in result["draws"]:
        assert records.verify_draw(ws, d["id"]) == []
    assert [d["record"]["over_limit"] for d in records.draws_of(ws)] == [[], []]  # within the plans' frequency
    assert ws.store.one("SELECT count(*) AS n FROM outbox WHERE entity = 'draw'")["n"] == 2  # type: ignore[index]
    # A re-draw is a second record; the first stays and its planned visits are voided.
    again = records.run_round(ws, plan_ids, "seed-2", f"{TODAY.year}Q1", 1, _role(ws, "bureau"), TODAY)
    assert sorted(again["redraw_of"]) == sorted(draw_ids)
    assert ws.store.one("SELECT count(*) AS n FROM draws")["n"] == 4  # type: ignore[index]
    voided = ws.store.query("SELECT plan_id FROM inspections WHERE status = 'voided'")
    assert {r["plan_id"] for r in voided} == {r["plan_id"] for r in made}
    assert set(again["inspections"]) == {r["id"] for r in ws.store.query(
        "SELECT id FROM inspections WHERE status = 'planned'")}
    assert verify_chain(ws.store).ok


def test_tampered_draw_is_caught(sx: Workspace) -> None:
    _, plan_ids, _ = _plan_setup(sx)
    result = records.run_round(sx, plan_ids, "seed-1", f"{TODAY.year}Q1", 1, _role(sx, "bureau"), TODAY)
    did = result["draws"][0]["id"]
    row = sx.store.one("SELECT record FROM draws WHERE id = ?", (did,))
    assert row is not None
    record = json.loads(row["record"])
    record["result"]["drawn"].reverse()
    record["result"]["drawn"][0]["inspectors"] = ["someone-else", "another"]
    with sx.store.database.write() as conn:
        conn.execute("UPDATE draws SET record = ? WHERE id = ?", (json.dumps(record), did))
    problems = records.verify_draw(sx, did)
    assert problems and any("审计" in p or "audit" in p for p in problems)


def test_seed_commitment_and_yearly_limit(na: Workspace) -> None:
    area_key, _, party_ids = _plan_setup(na)
    code = next(m.code for m in na.catalogue if m.category == "文化市场")
    pid = records.save_plan(na, InspectionPlan(area_key, TODAY.year, "culture", (PlanItem(code, 1, 1.0),)),
                            _role(na, "bureau"), seed="published-seed")
    with pytest.raises(FieldappError) as info:
        records.run_round(na, [pid], "another-seed", f"{TODAY.year}Q1", 1, _role(na, "bureau"), TODAY)
    assert info.value.msg.code == "draw.seed_commitment"
    # A target inspected already this year is over its limit of one visit once drawn again.
    staff = [e.officer_id for e in records.roster_entries(na) if e.department is None]
    town = na.store.one("SELECT township FROM parties WHERE id = ?", (party_ids[0],))["township"]  # type: ignore[index]
    start = f"{TODAY.year}-01-02T09:00"
    na.create_inspection(InspectionInput(township=town, officers=staff, party_id=party_ids[0], status="final",
                                         matters=[MatterFinding(code, "检查", True)], started_at=start,
                                         ended_at=f"{TODAY.year}-01-02T10:00", result="compliant"))
    result = records.run_round(na, [pid], "published-seed", f"{TODAY.year}Q1", 1, _role(na, "bureau"),
                               date(TODAY.year, 1, 5))
    assert [o["target"] for o in result["over_limit"]] == [party_ids[0]]
    assert result["over_limit"][0]["visits"] == 2 and result["over_limit"][0]["limit"] == 1
    # The flag is kept with the draw's record (synced, audited), and the record still verifies.
    stored = records.draws_of(na, pid)
    assert stored[-1]["id"] == result["draws"][0]["id"]
    assert stored[-1]["record"]["over_limit"] == [{"target": party_ids[0], "visits": 2, "limit": 1}]
    assert result["draws"][0]["over_limit"] == stored[-1]["record"]["over_limit"]
    assert records.verify_draw(na, stored[-1]["id"]) == []


# -- attendance, quarterly, ratings -----------------------------------------------------------------

def test_quarterly_counts_and_export(ws: Workspace, tmp_path: Path) -> None:
    township = "湖源乡" if ws.jurisdiction.key == "shaxian" else "仑苍镇"
    area = ws.jurisdiction.area_of(township)
    cid, _ = _case(ws, township, fine=200_000, to="notified")
    records.escalate(ws, cid, "重大案件", "town")
    casework.transition(ws, cid, "legal_review")
    records.review(ws, cid, "passed", "", _role(ws, "legal_reviewer"), TODAY)
    e = officer("市监下沉", "market", area=area.key, mode="stationed")
    records.save_roster_entry(ws, e, "bureau")
    oid = records.roster_entries(ws)[0].officer_id
    for d in (TODAY, TODAY, TODAY - timedelta(days=400)):
        records.record_attendance(ws, oid, d, area.key, "head")
    assert ws.store.one("SELECT count(*) AS n FROM attendance")["n"] == 2  # type: ignore[index]
    y, q = TODAY.year, (TODAY.month - 1) // 3 + 1
    report = records.quarterly(ws, y, q)
    assert report.row("officers", "市监下沉")["出勤天数"] == 1
    assert report.row("areas", area.name)["报片长"] == 1
    town_rows = [r for r in report.townships if r[0] == township]
    assert sum(r[5] for r in town_rows) == 1  # reviewed
    for suffix in (".xlsx", ".pdf"):
        assert records.export_quarterly(ws, y, q, tmp_path / f"q{suffix}").stat().st_size > 0


def test_rating_rule_nanan_only(ws: Workspace) -> None:
    e = officer("挂钩乙", "natres", area=next(iter(ws.jurisdiction.areas)), mode="linked")
    records.save_roster_entry(ws, e, "bureau")
    oid = records.roster_entries(ws)[0].officer_id
    if ws.jurisdiction.key == "nanan":
        with pytest.raises(FieldappError) as info:
            records.rate(ws, oid, 2026, 1, "合格", "好", "head")
        assert info.value.msg.code == "evaluation.linked_officer"
        assert records.rate(ws, oid, 2026, 1, "合格", "较好", "head")["personal_grade"] == "较好"
        assert records.rate(ws, oid, 2026, 1, "优秀", "好", "head")["personal_grade"] == "好"
    else:  # 沙县 evaluates yearly: the quarterly rule is off
        assert records.rate(ws, oid, 2026, 1, "合格", "好", "head")["personal_grade"] == "好"
    assert ws.store.one("SELECT count(*) AS n FROM ratings")["n"] == 1  # type: ignore[index]
    with pytest.raises(FieldappError):
        records.rate(ws, oid, 2026, 1, "很好", None, "head")



def test_department_rating_rule_nanan_only(ws: Workspace, tmp_path: Path) -> None:
    """南安 四(三): "部门挂钩执法人员季度评价优秀人数低于一半以上的，该部门季度考评不得评为优秀等次"; 沙县 has no such rule."""
    area = next(iter(ws.jurisdiction.areas))
    for i in range(3):
        records.save_roster_entry(ws, officer(f"自然{i}", "natres", area=area, mode="linked"), "bureau")
    linked = sorted(e.officer_id for e in records.roster_entries(ws) if e.department == "natres")
    head, bureau = _role(ws, "area_head"), _role(ws, "bureau")
    for oid, rating in zip(linked, ("优秀", "合格", "合格"), strict=True):
        records.rate(ws, oid, 2026, 1, rating, None, head)
    with pytest.raises(FieldappError) as info:  # rating a department is the bureau's, not the 片长's
        records.rate_department(ws, "natres", 2026, 1, "良好", head)
    assert info.value.msg.code == "role.forbidden"
    if ws.jurisdiction.key == "nanan":
        with pytest.raises(FieldappError) as info:  # 1 of 3 rated 优秀: below half
            records.rate_department(ws, "natres", 2026, 1, "优秀", bureau)
        assert info.value.msg.code == "evaluation.department"
        assert "3人中评价优秀1人，低于一半" in info.value.msg.zh and "南政办〔2024〕31号" in info.value.msg.zh
        assert "1 of 3" in info.value.msg.en
        assert records.department_ratings(ws, 2026, 1) == {}
        assert records.rate_department(ws, "natres", 2026, 1, "良好", bureau)["area_rating"] == "良好"
        records.rate(ws, linked[1], 2026, 1, "优秀", None, head)  # 2 of 3: no longer below half
    row = records.rate_department(ws, "natres", 2026, 1, "优秀", bureau)
    assert row["officer_id"] == records.DEPARTMENT_ROW and row["department"] == "natres" and row["rated_by"] == bureau
    assert records.department_ratings(ws, 2026, 1) == {"natres": "优秀"}
    assert ws.store.one("SELECT count(*) AS n FROM ratings WHERE officer_id = ''")["n"] == 1  # type: ignore[index]
    assert len(records.ratings(ws, 2026, 1)) == 3  # the officers' rows only
    with pytest.raises(FieldappError) as info:
        records.rate_department(ws, "nobody", 2026, 1, "优秀", bureau)
    assert info.value.msg.code == "jurisdiction.unknown_department"
    assert ws.store.one("SELECT count(*) AS n FROM outbox WHERE entity = 'rating'")["n"] >= 4  # type: ignore[index]
    assert verify_chain(ws.store).ok


def test_penalty_decision_waits_for_review(tmp_path: Path) -> None:
    from fieldapp.demo import build_demo
    from fieldapp.forms import lifecycle

    build_demo(tmp_path / "demo", "nanan", inspections=4)
    with Workspace.open(tmp_path / "demo") as w:
        row = w.store.one("SELECT id FROM cases WHERE state = 'notified' ORDER BY created_at LIMIT 1")
        assert row is not None
        cid = str(row["id"])
        casework.propose_penalty(w, cid, fine=200_000, penalties=["fine"])
        draft = lifecycle.new_document(w, "penalty_decision", case_id=cid,
                                       values={"evidence": "现场检查笔录、询问笔录", "fine": "200000"}).document
        with pytest.raises(FieldappError) as info:
            lifecycle.issue_document(w, draft["id"])
        assert info.value.msg.code == "decision.review_pending"
        assert "第五十八条" in info.value.msg.zh and "art. 58" in info.value.msg.en
        assert w.store.one("SELECT status FROM documents WHERE id = ?", (draft["id"],))["status"] == "draft"  # type: ignore[index]
        reviewer = w.store.one("SELECT id FROM officers WHERE roles LIKE '%legal_reviewer%'")
        assert reviewer is not None
        casework.transition(w, cid, "legal_review")
        records.review(w, cid, "passed", "事实清楚", str(reviewer["id"]), TODAY)
        issued = lifecycle.issue_document(w, draft["id"]).document
        assert issued["status"] == "issued" and issued["number"]


def test_migration_keeps_cases_audited_before_it_verifiable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldapp.store import migrations

    monkeypatch.setattr(migrations, "MIGRATIONS", [m for m in migrations.MIGRATIONS if m[0] < 5])
    with Workspace.init(tmp_path / "old", "shaxian", "湖源乡") as old:
        cid, _ = _case(old, "湖源乡")
    monkeypatch.undo()
    with Workspace.open(tmp_path / "old") as w:
        assert w.store.one("SELECT max(version) AS v FROM schema_migrations")["v"] >= 5  # type: ignore[index]
        assert verify_chain(w.store).ok
        assert records.escalate(w, cid, "跨乡镇", "town")["escalated_on"] == TODAY.isoformat()
        assert verify_chain(w.store).ok
