"""The county side of the server: county-level enrolment, the read-only county reports, the public page.

Report tests put records into the server's `records` table with `put()` (what a
synced laptop leaves there: the entity's snapshot as payload) and run the real
CLI, on SQLite and PostgreSQL. Enrolment and the public page use a real server
process and real laptops.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from synctools import ServerProcess, make_laptop, new_pg_schema, pg_url, run_sync

from fieldapp.catalogue import load_catalogue
from fieldapp.county.draws import Inspector, draw
from fieldapp.county.entries import RosterEntry
from fieldapp.county.lists import matter_list, personnel_list
from fieldapp.county.quarterly import quarterly_report
from fieldapp.jurisdiction import load_jurisdiction
from fieldapp.keys import DeviceKeys
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer
from fieldapp.store.store import canonical, now_iso
from fieldapp.sync.device import enroll
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.db import next_feed
from fieldapp.sync.server_cli import main
from fieldapp.workspace import Workspace
from tests.rosters import NANAN_SPLIT, VALID, nanan_roster, officer, shaxian_roster

DAY = date(2026, 5, 10)


# -- a server data directory and records put straight into it ------------------------------------
class County:
    """A server data directory (no process) on one backend, and the CLI run in-process."""

    def __init__(self, path: Path, backend: str, jurisdiction: str) -> None:
        self.path = path
        self.db = new_pg_schema() if backend == "postgres" else None
        self.jurisdiction = jurisdiction
        assert self.run("init", "--jurisdiction", jurisdiction)[0] == 0

    def args(self) -> list[str]:
        return ["--data-dir", str(self.path), *(["--db", self.db] if self.db else [])]

    def run(self, *argv: str) -> tuple[int, str, str]:
        out, err = sys.stdout, sys.stderr
        import io

        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        try:
            code = main([*self.args(), *argv])
            return code, sys.stdout.getvalue(), sys.stderr.getvalue()
        finally:
            sys.stdout, sys.stderr = out, err

    def json(self, *argv: str) -> tuple[int, Any]:
        code, out, err = self.run(*argv, "--json")
        assert out.strip(), err
        return code, json.loads(out)

    def put(self, entity: str, entity_id: str, township: str | None, payload: dict[str, Any]) -> None:
        """What a synced laptop leaves on the server: the entity's latest snapshot."""
        payload = {"id": entity_id, **payload}
        text = canonical(payload)
        server = Server(self.path, self.db)
        try:
            with server.db.write() as conn:
                row = {"entity": entity, "entity_id": entity_id, "revision": 1, "township": township,
                       "payload": text, "payload_sha": "0" * 64, "author_key": "test", "author_device": "test",
                       "audit_seq": 1, "feed_seq": next_feed(conn), "updated_at": now_iso(), "conflict": 0,
                       "missing": 0}
                conn.execute(server.db.insert(t.records).values(rkey=f"{entity}:{entity_id}", **row)
                             .on_conflict_do_update(index_elements=["rkey"], set_=row))
        finally:
            server.close()

    def roster(self, entries: list[RosterEntry], inactive: tuple[str, ...] = ()) -> None:
        for e in entries:
            row = {**e.as_dict(), "certified": int(e.certified), "active": 0 if e.officer_id in inactive else 1}
            self.put("roster_entry", f"r-{e.officer_id}", e.township, row)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def county_backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and pg_url() is None:
        pytest.skip("PostgreSQL not reachable ($FIELDAPP_TEST_PG or .venv/pg-url)")
    return str(request.param)


@pytest.fixture
def nanan(tmp_path: Path, county_backend: str) -> County:
    return County(tmp_path / "nanan-server", county_backend, "nanan")


@pytest.fixture
def shaxian(tmp_path: Path, county_backend: str) -> County:
    return County(tmp_path / "shaxian-server", county_backend, "shaxian")


