"""The UI's read-only queries (no Qt) and the draft editing they serve."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldapp import casework, drafts, queries
from fieldapp.messages import FieldappError
from fieldapp.store.cases import CaseInput
from fieldapp.store.inspections import InspectionInput, MatterFinding, get_inspection
from fieldapp.workspace import Workspace


def test_the_reader_is_not_held_up_by_a_write_in_progress(demo_dir: Path) -> None:
    ws = Workspace.open(demo_dir)
    reader = queries.Reader.for_store(ws.store)
    try:
        with ws.store.change() as ch:  # the writer holds the store lock and an open transaction
            ch.execute("UPDATE meta SET value = value WHERE key = 'township'")
            done = threading.Event()
            rows: list[int] = []
            t = threading.Thread(target=lambda: (rows.append(len(queries.officers(reader))), done.set()))
            t.start()
            assert done.wait(2), "a read waited for the writer"
        assert rows[0] >= 2
    finally:
        reader.close()
        ws.close()


def test_case_pages_cover_every_case_once_in_creation_order(demo_dir: Path) -> None:
    ws = Workspace.open(demo_dir)
    officers = [r["id"] for r in ws.store.query("SELECT id FROM officers LIMIT 2")]
    code = next(iter(ws.catalogue.matters))
    for i in range(25):
        casework.open_case(ws, CaseInput(township="湖源乡", source="inspection", matters=[code], officers=officers,
                                         title=f"分页测试案{i:02d}"))
    reader = queries.Reader.for_store(ws.store)
    try:
        seen: list[str] = []
        after = None
        while True:
            page = queries.case_page(reader, queries.ListFilter(), after, limit=7)
            seen += [r["id"] for r in page]
            if len(page) < 7:
                break
            after = (page[-1]["created_at"], page[-1]["id"])
        total = ws.store.one("SELECT count(*) AS n FROM cases")["n"]  # type: ignore[index]
        assert len(seen) == len(set(seen)) == total
        assert seen == sorted(seen, reverse=True)
        found = queries.case_page(reader, queries.ListFilter(text="分页测试案07"))
        assert [r["title"] for r in found] == ["分页测试案07"]
        assert queries.count_cases(reader, queries.ListFilter(text="分页测试")) == 25
    finally:
        reader.close()
        ws.close()


def test_home_lists_deadlines_and_referrals(demo_dir: Path) -> None:
    ws = Workspace.open(demo_dir)
    reader = queries.Reader.for_store(ws.store)
    try:
        due = queries.cases_due(reader, date.today())
        decide = [c for c in due if c.action_en == "Decide"]
        assert decide and all(c.due >= date.today() - timedelta(days=400) for c in decide)
        filed = ws.store.one("SELECT filed_on FROM cases WHERE id = ?", (decide[0].id,))
        assert filed is not None
        assert decide[0].due == date.fromisoformat(filed["filed_on"]) + timedelta(days=90)
        assert [r["why"] for r in queries.referrals(reader)] == ["escalated"]
        state = queries.sync_state(reader)
        assert state.pending > 0 and state.last_sync is None and state.problems == []
        assert len(queries.planned_on(reader, date.today())) == 3
    finally:
        reader.close()
        ws.close()


def test_a_draft_is_rewritten_in_place_and_a_final_one_never(demo_dir: Path) -> None:
    ws = Workspace.open(demo_dir)
    try:
        officers = [r["id"] for r in ws.store.query("SELECT id FROM officers ORDER BY name LIMIT 2")]
        codes = sorted(ws.catalogue.matters)[:2]
        inp = InspectionInput(township="湖源乡", officers=officers, matters=[MatterFinding(codes[0])], place="甲")
        iid = drafts.save_draft(ws, inp)
        inp.place, inp.matters = "乙", [MatterFinding(codes[0], "无问题", True), MatterFinding(codes[1], "占道", False)]
        assert drafts.save_draft(ws, inp, iid) == iid
        row = get_inspection(ws.store, iid)
        assert row is not None and row["place"] == "乙" and row["revision"] == 2
        assert sorted(m["matter_code"] for m in row["matters"]) == codes
        actions = [r["action"] for r in ws.store.query("SELECT action FROM audit_log WHERE entity_id = ?", (iid,))]
        assert actions == ["create", "edit"]
        final = ws.store.one("SELECT id FROM inspections WHERE status = 'final' LIMIT 1")
        assert final is not None
        with pytest.raises(FieldappError) as err:
            drafts.save_draft(ws, inp, final["id"])
        assert err.value.msg.code == "inspection_final"
    finally:
        ws.close()


def test_the_timeline_holds_the_case_its_documents_and_photos(demo_dir: Path) -> None:
    from fieldapp.store import documents

    ws = Workspace.open(demo_dir)
    reader = queries.Reader.for_store(ws.store)
    try:
        case = ws.store.one("SELECT id, subject_key FROM cases WHERE state = 'closed'")
        assert case is not None
        documents.create_draft(ws.store, doc_type="case_closing", content={}, case_id=case["id"],
                               subject_key=case["subject_key"])
        rows = queries.timeline(reader, case_id=case["id"])
        entities = [r["entity"] for r in rows]
        assert entities[0] == "case" and "document" in entities
        assert [r["seq"] for r in rows] == sorted(r["seq"] for r in rows)
    finally:
        reader.close()
        ws.close()


def test_planned_visits_are_listed_and_pages_cover_every_inspection_once(demo_dir: Path) -> None:
    ws = Workspace.open(demo_dir)
    reader = queries.Reader.for_store(ws.store)
    try:
        planned = ws.store.one("SELECT count(*) AS n FROM inspections WHERE status = 'planned'")["n"]  # type: ignore[index]
        assert planned == 3
        rows = queries.inspection_page(reader, queries.ListFilter(state="planned"))
        assert len(rows) == planned and all(r["created_at"] == r["planned_for"] for r in rows)
        seen: list[dict[str, object]] = []
        after = None
        while True:
            page = queries.inspection_page(reader, queries.ListFilter(), after, limit=4)
            seen += page
            if len(page) < 4:
                break
            after = (str(page[-1]["created_at"]), str(page[-1]["id"]))
        total = ws.store.one("SELECT count(*) AS n FROM inspections WHERE COALESCE(started_at, planned_for)"
                             " IS NOT NULL")["n"]  # type: ignore[index]
        assert len(seen) == len({r["id"] for r in seen}) == total
        keys = [(str(r["created_at"]), str(r["id"])) for r in seen]
        assert keys == sorted(keys, key=lambda k: (_desc(k[0]), k[1]))
        assert planned == sum(r["status"] == "planned" for r in seen)
    finally:
        reader.close()
        ws.close()


def _desc(text: str) -> list[int]:
    return [-ord(c) for c in text] + [0]
