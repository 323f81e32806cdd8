"""The protocol's pure parts: framing limits, blob names, who may write what."""

from __future__ import annotations

import json
from typing import Any, ClassVar

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


def _every_code_point() -> list[str]:
    """All of Unicode but the surrogates (no laptop can store one), in strings of 4,096."""
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    return ["".join(chars[i:i + 4096]) for i in range(0, len(chars), 4096)]


def test_fast_json_writes_canonical_json_byte_for_byte() -> None:
    from fieldapp.store.store import canonical, entry_hash

    texts = _every_code_point()
    entry = [7, "2026-12-05T06:00:00+08:00", "dev", None, "inspection", "id", "create", None, "", "0" * 64]
    for text in texts:
        fields = [*entry[:8], text, entry[9]]
        assert p.entry_digest(fields) == entry_hash(fields)  # the server's check is the laptop's hash
    doc = {"v": 1, "entries": [[1, t, None, 2**70, -3] for t in texts[:40]], "名": {"b": [], "a": "\x00\x7f\u2028"}}
    assert zstandard.ZstdDecompressor().decompress(p.pack(doc)) == canonical(doc).encode("utf-8")
    answer = {"records": [{"seq": 1, "outcome": "rejected", "reason": {"zh": "中", "data": {"b": 1.5, "a": None}}}],
              "apply_ms": 12.3, "big": 2**70}
    assert p.json_bytes(answer) == canonical(answer).encode("utf-8")

    class Odd:
        def __str__(self) -> str:
            return "odd"

    assert p.json_bytes({"x": Odd()}) == canonical({"x": Odd()}).encode("utf-8") == b'{"x":"odd"}'
    # What msgspec cannot write (a float, a lone surrogate) goes through `canonical` and still hashes right.
    odd = [*entry[:8], "\ud800", 1.5]
    assert p.entry_digest(odd) == ""  # a laptop cannot hash it: it never verifies
    floats = [*entry[:8], "x", 1e16]
    assert p.entry_digest(floats) == entry_hash(floats)


@pytest.mark.parametrize("raw", [
    '{"a": 1, "a": 2}', '{"n": 18446744073709551616}', '{"n": -9223372036854775809}', '{"x": NaN}',
    '{"x": 1e400}', '\ufeff{"a": 1}', '"\\ud800"', '{"a": [1, 2.5, "中", null, true]}', '[1, 2', '{"a": 1} x',
    '[' * 100_000 + ']' * 100_000, '{"s": "a\\u0000b"}', '"a\x01b"',
])
def test_fast_json_reads_what_json_reads(raw: str) -> None:
    def outcome(fn: Any, arg: Any) -> Any:
        try:
            return ("value", fn(arg))
        except (ValueError, RecursionError) as exc:
            return ("error", type(exc).__name__)

    expected = outcome(json.loads, raw)
    got = outcome(p.parse_json, raw)
    if expected[0] == "value" and expected[1] != expected[1]:  # NaN is not equal to itself
        assert got[0] == "value" and json.dumps(got[1]) == json.dumps(expected[1])
    else:
        assert got == expected
    assert outcome(p.parse_json, raw.encode("utf-8", "surrogatepass")) == outcome(
        json.loads, raw.encode("utf-8", "surrogatepass"))


class _Reads(dict):  # type: ignore[type-arg]
    """A record that notes every field read from it."""

    seen: ClassVar[set[str]] = set()

    def get(self, key: Any, default: Any = None) -> Any:
        _Reads.seen.add(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        _Reads.seen.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        _Reads.seen.add(str(key))
        return super().__contains__(key)


def test_the_server_rules_read_only_the_fields_a_batch_keeps() -> None:
    """A batch keeps only `RULE_FIELDS` of each record (reading the whole record was a fifth of its cost); a rule
    that read another field would see it missing. Every rule that sees a record is run here over every kind."""
    from fieldapp.store.store import SYNCED
    from fieldapp.sync.server import decide
    from fieldapp.sync.server.devices import Device
    from fieldapp.sync.server.recent import RULE_FIELDS, WHOLE

    full = {"township": "南霞乡", "area_key": "east", "townships": ["湖源乡"], "escalated": 1, "case_id": "c1",
            "inspection_id": "i1", "sha256": SHA, "blobs": [SHA], "photos": [{"sha256": SHA}], "id": "x"}
    county = Scope(None, None, frozenset())
    _Reads.seen = set()
    for entity in sorted(SYNCED - WHOLE):
        for scope in (HUYUAN, county, Scope("夏茂镇", "west", frozenset({"夏茂镇"}))):
            device = Device("k", "d", scope.township, scope.area, None, scope)  # type: ignore[arg-type]
            for fields in ({}, full, {"township": "夏茂镇"}, {"escalated": 0, "townships": "[\"湖源乡\"]"}):
                payload, parent = _Reads(fields), _Reads(fields)
                where = decide.township_of(entity, payload, device, None)
                decide.parent_key(entity, payload)
                p.allowed(entity, where, payload, scope)
                p.allowed(entity, where, payload, scope, parent)
                p.record_blobs(entity, payload)
    assert _Reads.seen and _Reads.seen <= set(RULE_FIELDS)