# -- roster check ---------------------------------------------------------------------------------
def test_shaxian_roster_check_township_minimum(shaxian: County) -> None:
    entries = shaxian_roster(load_jurisdiction("shaxian"))
    shaxian.roster(entries)
    code, out, _ = shaxian.run("roster", "check", "--date", DAY.isoformat())
    assert code == 0 and "未发现" in out
    # 湖源乡 loses one of its two officers: the entry is made inactive, which the check leaves out.
    gone = next(e for e in entries if e.township == "湖源乡" and e.department is None)
    shaxian.roster(entries, inactive=(gone.officer_id,))
    code, data = shaxian.json("roster", "check", "--date", DAY.isoformat())
    assert code == 1 and data["ok"] is False and data["split"] is None
    assert [(b["rule"], b["township"], b["actual"], b["required"]) for b in data["breaches"]] == [
        ("township_minimum", "湖源乡", 1, 2)]
    code, out, _ = shaxian.run("roster", "check", "--date", DAY.isoformat(), "--lang", "en")
    assert code == 1 and out.startswith("1 breach(es):") and "湖源乡" in out
    # An expired certificate on the date checked no longer counts either.
    code, data = shaxian.json("roster", "check", "--date", (VALID + timedelta(days=1)).isoformat())
    assert code == 1 and {b["rule"] for b in data["breaches"]} == {"township_minimum"}
    assert len(data["breaches"]) == len(load_jurisdiction("shaxian").townships)


def test_nanan_roster_check_ratio_split_and_linked(nanan: County) -> None:
    entries = nanan_roster(load_jurisdiction("nanan"))
    nanan.roster(entries)
    code, data = nanan.json("roster", "check", "--date", DAY.isoformat())
    assert code == 0 and data == {"ok": True, "breaches": [], "split": data["split"]}
    assert data["split"]["actual"] == "5:5:10"
    code, out, _ = nanan.run("roster", "check", "--date", DAY.isoformat())
    assert code == 0 and "5:5:10" in out
    # market: one stationed officer goes back (3 of 5 sent down, below 80 %) -> ratio breach and a 4:5:10 split
    # natres: one linked officer of 仑苍片区 loses the certificate -> linked_uncertified + linked_per_area
    market = next(e for e in entries if e.department == "market" and e.area_key == "central")
    natres = next(e for e in entries if e.department == "natres" and e.area_key == "luncang")
    changed = [RosterEntry(**{**e.__dict__, "mode": "none", "area_key": None}) if e is market else
               RosterEntry(**{**e.__dict__, "certified": False}) if e is natres else e for e in entries]
    nanan.roster(changed)
    code, data = nanan.json("roster", "check", "--date", DAY.isoformat())
    rules = {b["rule"]: b for b in data["breaches"]}
    assert code == 1 and {"sent_down_ratio", "linked_uncertified", "linked_per_area"} <= rules.keys()
    assert rules["sent_down_ratio"]["department"] == "market" and rules["sent_down_ratio"]["actual"] == 3
    assert rules["linked_per_area"]["area"] == "luncang" and rules["linked_per_area"]["actual"] == 1
    assert data["split"]["actual"] == "4:5:10"
    # A split well off 1:1:2 is a breach of its own: every team's officer of 南翼 moved to the centre.
    skewed = [RosterEntry(**{**e.__dict__, "area_key": "central"}) if e.area_key == "nanyi" and e.department
              in NANAN_SPLIT else e for e in entries]
    nanan.roster(skewed)
    code, data = nanan.json("roster", "check", "--date", DAY.isoformat())
    assert code == 1 and "split" in {b["rule"] for b in data["breaches"]} and data["split"]["actual"] == "10:0:10"


def test_roster_check_reports_an_unreadable_entry_and_bad_dates(nanan: County) -> None:
    nanan.roster(nanan_roster(load_jurisdiction("nanan")))
    nanan.put("roster_entry", "broken", None, {"officer_id": "x1", "name": "错误", "mode": "sometimes"})
    code, data = nanan.json("roster", "check", "--date", DAY.isoformat())
    assert code == 1 and data["breaches"][0]["rule"] == "roster_data" and data["breaches"][0]["code"] == "roster.bad_mode"
    code, _, err = nanan.run("roster", "check", "--date", "10/05/2026")
    assert code == 1 and "YYYY-MM-DD" in err and "日期" in err
    code, _, err = nanan.run("roster", "check", "--date", "10/05/2026", "--lang", "en")
    assert code == 1 and "must be a date" in err


def test_reports_on_a_server_not_set_up(tmp_path: Path) -> None:
    code = main(["--data-dir", str(tmp_path / "empty"), "roster", "check"])
    assert code == 1


