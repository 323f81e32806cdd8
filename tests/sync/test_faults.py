"""A bad rural link and a crashing server: cuts at random offsets, kills mid-batch, replays."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest
from synctools import CHUNK, ServerProcess, assert_consistent, make_laptop, run_sync

from fieldapp.sync.faultproxy import FaultProxy


def sync_until_ok(laptop: Path, url: str, attempts: int = 40) -> list[dict[str, object]]:
    reports = []
    for _ in range(attempts):
        report = run_sync(laptop, url, retries=2)
        reports.append(report)
        if report["status"] == "ok":
            return reports
        assert report["status"] in ("partial", "offline"), report
    raise AssertionError(f"no successful sync in {attempts} attempts: {reports[-1]}")


def test_cuts_at_random_offsets_lose_nothing_and_resend_little(tmp_path: Path, backend: str) -> None:
    server = ServerProcess(tmp_path / "server", backend, max_records=15).start()
    proxy = FaultProxy.random_cuts(server.port, probability=0.8, max_offset=40_000, seed=7).start()
    try:
        laptop = make_laptop(tmp_path / "a", server, inspections=40, photos=6)
        reports = sync_until_ok(laptop, f"http://127.0.0.1:{proxy.port}")
        assert proxy.cuts >= 3, "the proxy should have cut some connections"
        resent = sum(int(r["blob_bytes_resent"]) for r in reports)  # type: ignore[call-overload]
        assert resent <= proxy.cuts * CHUNK, (resent, proxy.cuts)
        assert_consistent(server, [laptop])
        final = run_sync(laptop, server.url)
        assert final["status"] == "ok" and final["pushed"] == {} and final["blobs_uploaded"] == 0
    finally:
        proxy.stop()
        server.stop()


def test_server_killed_inside_a_batch_then_restarted(tmp_path: Path, backend: str) -> None:
    server = ServerProcess(tmp_path / "server", backend, max_records=10)
    server.start(env={"FIELDAPP_SERVER_FAULT": "die_in_batch=2"})
    try:
        laptop = make_laptop(tmp_path / "a", server, inspections=30, photos=2)
        cut = run_sync(laptop, retries=1)
        assert cut["status"] == "partial", cut
        assert server.proc is not None and server.proc.wait(5) == 9  # it died inside the second batch
        server.start()
        done = run_sync(laptop)
        assert done["status"] == "ok", done
        facts = assert_consistent(server, [laptop])
        assert facts["incomplete"] == 0
    finally:
        server.stop()


@pytest.mark.parametrize("moment", ["die_before_finish", "die_after_finish"])
def test_server_killed_as_a_photo_completes(tmp_path: Path, backend: str, moment: str) -> None:
    # Every byte of the second photo has arrived; the server dies before moving it into place (the laptop
    # must not take a full partial upload for a stored photo) or before writing its row (the server must
    # not answer "stored" for a file it has not recorded).
    server = ServerProcess(tmp_path / "server", backend)
    server.start(env={"FIELDAPP_SERVER_FAULT": f"{moment}=2"})
    try:
        laptop = make_laptop(tmp_path / "a", server, inspections=4, photos=4)
        cut = run_sync(laptop, retries=1)
        assert cut["status"] in ("partial", "offline"), cut
        assert server.proc is not None and server.proc.wait(5) == 9
        server.start()
        done = run_sync(laptop)
        assert done["status"] == "ok", done
        facts = assert_consistent(server, [laptop])
        assert facts["incomplete"] == 0 and server.status()["blobs"]["count"] == 4
    finally:
        server.stop()


def test_server_back_while_the_laptop_retries_a_photo_it_stored_but_did_not_record(tmp_path: Path,
                                                                                     backend: str) -> None:
    # The file is in place, its row is not; the server is back before the laptop gives up, and the laptop's
    # HEAD learns the photo is stored: that answer must record it, or nothing ever will.
    from fieldapp.store.store import Store
    from fieldapp.sync.client import SyncEngine

    server = ServerProcess(tmp_path / "server", backend)
    server.start(env={"FIELDAPP_SERVER_FAULT": "die_after_finish=1"})
    try:
        laptop = make_laptop(tmp_path / "a", server, inspections=3, photos=2)
        result: dict[str, object] = {}

        def sync() -> None:
            with Store.in_dir(laptop) as store:
                result.update(SyncEngine(store, retries=9, backoff=0.1, timeout=10).run().as_dict())

        worker = threading.Thread(target=sync)
        worker.start()
        assert server.proc is not None and server.proc.wait(30) == 9
        server.start()
        worker.join(90)
        assert result.get("status") == "ok", result
        assert result["blobs_uploaded"] == 2 and result["requests"] > 0
        facts = assert_consistent(server, [laptop])
        assert facts["incomplete"] == 0 and server.status()["blobs"]["count"] == 2
    finally:
        server.stop()


@pytest.mark.slow
def test_server_killed_at_a_random_moment(tmp_path: Path, backend: str) -> None:
    server = ServerProcess(tmp_path / "server", backend, max_records=10).start()
    proxy = FaultProxy(server.port, delay=0.002).start()
    try:
        laptop = make_laptop(tmp_path / "a", server, inspections=60, photos=8)
        result: dict[str, object] = {}
        worker = threading.Thread(target=lambda: result.update(run_sync(laptop, f"http://127.0.0.1:{proxy.port}",
                                                                        retries=1)))
        worker.start()
        time.sleep(random.Random(3).uniform(0.2, 0.8))
        server.kill()
        worker.join(60)
        server.start()
        proxy.stop()
        proxy = FaultProxy(server.port).start()
        assert run_sync(laptop, f"http://127.0.0.1:{proxy.port}")["status"] == "ok"
        assert_consistent(server, [laptop])
    finally:
        proxy.stop()
        server.stop()


def test_a_chain_upload_that_stops_early_does_not_hang_the_sync() -> None:
    """The segment producer must not block forever on a full queue once the sender has stopped listening
    (a refused or cut segment ends the loop while the next segments are already packed)."""
    from fieldapp.sync.client import prefetch

    finished = threading.Event()

    def send_one_then_stop() -> None:
        for _ in prefetch(iter(range(3)), depth=2):
            time.sleep(0.5)  # the producer fills the queue and reaches its end meanwhile
            break
        finished.set()

    worker = threading.Thread(target=send_one_then_stop, daemon=True)
    worker.start()
    worker.join(10)
    assert finished.is_set(), "prefetch hung after the consumer stopped"
