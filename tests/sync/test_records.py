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