# -- published lists ------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".pdf"])
def test_lists_export_personnel(nanan: County, tmp_path: Path, suffix: str) -> None:
    entries = nanan_roster(load_jurisdiction("nanan"))
    nanan.roster(entries)
    jur = load_jurisdiction("nanan")
    expected = personnel_list(jur, entries, "luncang", DAY)
    out = tmp_path / f"luncang{suffix}"
    code, data = nanan.json("lists", "export", "--area", "luncang", "--kind", "personnel", "--out", str(out),
                            "--date", DAY.isoformat())
    assert code == 0 and out.stat().st_size > 200
    assert data["sha256"] == expected.content_hash() and data["rows"] == len(expected.rows) > 0
    assert data["published"] is None
    if suffix == ".csv":
        text = out.read_bytes().decode("utf-8-sig")
        assert ("执法证号" in text and entries[0].cert_no in text) or "仑苍甲" in text


def test_lists_export_matters_and_the_published_copy(shaxian: County, tmp_path: Path) -> None:
    jur, cat = load_jurisdiction("shaxian"), load_catalogue()
    expected = matter_list(jur, cat, "area4", DAY)
    shaxian.put("published_list", "pl1", None, {"area_key": "area4", "kind": "matters", "on_date": DAY.isoformat(),
                                                "content": expected.as_dict(), "content_sha": expected.content_hash(),
                                                "published_by": "o1"})
    code, out, _ = shaxian.run("lists", "export", "--area", "area4", "--kind", "matters", "--out",
                               str(tmp_path / "m.xlsx"), "--date", DAY.isoformat())
    assert code == 0 and expected.content_hash() in out and "一致" in out
    code, data = shaxian.json("lists", "export", "--area", "area4", "--kind", "matters", "--out",
                              str(tmp_path / "m2.pdf"), "--date", (DAY + timedelta(days=1)).isoformat())
    assert code == 0 and data["published"]["same"] is False  # a new date is a new list
    code, _, err = shaxian.run("lists", "export", "--area", "nowhere", "--kind", "matters", "--out",
                               str(tmp_path / "x.csv"))
    assert code == 1 and "nowhere" in err and "片区" in err
    code, _, err = shaxian.run("lists", "export", "--area", "area4", "--kind", "matters", "--out",
                               str(tmp_path / "x.doc"), "--lang", "en")
    assert code == 1 and "Unsupported export format" in err


# -- draws ----------------------------------------------------------------------------------------------
def _draw_row(seed: str, targets: list[str], inspectors: list[Inspector], *, inputs: bool = True) -> dict[str, Any]:
    """A draw row as `records.run_round` writes it: the audit record plus the input lists."""
    d = draw(seed, targets, inspectors, ratio=0.5)
    row = {"plan_id": "plan1", "area_key": "luncang", "period": "2026Q2", "round_no": 2, "seed": seed,
           "record": d.audit_record(), "result_sha": d.result_hash(), "drawn_by": "o1"}
    if inputs:  # order does not matter; targets as Target dicts, inspectors as [id, unit, name]
        row["inputs"] = {"targets": [{"id": x, "name": "", "township": "仑苍镇", "matters": [], "complaints": 0,
                                      "abnormal": False} for x in reversed(targets)],
                         "inspectors": [[i.id, i.unit, i.name] for i in inspectors]}
    return row


def test_draw_verify(nanan: County) -> None:
    targets = [f"party-{i:02d}" for i in range(12)]
    for p in targets:
        nanan.put("party", p, "仑苍镇", {"kind": "organisation", "name": f"企业{p}", "township": "仑苍镇"})
    people = [Inspector("a", "market"), Inspector("b", "market"), Inspector("c", "township:仑苍镇"),
              Inspector("d", "agri")]
    nanan.roster([officer(n, None, township="仑苍镇", oid=n) for n in "abcd"])
    nanan.put("draw", "d1", None, _draw_row("seed-1", targets, people))
    code, out, _ = nanan.run("draw", "verify", "--all")
    assert code == 0 and "d1" in out and "可复现" in out
    code, data = nanan.json("draw", "verify", "d1")
    assert code == 0 and data["ok"] and data["draws"][0]["reproducible"] and data["draws"][0]["notes"] == []
    # Someone edits the stored result: caught. A record without its input lists cannot be re-run.
    bad = _draw_row("seed-2", targets, people)
    bad["record"]["result"]["drawn"][0]["target"] = "party-99"
    nanan.put("draw", "d2", None, bad)
    nanan.put("draw", "d3", None, _draw_row("seed-3", targets, people, inputs=False))
    # A directory changed after the draw: the recorded target list no longer hashes to the record.
    moved = _draw_row("seed-4", targets, people)
    moved["inputs"]["targets"] = moved["inputs"]["targets"][:-1]
    nanan.put("draw", "d4", None, moved)
    code, data = nanan.json("draw", "verify")
    by_id = {d["id"]: d for d in data["draws"]}
    assert code == 1 and not data["ok"] and by_id["d1"]["reproducible"]
    assert "draw.record_altered" in {p["code"] for p in by_id["d2"]["problems"]}
    assert {p["code"] for p in by_id["d3"]["problems"]} == {"draw.no_inputs"}
    assert "draw.targets_hash" in {p["code"] for p in by_id["d4"]["problems"]}
    code, out, _ = nanan.run("draw", "verify", "--lang", "en")
    assert code == 1 and "PROBLEM" in out and "cannot be re-run" in out
    code, _, err = nanan.run("draw", "verify", "nope")
    assert code == 1 and "nope" in err


