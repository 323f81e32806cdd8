"""Published lists of an area: the joint team's personnel and the joint-enforcement matters, to PDF/CSV/XLSX."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import area_label, day, fill, message_label, save_path, say, selected_key, table
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op


def load(reader: Any) -> tuple[list[dict[str, Any]], dict[str, str]]:
    return source.published(reader), source.names(reader)


class ListsTab(QWidget):
    def __init__(self, ctx: AppContext, areas: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("countyLists")
        self.rows: list[dict[str, Any]] = []
        jur = ctx.ws.jurisdiction
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Publish an area's joint team (names, units, certificate numbers) or its "
                                        "joint-enforcement matter list. Each published list is recorded with the hash "
                                        "of its content, printed on the PDF.")))
        bar = QHBoxLayout()
        self.area = QComboBox()
        self.area.setObjectName("listArea")
        for key in areas:
            self.area.addItem(area_label(jur, key), key)
        if ctx.ws.township and ctx.ws.township in jur.townships:  # the laptop's own area first
            self.area.setCurrentIndex(max(self.area.findData(jur.area_of(ctx.ws.township).key), 0))
        self.kind = QComboBox()
        self.kind.setObjectName("listKind")
        self.kind.addItem(self.tr("Personnel list"), "personnel")
        self.kind.addItem(self.tr("Matter list"), "matters")
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        self.format = QComboBox()
        self.format.setObjectName("listFormat")
        for label, suffix in (("PDF", ".pdf"), ("Excel (XLSX)", ".xlsx"), ("CSV", ".csv")):
            self.format.addItem(label, suffix)
        publish = QPushButton(self.tr("Publish and export…"))
        publish.setObjectName("listPublish")
        publish.clicked.connect(self.ask_publish)
        for w in (QLabel(self.tr("Area")), self.area, self.kind, QLabel(self.tr("Date")), self.on_date, self.format,
                  publish):
            bar.addWidget(w)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.message = message_label("listMessage")
        layout.addWidget(self.message)
        self.table = table("publishedTable", [self.tr("Area"), self.tr("List"), self.tr("Date"),
                                              self.tr("Content hash (sha256)"), self.tr("Published by")], stretch=3)
        self.table.itemSelectionChanged.connect(self.show_content)
        self.content = QTableWidget(0, 0)
        self.content.setObjectName("listContent")
        self.content.verticalHeader().hide()
        self.content.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.content)
        split.setSizes([200, 420])
        layout.addWidget(split, 1)
        ctx.changed.connect(self._changed)  # the page loads a tab when it is first shown

    def _changed(self, kind: str) -> None:
        if kind in ("list", "sync", "*"):
            self.refresh()

    def refresh(self) -> None:
        reader = self.ctx.reader
        Op(lambda job: load(reader), kind="work").success(self.show_lists).run(self)

    def show_lists(self, data: tuple[list[dict[str, Any]], dict[str, str]]) -> None:
        self.rows, names = data
        jur = self.ctx.ws.jurisdiction
        kinds = {"personnel": self.tr("Personnel list"), "matters": self.tr("Matter list")}
        fill(self.table, [[area_label(jur, r["area_key"]), kinds.get(r["kind"], r["kind"]), r["on_date"],
                           r["content_sha"], names.get(str(r["published_by"]), "")] for r in self.rows],
             [r["id"] for r in self.rows])
        if self.rows:
            self.table.selectRow(0)

    def show_content(self) -> None:
        """The selected list as published: its columns and rows."""
        key = selected_key(self.table)
        row = next((r for r in self.rows if r["id"] == key), None)
        content = (row or {}).get("content") or {}
        columns = list(content.get("columns") or [])
        self.content.clear()
        self.content.setColumnCount(len(columns))
        self.content.setHorizontalHeaderLabels(columns)
        fill(self.content, content.get("rows") or [])
        if columns:
            self.content.horizontalHeader().setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.Stretch)

    def ask_publish(self) -> None:
        suffix = str(self.format.currentData())
        name = f"{self.area.currentText()}{self.kind.currentText()}{suffix}"
        path = save_path(self, self.tr("Export the list"), name, f"*{suffix}")
        if path is not None:
            self.publish(path if path.suffix else path.with_suffix(suffix))

    def publish(self, out: Path) -> None:
        ws, actor = self.ctx.ws, self.ctx.actor
        area, kind, on_date = str(self.area.currentData()), str(self.kind.currentData()), self.date()

        def work(job: Job) -> Any:
            return source.records().publish_list(ws, area, kind, on_date, actor, out=out)

        Op(work, kind="db", label=self.tr("Exporting the list")).success(lambda r: self._published(r, out)).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)

    def date(self) -> date:
        return day(self.on_date)

    def _published(self, result: dict[str, Any], out: Path) -> None:
        sha = result.get("content_sha") or result.get("sha") or ""
        say(self.message, self.tr("Published and saved to {path} (content hash {sha}).").format(path=out, sha=sha))
        self.ctx.changed.emit("list")
