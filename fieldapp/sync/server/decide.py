"""What a batch does to each of its records: accepted, duplicate, conflict or rejected (docs/sync-protocol.md §6).

`decide` depends on the batch, its audit entries and what the database holds for it (`Inputs`, read under the
writer) alone; ingest.py writes the outcome in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from fieldapp.messages import Msg
from fieldapp.store.store import canonical
from fieldapp.sync import protocol as p
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.devices import Device
from fieldapp.sync.server.recent import Ready, ready

CHANGE_COLS = ["device_id", "seq", "entity", "entity_id", "revision", "base_revision", "audit_seq", "batch_id",
               "outcome", "reason"]
Stored = tuple[int, str | None, str, str, int, str]  # a record on the server: revision, township, sha, author, audit seq, text


@dataclass(slots=True)
class State:
    """The server's copy of a record as the batch moves it along (payload parsed only when needed)."""

    revision: int
    township: str | None
    payload_sha: str
    author_key: str
    audit_seq: int
    text: str
    in_db: bool
    changed: bool = False
    conflict: bool = False
    blobs: list[str] = field(default_factory=list)
    _data: dict[str, Any] | None = None

    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = p.parse_json(self.text)
        return self._data


@dataclass(frozen=True)
class Inputs:
    """All that a batch's outcome depends on besides the batch and its audit entries: which of its changes were
    applied before, the server's copies of its records and of their parents, and the photos the server holds."""

    done: frozenset[int]
    stored: dict[str, Stored]
    present: frozenset[str]


@dataclass
class Outcome:
    answers: list[dict[str, Any]]
    change_rows: list[list[Any]]  # CHANGE_COLS
    conflict_rows: list[dict[str, Any]]
    touched: dict[str, State]
    last_answer: dict[str, int]  # rkey -> index of its last applied answer
    damaged: list[str] = field(default_factory=list)  # for the event log: records whose fields could not be read


def read_inputs(server: Server, conn: Connection, device_id: str, recs: list[dict[str, Any]],
                entries: dict[int, Ready]) -> Inputs:
    """Also adds to `entries` the audit entries not found in memory."""
    seqs = [r["seq"] for r in recs]
    # Outbox and audit numbers of one batch are close together: one range query each, filtered here.
    audit_seqs = sorted({r["audit_seq"] for r in recs} - set(entries))
    if audit_seqs:
        wanted = set(audit_seqs)
        for row in conn.execute(select(t.audit.c.seq, t.audit.c.entity, t.audit.c.entity_id, t.audit.c.after).where(
                t.audit.c.device_id == device_id, t.audit.c.seq.between(audit_seqs[0], audit_seqs[-1]))).all():
            if int(row[0]) in wanted:
                entries[int(row[0])] = ready(row[1], row[2], row[3])
    done = frozenset(conn.execute(select(t.changes.c.seq).where(
        t.changes.c.device_id == device_id, t.changes.c.seq.between(min(seqs), max(seqs)))).scalars()) & set(seqs) \
        if seqs else frozenset()
    keys = {f"{r.get('entity')}:{r.get('id')}" for r in recs}
    keys |= {k for e in entries.values() if e.payload is not None and (k := parent_key(e.entity, e.payload))}
    stored: dict[str, Stored] = {}
    for clause in server.db.where_in(t.records.c.rkey, sorted(keys)):
        for r in conn.execute(select(t.records.c.rkey, t.records.c.revision, t.records.c.township,
                                     t.records.c.payload_sha, t.records.c.author_key, t.records.c.audit_seq,
                                     t.records.c.payload).where(clause)).all():  # (one fetch, not one a row)
            stored[r[0]] = (int(r[1]), r[2], r[3], r[4], int(r[5]), r[6])
    wanted_blobs = sorted({b for e in entries.values() for b in e.blobs})  # recomputed from the record, never trusted
    present: set[str] = set()
    for clause in server.db.where_in(t.blobs.c.sha256, wanted_blobs):
        present |= set(conn.execute(select(t.blobs.c.sha256).where(clause)).scalars())
    return Inputs(done, stored, frozenset(present))


def decide(device: Device, device_id: str, batch_id: str, recs: list[dict[str, Any]], entries: dict[int, Ready],
           inputs: Inputs, now: str) -> Outcome:
    states = {k: State(*v, in_db=True) for k, v in inputs.stored.items()}
    done, present = set(inputs.done), inputs.present
    out = Outcome([], [], [], {}, {})
    for rec in recs:
        seq = rec["seq"]
        try:
            answer, new, payload = _decide(rec, entries.get(rec["audit_seq"]), device, states, done, present)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:  # a field of an unexpected type
            out.damaged.append(f"batch {batch_id} seq {seq}: {exc!r}"[:500])
            answer, new, payload = _damaged(), None, ""
        outcome = answer["outcome"]
        rkey = f"{rec.get('entity')}:{rec.get('id')}"
        if outcome != "duplicate" or seq not in done:
            out.change_rows.append([device_id, seq, str(rec.get("entity")), str(rec.get("id")),
                                    _int_or(rec.get("revision", 1)), _int_or(rec.get("base_revision", 0)),
                                    rec["audit_seq"], batch_id, outcome,
                                    canonical(answer["reason"]) if "reason" in answer else None])
            done.add(seq)
        if outcome == "conflict":
            stored = states[rkey]
            stored.conflict = True
            out.touched.setdefault(rkey, stored)
            out.conflict_rows.append({"rkey": rkey, "entity": rec["entity"], "entity_id": str(rec["id"]),
                                      "device_id": device_id, "device_seq": seq,
                                      "revision": int(rec.get("revision", 1)),
                                      "base_revision": int(rec.get("base_revision", 0)), "payload": payload,
                                      "server_revision": stored.revision, "server_author": stored.author_key,
                                      "reason": "stale_revision", "detected_at": now, "status": "open"})
        elif new is not None:
            new.changed = True
            states[rkey] = out.touched[rkey] = new
            out.last_answer[rkey] = len(out.answers)
        answer["seq"] = seq
        out.answers.append(answer)
    return out


