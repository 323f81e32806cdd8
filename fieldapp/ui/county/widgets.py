"""Small helpers the county tabs share: read-only tables, inline messages, save-file questions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDateEdit, QFileDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QWidget

translate = QCoreApplication.translate
ROLE = Qt.ItemDataRole.UserRole
RED = "#b00020"


def table(name: str, headers: Sequence[str], stretch: int | None = None) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.verticalHeader().hide()
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setAlternatingRowColors(True)
    if stretch is not None:
        t.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return t


def fill(t: QTableWidget, rows: Sequence[Sequence[Any]], keys: Sequence[Any] | None = None,
         colours: Sequence[str | None] | None = None) -> None:
    """Rows of values; `keys[i]` is kept on the first cell (UserRole); `colours[i]` paints a row."""
    t.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem("" if value is None else str(value))
            if isinstance(value, int | float) and not isinstance(value, bool):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if c == 0 and keys is not None:
                item.setData(ROLE, keys[r])
            if colours is not None and colours[r]:
                item.setForeground(QBrush(QColor(colours[r])))
            t.setItem(r, c, item)
    t.resizeColumnsToContents()


def selected_key(t: QTableWidget) -> Any:
    row = t.currentRow()
    item = t.item(row, 0) if row >= 0 else None
    return None if item is None else item.data(ROLE)


def message_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def say(label: QLabel, text: str, problem: bool = False) -> None:
    label.setStyleSheet(f"color: {RED};" if problem else "")
    label.setText(text)


def save_path(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    """The file to write, or None when the officer cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(path) if path else None


def open_path(parent: QWidget, title: str, filters: str) -> Path | None:
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
    return Path(path) if path else None


def area_label(jur: Any, key: str | None) -> str:
    if not key:
        return ""
    area = jur.areas.get(key)
    return area.name if area else key


def dept_label(jur: Any, key: str | None) -> str:
    if not key:
        return translate("County", "township staff")
    dept = jur.departments.get(key)
    return dept.name if dept else key


def day(edit: QDateEdit) -> date:
    d = edit.date()
    return date(d.year(), d.month(), d.day())
