"""Documents from the editor generated from their spec: inline checks, lawful printing only, void and supersede."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot
from uihelpers import enroll_locally, officer, wait_idle

from fieldapp.ui.documents import printing
from fieldapp.ui.main_window import MainWindow


@pytest.fixture
def pdf_printer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The print dialog answered with "print to PDF file"; returns the files printed, in order."""
    printed: list[Path] = []

    def ask(parent: Any, printer: QPrinter) -> bool:
        path = tmp_path / f"print-{len(printed) + 1}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printed.append(path)
        return True

    monkeypatch.setattr(printing, "ask_printer", ask)
    return printed


def open_new(win: MainWindow, qtbot: QtBot, doc_type: str, inspection_id: str | None = None) -> Any:
    iid = inspection_id or win.ctx.reader.one(
        "SELECT i.id FROM inspections i WHERE status = 'final' AND party_id IS NOT NULL ORDER BY started_at DESC")["id"]
    win.go("inspection", iid)
    panel = win.page("new_inspection").documents  # type: ignore[attr-defined]
    opened: list[Any] = []
    panel.opened.connect(opened.append)
    panel.new_document(doc_type)
    wait_idle(qtbot)
    assert opened, "the editor opens on the new draft"
    return opened[-1]


def complete(ed: Any) -> None:
    """Fill what the record could not: the spec's required fields left empty."""
    defaults = {"datetime": "2026-03-14T09:30", "date": "2026-03-20", "money": "100", "phone": "0598-1234567",
                "text": "现场", "multiline": "现场检查情况如上。"}
    for editor in ed.editors.values():
        spec = editor.spec
        if spec.is_required(ed.content()) and editor.value() in (None, "", []) and spec.type in defaults:
            editor.set_value(defaults[spec.type])


