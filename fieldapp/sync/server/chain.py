"""Receiving a laptop's audit chain (docs/sync-protocol.md §5).

The server keeps every device's chain entry by entry and checks each link,
so a laptop whose log was rewritten (a fork) or cut from the end (its fresh
head is behind what the server holds) is refused and flagged.
"""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Connection, select, update

from fieldapp.store.store import SYNCED
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import ProtocolError, refuse
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.devices import Device
from fieldapp.sync.server.recent import ready

# An entry as it travels ([seq, ts, device_id, officer_id, …, hash]) after the server's device_id column.
_AUDIT_COLS = ["device_id", "seq", "ts", "entry_device", "officer_id", "entity", "entity_id", "action", "before",
               "after", "prev_hash", "hash"]


_TEXT = frozenset({str, type(None)})


def _fork(seq: int) -> ProtocolError:
    return refuse(409, "chain_fork", f"本机审计链第 {seq} 条与服务器已收到的不一致：审计记录被改写。已报告县局。",
                  f"Audit entry {seq} differs from the one the server already holds: the laptop's audit log was "
                  "rewritten. The county has been notified.", seq=seq)


def device_chain(conn: Connection, kid: str) -> dict[str, Any]:
    row = conn.execute(select(t.devices.c.chain_seq, t.devices.c.chain_hash, t.devices.c.claimed_seq,
                              t.devices.c.claimed_hash, t.devices.c.device_id)
                       .where(t.devices.c.key_id == kid)).mappings().one()
    return dict(row)


def stored_hash(conn: Connection, device_id: str, seq: int) -> str | None:
    if seq == 0:
        return p.GENESIS
    value = conn.execute(select(t.audit.c.hash).where(t.audit.c.device_id == device_id, t.audit.c.seq == seq)).scalar()
    return None if value is None else str(value)


def check_head(conn: Connection, device: Device, head: Any, fresh: bool, chain: dict[str, Any] | None = None) -> None:
    """A stated head must agree with what the server holds; a fresh one may not be behind it. `chain`: the
    device's `device_chain` row as this transaction holds it, if the caller has it."""
    if not isinstance(head, dict) or not isinstance(head.get("seq"), int) or not isinstance(head.get("hash"), str):
        raise refuse(400, "bad_payload", "缺少审计链头。", "The audit chain head is missing.")
    if chain is None:
        chain = device_chain(conn, device.key_id)
    seq, digest = int(head["seq"]), str(head["hash"])
    if fresh and seq < int(chain["chain_seq"]):
        raise refuse(409, "chain_truncated",
                     f"本机审计链只有 {seq} 条，而服务器已收到 {chain['chain_seq']} 条：审计记录末尾被删除。已报告县局。",
                     f"This laptop's audit chain ends at entry {seq} but the server already holds "
                     f"{chain['chain_seq']}: entries were cut from the end. The county has been notified.",
                     seq=seq, server_seq=int(chain["chain_seq"]))
    if seq == int(chain["chain_seq"]):
        if chain["chain_hash"] != digest:
            raise _fork(seq)
    elif seq < int(chain["chain_seq"]):
        if stored_hash(conn, chain["device_id"], seq) != digest:
            raise _fork(seq)
    elif seq > int(chain["claimed_seq"]):
        conn.execute(update(t.devices).where(t.devices.c.key_id == device.key_id)
                     .values(claimed_seq=seq, claimed_hash=digest))


def held_seq(server: Server, device: Device) -> int:
    with server.db.read(one_statement=True) as conn:
        return int(conn.execute(select(t.devices.c.chain_seq).where(t.devices.c.key_id == device.key_id)).scalar_one())


