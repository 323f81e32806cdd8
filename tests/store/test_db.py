"""Opening, migrations and environment faults of the local store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fieldapp.store.db import StoreError
from fieldapp.store.migrations import latest_version
from fieldapp.store.parties import PartyInput, add_party
from fieldapp.store.store import Store


def test_pragmas_and_schema_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        conn = store.conn
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_migrations")]
        from fieldapp.store.migrations import MIGRATIONS

        assert versions == [v for v, _, _ in MIGRATIONS] and versions[-1] == latest_version()
        assert len(store.device_id) == 36


def test_device_id_is_stable_across_opens(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        first = store.device_id
    with Store(tmp_path / "s.db") as store:
        assert store.device_id == first


def test_newer_schema_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    raw = sqlite3.connect(path)
    raw.execute("INSERT INTO schema_migrations VALUES (999, 'from the future', 'x')")
    raw.commit()
    raw.close()
    with pytest.raises(StoreError) as info:
        Store(path)
    assert info.value.msg.code == "schema_too_new"
    assert "升级" in info.value.msg.zh and "999" in info.value.msg.zh


def test_corrupt_file_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite at all" * 200)
    with pytest.raises(StoreError) as info:
        Store(path)
    assert info.value.msg.code == "db_corrupt"
    assert path.read_bytes().startswith(b"this is not sqlite")  # left untouched


def test_locked_database_gives_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(path, busy_timeout_ms=50) as store, pytest.raises(StoreError) as info:
            add_party(store, PartyInput(kind="person", name="张三"))
        assert info.value.msg.code == "db_locked"
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_disk_full_mid_write_keeps_committed_records(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        add_party(store, PartyInput(kind="person", name="李四"))
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        # Cap the file at its current size: the next big write hits "disk full".
        store.conn.execute(f"PRAGMA max_page_count = {pages + 1}")
        with pytest.raises(StoreError) as info, store.change() as ch:
            for i in range(2000):
                ch.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (f"filler{i}", "x" * 500))
        assert info.value.msg.code == "disk_full"
    with Store(path) as store:
        names = [r["name"] for r in store.query("SELECT name FROM parties")]
        assert names == ["李四"]
        assert store.one("SELECT count(*) AS n FROM meta WHERE key LIKE 'filler%'") == {"n": 0}


def test_migration_backs_up_an_existing_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldapp.store import migrations

    path = tmp_path / "s.db"
    with Store(path) as store:
        add_party(store, PartyInput(kind="person", name="王五"))
    extra = (latest_version() + 1, "test column", lambda db: db.conn.execute("ALTER TABLE parties ADD COLUMN x TEXT"))
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, extra])
    with Store(path) as store:
        assert store.one("SELECT max(version) AS v FROM schema_migrations") == {"v": extra[0]}
    backup = path.with_name(f"s.db.bak-v{extra[0] - 1}")
    assert backup.exists()
    assert sqlite3.connect(backup).execute("SELECT name FROM parties").fetchall() == [("王五",)]
