"""Opening the local SQLite store: pragmas, migrations, and fault translation.

One file per laptop, WAL mode, foreign keys on, `synchronous=FULL` because an
enforcement record that was acknowledged to an officer must survive a power cut.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import migrations

STORE_FILENAME = "fieldapp.db"


class StoreError(FieldappError):
    """The store cannot be used: corrupt, locked, full, or too new."""


def translate_db_error(exc: BaseException, path: Path | str = "") -> StoreError:
    """Tell environment faults (locked, full, corrupt) from bugs, in words."""
    text = str(exc).lower()
    where = str(path)
    if "locked" in text or "busy" in text:
        return StoreError(Msg(
            f"数据库文件正被另一个程序使用（{where}）。请关闭其他 fieldapp 窗口后重试。",
            f"The database file is in use by another program ({where}). Close other fieldapp windows and retry.",
            "db_locked"))
    if "disk is full" in text or "disk full" in text or "sqlite_full" in text:
        return StoreError(Msg(
            "磁盘已满，本次修改未保存，已保存的记录不受影响。请腾出磁盘空间后重试。",
            "The disk is full. This change was not saved; saved records are intact. Free some disk space and retry.",
            "disk_full"))
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(Msg(
            f"数据库文件已损坏或不是 fieldapp 数据库（{where}）。请从备份恢复，或联系县局技术人员。",
            f"The database file is damaged or is not a fieldapp database ({where}). Restore it from a backup or contact the county IT staff.",
            "db_corrupt"))
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return StoreError(Msg(
            f"无法写入数据库文件（{where}）：请检查文件夹权限。",
            f"Cannot write the database file ({where}): check the folder's permissions.",
            "db_unwritable"))
    return StoreError(Msg(f"数据库错误：{exc}", f"Database error: {exc}", "db_error"))


def connect(path: Path, busy_timeout_ms: int = 5000) -> sqlite3.Connection:
    """Open a connection with the store's pragmas; autocommit, explicit BEGIN."""
    try:
        conn = sqlite3.connect(
            str(path), isolation_level=None, check_same_thread=False, timeout=busy_timeout_ms / 1000
        )
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA cache_size = -32000")
        conn.execute("PRAGMA temp_store = MEMORY")
        # Touch the schema so a corrupt header fails here, not mid-save.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise translate_db_error(exc, path) from exc
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'"
    ).fetchone()
    if row is None:
        return 0
    value = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]
    return int(value or 0)


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> Path:
    target = path.with_name(f"{path.name}.bak-v{version}")
    dest = sqlite3.connect(str(target))
    try:
        conn.backup(dest)
    finally:
        dest.close()
    return target


def migrate(conn: sqlite3.Connection, path: Path) -> int:
    """Apply pending migrations, each in its own transaction; back up first."""
    current = schema_version(conn)
    newest = migrations.latest_version()
    if current > newest:
        raise StoreError(Msg(
            f"该数据库由较新版本的 fieldapp 创建（结构版本 {current}，本程序只支持到 {newest}）。请升级 fieldapp 后再打开。",
            f"This database was written by a newer fieldapp (schema {current}; this program knows up to {newest}). Upgrade fieldapp to open it.",
            "schema_too_new", {"found": current, "known": newest}))
    if current == newest:
        return current
    if current > 0:
        _backup(conn, path, current)
    db = sqlite_utils.Database(conn)
    for version, name, func in migrations.MIGRATIONS:
        if version <= current:
            continue
        try:
            conn.execute("BEGIN IMMEDIATE")
            func(db)
            conn.execute(
                "INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, datetime('now'))",
                (version, name),
            )
            conn.execute("COMMIT")
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise translate_db_error(exc, path) from exc
            raise
    return newest


class Database:
    """The single writer connection of a store, guarded by a lock.

    Qt workers and the CLI share one object; the lock makes each transaction
    atomic with respect to other threads of this process.
    """

    def __init__(self, path: Path, busy_timeout_ms: int = 5000) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.conn = connect(path, busy_timeout_ms)
        self.lock = threading.RLock()
        try:
            migrate(self.conn, path)
        except BaseException:
            self.conn.close()
            raise
        self.db = sqlite_utils.Database(self.conn)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
        with self.lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise translate_db_error(exc, self.path) from exc
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except sqlite3.Error as exc:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if _is_bug(exc):
                    raise
                raise translate_db_error(exc, self.path) from exc
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

    def read(self, sql: str, params: tuple | dict = ()) -> list[sqlite3.Row]:
        with self.lock:
            try:
                return self.conn.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                if _is_bug(exc):
                    raise
                raise translate_db_error(exc, self.path) from exc


def _is_bug(exc: sqlite3.Error) -> bool:
    """Constraint and SQL errors are programming or rule errors, not faults."""
    if isinstance(exc, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return True
    text = str(exc).lower()
    return "no such" in text or "syntax error" in text or "immutable" in text or "append-only" in text