def apply_chain(server: Server, device: Device, doc: dict[str, Any], after: int | None = None) -> dict[str, Any]:
    """Append a segment. `after`: it was sent before the server confirmed holding the chain up to that entry; it
    waits (at most `order.ORDER_WAIT_S`) for the segment before it, then is checked as any other."""
    started = time.perf_counter()
    entries = doc.get("entries")
    # An entry is its number, then ten texts or nulls, as every laptop's audit log holds them (TEXT columns).
    if not isinstance(entries, list) or len(entries) > 10 * server.limits.max_records or any(
            not isinstance(e, list) or len(e) != 11 or not isinstance(e[0], int) or not _TEXT.issuperset(map(type, e[1:]))
            for e in entries):
        raise refuse(400, "bad_payload", "审计链数据格式错误。", "Malformed audit chain segment.")
    # The hashes, and what batches will need of each entry, depend on the entries alone: worked out before taking
    # the writer, so that a segment sent while the one before it is stored is made ready meanwhile.
    digests = [p.entry_digest(e[:10]) for e in entries]
    made = [ready(e[4], e[5], e[8]) if e[4] in SYNCED else None for e in entries]  # (others are no batch's)
    work = time.perf_counter() - started  # (the time spent waiting is not the server's work)
    if after is not None:
        server.arrivals.wait(device.key_id, lambda: held_seq(server, device) >= after)
    with server.db.write() as conn:
        started = time.perf_counter()
        chain = device_chain(conn, device.key_id)
        have, prev = int(chain["chain_seq"]), str(chain["chain_hash"])
        if entries and entries[0][0] > have + 1:
            raise refuse(409, "chain_gap", f"服务器只有前 {have} 条审计记录，请从第 {have + 1} 条起发送。",
                         f"The server holds entries up to {have}; send from {have + 1}.", seq=have, hash=prev)
        overlap = [e for e in entries if e[0] <= have]
        if overlap:
            held = dict(conn.execute(select(t.audit.c.seq, t.audit.c.hash).where(
                t.audit.c.device_id == chain["device_id"], t.audit.c.seq >= overlap[0][0],
                t.audit.c.seq <= overlap[-1][0])).all())
            for entry in overlap:
                if held.get(entry[0]) != entry[10]:
                    raise _fork(entry[0])
        expected = have + 1
        device_id = chain["device_id"]
        fresh = [(e, d, r) for e, d, r in zip(entries, digests, made, strict=True) if e[0] > have]
        if fresh:
            # Each entry is checked, then handed to the database, which stores it while the next is checked. A
            # failed check aborts the insert; the transaction rolls back and nothing of the segment is kept.
            with server.db.bulk_rows(conn, t.audit, _AUDIT_COLS) as put:
                for entry, digest, _ in fresh:
                    if entry[0] != expected or entry[9] != prev or digest != entry[10]:
                        raise refuse(400, "chain_broken", f"审计链第 {entry[0]} 条校验失败（内容或链接被改动）。",
                                     f"Audit entry {entry[0]} fails verification (altered or mislinked).",
                                     seq=entry[0])
                    put((device_id, *entry))
                    prev, expected = entry[10], expected + 1
            conn.execute(update(t.devices).where(t.devices.c.key_id == device.key_id)
                         .values(chain_seq=expected - 1, chain_hash=prev))
        check_head(conn, device, doc.get("head"), fresh=False, chain={**chain, "chain_seq": expected - 1,
                                                                       "chain_hash": prev})
    server.recent.add(device_id, [(e[0], r) for e, _, r in fresh if r is not None])  # committed: for the batches
    server.arrivals.moved()
    return {"chain": {"seq": expected - 1, "hash": prev}, "appended": len(fresh),
            "apply_ms": round((work + time.perf_counter() - started) * 1000, 1)}


def flag_problem(server: Server, device: Device, exc: ProtocolError) -> None:
    """Forks and truncations are kept on the device row (the refused transaction rolled back)."""
    if exc.msg.code in ("chain_fork", "chain_truncated"):
        server.event(exc.msg.code, exc.msg.en, device.key_id, level="error")
        with server.db.write() as conn:
            conn.execute(update(t.devices).where(t.devices.c.key_id == device.key_id)
                         .values(chain_problem=f"{exc.msg.code}: {exc.msg.en}"[:500]))