# -- quarterly ------------------------------------------------------------------------------------------
def _quarter_data(c: County) -> dict[str, list[dict[str, Any]]]:
    entries = nanan_roster(load_jurisdiction("nanan"))
    c.roster(entries)
    linked = next(e for e in entries if e.mode == "linked" and e.area_key == "luncang")
    staff = next(e for e in entries if e.township == "仑苍镇")
    data: dict[str, list[dict[str, Any]]] = {
        "attendance": [{"id": f"at{i}", "officer_id": linked.officer_id, "on_date": d, "area_key": "luncang",
                        "township": "仑苍镇"} for i, d in enumerate(["2026-04-02", "2026-04-02", "2026-05-06",
                                                                    "2026-07-01"])],
        "joint_action": [{"id": "ja1", "case_id": "case1", "area_key": "luncang", "township": "仑苍镇",
                          "on_date": "2026-05-07", "officers": [linked.officer_id, staff.officer_id],
                          "departments": ["natres"], "note": "", "assigned_by": "head"}],
        "inspection": [{"id": "in1", "township": "仑苍镇", "status": "final", "started_at": "2026-05-07T09:00",
                        "officers": [{"officer_id": staff.officer_id, "role": "lead"}], "matters": []}],
        "case": [{"id": "case1", "township": "仑苍镇", "state": "decided", "filed_on": "2026-04-10",
                  "decided_on": "2026-05-20", "escalated": 1, "escalated_on": "2026-04-11", "area_key": "luncang",
                  "review_required": 1, "review_outcome": "passed", "reviewed_on": "2026-05-19",
                  "officers": [{"officer_id": staff.officer_id}], "matters": [], "category": "自然资源"}],
        "document": [{"id": "doc1", "case_id": "case1", "status": "issued", "issued_at": "2026-05-20T10:00",
                      "issued_by": staff.officer_id, "doc_type": "penalty_decision"}],
    }
    for entity, rows in data.items():
        for row in rows:
            c.put(entity, row["id"], row.get("township"), row)
    data["_entries"] = entries  # type: ignore[assignment]
    data["_ids"] = [linked.officer_id, staff.officer_id]  # type: ignore[list-item]
    return data


def test_quarterly_show_and_export(nanan: County, tmp_path: Path) -> None:
    data = _quarter_data(nanan)
    code, shown = nanan.json("quarterly", "show", "--year", "2026", "--q", "2")
    assert code == 0 and shown["label"] == "2026年第2季度"
    expected = quarterly_report(
        load_jurisdiction("nanan"), data["_entries"], 2026, 2,  # type: ignore[arg-type]
        attendance=[{**r, "date": r["on_date"]} for r in data["attendance"]],
        actions=[{**r, "date": r["on_date"]} for r in data["joint_action"]], inspections=data["inspection"],
        cases=data["case"], documents=data["document"], catalogue=load_catalogue())
    tables = shown["tables"]
    assert sorted(tables[0]["rows"]) == sorted(list(r) for r in expected.officers)  # the server sorts the roster
    assert tables[1]["rows"] == [list(r) for r in expected.areas]
    linked_name = next(e.name for e in data["_entries"] if e.officer_id == data["_ids"][0])  # type: ignore[attr-defined]
    row = dict(zip(tables[0]["columns"], next(r for r in tables[0]["rows"] if r[0] == linked_name), strict=True))
    assert row["出勤天数"] == 2 and row["参加联合行动"] == 1  # two distinct days in Q2; July is Q3
    area = dict(zip(tables[1]["columns"], next(r for r in tables[1]["rows"] if r[0] == "仑苍片区"), strict=True))
    assert (area["联合行动"], area["检查"], area["立案"], area["报片长"], area["制发文书"]) == (1, 1, 1, 1, 1)
    assert tables[2]["rows"] == [["仑苍镇", "自然资源", 1, 0, 1, 1]]
    for suffix in (".xlsx", ".pdf"):
        out = tmp_path / f"q{suffix}"
        code, info = nanan.json("quarterly", "export", "--year", "2026", "--q", "2", "--out", str(out))
        assert code == 0 and out.stat().st_size > 500 and info["label"] == "2026年第2季度"
    code, _, err = nanan.run("quarterly", "export", "--year", "2026", "--q", "5", "--out", str(tmp_path / "q.xlsx"))
    assert code == 1 and "季度" in err


