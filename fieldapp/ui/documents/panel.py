"""The documents of one inspection or case: new from the record's data, open, issue, print, void, supersede."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp import queries
from fieldapp.forms.spec import all_specs
from fieldapp.ui.context import AppContext
from fieldapp.ui.tasks import Job, Op

ROLE = Qt.ItemDataRole.UserRole


class DocumentsPanel(QWidget):
    opened = Signal(object)  # the DocumentEditor, for tests

    def __init__(self, ctx: AppContext, record: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record = record  # "inspection" or "case"
        self.record_id: str | None = None
        self.setObjectName(f"documents_{record}")
        self.values: dict[str, dict[str, str]] = {}  # doc type -> values offered to the new draft
        self.blocked: dict[str, str] = {}  # doc type -> why a new one cannot be made now (e.g. review pending)
        self.read_only = False
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("docType")
        for spec in all_specs().values():
            if spec.record in (record, "any"):
                self.kind.addItem(spec.title, spec.code)
        self.kind.currentIndexChanged.connect(lambda _: self._update_new())
        bar.addWidget(self.kind, 1)
        self.new_button = QPushButton(self.tr("New document"))
        self.new_button.setObjectName("docNew")
        self.new_button.clicked.connect(lambda: self.new_document(str(self.kind.currentData())))
        bar.addWidget(self.new_button)
        self.open_button = QPushButton(self.tr("Open"))
        self.open_button.clicked.connect(self._open_current)
        bar.addWidget(self.open_button)
        layout.addLayout(bar)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("docTable")
        self.table.setHorizontalHeaderLabels([self.tr("Document"), self.tr("Number"), self.tr("Status"),
                                              self.tr("Prints")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.itemActivated.connect(lambda item: self._open_row(item.row()))
        self.table.setMaximumHeight(200)
        layout.addWidget(self.table)
        ctx.changed.connect(self._changed)
        self.set_record(None)

    def _changed(self, kind: str) -> None:
        if kind in ("document", "*"):
            self.reload()

    def set_record(self, record_id: str | None) -> None:
        self.record_id = record_id
        self._update_new()
        self.reload()

    def reload(self) -> None:
        self.table.setRowCount(0)
        if not self.record_id:
            return
        titles = {s.code: s.title for s in all_specs().values()}
        status = {"draft": self.tr("draft"), "issued": self.tr("issued"), "voided": self.tr("void")}
        rows = queries.case_documents(self.ctx.reader, **{f"{self.record}_id": self.record_id})
        for doc in rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            title = QTableWidgetItem(titles.get(doc["doc_type"], doc["doc_type"]))
            title.setData(ROLE, doc["id"])
            self.table.setItem(r, 0, title)
            self.table.setItem(r, 1, QTableWidgetItem(doc["number"] or ""))
            text = status[doc["status"]] + (self.tr(" (superseded)") if doc["superseded_by"] else "")
            self.table.setItem(r, 2, QTableWidgetItem(text))
            self.table.setItem(r, 3, QTableWidgetItem(str(doc["print_count"])))

    def _open_current(self) -> None:
        self._open_row(self.table.currentRow())

    def _open_row(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.open_document(str(item.data(ROLE)))

    def block(self, doc_type: str, reason: str | None) -> None:
        """Refuse new documents of a type, with the reason as tooltip; None allows them again."""
        if reason:
            self.blocked[doc_type] = reason
        else:
            self.blocked.pop(doc_type, None)
        self._update_new()

    def _update_new(self) -> None:
        reason = self.blocked.get(str(self.kind.currentData()))
        self.new_button.setEnabled(self.record_id is not None and not self.read_only and reason is None)
        self.new_button.setToolTip(reason or "")

    def new_document(self, doc_type: str) -> None:
        if not self.record_id:
            return
        if doc_type in self.blocked:
            from fieldapp.ui.errors import show_text

            show_text(self, self.blocked[doc_type])
            return
        from fieldapp.forms.lifecycle import new_document

        ws, actor, values = self.ctx.ws, self.ctx.actor, dict(self.values.get(doc_type, {}))
        ids = {f"{self.record}_id": self.record_id}

        def work(job: Job) -> Any:
            return new_document(ws, doc_type, values=values, actor=actor, **ids)

        Op(work, kind="work").success(self._created).run(self)

    def _created(self, outcome: Any) -> None:
        self.ctx.changed.emit("document")
        self.open_document(str(outcome.document["id"]))

    def open_document(self, doc_id: str) -> None:
        from fieldapp.ui.documents.editor import DocumentEditor

        editor = DocumentEditor(self.ctx, doc_id, self)
        editor.finished.connect(lambda _: self.reload())
        editor.open()
        self.opened.emit(editor)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_new()
