"""The Store: one SQLite file, and the change context every write goes through.

Every write to an enforcement record happens inside `Store.change()`, which in
one transaction appends the hash-chained audit entry (执法全过程记录) and the
sync outbox row. A crash therefore never leaves a change that sync would miss
or that the audit chain does not cover.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldapp.store.db import STORE_FILENAME, Database

GENESIS = "0" * 64
_id_lock = threading.Lock()

# Entities that travel to the county server through the outbox.
SYNCED = {"officer", "party", "inspection", "case", "complaint", "document", "evidence", "number_block",
          "roster_entry", "joint_action", "plan", "draw", "published_list", "attendance", "rating"}


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


_last = [0, 0]  # last millisecond and 12-bit counter handed out by new_id


def new_id() -> str:
    """A UUIDv7 (RFC 9562): time-ordered, monotonic within this process."""
    ms = time.time_ns() // 1_000_000
    with _id_lock:
        if ms <= _last[0]:
            ms = _last[0]
            _last[1] += 1
            if _last[1] > 0xFFF:
                ms += 1
                _last[1] = 0
        else:
            _last[1] = int.from_bytes(os.urandom(2), "big") & 0x7FF
        _last[0] = ms
        counter = _last[1]
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def canonical(obj: Any) -> str:
    """The one JSON form that hashes and signatures are computed over."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def entry_hash(fields: list[Any]) -> str:
    return hashlib.sha256(canonical(fields).encode("utf-8")).hexdigest()


class Changes:
    """The writer handed out by `Store.change()`: SQL plus audit plus outbox."""

    def __init__(self, store: Store, actor: str | None) -> None:
        self.store = store
        self.conn = store.conn
        self.actor = actor
        self.ts = store.clock()
        head = self.conn.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
        self.seq = int(head[0]) if head else 0
        self.prev_hash = str(head[1]) if head else GENESIS
        self._audit_rows: list[tuple[Any, ...]] = []
        self._outbox_rows: list[tuple[Any, ...]] = []

    def execute(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> Any:
        return self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: list[tuple[Any, ...]] | list[dict[str, Any]]) -> Any:
        return self.conn.executemany(sql, rows)

    def record(
        self,
        entity: str,
        entity_id: str,
        action: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        revision: int = 1,
    ) -> str:
        """Append an audit entry and, for synced entities, an outbox row."""
        self.seq += 1
        before_json = canonical(before) if before is not None else None
        after_json = canonical(after) if after is not None else None
        fields = [self.seq, self.ts, self.store.device_id, self.actor, entity, entity_id,
                  action, before_json, after_json, self.prev_hash]
        digest = entry_hash(fields)
        self._audit_rows.append((*fields, digest))
        self.prev_hash = digest
        if entity in SYNCED:
            self._outbox_rows.append((entity, entity_id, revision, action, self.seq, self.ts))
        return digest

    def flush(self) -> None:
        if self._audit_rows:
            self.conn.executemany(
                "INSERT INTO audit_log(seq, ts, device_id, officer_id, entity, entity_id, action,"
                " before, after, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                self._audit_rows,
            )
            self._audit_rows.clear()
        if self._outbox_rows:
            self.conn.executemany(
                "INSERT INTO outbox(entity, entity_id, revision, op, audit_seq, created_at) VALUES (?,?,?,?,?,?)",
                self._outbox_rows,
            )
            self._outbox_rows.clear()

    def finish(self) -> None:
        self.flush()
        self.conn.executemany(
            "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [("audit_head_seq", str(self.seq)), ("audit_head_hash", self.prev_hash)],
        )


class Store:
    """The laptop's local store. Thread-safe: one writer connection and a lock."""

    def __init__(self, path: Path, clock: Callable[[], str] = now_iso, busy_timeout_ms: int = 5000) -> None:
        self.path = Path(path)
        self.clock = clock
        self.database = Database(self.path, busy_timeout_ms)
        self.conn = self.database.conn
        self.lock = self.database.lock
        self.device_id = self._ensure_device_id()

    @classmethod
    def in_dir(cls, data_dir: Path) -> Store:
        return cls(Path(data_dir) / STORE_FILENAME)

    @property
    def data_dir(self) -> Path:
        return self.path.parent

    def close(self) -> None:
        self.database.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_device_id(self) -> str:
        existing = self.meta("device_id")
        if existing:
            return existing
        device_id = new_id()
        with self.database.write() as conn:
            conn.execute("INSERT OR IGNORE INTO meta(key, value) VALUES ('device_id', ?)", (device_id,))
        return self.meta("device_id") or device_id

    def meta(self, key: str) -> str | None:
        rows = self.database.read("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.database.write() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.database.read(sql, params)]

    def one(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    @contextmanager
    def change(self, actor: str | None = None) -> Iterator[Changes]:
        with self.database.write():
            changes = Changes(self, actor)
            yield changes
            changes.finish()
