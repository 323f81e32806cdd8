"""Applying a batch of record changes: atomically, idempotently, record by record.

Shared by the HTTP endpoint and bundle import. A batch is applied in one
transaction together with the row that remembers its id and answer, so a
kill at any instant leaves all of it or none, and a resent batch gets the
stored answer instead of being applied twice (docs/sync-protocol.md §6).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

from sqlalchemy import Connection, bindparam, delete, select, update

from fieldapp.store.store import canonical, now_iso
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import ProtocolError, refuse
from fieldapp.sync.server import numbers
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.chain import check_head, device_chain
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.db import next_feed
from fieldapp.sync.server.decide import CHANGE_COLS, State, decide, read_inputs
from fieldapp.sync.server.devices import Device
from fieldapp.sync.server.recent import Ready

# Test hook: FIELDAPP_SERVER_FAULT=die_in_batch=N kills the process inside the N-th batch's transaction.
_FAULT = os.environ.get("FIELDAPP_SERVER_FAULT", "")
_batches_seen = 0
_REC_COLS = ("rkey", "entity", "entity_id", "revision", "township", "payload", "payload_sha", "author_key",
             "author_device", "audit_seq", "feed_seq", "updated_at", "missing")


def verify_payload(server: Server, device: Device, data: bytes, sig: str | None, kind: str) -> dict[str, Any]:
    """A chain segment or batch: signed by this device, and about this device."""
    if not p.check_sig(device.public, sig, p.payload_string(data)):
        server.event("bad_payload_signature", kind, device.key_id)
        raise refuse(401, "bad_payload_signature", "数据包签名无效（被篡改或不是本机签发）。",
                     "The payload signature is invalid (tampered with, or not signed by this laptop).")
    doc = p.unpack(data)
    if doc.get("kind") != kind or doc.get("key_id") != device.key_id or doc.get("device_id") != device.device_id:
        server.event("payload_mismatch", f"kind={doc.get('kind')} key={doc.get('key_id')}", device.key_id)
        raise refuse(400, "payload_mismatch", "数据包不属于本机。", "The payload does not belong to this laptop.")
    return doc


def _batch_known(server: Server, batch_id: str) -> bool:
    with server.db.read(one_statement=True) as conn:
        return conn.execute(select(t.batches.c.batch_id).where(t.batches.c.batch_id == batch_id)).first() is not None


def apply_batch(server: Server, device: Device, data: bytes, doc: dict[str, Any], via: str,
                after: str | None = None) -> dict[str, Any]:
    """Apply a batch. `after`: the batch the laptop sent just before this one, still unanswered when this one
    left; this one waits for it (at most `order.ORDER_WAIT_S`), since a batch may build on the one before."""
    started = time.perf_counter()
    batch_id = str(doc.get("batch_id", ""))
    recs = doc.get("records")
    if not (0 < len(batch_id) <= 64) or not isinstance(recs, list) or len(recs) > server.limits.max_records or any(
            not isinstance(r, dict) or not isinstance(r.get("seq"), int) or not isinstance(r.get("audit_seq"), int)
            for r in recs):
        raise refuse(400, "bad_payload", "批次数据格式错误。", "Malformed batch.")
    body_sha = p.sha256_hex(data)
    # The records' audit entries, made ready as their chain segments were stored, are looked up before taking the
    # writer.
    entries = server.recent.get(device.device_id, sorted({r["audit_seq"] for r in recs}))
    work = time.perf_counter() - started  # (the time spent waiting is not the server's work)
    if after and not server.arrivals.wait(device.key_id, lambda: _batch_known(server, after)):
        raise refuse(409, "batch_order", "上一批次尚未到达服务器，本批次暂不处理；将按顺序重发。",
                     "The batch before this one has not reached the server; this one will be sent again in order.",
                     after=after)
    try:
        result = _apply_in_transaction(server, device, batch_id, recs, doc, body_sha, via, entries)
    except ProtocolError as exc:
        if exc.msg.code == "batch_tampered":  # logged here: the refused transaction rolled back
            server.event("batch_tampered", f"batch {batch_id}", device.key_id, level="error")
        raise
    server.arrivals.moved()
    if not result.get("replayed"):
        result["apply_ms"] = round((work + result.pop("_ms")) * 1000, 1)
    result.pop("_ms", None)
    return result


def _apply_in_transaction(server: Server, device: Device, batch_id: str, recs: list[dict[str, Any]],
                          doc: dict[str, Any], body_sha: str, via: str, entries: dict[int, Ready]
                          ) -> dict[str, Any]:
    global _batches_seen
    with server.db.write() as conn:
        started = time.perf_counter()
        known = conn.execute(select(t.batches.c.body_sha, t.batches.c.key_id, t.batches.c.result)
                             .where(t.batches.c.batch_id == batch_id)).first()
        if known is not None:
            if known[0] != body_sha or known[1] != device.key_id:
                raise refuse(409, "batch_tampered", "同一批次编号的内容与已收到的不同（被篡改）。",
                             "A batch with this id but different content was already received (tampering).")
            return {**json.loads(known[2]), "replayed": True}
        chain = device_chain(conn, device.key_id)
        top = max((int(r["audit_seq"]) for r in recs), default=0)
        if top > int(chain["chain_seq"]):
            raise refuse(409, "chain_behind", "请先发送审计链。", "Send the audit chain first.",
                         seq=int(chain["chain_seq"]), hash=chain["chain_hash"])
        check_head(conn, device, doc.get("head"), fresh=False, chain=chain)
        result = _apply(server, conn, device, recs, chain["device_id"], batch_id, entries)
        result["chain"] = {"seq": int(chain["chain_seq"]), "hash": chain["chain_hash"]}
        conn.execute(t.batches.insert().values(batch_id=batch_id, key_id=device.key_id, body_sha=body_sha,
                                               received_at=now_iso(), via=via, records=len(recs),
                                               result=p.json_bytes(result).decode("utf-8")))
        _batches_seen += 1
        if _FAULT and _FAULT.endswith(f"={_batches_seen}"):
            os._exit(9)  # a kill between applying and committing: nothing of this batch may survive
    result["_ms"] = time.perf_counter() - started
    return result


def _apply(server: Server, conn: Connection, device: Device, recs: list[dict[str, Any]], device_id: str,
           batch_id: str, entries: dict[int, Ready]) -> dict[str, Any]:
    """`entries`: the records' audit entries found in memory; the others are read here."""
    inputs = read_inputs(server, conn, device_id, recs, entries)
    now = now_iso()
    out = decide(device, device_id, batch_id, recs, entries, inputs, now)
    server.events_in(conn, "bad_record_data", out.damaged, device.key_id)
    answers, touched, last_answer = out.answers, out.touched, out.last_answer
    # A block that overlaps another device's numbers is kept (this laptop may have used them already), but its
    # answer says so: the laptop must learn, not only the county.
    blocks = numbers.block_ranges([(k, s) for k, s in touched.items() if s.changed and k.startswith("number_block:")])
    block_seqs = {k: int(answers[i]["seq"]) for k, i in last_answer.items()}
    clashes = numbers.overlaps(server, conn, device, device_id, blocks, block_seqs, now, out.conflict_rows)
    for rkey, reason in clashes.items():
        touched[rkey].conflict = True
        i = last_answer[rkey]
        answers[i] = {"seq": answers[i]["seq"], "outcome": "conflict", "revision": answers[i].get("revision"),
                      "reason": reason}
        for change in out.change_rows:
            if change[1] == answers[i]["seq"]:
                change[8], change[9] = "conflict", canonical(reason)
    _write(server, conn, device, out.change_rows, out.conflict_rows, touched, inputs.present, now)
    numbers.join_ranges(server, conn, device, blocks, now)
    counts: dict[str, int] = {}
    for a in answers:
        counts[a["outcome"]] = counts.get(a["outcome"], 0) + 1
    return {"batch_id": batch_id, "records": answers, "counts": counts}