def test_the_form_is_generated_from_the_spec_and_checks_as_you_type(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = open_new(signed_in, qtbot, "inspection_record")
    assert set(ed.editors) == set(ed.spec.fields)
    started = ed.editors["started_at"]
    started.set_value("2026-13-40")
    assert ed.errors["started_at"].isVisibleTo(ed) and "YYYY" in ed.errors["started_at"].text()
    assert not ed.issue_button.isEnabled()
    started.set_value("2026-03-14T09:30")
    assert not ed.errors["started_at"].isVisibleTo(ed)
    ed.reject()


def test_the_print_button_refuses_with_one_officer(signed_in: MainWindow, qtbot: QtBot) -> None:
    enroll_locally(signed_in.ctx.ws.store.data_dir)
    ed = open_new(signed_in, qtbot, "inspection_record")
    complete(ed)
    ed.validate()
    assert ed.issue_button.isEnabled(), ed.problem_label.text()
    ed.editors["officers"].set_value([{"id": officer(signed_in, "陈志明")["id"]}])
    ed.validate()
    assert not ed.issue_button.isEnabled()
    assert "第四十二条" in ed.problem_label.text()
    ed.issue_and_print()  # the shortcut path refuses too
    wait_idle(qtbot)
    assert signed_in.ctx.reader.one("SELECT status FROM documents WHERE id = ?", (ed.doc["id"],))["status"] == "draft"
    ed.reject()


def test_an_expired_certificate_is_refused(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = open_new(signed_in, qtbot, "inspection_record")
    complete(ed)
    ed.editors["officers"].set_value([{"id": officer(signed_in, n)["id"]} for n in ("陈志明", "郑国平")])
    ed.validate()
    assert not ed.issue_button.isEnabled()
    assert "郑国平" in ed.problem_label.text()
    ed.reject()


def test_an_on_the_spot_decision_over_the_limit_cannot_be_printed(signed_in: MainWindow, qtbot: QtBot) -> None:
    ed = open_new(signed_in, qtbot, "penalty_on_the_spot")
    complete(ed)
    ed.editors["penalty_kind"].set_value("fine")
    ed.editors["fine"].set_value("5000")
    ed.validate()
    assert not ed.issue_button.isEnabled()
    assert "3000" in ed.problem_label.text() or "200" in ed.problem_label.text()
    ed.reject()


def test_issue_print_reprint_void_and_supersede(signed_in: MainWindow, qtbot: QtBot, pdf_printer: list[Path],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    enroll_locally(signed_in.ctx.ws.store.data_dir)
    ed = open_new(signed_in, qtbot, "inspection_record")
    complete(ed)
    ed.validate()
    ed.issue_and_print()
    wait_idle(qtbot)
    doc = signed_in.ctx.reader.one("SELECT * FROM documents WHERE id = ?", (ed.doc["id"],))
    assert doc["status"] == "issued" and doc["number"] and doc["print_count"] == 1
    assert pdf_printer[0].read_bytes().startswith(b"%PDF")
    assert ed.preview.page_count() >= 1
    ed.print_again()
    wait_idle(qtbot)
    assert signed_in.ctx.reader.one("SELECT print_count FROM documents WHERE id = ?", (doc["id"],))["print_count"] == 2
    assert pdf_printer[1].stat().st_size > 0
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("当事人名称写错", True))
    ed.supersede()
    wait_idle(qtbot)
    old = signed_in.ctx.reader.one("SELECT status, void_reason, superseded_by FROM documents WHERE id = ?", (doc["id"],))
    assert old["status"] == "voided" and old["void_reason"] == "当事人名称写错"
    assert ed.doc["id"] == old["superseded_by"] and ed.doc["status"] == "draft"
    ed.reject()


def test_a_real_printer_gets_every_page_drawn_in_a_worker(signed_in: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    """The raster path used for real printers (no CUPS here: a PDF printer stands in for it)."""
    from fieldapp.forms.render import RenderJob, render
    from fieldapp.forms.spec import load_spec
    from fieldapp.ui.tasks import Op

    pdf = render(RenderJob(load_spec("inspection_record"), {"findings": "检查情况。" * 400}, "湖源乡人民政府")).pdf
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setResolution(100)
    pages: list[int] = []
    Op(lambda job: printing.paint_pdf(pdf, printer, job), kind="work").success(pages.append).run()
    wait_idle(qtbot)
    assert pages and pages[0] >= 2
    assert (tmp_path / "raster.pdf").read_bytes().count(b"/Type /Page") >= pages[0]


def test_the_last_printer_is_remembered_on_this_laptop(signed_in: MainWindow) -> None:
    from fieldapp.ui.settings import UiSettings

    signed_in.ctx.settings.last_printer = "便携打印机"
    assert UiSettings(signed_in.ctx.ws.store.data_dir).last_printer == "便携打印机"


def test_dates_are_picked_from_a_calendar_and_stored_as_iso_text(signed_in: MainWindow, qtbot: QtBot) -> None:
    from datetime import date

    from PySide6.QtCore import QDate, QDateTime, Qt, QTime
    from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

    ed = open_new(signed_in, qtbot, "penalty_on_the_spot")
    timed = next(e for e in ed.editors.values() if e.spec.type == "datetime")
    day = next(e for e in ed.editors.values() if e.spec.type == "date")
    assert isinstance(timed.edit, QDateTimeEdit) and timed.edit.calendarPopup()
    assert isinstance(day.edit, QDateEdit) and day.edit.calendarPopup()
    timed.set_value("2026-11-21T04:08")
    assert timed.value() == "2026-11-21T04:08" and timed.edit.date() == QDate(2026, 11, 21)
    timed.edit.setDateTime(QDateTime(QDate(2026, 11, 22), QTime(9, 30)))  # as the calendar and spin do
    assert ed.content()[timed.spec.key] == "2026-11-22T09:30"
    day.set_value(None)
    assert day.value() is None and day.spec.key not in ed.content()
    qtbot.keyClick(day.edit, Qt.Key.Key_Up)  # the first touch of an empty field starts from today
    assert day.value() is not None and abs((date.fromisoformat(day.value()) - date.today()).days) <= 1
    day.clear_button.click()
    assert day.value() is None
    day.set_value("2026-02-30")  # stored by hand before: kept, and the check says what is wrong
    assert day.value() == "2026-02-30" and ed.errors[day.spec.key].isVisibleTo(ed)
    ed.reject()


def test_a_real_printer_gets_every_copy_the_spec_declares_as_one_print(signed_in: MainWindow, qtbot: QtBot,
                                                                        tmp_path: Path) -> None:
    """责令改正通知书 is 一式两份: the printer gets both 联 as originals, counted once (as the PDF path does)."""
    from PySide6.QtPdf import QPdfDocument

    from fieldapp.forms import lifecycle
    from fieldapp.ui.tasks import Op

    enroll_locally(signed_in.ctx.ws.store.data_dir)
    ed = open_new(signed_in, qtbot, "order_to_correct")
    complete(ed)
    ed.save()
    wait_idle(qtbot)
    doc_id = ed.doc["id"]
    ed.reject()
    ws = signed_in.ctx.ws
    lifecycle.issue_document(ws, doc_id, actor=signed_in.ctx.actor)
    single = lifecycle.render_document(ws, doc_id).pages
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    printer.setResolution(80)
    done: list[dict] = []
    Op(lambda job: printing.print_native(ws, doc_id, printer, signed_in.ctx.actor, job),
       kind="work").success(done.append).run()
    wait_idle(qtbot)
    assert done and done[0]["print_count"] == 1
    printed = QPdfDocument()
    printed.load(str(tmp_path / "raster.pdf"))
    assert printed.pageCount() == 2 * single