# -- queues ---------------------------------------------------------------------------------------------
def test_queues(nanan: County) -> None:
    cases: list[dict[str, Any]] = [
        {"id": "c-old", "township": "仑苍镇", "state": "investigating", "escalated": 1, "area_key": "luncang",
         "filed_on": "2026-03-01", "title": "跨乡镇非法采砂", "review_required": 0},
        {"id": "c-new", "township": "英都镇", "state": "filed", "escalated": 1, "area_key": None,
         "filed_on": "2026-04-01", "title": "重大案件", "review_required": 1},
        {"id": "c-closed", "township": "仑苍镇", "state": "closed", "escalated": 1, "area_key": "luncang",
         "filed_on": "2026-01-01", "title": "已结", "review_required": 0},
        {"id": "c-other", "township": "水头镇", "state": "filed", "escalated": 1, "area_key": "nanyi",
         "filed_on": "2026-02-01", "title": "南翼", "review_required": 0},
        {"id": "c-review", "township": "水头镇", "state": "legal_review", "escalated": 0, "filed_on": "2026-02-02",
         "title": "待审", "review_required": 1, "review_outcome": None},
        {"id": "c-passed", "township": "水头镇", "state": "legal_review", "escalated": 0, "filed_on": "2026-02-03",
         "title": "已审", "review_required": 1, "review_outcome": "passed"},
    ]
    for c in cases:
        nanan.put("case", c["id"], c["township"], {**c, "officers": [], "matters": []})
    code, rows = nanan.json("queue", "area", "luncang")
    assert code == 0 and [r["id"] for r in rows] == ["c-old", "c-new"]
    code, rows = nanan.json("queue", "review")
    assert code == 0 and [r["id"] for r in rows] == ["c-review"]
    code, out, _ = nanan.run("queue", "area", "central", "--lang", "en")
    assert code == 0 and "empty" in out
    code, _, err = nanan.run("queue", "area", "nowhere")
    assert code == 1 and "nowhere" in err


# -- county-level enrolment --------------------------------------------------------------------------
def _county_laptop(path: Path, server: ServerProcess) -> Path:
    ws = Workspace.init(path, "shaxian", None)  # a county-level laptop has no township
    try:
        until = date.today() + timedelta(days=365)
        for town in ("湖源乡", "凤岗街道"):
            ids = [add_officer(ws.store, name=f"{town}{n}", cert_no=f"C{town}{n}", unit=f"{town}综合执法队",
                               password="secret12", cert_valid_until=until, township=town) for n in "甲乙"]
            codes = sorted(ws.catalogue.matters)
            ws.create_inspections([InspectionInput(township=town, officers=ids, matters=[MatterFinding(codes[0], "现场检查", True)],
                                                   place=f"县级检查{town}", started_at="2026-05-07T09:00",
                                                   ended_at="2026-05-07T09:30", result="compliant", status="final")])
    finally:
        ws.close()
    code = server.cli("enroll-code", "--county").stdout.strip()
    info = enroll(path, server.url, code, retries=2, backoff=0.05)
    assert info["township"] is None and info["area"] is None
    return path


