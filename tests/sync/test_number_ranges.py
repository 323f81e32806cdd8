"""The county server's number ranges, leased and synced many at a time (a few statements for all of them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import insert, select
from synctools import new_pg_schema, pg_url

from fieldapp.messages import FieldappError
from fieldapp.store.store import canonical, now_iso
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import ProtocolError
from fieldapp.sync.server import feed, numbers
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.decide import State
from fieldapp.sync.server.devices import Device


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    if request.param == "postgres" and pg_url() is None:
        pytest.skip("PostgreSQL not reachable ($FIELDAPP_TEST_PG or .venv/pg-url)")
    srv = Server(tmp_path / "srv", new_pg_schema() if request.param == "postgres" else None)
    yield srv
    srv.close()


def _device(server: Server, kid: str, township: str | None = "湖源乡") -> Device:
    with server.db.write() as conn:
        conn.execute(insert(t.devices).values(key_id=kid, device_id=f"dev-{kid}", township=township,
                                              public_key="-", cert="{}", enrolled_at=now_iso(), chain_hash=p.GENESIS))
    return Device(kid, f"dev-{kid}", township, None, Ed25519PrivateKey.generate().public_key(),
                  server.scope(township, None))


def _ranges(server: Server) -> list[tuple[Any, ...]]:
    nr = t.number_ranges.c
    with server.db.read() as conn:
        return [tuple(r) for r in conn.execute(select(nr.subject_key, nr.doc_code, nr.year, nr.first, nr.last,
                                                      nr.key_id).order_by(nr.doc_code, nr.first)).all()]


def test_one_request_leases_blocks_in_order_and_a_refused_want_ends_the_list(server: Server) -> None:
    me = _device(server, "k1")
    got = feed.request_blocks(server, me, [
        {"subject_key": "湖源乡", "doc_code": "A", "year": 2026, "count": 50},
        {"subject_key": "湖源乡", "doc_code": "B", "year": 2026, "count": 10},
        {"subject_key": "湖源乡", "doc_code": "A", "year": 2026, "count": 20}])  # after the first, same request
    assert [(b["doc_code"], b["first"], b["last"]) for b in got["leases"]] == [("A", 1, 50), ("B", 1, 10), ("A", 51, 70)]
    with pytest.raises(ProtocolError) as refused:
        feed.request_blocks(server, me, [
            {"subject_key": "湖源乡", "doc_code": "A", "year": 2026, "count": 5},
            {"subject_key": "夏茂镇", "doc_code": "A", "year": 2026, "count": 5},  # another township's numbers
            {"subject_key": "湖源乡", "doc_code": "B", "year": 2026, "count": 5}])
    assert refused.value.msg.code == "subject_forbidden"
    assert _ranges(server) == [("湖源乡", "A", 2026, 1, 50, "k1"), ("湖源乡", "A", 2026, 51, 70, "k1"),
                               ("湖源乡", "A", 2026, 71, 75, "k1"), ("湖源乡", "B", 2026, 1, 10, "k1")]
    with pytest.raises(FieldappError) as invalid:
        feed.lease(server, "k1", "湖源乡", "B", 2026, 0)
    assert invalid.value.msg.code == "block_invalid"
    assert feed.lease(server, "k1", "湖源乡", "B", 2026, 5)["first"] == 11
    with server.db.read() as conn:
        leased = conn.execute(select(t.events.c.detail).where(t.events.c.code == "block_leased")).scalars().all()
    assert sorted(leased) == sorted(["湖源乡/A/2026 1-50", "湖源乡/B/2026 1-10", "湖源乡/A/2026 51-70",
                                     "湖源乡/A/2026 71-75", "湖源乡/B/2026 11-15"])


def _block(block_id: str, doc_code: str, first: int, last: int) -> tuple[str, State]:
    text = canonical({"id": block_id, "subject_key": "湖源乡", "doc_code": doc_code, "year": 2026, "first": first,
                      "last": last})
    return f"number_block:{block_id}", State(1, "湖源乡", "sha", "k2", 1, text, in_db=False, changed=True)


def test_a_batch_of_blocks_is_checked_against_other_devices_and_joined_once(server: Server) -> None:
    feed.request_blocks(server, _device(server, "k1"), [
        {"subject_key": "湖源乡", "doc_code": "A", "year": 2026, "count": 50},
        {"subject_key": "湖源乡", "doc_code": "A", "year": 2026, "count": 50},
        {"subject_key": "湖源乡", "doc_code": "B", "year": 2026, "count": 50}])
    me = _device(server, "k2")
    broken = ("number_block:bad", State(1, "湖源乡", "sha", "k2", 1, canonical({"id": "bad", "first": "x"}),
                                        in_db=False, changed=True))
    ranges = numbers.block_ranges([_block("b1", "A", 40, 60), _block("b2", "A", 200, 210), _block("b3", "B", 50, 50),
                                   _block("b4", "C", 1, 10), broken])
    assert [r[0] for r in ranges] == ["number_block:b1", "number_block:b2", "number_block:b3", "number_block:b4"]
    conflicts: list[dict[str, Any]] = []
    with server.db.write() as conn:
        found = numbers.overlaps(server, conn, me, "dev-k2", ranges, {"number_block:b1": 7}, now_iso(), conflicts)
        numbers.join_ranges(server, conn, me, ranges, now_iso())
    assert set(found) == {"number_block:b1", "number_block:b3"}
    assert [(o["first"], o["last"]) for o in found["number_block:b1"]["data"]["others"]] == [(1, 50), (51, 100)]
    assert found["number_block:b3"]["code"] == "number_overlap" and "50–50" in found["number_block:b3"]["zh"]
    assert [(c["rkey"], c["device_seq"]) for c in conflicts] == [
        ("number_block:b1", 7), ("number_block:b1", 7), ("number_block:b3", 0)]
    with server.db.write() as conn:  # the conflicts stored, the same blocks again: nothing new, nothing twice
        conn.execute(insert(t.conflicts), conflicts)
        again: list[dict[str, Any]] = []
        assert numbers.overlaps(server, conn, me, "dev-k2", ranges, {}, now_iso(), again) == {} and again == []
        numbers.join_ranges(server, conn, me, ranges, now_iso())
    mine = [r for r in _ranges(server) if r[5] == "k2"]
    assert mine == [("湖源乡", "A", 2026, 40, 60, "k2"), ("湖源乡", "A", 2026, 200, 210, "k2"),
                    ("湖源乡", "B", 2026, 50, 50, "k2"), ("湖源乡", "C", 2026, 1, 10, "k2")]
