"""Printing an issued document through QPrintDialog, remembering the last printer.

"Print to PDF" writes the official vector PDF (`forms.lifecycle.print_document`).
A real printer gets the same PDF drawn page by page at the printer's resolution
in a worker thread (Qt supports painting on a QPrinter off the GUI thread), and
the print is counted and audited; every print after the first is marked 副本.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QRectF, QSize
from PySide6.QtGui import QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from fieldapp.messages import FieldappError, Msg
from fieldapp.ui.context import AppContext
from fieldapp.ui.tasks import Job, Op
from fieldapp.workspace import Workspace

translate = QCoreApplication.translate


def ask_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The standard print dialog (translated by qtbase_zh_CN.qm). Tests replace this function."""
    dialog = QPrintDialog(printer, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted


def paint_pdf(pdf: bytes, printer: QPrinter, job: Job | None = None) -> int:
    """Draw each PDF page as an image at the printer's resolution; returns the pages printed."""
    with tempfile.TemporaryDirectory(prefix="fieldapp-print-") as tmp:
        path = Path(tmp) / "print.pdf"
        path.write_bytes(pdf)
        document = QPdfDocument()
        if document.load(str(path)) != QPdfDocument.Error.None_:
            raise FieldappError(Msg("打印文件无法读取。", "The print file cannot be read.", "print_failed"))
        painter = QPainter()
        if not painter.begin(printer):
            raise FieldappError(Msg("打印机无法开始打印：请检查打印机是否已连接、已开机并装好纸。",
                                    "The printer cannot start: check that it is connected, switched on and has paper.",
                                    "print_failed"))
        try:
            dpi = printer.resolution()
            count = document.pageCount()
            for page in range(count):
                if job is not None and job.cancelled():
                    break
                if page:
                    printer.newPage()
                points = document.pagePointSize(page)
                size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
                image = document.render(page, size)
                target = QRectF(painter.viewport())
                painter.drawImage(target, image)
                if job is not None:
                    job.progress(page + 1, count)
        finally:
            painter.end()
            document.close()
    return count


def print_native(ws: Workspace, doc_id: str, printer: QPrinter, actor: str | None, job: Job) -> dict[str, Any]:
    from fieldapp.forms import lifecycle
    from fieldapp.store import documents

    # The same print as the CLI's: every 联 of the spec, the copy marks, and no print from a
    # revoked laptop (render_print checks all of it).
    result = lifecycle.render_print(ws, documents.get_document(ws.store, doc_id))
    paint_pdf(result.pdf, printer, job)
    return documents.record_print(ws.store, doc_id, printer.printerName() or "printer", actor)


def print_issued(ctx: AppContext, parent: QWidget, doc_id: str, done: Callable[[dict[str, Any]], None]) -> None:
    """Ask for the printer (the last one preselected), then print in the background."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    last = ctx.settings.last_printer
    if last:
        printer.setPrinterName(last)
    if not ask_printer(parent, printer):
        return
    ws, actor = ctx.ws, ctx.actor
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat and printer.outputFileName():
        target = Path(printer.outputFileName())

        def to_pdf(job: Job) -> dict[str, Any]:
            from fieldapp.forms import lifecycle

            return lifecycle.print_document(ws, doc_id, to_pdf=target, actor=actor).document

        op: Op[dict[str, Any]] = Op(to_pdf, kind="work", label=translate("Printing", "Printing"))
    else:
        ctx.settings.last_printer = printer.printerName()
        op = Op(lambda job: print_native(ws, doc_id, printer, actor, job), kind="work", label=translate("Printing", "Printing"))
    def printed(doc: dict[str, Any]) -> None:
        ctx.changed.emit("document")
        done(doc)

    op.success(printed).run(parent)
