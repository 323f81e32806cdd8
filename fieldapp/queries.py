"""Read-only queries the desktop app needs (no Qt here).

`Reader` is a read-only view of the store on its own SQLite connection (one per
thread). In WAL mode readers never wait for the writer, so the window can list
and search while an import or a sync holds the store's write lock. It offers the
read side of `Store` (`query`, `one`, `meta`, `conn`, `lock`, `data_dir`), so the
core's read functions (`cases.get_case`, `parties.search`, `evidence.list_evidence`)
run on it unchanged through `Reader.as_store()`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, cast

from fieldapp.rules import deadlines
from fieldapp.rules.case_flow import TERMINAL, CaseState
from fieldapp.store.db import STORE_FILENAME, translate_db_error
from fieldapp.store.store import Store

ACTIVE_STATES = tuple(s.value for s in CaseState if s not in TERMINAL)
PAGE = 200


class Reader:
    """Read-only connections to a store file, one per thread."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[tuple[sqlite3.Connection, threading.RLock]] = []
        self._guard = threading.Lock()
        self._closed = False

    @classmethod
    def for_store(cls, store: Store) -> Reader:
        return cls(store.path)

    @classmethod
    def in_dir(cls, data_dir: Path) -> Reader:
        return cls(Path(data_dir) / STORE_FILENAME)

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    @property
    def conn(self) -> sqlite3.Connection:
        return self._connection()[0]

    @property
    def lock(self) -> threading.RLock:
        """This thread's connection lock (core readers take `store.lock` around `store.conn`)."""
        return self._connection()[1]

    def _connection(self) -> tuple[sqlite3.Connection, threading.RLock]:
        pair: tuple[sqlite3.Connection, threading.RLock] | None = getattr(self._local, "pair", None)
        if pair is None:
            if self._closed:
                raise translate_db_error(sqlite3.ProgrammingError("closed: unable to open"), self.path)
            try:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False, timeout=5)
            except sqlite3.Error as exc:
                raise translate_db_error(exc, self.path) from exc
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA query_only = 1")
            conn.execute("PRAGMA cache_size = -16000")
            pair = (conn, threading.RLock())
            self._local.pair = pair
            with self._guard:
                self._all.append(pair)
        return pair

    def as_store(self) -> Store:
        """For core read functions typed `Store`: they only use the read side offered here."""
        return cast(Store, self)

    def _rows(self, sql: str, params: tuple[Any, ...] | dict[str, Any]) -> list[sqlite3.Row]:
        conn, lock = self._connection()
        with lock:  # held only against close() from another thread
            try:
                return conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                raise translate_db_error(exc, self.path) from exc

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self._rows(sql, params)]

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        rows = self._rows(sql, params)
        return rows[0][0] if rows else None

    def meta(self, key: str) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return None if value is None else str(value)

    def close(self) -> None:
        """Close every thread's connection, waiting for a query in progress on it to finish."""
        self._closed = True
        with self._guard:
            for conn, lock in self._all:
                with lock:
                    conn.close()
            self._all.clear()
        self._local = threading.local()


# -- people ------------------------------------------------------------------------------------------

def officers(r: Reader) -> list[dict[str, Any]]:
    rows = r.query("SELECT id, name, cert_no, cert_valid_until, unit, township, roles, conflicts FROM officers"
                   " WHERE active = 1 ORDER BY name")
    for row in rows:
        row["roles"] = json.loads(row["roles"] or "[]")
        row["conflicts"] = json.loads(row["conflicts"] or "[]")
    return rows


def signable_officers(r: Reader) -> int:
    """Active officers who can sign in on this laptop: one pulled from the county has no password here
    (`fieldapp.sync.incoming.UNUSABLE_PASSWORD`, a hash that starts with "!")."""
    return int(r.scalar("SELECT count(*) FROM officers WHERE active = 1 AND password_hash NOT LIKE '!%'") or 0)


def officer_names(r: Reader) -> dict[str, str]:
    return {row["id"]: row["name"] for row in r.query("SELECT id, name FROM officers")}


# -- home --------------------------------------------------------------------------------------------

def drafts(r: Reader, limit: int = 30) -> list[dict[str, Any]]:
    """Draft inspections and draft documents, newest first."""
    return r.query(
        "SELECT 'inspection' AS kind, i.id, i.place AS title, p.name AS party_name, i.updated_at, NULL AS doc_type,"
        " i.id AS inspection_id, NULL AS case_id FROM inspections i LEFT JOIN parties p ON p.id = i.party_id"
        " WHERE i.status = 'draft'"
        " UNION ALL SELECT 'document', d.id, d.doc_type, NULL, d.updated_at, d.doc_type, d.inspection_id, d.case_id"
        " FROM documents d WHERE d.status = 'draft' ORDER BY updated_at DESC LIMIT ?", (limit,))


