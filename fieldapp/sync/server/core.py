"""The server's context: data directory, database, county key, blob store, limits, event log.

One `Server` object serves the HTTP app, the admin commands and bundle
import, so every path applies the same checks.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from fieldapp.files import is_disk_full
from fieldapp.keys import CountyKey
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import now_iso
from fieldapp.sync import protocol
from fieldapp.sync.protocol import Scope
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.blobs import BlobStore
from fieldapp.sync.server.db import ServerDB, normalise_url
from fieldapp.sync.server.order import Arrivals
from fieldapp.sync.server.recent import RecentEntries

log = logging.getLogger("fieldapp.server")
CONFIG_FILE = "server.json"


@dataclass(frozen=True)
class Limits:
    max_body: int = protocol.DEFAULT_MAX_BODY
    chunk_size: int = protocol.DEFAULT_CHUNK
    max_records: int = protocol.DEFAULT_MAX_RECORDS
    max_blob: int = 512 * 1024 * 1024

    def as_dict(self) -> dict[str, int]:
        return {"max_body": self.max_body, "chunk_size": self.chunk_size, "max_records": self.max_records,
                "max_blob": self.max_blob}


def not_initialised(data_dir: Path) -> FieldappError:
    return FieldappError(Msg(
        f"服务器数据目录 {data_dir} 尚未初始化：请先运行 fieldapp-server --data-dir {data_dir} init --jurisdiction shaxian。",
        f"The server data directory {data_dir} is not set up: run fieldapp-server --data-dir {data_dir} init "
        "--jurisdiction shaxian first.", "server_not_initialised"))


def disk_full(exc: BaseException) -> bool:
    """Out of space: in the blob store (ENOSPC), or in the database (SQLite's SQLITE_FULL, PostgreSQL's 53100)."""
    if is_disk_full(exc):
        return True
    orig = getattr(exc, "orig", None)  # the driver's error inside SQLAlchemy's
    return orig is not None and (getattr(orig, "sqlstate", None) == "53100" or is_disk_full(orig)
                                 or "database or disk is full" in str(orig))


def disk_full_msg() -> Msg:
    return Msg("县局服务器磁盘已满，暂时无法接收数据。本机数据完好，没有丢失；请通知县局管理员清理磁盘后再同步。",
               "The county server's disk is full and cannot take data for now. Everything on this laptop is "
               "intact; ask the county administrator to free space, then sync again.", "server_disk_full")


class Server:
    def __init__(self, data_dir: Path, db_url: str | None = None, limits: Limits | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        config = self.config()
        self.db = ServerDB(normalise_url(db_url or config.get("db") or os.environ.get("FIELDAPP_SERVER_DB"),
                                         self.data_dir))
        self.db.migrate()
        self.blobs = BlobStore(self.data_dir / "blobs")
        self.limits = limits or Limits(**config.get("limits", {}))
        self.recent = RecentEntries()
        self.arrivals = Arrivals()
        self._county: CountyKey | None = None
        self._towns: dict[str, str] | None = None

    # -- configuration ----------------------------------------------------
    def config(self) -> dict[str, Any]:
        path = self.data_dir / CONFIG_FILE
        return dict(json.loads(path.read_text("utf-8"))) if path.exists() else {}

    def save_config(self, **values: Any) -> None:
        data = {**self.config(), **values}
        path = self.data_dir / CONFIG_FILE
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # may hold a DB password
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)

    @property
    def county_key_path(self) -> Path:
        return self.data_dir / "keys" / "county.key"

    @property
    def county(self) -> CountyKey:
        if self._county is None:
            if not self.county_key_path.exists():
                raise not_initialised(self.data_dir)
            self._county = CountyKey.load(self.county_key_path)
        return self._county

    def meta(self, key: str) -> str | None:
        with self.db.read() as conn:
            value = conn.execute(select(t.meta.c.value).where(t.meta.c.key == key)).scalar()
        return None if value is None else str(value)

    def set_meta(self, conn: Any, key: str, value: str) -> None:
        conn.execute(self.db.insert(t.meta).values(key=key, value=value)
                     .on_conflict_do_update(index_elements=["key"], set_={"value": value}))

    # -- the jurisdiction's shape ------------------------------------------
    def township_areas(self) -> dict[str, str]:
        if self._towns is None:
            raw = self.meta("township_areas")
            self._towns = json.loads(raw) if raw else {}
        return self._towns

    def scope(self, township: str | None, area: str | None) -> Scope:
        towns = self.township_areas()
        return Scope(township, area, frozenset(k for k, v in towns.items() if v == area))

    # -- the event log ------------------------------------------------------
    def event(self, code: str, detail: str, key_id: str | None = None, level: str = "warning") -> None:
        """Refusals and admin actions: a row in `events` and a log line."""
        try:
            with self.db.write() as conn:
                self.event_in(conn, code, detail, key_id, level)
        except Exception:  # the refusal itself matters more than its log row
            log.exception("could not record event %s", code)

    def event_in(self, conn: Any, code: str, detail: str, key_id: str | None = None, level: str = "warning") -> None:
        """`event` inside a transaction of the caller's: kept if and only if what it tells of is."""
        self.events_in(conn, code, [detail], key_id, level)

    def events_in(self, conn: Any, code: str, details: list[str], key_id: str | None = None,
                  level: str = "warning") -> None:
        """`event_in` for many events of one kind, in one statement."""
        if not details:
            return
        say = getattr(log, level if level in ("info", "warning", "error") else "warning")
        for detail in details:
            say("%s key=%s %s", code, key_id or "-", detail)
        at = now_iso()
        conn.execute(insert(t.events), [{"at": at, "level": level, "code": code, "key_id": key_id,
                                         "detail": detail[:2000]} for detail in details])

    def close(self) -> None:
        self.db.close()
