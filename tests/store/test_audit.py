"""The hash-chained audit log catches edits made behind the app's back."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from fieldapp.store.audit import verify_chain
from fieldapp.store.parties import PartyInput, add_party
from fieldapp.store.store import Store


def _store_with_parties(path: Path, n: int = 4) -> list[str]:
    with Store(path) as store:
        return [add_party(store, PartyInput(kind="person", name=f"当事人{i}"))[0] for i in range(n)]


def _raw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for trigger in ("audit_no_update", "audit_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    return conn


def _verify(path: Path) -> tuple[bool, list[str]]:
    with Store(path) as store:
        report = verify_chain(store)
    return report.ok, [p.code for p in report.problems]


def test_every_change_is_chained_and_verifies(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    ids = _store_with_parties(path)
    with Store(path) as store:
        rows = store.query("SELECT * FROM audit_log ORDER BY seq")
        assert [r["entity_id"] for r in rows] == ids
        assert rows[0]["prev_hash"] == "0" * 64
        assert all(b["prev_hash"] == a["hash"] for a, b in itertools.pairwise(rows))
        assert json.loads(rows[0]["after"])["name"] == "当事人0"
        assert store.meta("audit_head_hash") == rows[-1]["hash"]
    assert _verify(path) == (True, [])


def test_triggers_refuse_update_and_delete_of_audit_entries(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _store_with_parties(path, 1)
    conn = sqlite3.connect(path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET action = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log")


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ("UPDATE audit_log SET after = replace(after, '当事人1', '别人') WHERE seq = 2", "audit_altered"),
        ("DELETE FROM audit_log WHERE seq = 2", "audit_gap"),
        ("DELETE FROM audit_log WHERE seq = 4", "audit_truncated"),
        ("UPDATE audit_log SET seq = seq + 100 WHERE seq = 2", "audit_gap"),
        ("UPDATE parties SET name = '改过的名字' WHERE name = '当事人2'", "record_altered"),
        ("DELETE FROM parties WHERE name = '当事人3'", "record_deleted"),
        ("INSERT INTO parties(id, kind, name, created_at, updated_at) VALUES ('x', 'person', '幽灵', 'a', 'b')",
         "record_unaudited"),
    ],
)
def test_hand_edits_are_detected(tmp_path: Path, tamper: str, code: str) -> None:
    path = tmp_path / "s.db"
    _store_with_parties(path)
    conn = _raw(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute(tamper)
    conn.close()
    ok, codes = _verify(path)
    assert not ok
    assert codes[0] == code


def test_swapping_two_entries_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _store_with_parties(path)
    conn = _raw(path)
    a, b = (conn.execute("SELECT * FROM audit_log WHERE seq = ?", (s,)).fetchone() for s in (2, 3))
    conn.execute("DELETE FROM audit_log WHERE seq IN (2, 3)")
    conn.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?)", (2, *b[1:]))
    conn.execute("INSERT INTO audit_log VALUES (?,?,?,?,?,?,?,?,?,?,?)", (3, *a[1:]))
    conn.close()
    ok, codes = _verify(path)
    assert not ok and codes[0] in {"audit_link", "audit_altered"}


def test_failed_change_leaves_no_audit_or_outbox_row(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _store_with_parties(path, 1)
    with Store(path) as store:
        with pytest.raises(RuntimeError), store.change() as ch:
            ch.record("party", "p-x", "create", None, {"id": "p-x"})
            raise RuntimeError("power cut")
        assert store.one("SELECT count(*) AS n FROM audit_log") == {"n": 1}
        assert store.one("SELECT count(*) AS n FROM outbox") == {"n": 1}
    assert _verify(path) == (True, [])


def test_outbox_row_written_with_each_synced_change(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    ids = _store_with_parties(path, 2)
    with Store(path) as store:
        rows = store.query("SELECT entity, entity_id, revision, op, status, audit_seq FROM outbox ORDER BY seq")
    assert [(r["entity"], r["entity_id"], r["op"], r["status"], r["audit_seq"]) for r in rows] == [
        ("party", ids[0], "create", "pending", 1), ("party", ids[1], "create", "pending", 2)]


def test_cutting_the_end_and_rewriting_the_head_is_caught_once_the_county_holds_it(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _store_with_parties(path, 4)
    with Store(path) as store:
        store.set_meta("sync_chain_seq", "4")  # what the county acknowledged at the last sync
    conn = _raw(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("DELETE FROM parties WHERE name IN ('当事人2', '当事人3')")
    conn.execute("DELETE FROM parties_fts WHERE rowid NOT IN (SELECT rowid FROM parties)")
    conn.execute("DELETE FROM audit_log WHERE seq > 2")
    head = conn.execute("SELECT hash FROM audit_log WHERE seq = 2").fetchone()[0]
    conn.execute("UPDATE meta SET value = '2' WHERE key = 'audit_head_seq'")
    conn.execute("UPDATE meta SET value = ? WHERE key = 'audit_head_hash'", (head,))
    conn.close()
    ok, codes = _verify(path)
    assert not ok and codes == ["audit_truncated"]
    with Store(path) as store:
        assert "县级服务器已确认收到 4 条" in verify_chain(store).problems[0].zh
