"""One officer's visit through the real window, from sign-in to the county server (the Vorta pattern).

sign in → joint inspection with two photos → 现场检查笔录 → print to PDF → enrol and sync with a real
local server process → the inspection, its photos and the document are on the server.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from uihelpers import make_photo, officer, sign_in, wait_idle

from fieldapp.ui.documents import printing
from fieldapp.ui.main_window import MainWindow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from synctools import ServerProcess


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "server", "sqlite").start()
    yield srv
    srv.stop()


def test_a_visit_from_sign_in_to_the_county(window: MainWindow, qtbot: QtBot, tmp_path: Path, county: ServerProcess,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    win = window
    # The laptop is enrolled with the county from the sync screen (so its notices carry a county-trusted QR).
    sign_in(win, qtbot, "陈志明")
    win.go("sync", "")
    panel: Any = win.page("sync")
    panel.server.setText(county.url)
    panel.code.setText(county.code("湖源乡"))
    panel.enroll()
    wait_idle(qtbot)
    assert panel.button.isEnabled(), panel.result.text()

    # The joint inspection: party, two matters of two categories, two officers, two photos, result.
    win.go("new_inspection", "")
    ed: Any = win.page("new_inspection")
    party = win.ctx.reader.one("SELECT name FROM parties WHERE kind = 'organisation' LIMIT 1")["name"]
    ed.party.search.setText(party[2:6])
    ed.party.run_search()
    ed.party._pick(ed.party.results.item(0))
    ed.place.setText("湖源乡集镇18号")
    codes: dict[str, str] = {}
    for m in win.ctx.ws.catalogue.matters.values():
        codes.setdefault(m.category, m.code)
    first, second = list(codes.values())[:2]
    ed.matters.check(first)
    ed.matters.check(second)
    ed.matters.set_result(first, True, "证照齐全，台账规范。")
    ed.matters.set_result(second, True, "未发现违法行为。")
    ed.officers.set_selected([officer(win, "陈志明")["id"], officer(win, "林秀英")["id"]])
    ed.result.set_result("compliant")
    ed.gallery.import_files([make_photo(tmp_path / "a.jpg", 1), make_photo(tmp_path / "b.jpg", 2)])
    wait_idle(qtbot)
    assert ed.inspection_id and ed.gallery.view.count() == 2
    ed.finalize()
    wait_idle(qtbot)
    assert ed.status == "final", ed.message.text()
    inspection_id = ed.inspection_id

    # 现场检查笔录, issued and printed to a PDF file through the print dialog.
    pdf = tmp_path / "笔录.pdf"

    def ask(parent: Any, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(pdf))
        return True

    monkeypatch.setattr(printing, "ask_printer", ask)
    editors: list[Any] = []
    ed.documents.opened.connect(editors.append)
    ed.documents.new_document("inspection_record")
    wait_idle(qtbot)
    doc = editors[-1]
    doc.editors["recorder"].set_value("林秀英")
    doc.validate()
    assert doc.issue_button.isEnabled(), doc.problem_label.text()
    doc.issue_button.click()
    wait_idle(qtbot)
    assert pdf.read_bytes().startswith(b"%PDF")
    row = win.ctx.reader.one("SELECT id, number, status, print_count FROM documents WHERE id = ?", (doc.doc["id"],))
    assert row["status"] == "issued" and row["number"] and row["print_count"] == 1
    doc.reject()

    # Sync to the county server; then the records are there.
    win.go("sync", "")
    panel.button.click()
    wait_idle(qtbot, timeout=120000)
    status = win.ctx.reader.one("SELECT status FROM sync_runs ORDER BY id DESC LIMIT 1")["status"]
    assert status == "ok", panel.result.text()
    from sqlalchemy import text

    engine = county.engine()
    try:
        with engine.connect() as conn:
            have = {(e, i) for e, i in conn.execute(text("SELECT entity, entity_id FROM records"))}
            blobs = {s for (s,) in conn.execute(text("SELECT sha256 FROM blobs"))}
    finally:
        engine.dispose()
    assert ("inspection", inspection_id) in have
    assert ("document", row["id"]) in have
    shas = {r["sha256"] for r in ed.gallery.rows}
    assert len(shas) == 2 and shas <= blobs
    assert win.ctx.reader.one("SELECT count(*) AS n FROM outbox WHERE status IN ('pending','sent')")["n"] == 0
