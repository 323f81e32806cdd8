"""The case list and the inspection list: search as you type, filter by state, open with Enter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldapp import queries
from fieldapp.rules.case_flow import CaseState
from fieldapp.ui.context import AppContext
from fieldapp.ui.model import PagedModel

translate = QCoreApplication.translate


class ListPage(QWidget):
    def __init__(self, ctx: AppContext, model: PagedModel, states: list[tuple[str, str]], open_kind: str,
                 refresh_on: tuple[str, ...], name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = model
        self.open_kind = open_kind
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("listSearch")
        self.search.setPlaceholderText(translate("Lists", "Search: title or place, party name, credit code or ID number (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        bar.addWidget(self.search, 1)
        self.state = QComboBox()
        self.state.setObjectName("listState")
        self.state.addItem(translate("Lists", "All states"), "")
        for value, label in states:
            self.state.addItem(label, value)
        bar.addWidget(self.state)
        layout.addLayout(bar)
        self.count = QLabel()
        self.count.setObjectName("listCount")
        layout.addWidget(self.count)
        self.view = QTableView()
        self.view.setObjectName("listView")
        self.view.setModel(model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.activated.connect(self._open)
        layout.addWidget(self.view, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.apply)
        self.search.textChanged.connect(lambda _: self._timer.start())
        self.state.currentIndexChanged.connect(lambda _: self.apply())
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self).activated.connect(self.search.setFocus)
        self.refresh_on = (*refresh_on, "*", "sync")
        ctx.changed.connect(self._changed)
        self.apply()
        for column, width in enumerate((150, 240, 180, 100, 260)):
            self.view.setColumnWidth(column, width)

    def _changed(self, kind: str) -> None:
        if kind in self.refresh_on:
            self.model.reload()

    def apply(self) -> None:
        self.model.set_filter(queries.ListFilter(text=self.search.text(), state=str(self.state.currentData() or "")))
        n = self.model.rowCount()
        more = self.model.canFetchMore()
        self.count.setText(translate("Lists", "{n}+ records (scroll for more)").format(n=n) if more else
                           translate("Lists", "{n} records").format(n=n))

    def _open(self, index: QModelIndex) -> None:
        self.ctx.navigate.emit(self.open_kind, self.model.id_at(index.row()))


def _when(value: Any) -> str:
    return "" if not value else str(value)[:16].replace("T", " ")


def cases_page(ctx: AppContext) -> ListPage:
    reader = ctx.reader

    def fetch(flt: queries.ListFilter, after: tuple[str, str] | None, limit: int) -> list[dict[str, Any]]:
        return queries.case_page(reader, flt, after, limit)

    state_label: Callable[[Any], str] = lambda v: CaseState(v).label() if v else ""  # noqa: E731
    model = PagedModel(fetch, [("created_at", translate("Lists", "Created")), ("title", translate("Lists", "Case")),
                               ("party_name", translate("Lists", "Party")), ("state", translate("Lists", "State")),
                               ("subject_name", translate("Lists", "Enforcement subject")),
                               ("filed_on", translate("Lists", "Filed"))],
                       {"created_at": _when, "state": state_label,
                        "escalated": lambda v: translate("Lists", "escalated") if v else ""})
    states = [(s.value, s.label()) for s in CaseState]
    return ListPage(ctx, model, states, "case", ("case",), "casesPage")


def inspections_page(ctx: AppContext) -> ListPage:
    reader = ctx.reader
    status = {"draft": translate("Lists", "draft"), "final": translate("Lists", "final"),
              "voided": translate("Lists", "void"), "planned": translate("Lists", "planned")}
    result = {"compliant": translate("Lists", "compliant"), "order_to_correct": translate("Lists", "order to correct"),
              "on_the_spot_penalty": translate("Lists", "on-the-spot penalty"), "open_case": translate("Lists", "case opened")}

    def fetch(flt: queries.ListFilter, after: tuple[str, str] | None, limit: int) -> list[dict[str, Any]]:
        return queries.inspection_page(reader, flt, after, limit)

    # "created_at" is the start time, or the plan time of a visit not started yet (the list's sort key).
    model = PagedModel(fetch, [("created_at", translate("Lists", "Started")), ("party_name", translate("Lists", "Party")),
                               ("place", translate("Lists", "Place")), ("status", translate("Lists", "Status")),
                               ("result", translate("Lists", "Result"))],
                       {"created_at": _when, "status": lambda v: status.get(v, v or ""),
                        "result": lambda v: result.get(v, v or "")})
    return ListPage(ctx, model, list(status.items()), "inspection", ("inspection",), "inspectionsPage")
