"""The protocol's pure parts: framing limits, blob names, who may write what."""

from __future__ import annotations

import json
from typing import Any

import pytest
import zstandard

from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import ProtocolError, Scope

SHA = "ab" * 32
HUYUAN = Scope("湖源乡", "east", frozenset({"湖源乡", "南霞乡"}))


def test_pack_round_trip_and_refusals() -> None:
    doc = {"v": 1, "kind": "batch", "records": [{"id": "x", "名": "湖源"}]}
    assert p.unpack(p.pack(doc)) == doc
    with pytest.raises(ProtocolError) as bad:
        p.unpack(b"not zstd")
    assert bad.value.status == 400 and bad.value.msg.code == "bad_payload"
    with pytest.raises(ProtocolError) as newer:
        p.unpack(p.pack({"v": 2}))
    assert newer.value.status == 426
    bomb = zstandard.ZstdCompressor().compress(b"{" + b" " * (p.MAX_INFLATED + 10) + b"}")
    with pytest.raises(ProtocolError):
        p.unpack(bomb)  # inflating past the limit is refused, not attempted


def test_blob_names_and_which_photos_a_record_needs() -> None:
    assert p.is_blob_name(SHA) and not p.is_blob_name("../" + SHA[3:]) and not p.is_blob_name(SHA.upper())
    assert p.record_blobs("evidence", {"sha256": SHA}) == [SHA]
    assert p.record_blobs("document", {"photos": [{"sha256": SHA}, "../../etc/passwd"]}) == [SHA]
    assert p.record_blobs("inspection", {"id": "x"}) == []
    assert p.blobs_in_text("inspection", json.dumps({"summary": "no photos"})) == []
    assert p.blobs_in_text("evidence", json.dumps({"sha256": SHA})) == [SHA]


def test_who_may_write_what() -> None:
    assert p.allowed("inspection", "湖源乡", {}, HUYUAN)
    assert not p.allowed("inspection", "夏茂镇", {}, HUYUAN)
    assert p.allowed("party", None, {}, HUYUAN) and p.allowed("party", "南霞乡", {}, HUYUAN)
    assert not p.allowed("party", "夏茂镇", {}, HUYUAN)
    shared = {"escalated": 1, "area_key": "east", "townships": "[]"}
    assert p.allowed("case", "南霞乡", shared, HUYUAN)
    assert p.allowed("case", "夏茂镇", {"townships": ["湖源乡"]}, HUYUAN)
    assert not p.allowed("case", "南霞乡", {"escalated": 0, "townships": []}, HUYUAN)
    assert p.allowed("evidence", "南霞乡", {}, HUYUAN, parent=shared)
    assert p.allowed("inspection", "夏茂镇", {}, Scope(None, None, frozenset()))  # a county-level device


def test_request_string_binds_every_part() -> None:
    parts = ("POST", "/v1/state", "k" * 16, "1700000000", "nonce123", p.EMPTY_SHA)
    base = p.request_string(*parts)
    for i in range(len(parts)):
        changed = list(parts)
        changed[i] = changed[i] + "x"
        assert p.request_string(*changed) != base


@pytest.mark.postgres
def test_the_pg_schemas_a_run_makes_are_dropped() -> None:
    from synctools import _PG_SCHEMAS, drop_pg_schemas, new_pg_schema, pg_schemas, pg_url

    if pg_url() is None:
        pytest.skip("PostgreSQL not reachable ($FIELDAPP_TEST_PG or .venv/pg-url)")
    url = new_pg_schema()
    schema = _PG_SCHEMAS[-1]
    assert schema in url and schema in pg_schemas()
    with psycopg_connect(url) as conn:  # a server's tables in it go with it
        conn.execute("CREATE TABLE records (rkey TEXT PRIMARY KEY)")
    assert drop_pg_schemas([schema]) == []
    assert schema not in pg_schemas() and schema not in _PG_SCHEMAS


def psycopg_connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(url, autocommit=True)
