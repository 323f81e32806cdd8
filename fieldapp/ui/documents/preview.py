"""The PDF exactly as it will print, shown with QtPdf; pages are rendered by QPdfView's own worker thread."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PdfPreview(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self.tr("The preview appears here."))
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.status)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout.addWidget(self.view, 1)
        self._dir = tempfile.TemporaryDirectory(prefix="fieldapp-preview-")
        self._n = 0

    def show_pdf(self, pdf: bytes, pages: int) -> None:
        self._n += 1
        path = Path(self._dir.name) / f"preview-{self._n}.pdf"
        path.write_bytes(pdf)
        self.document.close()
        error = self.document.load(str(path))
        if error != QPdfDocument.Error.None_:
            self.status.setText(self.tr("The preview cannot be shown ({error}).").format(error=error.name))
            return
        self.status.setText(self.tr("{n} page(s)").format(n=self.document.pageCount()))

    def busy(self) -> None:
        self.status.setText(self.tr("Making the preview…"))

    def page_count(self) -> int:
        return int(self.document.pageCount())
