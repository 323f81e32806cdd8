"""Cases through their lawful states, and complaints (投诉举报) that start them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities
from fieldapp.store.store import Changes, Store, new_id

_CASE_COLUMNS = ("id", "township", "party_id", "source", "inspection_id", "complaint_id", "state", "title",
                 "summary", "subject_kind", "subject_key", "subject_name", "accepted_on", "filed_on", "decided_on",
                 "served_on", "closed_on", "review_required", "review_outcome", "escalated", "area_key",
                 "townships", "proposed_fine", "penalties", "flags", "revision", "created_at", "updated_at")
_INSERT = f"INSERT INTO cases({', '.join(_CASE_COLUMNS)}) VALUES ({', '.join(':' + c for c in _CASE_COLUMNS)})"
DATE_FOR_STATE = {"accepted": "accepted_on", "filed": "filed_on", "decided": "decided_on",
                  "served": "served_on", "closed": "closed_on"}


@dataclass
class CaseInput:
    township: str
    source: str
    matters: list[str]
    officers: list[str]
    party_id: str | None = None
    inspection_id: str | None = None
    complaint_id: str | None = None
    title: str = ""
    summary: str = ""
    state: str = "accepted"
    accepted_on: str | None = None
    townships: list[str] = field(default_factory=list)


def not_found(kind: str, ident: str) -> FieldappError:
    names = {"case": ("案件", "case"), "complaint": ("投诉举报", "complaint"), "inspection": ("检查记录", "inspection"),
             "document": ("文书", "document"), "party": ("当事人", "party"), "officer": ("执法人员", "officer")}
    zh, en = names.get(kind, (kind, kind))
    return FieldappError(Msg(f"找不到{zh} {ident}。", f"No {en} {ident}.", "not_found"))


def insert_case(ch: Changes, inp: CaseInput) -> str:
    townships = sorted(set(inp.townships) | {inp.township})
    row: dict[str, Any] = {c: None for c in _CASE_COLUMNS}
    row.update({"id": new_id(), "township": inp.township, "party_id": inp.party_id, "source": inp.source,
                "inspection_id": inp.inspection_id, "complaint_id": inp.complaint_id, "state": inp.state,
                "title": inp.title, "summary": inp.summary, "accepted_on": inp.accepted_on,
                "review_required": 0, "escalated": 0, "townships": json.dumps(townships, ensure_ascii=False),
                "penalties": "[]", "flags": "[]", "revision": 1, "created_at": ch.ts, "updated_at": ch.ts})
    ch.execute(_INSERT, row)
    ch.executemany("INSERT INTO case_matters(case_id, matter_code) VALUES (?, ?)",
                   [(row["id"], code) for code in sorted(set(inp.matters))])
    ch.executemany("INSERT INTO case_officers(case_id, officer_id) VALUES (?, ?)",
                   [(row["id"], oid) for oid in sorted(set(inp.officers))])
    if inp.complaint_id:
        update_row(ch, "complaint", inp.complaint_id, "link_case", status="case_opened", case_id=row["id"])
    snap = entities.snapshot(ch.conn, "case", row["id"])
    ch.record("case", row["id"], "create", None, snap)
    return str(row["id"])


def update_row(ch: Changes, entity: str, ident: str, action: str, **changes: Any) -> dict[str, Any]:
    """Change columns of one record with its revision bumped, audited and queued for sync."""
    table = entities.ENTITIES[entity][0]
    before = entities.snapshot(ch.conn, entity, ident)
    if before is None:
        raise not_found(entity, ident)
    revision = int(before["revision"]) + 1
    values = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in changes.items()}
    sets = ", ".join(f"{k} = :{k}" for k in values)
    ch.execute(f"UPDATE {table} SET {sets}, revision = :revision, updated_at = :ts WHERE id = :id",
               {**values, "revision": revision, "ts": ch.ts, "id": ident})
    after = entities.snapshot(ch.conn, entity, ident)
    ch.record(entity, ident, action, before, after, revision)
    return after or {}


def record_transition(ch: Changes, case_id: str, from_state: str, to_state: str, reason: str) -> None:
    """A step of the case with its reason (a 撤销 or 移送 must say why): append-only and audited."""
    ident = new_id()
    ch.execute("INSERT INTO case_transitions(id, case_id, from_state, to_state, at, officer_id, reason)"
               " VALUES (?,?,?,?,?,?,?)", (ident, case_id, from_state, to_state, ch.ts, ch.actor, reason))
    ch.record("case_transition", ident, "create", None, entities.snapshot(ch.conn, "case_transition", ident))


def list_cases(store: Store, *, township: str | None = None, state: str | None = None, escalated: bool | None = None,
               text: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    where, params = ["1"], []
    for column, value in (("c.township", township), ("c.state", state)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if escalated is not None:
        where.append("c.escalated = ?")
        params.append(int(escalated))
    if text:
        where.append("(c.title LIKE ? OR p.name LIKE ?)")
        params += [f"%{text}%", f"%{text}%"]
    return store.query(
        "SELECT c.id, c.township, c.state, c.title, c.subject_name, c.filed_on, c.decided_on, c.escalated,"
        " c.review_required, c.review_outcome, c.created_at, p.name AS party_name FROM cases c"
        f" LEFT JOIN parties p ON p.id = c.party_id WHERE {' AND '.join(where)}"
        " ORDER BY c.created_at DESC, c.id LIMIT ? OFFSET ?", (*params, limit, offset))


def get_case(store: Store, case_id: str) -> dict[str, Any] | None:
    with store.lock:
        snap = entities.snapshot(store.conn, "case", case_id)
    if snap is None:
        return None
    snap["transitions"] = store.query(
        "SELECT from_state, to_state, at, officer_id, reason FROM case_transitions WHERE case_id = ? ORDER BY rowid",
        (case_id,))
    snap["party"] = store.one("SELECT * FROM parties WHERE id = ?", (snap["party_id"],)) if snap["party_id"] else None
    snap["documents"] = store.query("SELECT id, doc_type, number, status, issued_at FROM documents WHERE case_id = ?"
                                    " ORDER BY created_at", (case_id,))
    return snap


def add_complaint(store: Store, *, township: str, received_at: str, channel: str, content: str,
                  complainant: str = "", contact: str = "", party_id: str | None = None,
                  actor: str | None = None) -> str:
    if not content.strip():
        raise FieldappError(Msg("投诉举报内容不能为空。", "A complaint needs its content.", "complaint_empty"))
    with store.change(actor) as ch:
        row = {"id": new_id(), "township": township, "received_at": received_at, "channel": channel,
               "complainant": complainant, "contact": contact, "content": content.strip(), "party_id": party_id,
               "status": "received", "case_id": None, "revision": 1, "created_at": ch.ts, "updated_at": ch.ts}
        ch.execute("INSERT INTO complaints(id, township, received_at, channel, complainant, contact, content,"
                   " party_id, status, case_id, revision, created_at, updated_at) VALUES (:id, :township,"
                   " :received_at, :channel, :complainant, :contact, :content, :party_id, :status, :case_id,"
                   " :revision, :created_at, :updated_at)", row)
        ch.record("complaint", row["id"], "create", None, entities.plain(row))
    return str(row["id"])