def planned_on(r: Reader, day: date) -> list[dict[str, Any]]:
    start = day.isoformat()
    return r.query(
        "SELECT i.id, i.place, i.planned_for, i.summary, p.name AS party_name FROM inspections i"
        " LEFT JOIN parties p ON p.id = i.party_id WHERE i.status = 'planned' AND i.planned_for >= ?"
        " AND i.planned_for < ? ORDER BY i.planned_for", (start, (day + timedelta(days=1)).isoformat()))


@dataclass(frozen=True)
class CaseDue:
    id: str
    title: str
    party_name: str | None
    state: str
    action_zh: str
    action_en: str
    due: date  # the statutory deadline, or (statutory False) the day the case was accepted
    days_left: int
    statutory: bool = True


def cases_due(r: Reader, today: date, limit: int = 40) -> list[CaseDue]:
    """Open cases with a statutory deadline: serve a decision (7 working days), decide (90 days from filing)."""
    out: list[CaseDue] = []
    served = r.query(
        "SELECT c.id, c.title, c.state, c.decided_on, p.name AS party_name FROM cases c LEFT JOIN parties p"
        " ON p.id = c.party_id WHERE c.state = 'decided' AND c.decided_on IS NOT NULL ORDER BY c.decided_on LIMIT ?",
        (limit,))
    for row in served:
        due = deadlines.service_deadline(date.fromisoformat(row["decided_on"][:10])).due
        out.append(CaseDue(row["id"], row["title"], row["party_name"], row["state"], "送达决定书", "Serve the decision",
                           due, (due - today).days))
    pending = r.query(
        "SELECT c.id, c.title, c.state, c.filed_on, p.name AS party_name FROM cases c LEFT JOIN parties p"
        " ON p.id = c.party_id WHERE c.state IN ('filed','investigating','notified','legal_review')"
        " AND c.filed_on IS NOT NULL ORDER BY c.filed_on LIMIT ?", (limit,))
    for row in pending:
        due = deadlines.decision_deadline(date.fromisoformat(row["filed_on"][:10])).due
        out.append(CaseDue(row["id"], row["title"], row["party_name"], row["state"], "作出处理决定", "Decide",
                           due, (due - today).days))
    accepted = r.query(
        "SELECT c.id, c.title, c.state, c.accepted_on, p.name AS party_name FROM cases c LEFT JOIN parties p"
        " ON p.id = c.party_id WHERE c.state IN ('clue','accepted') ORDER BY c.id LIMIT ?", (limit,))
    for row in accepted:
        # The 行政处罚法 sets no clock before filing: listed after the dated ones, oldest first.
        start = date.fromisoformat((row["accepted_on"] or today.isoformat())[:10])
        out.append(CaseDue(row["id"], row["title"], row["party_name"], row["state"], "决定是否立案",
                           "Decide whether to open a case", start, (today - start).days, statutory=False))
    out.sort(key=lambda c: (not c.statutory, c.due))
    return out[:limit]


def referrals(r: Reader, limit: int = 40) -> list[dict[str, Any]]:
    """Cases escalated to the 片长 or in or back from legal review, with what is waiting."""
    return r.query(
        "SELECT c.id, c.title, c.state, c.escalated, c.review_required, c.review_outcome, c.updated_at,"
        " p.name AS party_name, CASE WHEN c.review_outcome = 'returned' THEN 'review_returned'"
        " WHEN c.state = 'legal_review' AND c.review_outcome = 'passed' THEN 'review_passed'"
        " WHEN c.state = 'legal_review' THEN 'in_review' ELSE 'escalated' END AS why"
        " FROM cases c LEFT JOIN parties p ON p.id = c.party_id"
        f" WHERE c.state IN ({','.join('?' * len(ACTIVE_STATES))})"
        " AND (c.escalated = 1 OR c.state = 'legal_review' OR c.review_outcome = 'returned')"
        " ORDER BY c.updated_at DESC LIMIT ?", (*ACTIVE_STATES, limit))


@dataclass(frozen=True)
class SyncState:
    pending: int
    pending_bytes: int
    problems: list[dict[str, Any]]  # {kind, entity, entity_id, zh, en, at}
    last_sync: str | None
    server: str | None
    last_run: dict[str, Any] | None = None

    @property
    def pending_mb(self) -> float:
        return self.pending_bytes / 2**20