def test_county_device_syncs_every_township(tmp_path: Path, server: ServerProcess) -> None:
    county = _county_laptop(tmp_path / "county", server)
    assert DeviceKeys(county).cert().body["township"] is None
    devices = json.loads(server.cli("devices", "--json").stdout)
    assert [d["township"] for d in devices] == [None]
    hy = make_laptop(tmp_path / "huyuan", server, "湖源乡", inspections=2, photos=1, seed=81)
    fg = make_laptop(tmp_path / "fenggang", server, "凤岗街道", inspections=2, photos=0, seed=82)
    report = run_sync(county)
    assert report["status"] == "ok" and report["pushed"].get("rejected", 0) == 0 and report["pushed"]["accepted"] >= 6
    for laptop in (hy, fg):
        assert run_sync(laptop)["status"] == "ok"
    assert run_sync(county)["status"] == "ok"
    with Workspace.open(county) as ws:  # the county laptop now holds both townships' inspections
        towns = {r["place"]: r["township"] for r in ws.store.query("SELECT place, township FROM inspections")}
    assert {"湖源乡", "凤岗街道"} <= set(towns.values()) and len(towns) == 6
    with Workspace.open(hy) as ws:  # a township laptop still sees only its area (湖源乡 is in area4)
        places = {r["place"] for r in ws.store.query("SELECT place FROM inspections")}
        assert "县级检查湖源乡" in places and "县级检查凤岗街道" not in places
        stray = ws.create_inspection(InspectionInput(township="凤岗街道", officers=[
            r["id"] for r in ws.store.query("SELECT id FROM officers WHERE township = '湖源乡' LIMIT 2")],
            matters=[MatterFinding(sorted(ws.catalogue.matters)[0])], place="越界"))
    report = run_sync(hy)
    assert report["pushed"]["rejected"] == 1
    with Workspace.open(hy) as ws:
        row = ws.store.one("SELECT status FROM outbox WHERE entity_id = ?", (stray,))
        assert row is not None and row["status"] == "quarantined"
    # A county code cannot enroll a laptop set up for a township, and the reverse mismatch is refused too.
    other = tmp_path / "other"
    Workspace.init(other, "shaxian", "湖源乡").close()
    with pytest.raises(Exception, match=r"县级|county"):
        enroll(other, server.url, server.cli("enroll-code", "--county").stdout.strip(), retries=0)


def test_enroll_code_arguments(tmp_path: Path) -> None:
    data = tmp_path / "srv"
    assert main(["--data-dir", str(data), "init", "--jurisdiction", "nanan"]) == 0
    proc = subprocess.run([sys.executable, "-m", "fieldapp.sync.server_cli", "--data-dir", str(data), "enroll-code"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "--township" in proc.stderr and "--county" in proc.stderr
    proc = subprocess.run([sys.executable, "-m", "fieldapp.sync.server_cli", "--data-dir", str(data), "enroll-code",
                           "--county", "--township", "仑苍镇"], capture_output=True, text=True)
    assert proc.returncode == 2
    proc = subprocess.run([sys.executable, "-m", "fieldapp.sync.server_cli", "--data-dir", str(data), "--json",
                           "enroll-code", "--county"], capture_output=True, text=True)
    assert proc.returncode == 0 and json.loads(proc.stdout)["county"] is True


def _v1_enroll_codes(conn: Any) -> None:
    """The table as schema version 1 made it: township NOT NULL."""
    conn.exec_driver_sql("DROP TABLE enroll_codes")
    conn.exec_driver_sql("CREATE TABLE enroll_codes (code_sha VARCHAR(64) NOT NULL PRIMARY KEY, township TEXT NOT NULL, "
                         "created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, used_by TEXT)")
    conn.exec_driver_sql("INSERT INTO enroll_codes VALUES ('aa', '湖源乡', '2026-01-01', '2026-01-04', NULL, NULL)")
    conn.exec_driver_sql("DELETE FROM schema_version WHERE version >= 2")


def test_migration_2_lets_a_version_1_database_hold_county_codes(tmp_path: Path, county_backend: str) -> None:
    db = new_pg_schema() if county_backend == "postgres" else None
    server = Server(tmp_path / "srv", db)
    with server.db.write() as conn:
        _v1_enroll_codes(conn)
    server.close()
    if db is None:
        raw = sqlite3.connect(tmp_path / "srv" / "server.db")
        assert raw.execute("SELECT \"notnull\" FROM pragma_table_info('enroll_codes') WHERE name = 'township'"
                           ).fetchone() == (1,)
        raw.close()
    server = Server(tmp_path / "srv", db)  # migrates to version 2
    try:
        assert main(["--data-dir", str(tmp_path / "srv"), *(["--db", db] if db else []), "init",
                     "--jurisdiction", "shaxian"]) == 0
        from fieldapp.sync.server import devices

        devices.new_code(server, None)
        with server.db.read() as conn:
            rows = conn.exec_driver_sql("SELECT code_sha, township FROM enroll_codes ORDER BY created_at").all()
            version = conn.exec_driver_sql("SELECT max(version) FROM schema_version").scalar()
        assert rows[0] == ("aa", "湖源乡") and rows[1][1] is None and version == 2
    finally:
        server.close()


# -- the public verification page --------------------------------------------------------------------
@pytest.fixture
def issued(tmp_path: Path, demo_template: Path, server: ServerProcess) -> Iterator[dict[str, Any]]:
    """A demo laptop enrolled with the real server, one notice issued and synced."""
    pytest.importorskip("fieldapp.forms.verify")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "forms"))
    try:
        from doc_helpers import make_document
    finally:
        sys.path.pop(0)
    from fieldapp.forms import lifecycle
    from fieldapp.forms.spec import load_spec

    laptop = tmp_path / "laptop"
    shutil.copytree(demo_template, laptop)
    enroll(laptop, server.url, server.code("湖源乡"), retries=2, backoff=0.05)
    with Workspace.open(laptop) as ws:
        doc, _ = make_document(ws, "penalty_on_the_spot", tmp_path)
        text = lifecycle.qr_text(ws, doc, load_spec(doc["doc_type"]), DeviceKeys(laptop))
        party = ws.store.one("SELECT * FROM parties WHERE name = ?", (doc["content"]["party_name"],))
    assert run_sync(laptop)["status"] == "ok"
    yield {"laptop": laptop, "doc": doc, "payload": text.rsplit("/v/", 1)[1], "party": dict(party or {}),
           "content": doc["content"]}


