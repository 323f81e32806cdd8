"""Number blocks arriving in a batch: checked against other devices' numbers, and joined to the leased ranges.

Each step is one or two statements for all the blocks of a batch, not a few per block: a nightly sync that
leased a dozen blocks sends them back in one batch, and the round trips were most of that batch's time.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from fieldapp.messages import Msg
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.decide import State
from fieldapp.sync.server.devices import Device

Key = tuple[str, str, int]  # subject, document code, year
Range = tuple[str, State, Key, int, int]  # rkey, its state, key, first, last
# Blocks per overlap query: five parameters each stays far below SQLite's limit on bound parameters.
_PER_QUERY = 150


def block_ranges(blocks: list[tuple[str, State]]) -> list[Range]:
    """The blocks whose records state a range; a malformed one is kept as a record but numbers nothing."""
    found = []
    for rkey, s in blocks:
        pl = s.data()
        try:
            key = (str(pl["subject_key"]), str(pl["doc_code"]), int(pl["year"]))
            found.append((rkey, s, key, int(pl["first"]), int(pl["last"])))
        except (KeyError, TypeError, ValueError):
            continue
    return found


def join_ranges(server: Server, conn: Connection, device: Device, ranges: list[Range], now: str) -> None:
    """Synced blocks join the leased ranges, so the next lease starts after every number in use."""
    ids = {r[0].partition(":")[2]: r for r in ranges}
    if not ids:
        return
    known: set[str] = set()
    for clause in server.db.where_in(t.number_ranges.c.id, list(ids)):
        known.update(conn.execute(select(t.number_ranges.c.id).where(clause)).scalars())
    rows = [{"id": block_id, "subject_key": key[0], "doc_code": key[1], "year": key[2], "first": first,
             "last": last, "key_id": device.key_id, "source": "device", "at": now, "feed_seq": 0}
            for block_id, (_, _, key, first, last) in ids.items() if block_id not in known]
    if rows:
        conn.execute(t.number_ranges.insert(), rows)


def overlaps(server: Server, conn: Connection, device: Device, device_id: str, ranges: list[Range],
             seqs: dict[str, int], now: str, conflict_rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Blocks of this batch overlapping another device's numbers, not reported before: rkey -> reason.

    Each overlap becomes an open server conflict once (a block is sent again with every allocation from it,
    and those must not pile up more rows); its record's answer becomes `conflict` with reason `number_overlap`.
    """
    clashes = _clashes(conn, device, ranges)
    if not clashes:
        return {}
    known: set[tuple[str, str]] = set()
    for clause in server.db.where_in(t.conflicts.c.rkey, list(clashes)):
        known.update((r[0], r[1]) for r in conn.execute(select(t.conflicts.c.rkey, t.conflicts.c.reason).where(
            clause, t.conflicts.c.status == "open")).all())
    found: dict[str, dict[str, Any]] = {}
    for rkey, s, key, first, last in ranges:
        new = [c for c in clashes.get(rkey, []) if (rkey, f"number_overlap with {c[0]}") not in known]
        if not new:
            continue
        for other_id, other_key, _, _ in new:
            conflict_rows.append({"rkey": rkey, "entity": "number_block", "entity_id": rkey.partition(":")[2],
                                  "device_id": device_id, "device_seq": seqs.get(rkey, 0), "revision": s.revision,
                                  "base_revision": 0,
                                  "payload": s.text, "server_revision": None, "server_author": other_key,
                                  "reason": f"number_overlap with {other_id}", "detected_at": now, "status": "open"})
        found[rkey] = _overlap_msg(key, first, last, new)
    return found


def _clashes(conn: Connection, device: Device, ranges: list[Range]) -> dict[str, list[tuple[str, str, int, int]]]:
    """rkey -> the other devices' ranges (id, key id, first, last) that share a number with it, by first."""
    nr = t.number_ranges.c
    found: dict[str, list[tuple[str, str, int, int]]] = {}
    for i in range(0, len(ranges), _PER_QUERY):
        part = ranges[i:i + _PER_QUERY]
        rows = conn.execute(select(nr.id, nr.key_id, nr.first, nr.last, nr.subject_key, nr.doc_code, nr.year).where(
            nr.key_id != device.key_id,
            or_(*[and_(nr.subject_key == key[0], nr.doc_code == key[1], nr.year == key[2], nr.first <= last,
                       nr.last >= first) for _, _, key, first, last in part])).order_by(nr.first)).all()
        for rkey, _, key, first, last in part:
            hits = [(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows
                    if (r[4], r[5], int(r[6])) == key and r[2] <= last and r[3] >= first]
            if hits:
                found[rkey] = hits
    return found


def _overlap_msg(key: Key, first: int, last: int, new: list[tuple[str, str, int, int]]) -> dict[str, Any]:
    spans = "、".join(f"{c[2]}–{c[3]}" for c in new)
    spans_en = ", ".join(f"{c[2]}–{c[3]}" for c in new)
    return Msg(
        f"本机号段 {key[0]} {key[1]} {key[2]} 年 {first}–{last} 与其他设备的号段 {spans} 重叠：同一文书号可能被用了两次。"
        "号段已保留，已报县局处理；请向县局领取新号段。",
        f"This laptop's block {first}–{last} of {key[0]} {key[1]} {key[2]} overlaps another device's numbers "
        f"({spans_en}): a document number may have been used twice. The block is kept and the county has been "
        "told; ask it for a new block.", "number_overlap",
        {"subject_key": key[0], "doc_code": key[1], "year": key[2], "first": first, "last": last,
         "others": [{"id": c[0], "first": c[2], "last": c[3]} for c in new]}).as_dict()
