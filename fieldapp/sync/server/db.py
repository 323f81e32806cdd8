"""The server database: SQLite by default, PostgreSQL in production, one code path.

Writes go through one writer connection per database, guarded by a lock
(STYLE.md §5): on SQLite that is the only way to avoid `database is locked`
under load, and on PostgreSQL it keeps the feed sequence in commit order.
Reads use a small pool and never block the writer (WAL on SQLite, MVCC on
PostgreSQL).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, Connection, Engine, Integer, String, Table, Text, bindparam, cast, create_engine, event, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DisconnectionError

from fieldapp.messages import FieldappError, Msg
from fieldapp.sync.server import schema

DB_FILENAME = "server.db"
log = logging.getLogger("fieldapp.server")


def normalise_url(url: str | None, data_dir: Path) -> str:
    """`postgresql://…` means psycopg 3; no URL means a SQLite file in the data directory."""
    if not url:
        return f"sqlite:///{Path(data_dir).resolve() / DB_FILENAME}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


# The writer moves the WAL into the database itself only past this many pages (SQLite's default is 1,000,
# checkpointed inside the commit that crosses it): normally `_Checkpointer` has done it long before.
WRITER_AUTOCHECKPOINT = 16_384
CHECKPOINT_ROWS = 2_000


class _Checkpointer:
    """Copies the WAL into the database file on its own thread and connection after writes, so that a commit
    does not stop for it: SQLite's own checkpoint ran inside every fourth or fifth batch's transaction. PASSIVE
    never blocks the writer or a reader; commits stay as durable as before (each one syncs the WAL)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._changes = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fieldapp-wal-checkpoint", daemon=True)
        self._thread.start()

    def wrote(self, conn: sqlite3.Connection) -> bool:
        """True once `CHECKPOINT_ROWS` rows were written since the last poke: one checkpoint (and its two
        syncs) for every few batches or chain segments, not for every small write."""
        if conn.total_changes - self._changes < CHECKPOINT_ROWS:
            return False
        self._changes = conn.total_changes
        return True

    def poke(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(30)

    def _run(self) -> None:
        conn: sqlite3.Connection | None = None
        while not self._stop.is_set():
            self._wake.wait()
            self._wake.clear()
            if self._stop.is_set():
                break
            try:
                if conn is None:
                    conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                    conn.execute("PRAGMA synchronous = FULL")
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error:  # a busy or vanished file: the writer's own checkpoint still backs this up
                log.debug("background checkpoint failed", exc_info=True)
        if conn is not None:
            conn.close()


def _sqlite_engine(url: str, writer: bool) -> Engine:
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           pool_size=1 if writer else 5, max_overflow=0 if writer else 10)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Let us emit BEGIN ourselves: pysqlite's implicit transactions break
        # isolation and cannot take the write lock up front.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = FULL")  # an acknowledged batch survives a power cut
        cur.execute("PRAGMA busy_timeout = 30000")
        cur.execute("PRAGMA foreign_keys = ON")
        if writer:
            cur.execute(f"PRAGMA wal_autocheckpoint = {WRITER_AUTOCHECKPOINT}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writer else "BEGIN")

    return engine


# A PostgreSQL connection used this recently is taken as alive. Checking before every transaction
# (`pool_pre_ping`) cost a round trip each time, about eighty in one nightly sync; one idle longer is checked
# first, so a database restarted in the night costs no request. A connection that breaks inside a request
# fails that request (the laptop retries) and SQLAlchemy then replaces every connection in the pool.
IDLE_PING_S = 5.0


def _ping_when_idle(engine: Engine) -> None:
    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if time.monotonic() - record.info.get("used", 0.0) > IDLE_PING_S:
            try:
                engine.dialect.do_ping(dbapi_conn)
            except engine.dialect.loaded_dbapi.Error as exc:
                raise DisconnectionError() from exc  # the pool connects afresh (up to three times)

    @event.listens_for(engine, "checkin")
    def _checkin(_dbapi_conn: Any, record: Any) -> None:
        record.info["used"] = time.monotonic()


def _pg_engine(url: str, size: int, overflow: int) -> Engine:
    engine = create_engine(url, pool_size=size, max_overflow=overflow)
    _ping_when_idle(engine)
    return engine


class ServerDB:
    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        self._checkpointer: _Checkpointer | None = None
        if self.dialect == "sqlite":
            if parsed.database:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.writer = _sqlite_engine(url, writer=True)
            self.reader = _sqlite_engine(url, writer=False)
            if parsed.database and parsed.database != ":memory:":
                self._checkpointer = _Checkpointer(parsed.database)
        elif self.dialect == "postgresql":
            self.writer = _pg_engine(url, 1, 0)
            self.reader = _pg_engine(url, 5, 10)
        else:
            raise FieldappError(Msg(f"不支持的数据库：{self.dialect}（只支持 SQLite 与 PostgreSQL）。",
                                    f"Unsupported database: {self.dialect} (SQLite or PostgreSQL only).",
                                    "db_unsupported"))
        self.lock = threading.RLock()
        # One statement needs no transaction: on PostgreSQL that saves the BEGIN and ROLLBACK round trips of the
        # checks every request makes (its device, what it waits for).
        self._single = (self.reader.execution_options(isolation_level="AUTOCOMMIT") if self.dialect == "postgresql"
                        else self.reader)

    def migrate(self) -> int:
        return schema.migrate(self.writer.begin)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction on the writer connection; committed on success, rolled back otherwise."""
        with self.lock, self.writer.begin() as conn:
            yield conn
            checkpointer, driver = self._checkpointer, conn.connection.driver_connection
            big = checkpointer is not None and isinstance(driver, sqlite3.Connection) and checkpointer.wrote(driver)
        if big and checkpointer is not None:
            checkpointer.poke()

    @contextmanager
    def read(self, one_statement: bool = False) -> Iterator[Connection]:
        """A read-only transaction: the statements in it see one snapshot. `one_statement`: a single statement,
        run outside a transaction."""
        with (self._single if one_statement else self.reader).connect() as conn:
            yield conn

    def insert(self, table: Table) -> Any:
        """A dialect insert, so `.on_conflict_do_nothing()` works on both databases."""
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def where_in(self, column: Any, values: list[str]) -> list[Any]:
        """`column IN values` (strings) as few clauses as the database allows: on PostgreSQL one, the values
        sent as one JSON array (a 10,000-item IN list costs more to parse than to run, and psycopg writes a
        list parameter out value by value: three times slower for a batch's 2,000 keys), chunks of 900 on
        SQLite."""
        if not values:
            return []
        if self.dialect == "postgresql":
            listed = bindparam(f"in_{column.name}", value=json.dumps(list(values), ensure_ascii=False), type_=Text)
            return [column.in_(select(func.jsonb_array_elements_text(cast(listed, JSONB))))]
        return [column.in_(values[i:i + 900]) for i in range(0, len(values), 900)]

    def bulk_insert(self, conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        """Many rows at once, below SQLAlchemy's per-row parameter processing (a third of the
        time at 10,000 rows): COPY on PostgreSQL, the driver's executemany on SQLite."""
        if rows:
            cols = list(rows[0])
            self.bulk_insert_tuples(conn, table, cols, list(map(itemgetter(*cols), rows)) if len(cols) > 1
                                    else [(row[cols[0]],) for row in rows])

    def bulk_insert_tuples(self, conn: Connection, table: Table, cols: list[str], rows: list[tuple[Any, ...]]) -> None:
        """`bulk_insert` of rows already in column order."""
        if rows:
            with self.bulk_rows(conn, table, cols) as put:
                for row in rows:
                    put(row)

    @contextmanager
    def bulk_rows(self, conn: Connection, table: Table, cols: list[str]) -> Iterator[Callable[[tuple[Any, ...]], Any]]:
        """Insert rows handed over one at a time while the caller makes the next. On PostgreSQL they stream
        into a COPY, so the database inserts them on its own core meanwhile (the connection runs nothing
        else until the block ends); on SQLite they are kept for one executemany. An exception in the block
        inserts nothing."""
        names = ", ".join(f'"{c}"' for c in cols)
        if self.dialect == "postgresql":
            raw = conn.connection.driver_connection
            types = [_pg_type(table.c[c].type) for c in cols]
            with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:  # type: ignore[union-attr]
                copy.set_types(types)
                yield copy.write_row
            return
        rows: list[tuple[Any, ...]] = []
        yield rows.append
        if rows:
            conn.exec_driver_sql(f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(cols))})', rows)

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.stop()
            self._checkpointer = None
        self.writer.dispose()
        self.reader.dispose()


def _pg_type(kind: Any) -> str:
    if isinstance(kind, BigInteger):
        return "int8"
    if isinstance(kind, Integer):
        return "int4"
    if isinstance(kind, String):
        return "text"
    raise TypeError(f"no COPY type for {kind!r}")


def next_feed(conn: Connection, count: int = 1) -> int:
    """Reserve `count` feed numbers; returns the first. The row lock orders commits."""
    last = conn.execute(update(schema.counters).where(schema.counters.c.name == "feed")
                        .values(value=schema.counters.c.value + count)
                        .returning(schema.counters.c.value)).scalar_one()
    return int(last) - count + 1
