"""End to end: laptops and a real server process, on SQLite and on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from synctools import ServerProcess, add_inspections, assert_consistent, make_laptop, run_sync

from fieldapp.workspace import Workspace


def test_roundtrip_then_nothing_to_resend(tmp_path: Path, server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", server, inspections=6, photos=3)
    calls: list[tuple[str, int, int]] = []
    first = run_sync(laptop, progress=lambda phase, done, total, msg: calls.append((phase, done, total)))
    assert first["status"] == "ok", first
    assert first["pushed"].get("accepted", 0) > 0 and first["blobs_uploaded"] == 3
    assert {"connect", "chain", "photos", "batches", "pull", "done"} <= {c[0] for c in calls}
    # The photo bar starts at nothing of the whole size, before the first photo goes up, and ends full.
    photos = [c for c in calls if c[0] == "photos"]
    assert photos[0] == ("photos", 0, first["blob_bytes"]) and photos[-1][1] == photos[-1][2] == first["blob_bytes"]
    assert len(photos) == 4
    facts = assert_consistent(server, [laptop])
    assert facts["incomplete"] == 0
    status = server.status()
    assert status["records"]["inspection"] == 6 and status["records"]["evidence"] == 3
    assert status["blobs"]["count"] == 3 and status["conflicts"] == 0 and status["quarantined"] == 0
    second = run_sync(laptop)
    assert second["status"] == "ok" and second["pushed"] == {} and second["blobs_uploaded"] == 0
    assert second["chain_entries"] == 0 and second["requests"] <= 5
    with Workspace.open(laptop) as ws:
        officers = ws.store.query("SELECT id FROM officers")
        add_inspections(ws, [o["id"] for o in officers], 2, 1, seed=9)
    third = run_sync(laptop)
    assert third["status"] == "ok" and third["pushed"]["accepted"] >= 3 and third["blobs_uploaded"] == 1
    assert_consistent(server, [laptop])
