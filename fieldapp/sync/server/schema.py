"""The server's tables (SQLAlchemy Core) and its numbered migrations.

The same definitions create the schema on SQLite and on PostgreSQL. Each
migration runs once, in its own transaction, and is recorded in
`schema_version`; never edit a released one, add the next number.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    func,
    insert,
    inspect,
    select,
)

from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import now_iso

metadata = MetaData()

schema_version = Table(
    "schema_version", metadata,
    Column("version", Integer, primary_key=True), Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False))

meta = Table("meta", metadata, Column("key", String(100), primary_key=True), Column("value", Text, nullable=False))

counters = Table("counters", metadata, Column("name", String(50), primary_key=True),
                 Column("value", BigInteger, nullable=False))

devices = Table(
    "devices", metadata,
    Column("key_id", String(32), primary_key=True), Column("device_id", Text, nullable=False),
    Column("township", Text), Column("area", Text), Column("public_key", Text, nullable=False),
    Column("cert", Text, nullable=False), Column("hostname", Text), Column("enrolled_at", Text, nullable=False),
    Column("revoked_at", Text), Column("revoke_reason", Text), Column("last_seen", Text),
    # The audit chain the server holds for this device, and the head the device last claimed.
    Column("chain_seq", BigInteger, nullable=False, default=0), Column("chain_hash", Text, nullable=False),
    Column("claimed_seq", BigInteger, nullable=False, default=0), Column("claimed_hash", Text),
    Column("chain_problem", Text), Column("feed_seq", BigInteger, nullable=False, default=0))

enroll_codes = Table(
    "enroll_codes", metadata,
    # township NULL: a county-level device (whole county; migration 2).
    Column("code_sha", String(64), primary_key=True), Column("township", Text),
    Column("created_at", Text, nullable=False), Column("expires_at", Text, nullable=False),
    Column("used_at", Text), Column("used_by", Text))

events = Table(
    "events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), Column("at", Text, nullable=False),
    Column("level", String(10), nullable=False), Column("code", Text, nullable=False),
    Column("key_id", Text), Column("detail", Text, nullable=False))

audit = Table(
    "audit", metadata,
    Column("device_id", String(64), nullable=False), Column("seq", BigInteger, nullable=False),
    Column("ts", Text, nullable=False), Column("entry_device", Text), Column("officer_id", Text),
    Column("entity", Text, nullable=False), Column("entity_id", Text, nullable=False),
    Column("action", Text, nullable=False), Column("before", Text), Column("after", Text),
    Column("prev_hash", String(64), nullable=False), Column("hash", String(64), nullable=False),
    PrimaryKeyConstraint("device_id", "seq"))

batches = Table(
    "batches", metadata,
    Column("batch_id", String(64), primary_key=True), Column("key_id", Text, nullable=False),
    Column("body_sha", String(64), nullable=False), Column("received_at", Text, nullable=False),
    Column("via", String(10), nullable=False), Column("records", Integer, nullable=False),
    Column("result", Text, nullable=False))

changes = Table(
    "changes", metadata,
    Column("device_id", String(64), nullable=False), Column("seq", BigInteger, nullable=False),
    Column("entity", Text, nullable=False), Column("entity_id", Text, nullable=False),
    Column("revision", Integer, nullable=False), Column("base_revision", Integer, nullable=False),
    Column("audit_seq", BigInteger, nullable=False), Column("batch_id", Text, nullable=False),
    Column("outcome", String(10), nullable=False), Column("reason", Text),
    PrimaryKeyConstraint("device_id", "seq"))

records = Table(
    "records", metadata,
    Column("rkey", Text, primary_key=True), Column("entity", Text, nullable=False),
    Column("entity_id", Text, nullable=False), Column("revision", Integer, nullable=False),
    Column("township", Text), Column("payload", Text, nullable=False),
    Column("payload_sha", String(64), nullable=False), Column("author_key", Text, nullable=False),
    Column("author_device", Text, nullable=False), Column("audit_seq", BigInteger, nullable=False),
    Column("feed_seq", BigInteger, nullable=False), Column("updated_at", Text, nullable=False),
    Column("conflict", Integer, nullable=False, default=0), Column("missing", Integer, nullable=False, default=0))
Index("records_feed", records.c.feed_seq)
Index("records_entity", records.c.entity)

record_blobs = Table(
    "record_blobs", metadata,
    Column("rkey", Text, nullable=False), Column("sha256", String(64), nullable=False),
    PrimaryKeyConstraint("rkey", "sha256"))
Index("record_blobs_sha", record_blobs.c.sha256)

conflicts = Table(
    "conflicts", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True), Column("rkey", Text, nullable=False),
    Column("entity", Text, nullable=False), Column("entity_id", Text, nullable=False),
    Column("device_id", Text, nullable=False), Column("device_seq", BigInteger, nullable=False),
    Column("revision", Integer, nullable=False), Column("base_revision", Integer, nullable=False),
    Column("payload", Text, nullable=False), Column("server_revision", Integer),
    Column("server_author", Text), Column("reason", Text, nullable=False),
    Column("detected_at", Text, nullable=False), Column("status", String(10), nullable=False, default="open"))

blobs = Table(
    "blobs", metadata,
    Column("sha256", String(64), primary_key=True), Column("size", BigInteger, nullable=False),
    Column("stored_at", Text, nullable=False), Column("key_id", Text))

number_ranges = Table(
    "number_ranges", metadata,
    Column("id", Text, primary_key=True), Column("subject_key", Text, nullable=False),
    Column("doc_code", Text, nullable=False), Column("year", Integer, nullable=False),
    Column("first", Integer, nullable=False), Column("last", Integer, nullable=False),
    Column("key_id", Text), Column("source", String(10), nullable=False),  # lease | device
    Column("at", Text, nullable=False), Column("feed_seq", BigInteger, nullable=False, default=0))
Index("number_ranges_key", number_ranges.c.subject_key, number_ranges.c.doc_code, number_ranges.c.year)

reference = Table(
    "reference", metadata,
    Column("kind", String(20), primary_key=True), Column("key", Text, nullable=False),
    Column("version", Text, nullable=False), Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False), Column("feed_seq", BigInteger, nullable=False),
    Column("loaded_at", Text, nullable=False))

Migration = Callable[[Connection], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    def register(fn: Migration) -> Migration:
        MIGRATIONS.append((version, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn
    return register


_V1_TABLES = [meta, counters, devices, enroll_codes, events, audit, batches, changes, records, record_blobs,
              conflicts, blobs, number_ranges, reference]


@migration(1, "initial server schema")
def _v1(conn: Connection) -> None:
    metadata.create_all(conn, tables=_V1_TABLES)
    conn.execute(insert(counters), [{"name": "feed", "value": 0}])


@migration(2, "county-level enrolment codes (enroll_codes.township may be NULL)")
def _v2(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ALTER TABLE enroll_codes ALTER COLUMN township DROP NOT NULL")
        return
    # SQLite cannot drop a NOT NULL constraint: rebuild the table and keep its rows.
    conn.exec_driver_sql(
        "CREATE TABLE enroll_codes_v2 (code_sha VARCHAR(64) NOT NULL PRIMARY KEY, township TEXT, "
        "created_at TEXT NOT NULL, expires_at TEXT NOT NULL, used_at TEXT, used_by TEXT)")
    conn.exec_driver_sql("INSERT INTO enroll_codes_v2 (code_sha, township, created_at, expires_at, used_at, used_by) "
                         "SELECT code_sha, township, created_at, expires_at, used_at, used_by FROM enroll_codes")
    conn.exec_driver_sql("DROP TABLE enroll_codes")
    conn.exec_driver_sql("ALTER TABLE enroll_codes_v2 RENAME TO enroll_codes")


def current_version(conn: Connection) -> int:
    if not inspect(conn).has_table("schema_version"):
        return 0
    return int(conn.execute(select(func.max(schema_version.c.version))).scalar() or 0)


def migrate(begin: Callable[[], object]) -> int:
    """Apply pending migrations, each in its own transaction (`begin` yields a connection)."""
    with begin() as conn:  # type: ignore[attr-defined]
        metadata.create_all(conn, tables=[schema_version])
        found = current_version(conn)
    newest = MIGRATIONS[-1][0]
    if found > newest:
        raise FieldappError(Msg(
            f"服务器数据库由较新版本创建（结构版本 {found}，本程序只支持到 {newest}）。请升级 fieldapp。",
            f"The server database was written by a newer version (schema {found}; this program knows up to "
            f"{newest}). Upgrade fieldapp.", "schema_too_new"))
    for version, name, fn in MIGRATIONS:
        if version <= found:
            continue
        with begin() as conn:  # type: ignore[attr-defined]
            if current_version(conn) >= version:  # another process got there first
                continue
            fn(conn)
            conn.execute(insert(schema_version).values(version=version, name=name, applied_at=now_iso()))
    return newest