def _reject(code: str, zh: str, en: str) -> dict[str, Any]:
    return {"outcome": "rejected", "reason": Msg(zh, en, code).as_dict()}


def _damaged() -> dict[str, Any]:
    return _reject("bad_record_data", "该记录在本机保存的内容已损坏（不是有效的数据），无法上报；其余记录照常上报。请联系技术支持。",
                   "This record's content as stored on the laptop is damaged (not valid data) and cannot be sent; "
                   "the other records go on. Contact support.")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_or(value: Any, default: int = 0) -> int:
    return int(value) if _is_int(value) else default


def township_of(entity: str, payload: dict[str, Any], device: Device, parent: State | None) -> str | None:
    if entity in ("evidence", "document") and parent:
        return parent.township
    if entity == "number_block":
        return device.township
    value = payload.get("township")
    return str(value) if value else None


def parent_key(entity: str, payload: dict[str, Any]) -> str | None:
    if entity not in ("evidence", "document"):
        return None
    if payload.get("case_id"):
        return f"case:{payload['case_id']}"
    if payload.get("inspection_id"):
        return f"inspection:{payload['inspection_id']}"
    return None



def _decide(rec: dict[str, Any], entry: Ready | None, device: Device, states: dict[str, State], done: set[int],
            present: frozenset[str]) -> tuple[dict[str, Any], State | None, str]:
    """One record's outcome: (answer, new state or None, payload text)."""
    entity, rid = str(rec.get("entity")), str(rec.get("id"))
    if rec["seq"] in done:
        return {"outcome": "duplicate"}, None, ""
    if entry is None or entry.entity != entity or entry.entity_id != rid:
        return _reject("payload_mismatch", "记录与其审计条目不符。", "The record does not match its audit entry."), None, ""
    revision, base = rec.get("revision", 1), rec.get("base_revision", 0)
    payload = entry.payload
    if payload is None or not (_is_int(revision) and _is_int(base)):
        return _damaged(), None, ""
    # The audit after-image is already canonical JSON: hashed and stored as it came.
    text = entry.text
    rkey = f"{entity}:{rid}"
    stored = states.get(rkey)
    key = parent_key(entity, payload)
    parent = states.get(key) if key else None
    township = township_of(entity, payload, device, parent)
    for candidate, where in ((payload, township), (stored.data() if stored else None,
                                                   stored.township if stored else None)):
        # `allowed` reads the parent only when the record itself does not decide: parse it only then.
        if candidate is not None and not (p.allowed(entity, where, candidate, device.scope) or (
                parent is not None and p.allowed(entity, where, candidate, device.scope, parent.data()))):
            return _reject("township_forbidden", f"本机只能上报{device.township}的记录（该记录属于{where or '未知乡镇'}）。",
                           f"This laptop may only write records of {device.township} (this one belongs to "
                           f"{where or 'an unknown township'})."), None, ""
    new = State(revision, township, entry.sha, device.key_id, rec["audit_seq"], text, False, blobs=entry.blobs,
                _data=payload)
    answer: dict[str, Any] = {"outcome": "accepted", "revision": revision}
    if entity == "number_block":  # owned by one device; allocations apply in audit order
        if stored and stored.author_key != device.key_id:
            return _reject("block_not_yours", "该号段属于另一台设备。", "This number block belongs to another device."), None, ""
        if stored and stored.audit_seq >= new.audit_seq:
            return {"outcome": "duplicate", "revision": stored.revision}, None, ""
    elif stored is None or stored.revision == base:
        pass
    elif stored.revision == revision and stored.payload_sha == entry.sha:
        return {"outcome": "duplicate", "revision": revision}, None, ""
    else:
        answer = {"outcome": "conflict", "server_revision": stored.revision, "reason": Msg(
            f"服务器上的版本（{stored.revision}）已被他人修改，本机修改基于版本 {base}。两份都已保留，待县局处理。",
            f"The server's copy (revision {stored.revision}) was changed by someone else; this change was based on "
            f"revision {base}. Both are kept for the county to resolve.", "conflict").as_dict()}
        return answer, None, text
    if stored is not None:
        new.in_db, new.conflict = stored.in_db, stored.conflict
    if entry.blobs:
        missing = [s for s in entry.blobs if s not in present]
        if missing:
            answer["missing_blobs"] = missing
    return answer, new, text