def reason_text(raw: str | None) -> tuple[str, str]:
    """A stored sync reason (JSON of a bilingual message, or plain text) as (zh, en)."""
    if not raw:
        return "", ""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw, raw
    if isinstance(data, dict):
        zh = str(data.get("zh") or data.get("message") or data.get("code") or raw)
        return zh, str(data.get("en") or zh)
    return str(data), str(data)


def sync_state(r: Reader, problem_limit: int = 50) -> SyncState:
    pending = int(r.scalar("SELECT count(*) FROM outbox WHERE status IN ('pending','sent')") or 0)
    size = int(r.scalar(
        "SELECT coalesce(sum(f.size), 0) FROM evidence_files f WHERE f.sha256 IN (SELECT l.sha256 FROM outbox o"
        " JOIN evidence_links l ON l.id = o.entity_id WHERE o.entity = 'evidence' AND o.status IN ('pending','sent'))"
        + (" AND f.sha256 NOT IN (SELECT sha256 FROM sync_blobs)" if _has_table(r, "sync_blobs") else ""))
        or 0)
    problems = []
    for row in r.query("SELECT entity, entity_id, reason, created_at AS at FROM outbox WHERE status = 'quarantined'"
                       " ORDER BY seq DESC LIMIT ?", (problem_limit,)):
        zh, en = reason_text(row.pop("reason"))
        problems.append({**row, "kind": "rejected", "zh": zh, "en": en})
    if _has_table(r, "sync_conflicts"):
        for row in r.query("SELECT entity, entity_id, reason, detected_at AS at FROM sync_conflicts"
                           " WHERE resolved_at IS NULL ORDER BY id DESC LIMIT ?", (problem_limit,)):
            zh, en = reason_text(row.pop("reason"))
            problems.append({**row, "kind": "conflict", "zh": zh, "en": en})
    last_run = None
    if _has_table(r, "sync_runs"):
        last_run = r.one("SELECT started_at, finished_at, status, summary FROM sync_runs ORDER BY id DESC LIMIT 1")
    return SyncState(pending, size, problems, r.meta("sync_last_ok"), r.meta("sync_server"), last_run)


def _has_table(r: Reader, name: str) -> bool:
    return r.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None


# -- lists at 100,000 records: keyset pages ----------------------------------------------------------

@dataclass(frozen=True)
class ListFilter:
    text: str = ""
    state: str = ""  # a case state, or an inspection status
    township: str = ""


def _text_clause(r: Reader, text: str, title_col: str) -> tuple[str, list[Any]]:
    """A title substring, or a party matched through the party search index."""
    from fieldapp.store.parties import match_query

    text = text.strip()
    if not text:
        return "", []
    clauses, params = [f"{title_col} LIKE ?"], [f"%{text}%"]
    fts = match_query(text)
    if fts is not None:
        clauses.append("x.party_id IN (SELECT p.id FROM parties_fts f JOIN parties p ON p.rowid = f.rowid"
                       " WHERE parties_fts MATCH ?)")
        params.append(fts)
    upper = text.upper()
    clauses.append("x.party_id IN (SELECT id FROM parties WHERE uscc >= ? AND uscc < ?"
                   " UNION SELECT id FROM parties WHERE id_number >= ? AND id_number < ?)")
    params += [upper, upper + "\uffff", upper, upper + "\uffff"]
    return "(" + " OR ".join(clauses) + ")", params


def case_page(r: Reader, flt: ListFilter, after: tuple[str, str] | None = None, limit: int = PAGE) -> list[dict[str, Any]]:
    """Cases newest first; `after` is the (created_at, id) of the last row already shown.

    Ids are UUIDv7 (time-ordered), so the primary key gives creation order without a sort."""
    where, params = ["1"], []
    if flt.state:
        where.append("x.state = ?")
        params.append(flt.state)
    if flt.township:
        where.append("x.township = ?")
        params.append(flt.township)
    clause, extra = _text_clause(r, flt.text, "x.title")
    if clause:
        where.append(clause)
        params += extra
    if after is not None:
        where.append("x.id < ?")
        params.append(after[1])
    return r.query(
        "SELECT x.id, x.created_at, x.title, x.state, x.township, x.subject_name, x.filed_on, x.decided_on,"
        " x.escalated, x.review_outcome, p.name AS party_name FROM cases x LEFT JOIN parties p ON p.id = x.party_id"
        f" WHERE {' AND '.join(where)} ORDER BY x.id DESC LIMIT ?", (*params, limit))


