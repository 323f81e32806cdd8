"""Records across laptops: quarantine, conflicts side by side, a week offline, pulled decisions."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text
from synctools import ServerProcess, add_inspections, assert_consistent, make_laptop, run_sync

from fieldapp import casework
from fieldapp.keys import DeviceKeys
from fieldapp.store import numbers
from fieldapp.store.cases import CaseInput, update_row
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.parties import PartyInput, add_party
from fieldapp.workspace import Workspace


def officers(ws: Workspace) -> list[str]:
    return [r["id"] for r in ws.store.query("SELECT id FROM officers WHERE township = ? ORDER BY cert_no LIMIT 2",
                                            (ws.township,))]


def test_a_bad_record_is_quarantined_and_never_blocks_the_rest(tmp_path: Path, shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=3, photos=1)
    with Workspace.open(laptop) as ws:
        codes = sorted(ws.catalogue.matters)
        stray = ws.create_inspection(InspectionInput(township="南霞乡", officers=officers(ws),
                                                     matters=[MatterFinding(codes[0])], place="别的乡"))
        add_inspections(ws, officers(ws), 2, 0, seed=5)
    report = run_sync(laptop)
    assert report["status"] == "partial" and report["exit_code"] == 3
    assert report["pushed"]["rejected"] == 1 and report["pushed"]["accepted"] >= 8
    with Workspace.open(laptop) as ws:
        row = ws.store.one("SELECT status, reason FROM outbox WHERE entity_id = ?", (stray,))
        assert row is not None and row["status"] == "quarantined"
        assert json.loads(row["reason"])["code"] == "township_forbidden"
    again = run_sync(laptop)
    assert again["pushed"] == {} and again["batches"] == 0  # never sent again
    assert_consistent(shared_server, [laptop])


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_two_laptops_a_week_offline_either_order(tmp_path: Path, backend: str, order: str) -> None:
    server = ServerProcess(tmp_path / "server", backend).start()
    try:
        a = make_laptop(tmp_path / "a", server, inspections=2, photos=1, seed=1)
        with Workspace.open(a) as ws:
            party, _ = add_party(ws.store, PartyInput(kind="organisation", name="湖源王记农资店", township="湖源乡"))
        assert run_sync(a)["status"] == "ok"
        b = make_laptop(tmp_path / "b", server, inspections=2, photos=1, seed=2)
        assert run_sync(b)["status"] == "ok"  # B now holds A's officers, party and inspections
        year = date.today().year
        for laptop in (a, b):
            kid = DeviceKeys(laptop).cert().device_key_id
            server.cli("lease", "--device", kid, "--subject", "湖源乡", "--doc-type", "penalty_on_the_spot",
                       "--year", str(year), "--count", "20")
            assert run_sync(laptop)["leases"] == 1
        used: list[tuple[str, int]] = []
        for n, laptop in enumerate((a, b)):  # the week offline: records, photos, numbers, one shared party
            with Workspace.open(laptop) as ws:
                add_inspections(ws, officers(ws), 15, 3, seed=10 + n)
                with ws.store.change("陈志明") as ch:
                    for _ in range(12):
                        got = numbers.allocate(ch, subject_key="湖源乡", subject_short="湖源", doc_type="penalty_on_the_spot",
                                               code="罚", year=year, document_id=f"doc-{n}-{_}")
                        used.append((laptop.name, got.n))
                    update_row(ch, "party", party, "edit", phone=f"1380000000{n}")
        assert len({n for _, n in used}) == len(used), "a number was handed out twice"
        first, second = (a, b) if order == "ab" else (b, a)
        assert run_sync(first)["status"] == "ok"
        late = run_sync(second)
        assert late["status"] == "partial" and late["pushed"]["conflict"] == 1
        for laptop in (first, second):
            run_sync(laptop)
        facts = assert_consistent(server, [a, b])
        assert facts["incomplete"] == 0
        engine = server.engine()
        with engine.connect() as conn:
            kept = json.loads(conn.execute(text("SELECT payload FROM records WHERE rkey = :k"),
                                           {"k": f"party:{party}"}).scalar_one())
            side = conn.execute(text("SELECT payload, status FROM conflicts WHERE entity_id = :i"), {"i": party}).all()
            ranges = conn.execute(text("SELECT first, last, key_id FROM number_ranges WHERE subject_key = '湖源乡'"
                                       " AND doc_code = 'penalty_on_the_spot'")).all()
        engine.dispose()
        assert kept["phone"] == ("13800000000" if order == "ab" else "13800000001")  # the first to sync wins the slot
        assert len(side) == 1 and json.loads(side[0][0])["phone"] != kept["phone"] and side[0][1] == "open"
        for i, (f1, l1, k1) in enumerate(ranges):
            for f2, l2, k2 in ranges[i + 1:]:
                assert k1 == k2 or l1 < f2 or l2 < f1, "leased ranges of two devices overlap"
        with Workspace.open(second) as ws:
            assert ws.store.one("SELECT count(*) AS n FROM sync_conflicts")["n"] == 1  # type: ignore[index]
        for laptop in (a, b):  # no loss: each laptop now holds both laptops' inspections
            with Workspace.open(laptop) as ws:
                assert ws.store.one("SELECT count(*) AS n FROM inspections")["n"] == 34  # type: ignore[index]
        assert server.status()["conflicts"] == 1
    finally:
        server.stop()


def test_case_decision_and_review_travel_to_the_other_laptop(tmp_path: Path, shared_server: ServerProcess) -> None:
    a = make_laptop(tmp_path / "a", shared_server, inspections=1, photos=0, seed=31)
    with Workspace.open(a) as ws:
        codes = sorted(ws.catalogue.matters)
        case_id = casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", matters=[codes[0]],
                                                   officers=officers(ws), title="占道经营案"))
        casework.escalate(ws, case_id, "跨乡镇")
    assert run_sync(a)["status"] == "ok"
    b = make_laptop(tmp_path / "b", shared_server, inspections=1, photos=0, seed=32)
    assert run_sync(b)["status"] == "ok"
    with Workspace.open(b) as ws:
        pulled = ws.store.one("SELECT escalated, revision FROM cases WHERE id = ?", (case_id,))
        assert pulled is not None and pulled["escalated"] == 1
        with ws.store.change("许雅琴") as ch:
            update_row(ch, "case", case_id, "review", review_outcome="passed")
    assert run_sync(b)["status"] == "ok"
    report = run_sync(a)
    assert report["status"] == "ok" and report["pulled"]["applied"] >= 1
    with Workspace.open(a) as ws:
        row = ws.store.one("SELECT review_outcome, revision FROM cases WHERE id = ?", (case_id,))
        assert row is not None and row["review_outcome"] == "passed"
        assert ws.store.one("SELECT count(*) AS n FROM outbox WHERE status IN ('pending','sent')")["n"] == 0  # type: ignore[index]
        from fieldapp.store.audit import verify_chain

        assert verify_chain(ws.store).ok  # the pulled change is in the laptop's own audit chain
    assert_consistent(shared_server, [a, b])


def numbered_types() -> list[str]:
    from fieldapp.forms.spec import all_specs

    return [code for code, spec in all_specs().items() if spec.number_code]


def test_a_new_laptop_leases_a_block_for_every_numbered_document(tmp_path: Path, shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=1, photos=0, seed=95)
    year = date.today().year
    first = run_sync(laptop)
    assert first["status"] == "ok" and first["leases"] == len(numbered_types()) > 0, first
    with Workspace.open(laptop) as ws:
        for code in numbered_types():
            assert numbers.remaining(ws.store, "湖源乡", code, year) == 50, code
        with ws.store.change("陈志明") as ch:  # a penalty notice can be numbered on the spot now
            got = numbers.allocate(ch, subject_key="湖源乡", subject_short="湖源", doc_type="penalty_on_the_spot",
                                   code="综执当罚", year=year, document_id="doc-1")
        assert got.n >= 1 and not got.low
    second = run_sync(laptop)  # every type holds a block now: nothing more is asked for
    assert second["status"] == "ok" and second["leases"] == 0 and second["pushed"] == {"accepted": 1}
    assert_consistent(shared_server, [laptop])


def test_overlapping_number_blocks_are_a_conflict_the_laptop_learns(tmp_path: Path, server: ServerProcess) -> None:
    from synctools import run_cli

    from fieldapp.queries import Reader, sync_state

    year = date.today().year
    a = make_laptop(tmp_path / "a", server, inspections=1, photos=0, seed=91)
    b = make_laptop(tmp_path / "b", server, inspections=1, photos=0, seed=92)
    for laptop in (a, b):  # the county typed the same block into both laptops by hand (no network then)
        with Workspace.open(laptop) as ws:
            numbers.add_block(ws.store, subject_key="湖源乡", doc_type="penalty_on_the_spot", year=year, first=1,
                              last=50, source="manual")
    assert run_sync(a)["status"] == "ok"
    out = run_cli(b, "sync", "--json")
    report = json.loads(out.stdout)
    assert out.returncode == 3 and report["status"] == "partial", out.stdout + out.stderr
    assert report["pushed"]["conflict"] == 1
    overlap = [w for w in report["warnings"] if w["code"] == "number_overlap"]
    assert len(overlap) == 1 and overlap[0]["data"]["first"] == 1 and overlap[0]["data"]["last"] == 50
    assert overlap[0]["zh"] and "overlaps" in overlap[0]["en"]
    with Workspace.open(b) as ws:
        rows = ws.store.query("SELECT entity, reason FROM sync_conflicts")
        assert [(r["entity"], json.loads(r["reason"])["code"]) for r in rows] == [("number_block", "number_overlap")]
    reader = Reader.in_dir(b)
    try:  # what the sync panel lists
        problems = sync_state(reader).problems
    finally:
        reader.close()
    assert [(p["kind"], p["entity"]) for p in problems] == [("conflict", "number_block")] and "overlaps" in problems[0]["en"]
    engine = server.engine()
    with engine.connect() as conn:
        outcomes = conn.execute(text("SELECT c.outcome FROM changes c WHERE c.entity = 'number_block'"
                                     " AND c.device_id = :d"), {"d": _device(b)}).scalars().all()
        kept = conn.execute(text("SELECT conflict FROM records WHERE entity = 'number_block' AND author_device = :d"
                                 " AND payload LIKE '%penalty_on_the_spot%'"), {"d": _device(b)}).scalars().all()
    engine.dispose()
    assert "conflict" in outcomes and kept == [1]  # kept on the server, and flagged
    assert server.status()["conflicts"] == 1
    with Workspace.open(b) as ws, ws.store.change("陈志明") as ch:  # numbering goes on until the county acts
        numbers.allocate(ch, subject_key="湖源乡", subject_short="湖源", doc_type="penalty_on_the_spot",
                         code="综执当罚", year=year, document_id="doc-b-1")
    again = run_sync(b)  # the same overlap is not reported twice
    assert again["status"] == "ok" and again["pushed"] == {"accepted": 1}, again
    assert server.status()["conflicts"] == 1
    with Workspace.open(b) as ws:
        assert ws.store.one("SELECT count(*) AS n FROM sync_conflicts")["n"] == 1  # type: ignore[index]


def _device(laptop: Path) -> str:
    with Workspace.open(laptop) as ws:
        return ws.store.device_id


def test_a_pulled_item_that_cannot_be_applied_makes_the_sync_partial(tmp_path: Path, server: ServerProcess) -> None:
    # Its own server: the record put there below would wait on every later laptop of the township.
    from fieldapp.store import entities
    from fieldapp.store.store import new_id

    a = make_laptop(tmp_path / "a", server, inspections=1, photos=0, seed=93)
    b = make_laptop(tmp_path / "b", server, inspections=1, photos=0, seed=94)
    assert run_sync(b)["status"] == "ok"
    with Workspace.open(a) as ws:  # an inspection naming an officer that no laptop of this area can see
        row = ws.store.one("SELECT id FROM inspections LIMIT 1")
        assert row is not None
        snap = entities.snapshot(ws.store.conn, "inspection", row["id"])
    assert snap is not None
    rid = new_id()
    snap = {**snap, "id": rid, "officers": [{**o, "inspection_id": rid, "officer_id": "officer-elsewhere"}
                                            for o in snap["officers"]],
            "matters": [{**m, "inspection_id": rid} for m in snap["matters"]]}
    server.put_record("inspection", rid, "湖源乡", snap)
    report = run_sync(b)
    assert report["status"] == "partial" and report["exit_code"] == 3 and report["pulled"]["waiting"] == 1, report
    waiting = [w for w in report["warnings"] if w["code"] == "pull_waiting"]
    assert len(waiting) == 1 and waiting[0]["data"]["id"] == rid and "FOREIGN KEY" in waiting[0]["data"]["reason"]
    again = run_sync(b)  # retried on every pull, and said every time until it applies
    assert again["status"] == "partial" and [w["data"]["tries"] for w in again["warnings"]
                                             if w["code"] == "pull_waiting"] == [2]


def test_a_pulled_officer_with_a_local_officers_certificate_is_a_conflict_not_a_wedge(
        tmp_path: Path, shared_server: ServerProcess) -> None:
    from datetime import timedelta

    from fieldapp.store.officers import add_officer
    from fieldapp.store.store import new_id

    a = make_laptop(tmp_path / "a", shared_server, inspections=0, photos=0, seed=97)
    b = make_laptop(tmp_path / "b", shared_server, inspections=0, photos=0, seed=98)
    with Workspace.open(b) as ws:  # A's two officers, entered on B under ids of their own (an imported roster)
        for i, name in enumerate(["陈志明", "林秀英"]):
            add_officer(ws.store, name=name, cert_no=f"97湖源乡{i}", unit="湖源乡综合执法队", password="secret12",
                        cert_valid_until=date.today() + timedelta(days=365), township="湖源乡", officer_id=new_id())
    assert run_sync(a)["status"] == "ok"
    report = run_sync(b)
    assert report["status"] == "partial" and report["pulled"]["conflict"] == 2, report
    assert report["pulled"].get("waiting", 0) == 0
    with Workspace.open(b) as ws:
        assert ws.store.one("SELECT count(*) AS n FROM sync_inbox")["n"] == 0  # type: ignore[index]
        rows = ws.store.query("SELECT entity, entity_id, source, server_revision, payload, reason FROM sync_conflicts")
        assert len(rows) == 2 and {r["entity"] for r in rows} == {"officer"} and {r["source"] for r in rows} == {"pull"}
        reasons = [json.loads(r["reason"]) for r in rows]
        assert {r["code"] for r in reasons} == {"officer_cert_duplicate"} and all(r["zh"] and r["en"] for r in reasons)
        assert {json.loads(r["payload"])["cert_no"] for r in rows} == {"97湖源乡0", "97湖源乡1"}  # kept side by side
        mine = {r["cert_no"]: r["id"] for r in ws.store.query("SELECT id, cert_no FROM officers WHERE cert_no LIKE '97%'")}
        assert len(mine) == 2 and not {r["entity_id"] for r in rows} & set(mine.values())
        theirs = rows[0]["entity_id"]
    quiet = run_sync(b)
    assert quiet["status"] == "ok" and quiet["pulled"].get("conflict", 0) == 0, quiet
    with Workspace.open(a) as ws, ws.store.change("陈志明") as ch:
        update_row(ch, "officer", theirs, "edit", unit="湖源乡综合行政执法队")
    back = run_sync(a)  # A learns of B's twins the same way
    assert back["status"] == "partial" and back["pulled"]["conflict"] == 2 and back["pushed"] == {"accepted": 1}
    newer = run_sync(b)  # the newer version is said again, into the same open row
    assert newer["status"] == "partial" and newer["pulled"]["conflict"] == 1
    with Workspace.open(b) as ws:
        rows = ws.store.query("SELECT entity_id, server_revision FROM sync_conflicts ORDER BY id")
        assert len(rows) == 2 and {r["entity_id"]: r["server_revision"] for r in rows}[theirs] == 2