def _private(info: dict[str, Any]) -> list[str]:
    party, content = info["party"], info["content"]
    values = [party.get("name"), party.get("uscc"), party.get("id_number"), party.get("phone"), party.get("address"),
              content.get("party_name"), content.get("party_id_number"), content.get("party_uscc"),
              content.get("party_address"), content.get("party_phone")]
    return [str(v) for v in values if v and len(str(v)) >= 2]


def test_public_page_valid_then_voided_and_nothing_private(issued: dict[str, Any], server: ServerProcess) -> None:
    from fieldapp.forms import lifecycle

    url = f"{server.url}/v/{issued['payload']}"
    page, data = httpx.get(url), httpx.get(url + "?format=json").json()
    assert page.status_code == 200 and data["status"] == "valid" and data["valid"] is True
    doc = issued["doc"]
    assert data["document"]["number"] == doc["number"] and data["document"]["title"] == "当场行政处罚决定书"
    assert data["document"]["issuing_body"] == "三明市沙县区湖源乡人民政府"
    for text in ("文书真实有效", doc["number"], "三明市沙县区湖源乡人民政府", "当场行政处罚决定书",
                 str(doc["issued_at"])[:10], "有效"):
        assert text in page.text
    private = _private(issued)
    assert issued["content"]["party_name"] in private
    for secret in private:  # neither the page nor its JSON names the party
        assert secret not in page.text and secret not in json.dumps(data, ensure_ascii=False), secret
    with Workspace.open(issued["laptop"]) as ws:
        lifecycle.void_document(ws, doc["id"], f"当事人{issued['content']['party_name']}信息有误")
    assert run_sync(issued["laptop"])["status"] == "ok"
    page, data = httpx.get(url), httpx.get(url + "?format=json").json()
    assert data["status"] == "voided" and data["valid"] is False and data["genuine"] is True
    assert "已作废" in page.text and "VOIDED" in page.text and doc["number"] in page.text
    for secret in private:  # the void reason names the party: it is not shown
        assert secret not in page.text and secret not in json.dumps(data, ensure_ascii=False), secret


def test_public_page_superseded(issued: dict[str, Any], server: ServerProcess) -> None:
    from fieldapp.forms import lifecycle

    doc = issued["doc"]
    with Workspace.open(issued["laptop"]) as ws:
        new = lifecycle.supersede_document(ws, doc["id"], "金额更正").document
        corrected = lifecycle.issue_document(ws, new["id"]).document
    assert run_sync(issued["laptop"])["status"] == "ok"
    url = f"{server.url}/v/{issued['payload']}"
    page, data = httpx.get(url), httpx.get(url + "?format=json").json()
    assert data["status"] == "superseded" and data["valid"] is False
    assert data["document"]["corrected_number"] == corrected["number"]
    assert "已被更正" in page.text and corrected["number"] in page.text
    for secret in _private(issued):
        assert secret not in page.text, secret


