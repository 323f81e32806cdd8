"""Document numbers from leased blocks: atomic, never reused, never invented."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.messages import FieldappError
from fieldapp.store import documents, numbers
from fieldapp.store.store import Store


def _issue(store: Store, n_docs: int, subject: str = "湖源乡", short: str = "湖源") -> list[documents.IssueResult]:
    out = []
    for _ in range(n_docs):
        doc = documents.create_draft(store, doc_type="penalty_on_the_spot", content={"fine": 100},
                                     subject_key=subject, subject_name="三明市沙县区湖源乡人民政府")
        out.append(documents.issue(store, doc, code="综执罚", subject_short=short, low_water=3))
    return out


def test_numbers_follow_the_pattern_and_the_block(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        numbers.add_block(store, subject_key="湖源乡", doc_type="penalty_on_the_spot", year=2026, first=7, last=9)
        results = _issue(store, 2)
        assert [r.document["number"] for r in results] == ["湖源综执罚〔2026〕7号", "湖源综执罚〔2026〕8号"]
        assert results[1].warning is not None and results[1].warning.code == "numbers_low"
        assert numbers.remaining(store, "湖源乡", "penalty_on_the_spot", 2026) == 1


def test_empty_block_refuses_and_never_invents_a_number(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        numbers.add_block(store, subject_key="湖源乡", doc_type="penalty_on_the_spot", year=2026, first=1, last=1)
        _issue(store, 1)
        doc = documents.create_draft(store, doc_type="penalty_on_the_spot", content={}, subject_key="湖源乡",
                                     subject_name="x")
        with pytest.raises(FieldappError) as info:
            documents.issue(store, doc, code="综执罚", subject_short="湖源")
        assert info.value.msg.code == "numbers_exhausted"
        assert "同步" in info.value.msg.zh
        assert documents.get_document(store, doc)["number"] is None


def test_voided_number_is_never_reused(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        numbers.add_block(store, subject_key="湖源乡", doc_type="penalty_on_the_spot", year=2026, first=1, last=5)
        first = _issue(store, 1)[0].document
        documents.void(store, first["id"], "金额写错")
        new_id = documents.supersede(store, first["id"], {"fine": 50}, "金额写错")
        second = documents.issue(store, new_id, code="综执罚", subject_short="湖源").document
        assert first["number"] != second["number"]
        assert second["supersedes"] == first["id"]
        old = documents.get_document(store, first["id"])
        assert old["status"] == "voided" and old["superseded_by"] == new_id and old["number"] == first["number"]
        # Blocks loaded again over a used number are refused.
        with pytest.raises(FieldappError, match=r"overlap|重叠"):
            numbers.add_block(store, subject_key="湖源乡", doc_type="penalty_on_the_spot", year=2026, first=1, last=3)


def test_counters_are_per_subject_type_and_year(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        for subject, year in (("湖源乡", 2026), ("market", 2026), ("湖源乡", 2027)):
            numbers.add_block(store, subject_key=subject, doc_type="penalty_on_the_spot", year=year, first=1, last=5)
        _issue(store, 1, "湖源乡")
        _issue(store, 1, "market", "沙市监")
        assert numbers.remaining(store, "湖源乡", "penalty_on_the_spot", 2026) == 4
        assert numbers.remaining(store, "market", "penalty_on_the_spot", 2026) == 4
        assert numbers.remaining(store, "湖源乡", "penalty_on_the_spot", 2027) == 5


def test_issued_document_cannot_be_edited_even_by_sql(tmp_path: Path) -> None:
    import sqlite3

    with Store(tmp_path / "s.db") as store:
        numbers.add_block(store, subject_key="湖源乡", doc_type="penalty_on_the_spot", year=2026, first=1, last=5)
        doc = _issue(store, 1)[0].document
        with pytest.raises(FieldappError) as info:
            documents.update_draft(store, doc["id"], {"fine": 1})
        assert info.value.msg.code == "document_immutable"
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            store.conn.execute("UPDATE documents SET content = '{}' WHERE id = ?", (doc["id"],))
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            store.conn.execute("DELETE FROM documents WHERE id = ?", (doc["id"],))
        with pytest.raises(sqlite3.IntegrityError, match="never reused"):
            store.conn.execute("DELETE FROM number_allocations")
