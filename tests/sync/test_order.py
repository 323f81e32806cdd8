"""Pipelining: a laptop sends the next chain segment or batch while the one before it is still being stored, and
the server stores them in the laptop's order anyway (docs/sync-protocol.md §4)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from synctools import ServerProcess, make_laptop, pg_url, run_sync

from fieldapp.keys import DeviceKeys
from fieldapp.store.officers import set_roles
from fieldapp.store.store import Store
from fieldapp.sync import outgoing
from fieldapp.sync import protocol as p
from fieldapp.sync.outgoing import Identity
from fieldapp.sync.transport import Refused, Transport

WAIT_S = 2.0


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def order_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    if request.param == "postgres" and pg_url() is None:
        pytest.skip("PostgreSQL not reachable ($FIELDAPP_TEST_PG or .venv/pg-url)")
    srv = ServerProcess(tmp_path_factory.mktemp("server"), str(request.param))
    srv.start(env={"FIELDAPP_SERVER_ORDER_WAIT": str(WAIT_S)})
    yield srv
    srv.stop()


def _post(t: Transport, path: str, data: bytes, sig: str, after: Any = None) -> dict[str, Any]:
    return dict(t.once("POST", path, body=data, params={"after": after} if after is not None else None,
                       headers={"Content-Type": "application/zstd", p.H_PAYLOAD_SIG: sig}).json())


def _in_thread(fn: Any) -> tuple[threading.Thread, list[Any]]:
    out: list[Any] = []

    def run() -> None:
        try:
            out.append(fn())
        except Exception as exc:  # handed to the test
            out.append(exc)

    th = threading.Thread(target=run)
    th.start()
    return th, out


def _laptop(path: Path, server: ServerProcess, seed: int, inspections: int = 2) -> tuple[Path, Identity, str]:
    """A laptop whose first officer was changed after creation: two revisions of one record, one batch each."""
    laptop = make_laptop(path, server, inspections=inspections, photos=0, seed=seed)
    keys = DeviceKeys(laptop)
    with Store.in_dir(laptop) as store:
        officer = store.one("SELECT id FROM officers ORDER BY rowid LIMIT 1")["id"]  # type: ignore[index]
        set_roles(store, officer, ["legal_reviewer"])
        me = Identity(store.device_id, keys.cert().device_key_id, keys.sign)
    return laptop, me, str(officer)


def _officer_revision(server: ServerProcess, officer: str) -> tuple[int, int]:
    from sqlalchemy import text

    with server.engine().connect() as conn:
        row = conn.execute(text("SELECT revision, conflict FROM records WHERE rkey = :k"),
                           {"k": f"officer:{officer}"}).one()
    return int(row[0]), int(row[1])


def test_a_batch_sent_ahead_of_the_one_it_builds_on_waits_for_it(tmp_path: Path, order_server: ServerProcess) -> None:
    server = order_server
    laptop, me, officer = _laptop(tmp_path / "a", server, seed=11)
    with Store.in_dir(laptop) as store:
        t = Transport(server.url, DeviceKeys(laptop), retries=0)
        for data, sig, _ in outgoing.chain_segments(store, me, 0):
            _post(t, "/v1/chain", data, sig)
        t.close()
        outgoing.build_batches(store, me, max_records=1)  # one record a batch
        batches = outgoing.unacked(store)
        seqs = {b["batch_id"]: p.unpack(b["body"])["records"][0] for b in batches}
    mine = [b for b in batches if seqs[b["batch_id"]]["id"] == officer]
    first, second = mine  # revision 1, then revision 2 based on it
    assert (seqs[first["batch_id"]]["revision"], seqs[second["batch_id"]]["revision"]) == (1, 2)
    ahead = Transport(server.url, DeviceKeys(laptop), retries=0)
    behind = Transport(server.url, DeviceKeys(laptop), retries=0)
    try:
        # The second leaves first, naming the first; it must wait, or revision 1 would arrive as a conflict.
        th, out = _in_thread(lambda: _post(ahead, "/v1/batches", second["body"], second["sig"],
                                           after=first["batch_id"]))
        time.sleep(0.5)
        assert th.is_alive()  # waiting on the server
        answer_first = _post(behind, "/v1/batches", first["body"], first["sig"])
        th.join(30)
    finally:
        ahead.close()
        behind.close()
    answer_second = out[0]
    assert not isinstance(answer_second, Exception), answer_second
    assert answer_first["records"][0]["outcome"] == "accepted"
    assert answer_second["records"][0]["outcome"] == "accepted"
    assert _officer_revision(server, officer) == (2, 0)
    report = run_sync(laptop)  # the rest, and the two answers the laptop never applied, through `state`
    assert report["status"] == "ok" and report["pushed"].get("conflict") is None, report


def test_a_batch_whose_predecessor_never_comes_is_refused_then_sent_in_order(
        tmp_path: Path, order_server: ServerProcess) -> None:
    server = order_server
    laptop, me, officer = _laptop(tmp_path / "a", server, seed=12)
    with Store.in_dir(laptop) as store:
        outgoing.build_batches(store, me, max_records=1)
        batch = outgoing.unacked(store)[-1]
        segments = list(outgoing.chain_segments(store, me, 0))
    t = Transport(server.url, DeviceKeys(laptop), retries=0)
    try:
        for data, sig, _ in segments:
            _post(t, "/v1/chain", data, sig)
        started = time.monotonic()
        with pytest.raises(Refused) as refused:
            _post(t, "/v1/batches", batch["body"], batch["sig"], after="no-such-batch")
        waited = time.monotonic() - started
    finally:
        t.close()
    assert refused.value.status == 409 and refused.value.code == "batch_order"
    assert refused.value.msg.zh and refused.value.msg.en
    assert WAIT_S - 0.2 <= waited < WAIT_S + 10
    report = run_sync(laptop)  # nothing of it was applied: the sync sends everything, in order
    assert report["status"] == "ok" and set(report["pushed"]) == {"accepted"}, report
    assert _officer_revision(server, officer) == (2, 0)


def test_a_chain_segment_sent_ahead_waits_for_the_one_before(tmp_path: Path, order_server: ServerProcess) -> None:
    server = order_server
    laptop, me, _ = _laptop(tmp_path / "a", server, seed=13, inspections=8)
    with Store.in_dir(laptop) as store:
        segments = list(outgoing.chain_segments(store, me, 0, max_entries=3, first_entries=3))
        top = outgoing.head(store)["seq"]
    assert len(segments) >= 4
    ahead = Transport(server.url, DeviceKeys(laptop), retries=0)
    behind = Transport(server.url, DeviceKeys(laptop), retries=0)
    try:
        (d1, s1, last1), (d2, s2, _) = segments[0], segments[1]
        th, out = _in_thread(lambda: _post(ahead, "/v1/chain", d2, s2, after=last1))
        time.sleep(0.5)
        assert th.is_alive()
        first = _post(behind, "/v1/chain", d1, s1)
        th.join(30)
        # Sent ahead of a segment that never comes, it is told where the server's chain ends, as before.
        d4, s4, _ = segments[3]
        with pytest.raises(Refused) as gap:
            _post(behind, "/v1/chain", d4, s4, after=top)
    finally:
        ahead.close()
        behind.close()
    assert not isinstance(out[0], Exception), out[0]
    assert first["appended"] == 3 and out[0]["appended"] == 3
    assert gap.value.code == "chain_gap" and gap.value.msg.data["seq"] == 6
    assert run_sync(laptop)["status"] == "ok"


def test_syncs_over_a_link_that_cuts_while_two_requests_travel(tmp_path: Path,
                                                                order_server: ServerProcess) -> None:
    """Every connection is cut, up or down, at a random byte: the request behind a cut one waits on the server,
    or is refused and sent again in order; an answer lost on the way down comes back through `state`. Nothing
    is lost, nothing applied twice, no false conflict."""
    from synctools import assert_consistent

    from fieldapp.sync.faultproxy import FaultProxy

    server = order_server
    laptop, me, officer = _laptop(tmp_path / "a", server, seed=14, inspections=60)
    with Store.in_dir(laptop) as store:
        outgoing.build_batches(store, me, max_records=7)  # many small batches, each depending on the one before
    proxy = FaultProxy.random_cuts(server.port, probability=1.0, max_offset=6_000, seed=3).start()
    reports: list[dict[str, Any]] = []
    try:
        while not reports or (reports[-1]["status"] != "ok" and len(reports) < 40):
            reports.append(run_sync(laptop, f"http://127.0.0.1:{proxy.port}", retries=2))
    finally:
        proxy.stop()
    assert proxy.cuts >= 5 and reports[-1]["status"] == "ok", reports[-1]
    assert all(r["pushed"].get("conflict") is None and r["pushed"].get("rejected") is None for r in reports)
    assert _officer_revision(server, officer) == (2, 0)
    assert_consistent(server, [laptop])


def test_a_refused_batch_ends_the_sync_at_once(tmp_path: Path) -> None:
    """The batch sent behind a refused one waits on the server for it (20 s here); the laptop's `fieldapp sync`
    reports the refusal and exits without waiting for that request."""
    from synctools import run_cli

    server = ServerProcess(tmp_path / "server", "sqlite").start(env={"FIELDAPP_SERVER_ORDER_WAIT": "20"})
    try:
        laptop, me, _ = _laptop(tmp_path / "a", server, seed=15, inspections=6)
        with Store.in_dir(laptop) as store:
            outgoing.build_batches(store, me, max_records=3)
            first = outgoing.unacked(store)[0]
            with store.database.write() as conn:  # its signature damaged on the laptop's disk
                conn.execute("UPDATE sync_batches SET sig = ? WHERE batch_id = ?",
                             (first["sig"][:-4] + "AAAA", first["batch_id"]))
        started = time.monotonic()
        done = run_cli(laptop, "sync", "--json", "--quiet")
        took = time.monotonic() - started
    finally:
        server.kill()  # (a stop would wait for the request still held)
    assert done.returncode == 1, done.stderr
    assert '"bad_payload_signature"' in done.stdout
    assert took < 10, took


def test_the_cycle_collector_is_set_aside_during_a_sync_and_handed_back(tmp_path: Path,
                                                                        order_server: ServerProcess) -> None:
    """Objects the process held before a sync are not walked by its many collections, and are collectable again
    after it, whether it ends well or is cut off."""
    import gc

    from fieldapp.sync.client import SyncEngine

    laptop, _, _ = _laptop(tmp_path / "a", order_server, seed=16)
    seen: dict[str, int] = {}

    def progress(phase: str, _done: int, _total: int, _msg: str) -> None:
        seen[phase] = min(seen.get(phase, 1 << 30), gc.get_freeze_count())

    assert gc.get_freeze_count() == 0
    with Store.in_dir(laptop) as store:
        assert SyncEngine(store, order_server.url, progress=progress, backoff=0.02).run().status == "ok"
    assert seen["chain"] > 0 and seen["batches"] > 0 and gc.get_freeze_count() == 0
    with Store.in_dir(laptop) as store:  # a server that is not there: offline, and handed back all the same
        report = SyncEngine(store, "http://127.0.0.1:9", retries=1, backoff=0.01, timeout=2).run()
    assert report.status == "offline" and gc.get_freeze_count() == 0
