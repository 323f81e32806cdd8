"""Pick at least two officers; an expired certificate or a conflict with the party is refused with the reason."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from fieldapp import queries
from fieldapp.messages import Msg, get_lang
from fieldapp.rules.officers import MIN_OFFICERS, OfficerRef, check_officers

ROLE = Qt.ItemDataRole.UserRole


def ref_of(row: dict[str, Any]) -> OfficerRef:
    valid = row.get("cert_valid_until")
    return OfficerRef(str(row["id"]), str(row["name"]), str(row["cert_no"] or ""),
                      date.fromisoformat(valid) if valid else None, frozenset(row.get("conflicts") or []))


def problems_of(row: dict[str, Any], on: date, party_id: str | None) -> list[Msg]:
    """Why this officer may not act on `on` for this party (the officer-count rule left out)."""
    return check_officers([ref_of(row)], on, party_id, min_officers=0)


class OfficerPicker(QWidget):
    changed = Signal()

    def __init__(self, reader: queries.Reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.on = date.today()
        self.party_id: str | None = None
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("officerList")
        self.list.setMaximumHeight(170)
        self.list.itemChanged.connect(self._toggled)
        layout.addWidget(self.list)
        self.status = QLabel()
        self.status.setObjectName("officerStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.refusal = QLabel()
        self.refusal.setObjectName("officerRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet("color: #b00020;")
        layout.addWidget(self.refusal)
        self._rows: dict[str, dict[str, Any]] = {}
        self.reload()

    def reload(self) -> None:
        chosen = set(self.selected())
        self.list.blockSignals(True)
        self.list.clear()
        self._rows = {r["id"]: r for r in queries.officers(self.reader)
                      if "officer" in r["roles"] or "team_lead" in r["roles"]}
        for row in self._rows.values():
            item = QListWidgetItem(f"{row['name']}  {row['cert_no']}  {row['unit']}  "
                                   + self.tr("valid until {date}").format(date=row["cert_valid_until"] or "?"))
            item.setData(ROLE, row["id"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row["id"] in chosen else Qt.CheckState.Unchecked)
            if problems_of(row, self.on, None):
                item.setForeground(Qt.GlobalColor.gray)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._update_status()

    def set_context(self, on: date, party_id: str | None) -> None:
        """The date of the visit and the party decide who may act; drop officers who no longer may."""
        self.on, self.party_id = on, party_id
        dropped = []
        self.list.blockSignals(True)
        for item in self._items():
            oid = str(item.data(ROLE))
            if item.checkState() == Qt.CheckState.Checked and problems_of(self._rows[oid], on, party_id):
                item.setCheckState(Qt.CheckState.Unchecked)
                dropped += problems_of(self._rows[oid], on, party_id)
        self.list.blockSignals(False)
        self.refusal.setText("\n".join(m.text(get_lang()) for m in dropped))
        self._update_status()
        if dropped:
            self.changed.emit()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _toggled(self, item: QListWidgetItem) -> None:
        oid = str(item.data(ROLE))
        if item.checkState() == Qt.CheckState.Checked:
            problems = problems_of(self._rows[oid], self.on, self.party_id)
            if problems:
                self.list.blockSignals(True)
                item.setCheckState(Qt.CheckState.Unchecked)
                self.list.blockSignals(False)
                self.refusal.setText(self.tr("Cannot add {name}: ").format(name=self._rows[oid]["name"])
                                     + "；".join(m.text(get_lang()) for m in problems))
                return
        self.refusal.clear()
        self._update_status()
        self.changed.emit()

    def _update_status(self) -> None:
        n = len(self.selected())
        if n < MIN_OFFICERS:
            self.status.setText(self.tr("{n} chosen: at least {min} certified officers must take part "
                                        "(Administrative Penalty Law art. 42).").format(n=n, min=MIN_OFFICERS))
            self.status.setStyleSheet("color: #b00020;")
        else:
            self.status.setText(self.tr("{n} officers chosen.").format(n=n))
            self.status.setStyleSheet("")

    def selected(self) -> list[str]:
        return [str(i.data(ROLE)) for i in self._items() if i.checkState() == Qt.CheckState.Checked]

    def set_selected(self, ids: list[str]) -> None:
        self.list.blockSignals(True)
        for item in self._items():
            item.setCheckState(Qt.CheckState.Checked if item.data(ROLE) in ids else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._update_status()

    def toggle(self, officer_id: str) -> None:
        """Click the officer's check box (tests and keyboard users)."""
        for item in self._items():
            if item.data(ROLE) == officer_id:
                on = item.checkState() != Qt.CheckState.Checked
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_read_only(self, read_only: bool) -> None:
        self.list.setEnabled(not read_only)