def inspection_page(r: Reader, flt: ListFilter, after: tuple[str, str] | None = None,
                    limit: int = PAGE) -> list[dict[str, Any]]:
    """Inspections by start time, or plan time while not started, newest first; keyset on (that time, id).

    A planned visit has no start time, so it is paged on `planned_for`. Sorting on
    COALESCE(started_at, planned_for) in SQL would scan and sort the whole table (no index holds that
    expression), so the page is two indexed keyset queries, started (index on started_at) and not yet
    started (the few rows whose started_at is NULL), merged here on the same key.
    """
    where, params = ["1"], []
    if flt.state:
        where.append("x.status = ?")
        params.append(flt.state)
    if flt.township:
        where.append("x.township = ?")
        params.append(flt.township)
    clause, extra = _text_clause(r, flt.text, "x.place")
    if clause:
        where.append(clause)
        params += extra
    cols = ("SELECT x.id, COALESCE(x.started_at, x.planned_for) AS created_at, x.started_at, x.planned_for, x.place,"
            " x.status, x.result, x.township, p.name AS party_name FROM inspections x"
            " LEFT JOIN parties p ON p.id = x.party_id")
    rows: list[dict[str, Any]] = []
    for column, present in (("x.started_at", "x.started_at IS NOT NULL"),
                            ("x.planned_for", "x.started_at IS NULL AND x.planned_for IS NOT NULL")):
        part, args = [*where, present], list(params)
        if after is not None:
            part.append(f"({column} < ? OR ({column} = ? AND x.id > ?))")
            args += [after[0], after[0], after[1]]
        rows += r.query(f"{cols} WHERE {' AND '.join(part)} ORDER BY {column} DESC, x.id LIMIT ?", (*args, limit))
    # Newest first, ties by id ascending: the order of the keyset above. Python's sort is stable, so sort on id
    # first, then on the time descending.
    rows.sort(key=lambda row: str(row["id"]))
    rows.sort(key=lambda row: str(row["created_at"]), reverse=True)
    return rows[:limit]


def count_cases(r: Reader, flt: ListFilter) -> int:
    where, params = ["1"], []
    if flt.state:
        where.append("x.state = ?")
        params.append(flt.state)
    clause, extra = _text_clause(r, flt.text, "x.title")
    if clause:
        where.append(clause)
        params += extra
    return int(r.scalar(f"SELECT count(*) FROM cases x WHERE {' AND '.join(where)}", tuple(params)) or 0)


# -- a record's timeline -----------------------------------------------------------------------------

def timeline(r: Reader, *, case_id: str | None = None, inspection_id: str | None = None) -> list[dict[str, Any]]:
    """Every audit entry of a case or an inspection, its documents and its photos, oldest first."""
    keys: list[tuple[str, str]] = []
    if case_id:
        keys.append(("case", case_id))
        row = r.one("SELECT inspection_id FROM cases WHERE id = ?", (case_id,))
        if row and row["inspection_id"] and not inspection_id:
            inspection_id = row["inspection_id"]
    if inspection_id:
        keys.append(("inspection", inspection_id))
    ids = [k[1] for k in keys]
    marks = ",".join("?" * len(ids))
    for entity, table in (("document", "documents"), ("evidence", "evidence_links")):
        for row in r.query(f"SELECT id FROM {table} WHERE case_id IN ({marks}) OR inspection_id IN ({marks})",
                           (*ids, *ids)):
            keys.append((entity, row["id"]))
    if not keys:
        return []
    clause = " OR ".join("(a.entity = ? AND a.entity_id = ?)" for _ in keys)
    rows = r.query(
        "SELECT a.seq, a.ts, a.entity, a.entity_id, a.action, a.after, o.name AS officer FROM audit_log a"
        f" LEFT JOIN officers o ON o.id = a.officer_id WHERE {clause} ORDER BY a.seq",
        tuple(v for k in keys for v in k))
    for row in rows:
        row["after"] = json.loads(row["after"] or "null") or {}
    return rows


def case_documents(r: Reader, case_id: str | None = None, inspection_id: str | None = None) -> list[dict[str, Any]]:
    column, value = ("case_id", case_id) if case_id else ("inspection_id", inspection_id)
    return r.query(
        "SELECT id, doc_type, number, status, issued_at, print_count, supersedes, superseded_by, void_reason,"
        f" created_at FROM documents WHERE {column} = ? ORDER BY created_at, id", (value,))
