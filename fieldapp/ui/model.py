"""A table model over the store that fetches in pages (canFetchMore/fetchMore), instant at 100,000 records.

Rows are read through `fieldapp.queries` keyset pages on the read-only
connection: a page is one indexed query, never an OFFSET scan, and the view
asks for the next page only when the officer scrolls near the end.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fieldapp.queries import PAGE, ListFilter

Fetch = Callable[[ListFilter, tuple[str, str] | None, int], list[dict[str, Any]]]
Index = QModelIndex | QPersistentModelIndex


class PagedModel(QAbstractTableModel):
    def __init__(self, fetch: Fetch, columns: list[tuple[str, str]],
                 formatters: dict[str, Callable[[Any], str]] | None = None, page: int = PAGE) -> None:
        super().__init__()
        self._fetch = fetch
        self.columns = columns  # (row key, header)
        self.formatters = formatters or {}
        self.page = page
        self.rows: list[dict[str, Any]] = []
        self.filter = ListFilter()
        self._more = True

    def set_filter(self, flt: ListFilter) -> None:
        self.beginResetModel()
        self.filter = flt
        self.rows = self._fetch(flt, None, self.page)
        self._more = len(self.rows) == self.page
        self.endResetModel()

    def reload(self) -> None:
        self.set_filter(self.filter)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self.rows:
            return
        last = self.rows[-1]
        more = self._fetch(self.filter, (str(last.get("created_at") or ""), str(last["id"])), self.page)
        self._more = len(more) == self.page
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            key = self.columns[index.column()][0]
            value = row.get(key)
            fmt = self.formatters.get(key)
            return fmt(value) if fmt else ("" if value is None else str(value))
        if role == Qt.ItemDataRole.UserRole:
            return row["id"]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section][1]
        return None

    def id_at(self, row: int) -> str:
        return str(self.rows[row]["id"])