def _write(server: Server, conn: Connection, device: Device, change_rows: list[list[Any]],
           conflict_rows: list[dict[str, Any]], touched: dict[str, State], present: frozenset[str], now: str) -> None:
    server.db.bulk_insert_tuples(conn, t.changes, CHANGE_COLS, list(map(tuple, change_rows)))
    if conflict_rows:
        conn.execute(t.conflicts.insert(), conflict_rows)
    changed = [(k, s) for k, s in touched.items() if s.changed]
    first = next_feed(conn, len(changed)) if changed else 0
    inserts: list[tuple[Any, ...]] = []
    updates: list[dict[str, Any]] = []
    blob_rows: list[tuple[str, str]] = []
    author_device = device.device_id
    for n, (rkey, s) in enumerate(changed, start=first):
        entity, _, entity_id = rkey.partition(":")
        missing = sum(b not in present for b in s.blobs) if s.blobs else 0
        if s.in_db:
            updates.append({"k_rkey": rkey, "k_revision": s.revision, "k_township": s.township, "k_payload": s.text,
                            "k_payload_sha": s.payload_sha, "k_author_key": s.author_key,
                            "k_author_device": author_device, "k_audit_seq": s.audit_seq, "k_feed_seq": n,
                            "k_updated_at": now, "k_missing": missing, "k_conflict": int(s.conflict)})
        else:
            inserts.append((rkey, entity, entity_id, s.revision, s.township, s.text, s.payload_sha, s.author_key,
                            author_device, s.audit_seq, n, now, missing, int(s.conflict)))
        if s.blobs:
            blob_rows += [(rkey, b) for b in s.blobs]
    server.db.bulk_insert_tuples(conn, t.records, [*_REC_COLS, "conflict"], inserts)
    if updates:
        conn.execute(update(t.records).where(t.records.c.rkey == bindparam("k_rkey")).values(
            {c: bindparam(f"k_{c}") for c in (*_REC_COLS[3:], "conflict")}), updates)
        for clause in server.db.where_in(t.record_blobs.c.rkey, [r["k_rkey"] for r in updates]):
            conn.execute(delete(t.record_blobs).where(clause))
    flagged = [{"k_rkey": k} for k, s in touched.items() if not s.changed and s.conflict]
    if flagged:
        conn.execute(update(t.records).where(t.records.c.rkey == bindparam("k_rkey")).values(conflict=1), flagged)
    server.db.bulk_insert_tuples(conn, t.record_blobs, ["rkey", "sha256"], blob_rows)