def test_public_page_tampered_record_on_server(issued: dict[str, Any], server: ServerProcess) -> None:
    """A county record whose number differs from the signed one: not genuine."""
    engine = server.engine()
    try:
        with engine.begin() as conn:
            rkey = f"document:{issued['doc']['id']}"
            raw = conn.exec_driver_sql("SELECT payload FROM records WHERE rkey = %s" if engine.dialect.name ==
                                       "postgresql" else "SELECT payload FROM records WHERE rkey = ?", (rkey,)).scalar()
            doc = {**json.loads(raw), "number": "伪造〔2026〕9号"}
            conn.exec_driver_sql("UPDATE records SET payload = %s WHERE rkey = %s" if engine.dialect.name ==
                                 "postgresql" else "UPDATE records SET payload = ? WHERE rkey = ?",
                                 (canonical(doc), rkey))
    finally:
        engine.dispose()
    data = httpx.get(f"{server.url}/v/{issued['payload']}?format=json").json()
    assert data["status"] == "invalid" and "number_mismatch" in {m["code"] for m in data["reasons"]}


# -- the real path: a county laptop writes, syncs, and the server reports --------------------------------
def test_county_laptop_records_reach_the_server_reports(tmp_path: Path, server: ServerProcess) -> None:
    """Roster, plan, draw, published list and attendance made on a county laptop (fieldapp.county.records),
    pushed by the normal sync: the server's reports agree with the laptop's."""
    records = pytest.importorskip("fieldapp.county.records")
    from fieldapp.county.plans import InspectionPlan, PlanItem
    from fieldapp.store.parties import PartyInput, add_party

    today = date.today()
    laptop = tmp_path / "county"
    with Workspace.init(laptop, "shaxian", None) as ws:
        until, n = today + timedelta(days=400), 0
        for tw in ws.jurisdiction.townships.values():
            for s in "甲乙":
                n += 1
                records.save_roster_entry(ws, RosterEntry("", f"{tw.short_name}{s}", None, f"C{n:05d}", until,
                                                          tw.area, tw.name), None)
        for key, area in ws.jurisdiction.areas.items():
            n += 1
            records.save_roster_entry(ws, RosterEntry("", f"{area.name}市监", "market", f"C{n:05d}", until, key, None,
                                                      "stationed"), None)
        for i in range(6):
            add_party(ws.store, PartyInput(kind="organisation", name=f"湖源测试企业{i}", township="湖源乡"))
        # Plans and draws are the bureau office's to make (fieldapp.county.permissions), never anonymous.
        bureau = add_officer(ws.store, name="县局办公室", cert_no="C99999", unit="沙县综合行政执法局",
                             password="secret12", cert_valid_until=until, roles=["bureau"])
        plan = records.save_plan(ws, InspectionPlan("area4", today.year, "market",
                                                    (PlanItem(sorted(ws.catalogue.matters)[0], 4, 0.5),)), bureau)
        drawn = records.run_round(ws, [plan], "seed-e2e", f"{today.year}Q1", 1, bureau, today)
        published = records.publish_list(ws, "area4", "personnel", today, None)
        market4 = next(e for e in records.roster_entries(ws) if e.department == "market" and e.area_key == "area4")
        records.record_attendance(ws, market4.officer_id, today, "area4", None)
        year, q = (today.year, (today.month - 1) // 3 + 1)
        laptop_report = records.quarterly(ws, year, q)
    enroll(laptop, server.url, server.cli("enroll-code", "--county").stdout.strip(), retries=2, backoff=0.05)
    report = run_sync(laptop)
    assert report["status"] == "ok" and report["pushed"].get("rejected", 0) == 0
    assert server.cli("roster", "check").returncode == 0
    verified = json.loads(server.cli("draw", "verify", "--json").stdout)
    assert verified["ok"] and [d["id"] for d in verified["draws"]] == [d["id"] for d in drawn["draws"]]
    assert all(d["notes"] == [] for d in verified["draws"])  # the targets and inspectors are known on the server
    info = json.loads(server.cli("lists", "export", "--area", "area4", "--kind", "personnel", "--out",
                                 str(tmp_path / "p.csv"), "--json").stdout)
    assert info["published"]["same"] is True and info["sha256"] == published["content_sha"]
    shown = json.loads(server.cli("quarterly", "show", "--year", str(year), "--q", str(q), "--json").stdout)
    assert shown["tables"][0]["rows"] == [list(r) for r in laptop_report.officers]
    assert shown["tables"][1]["rows"] == [list(r) for r in laptop_report.areas]
