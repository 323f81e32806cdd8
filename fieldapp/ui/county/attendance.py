"""The area's attendance sheet: which officers were present on a day (counted in the quarterly figures)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.county.entries import RosterEntry, unit_name
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import area_label, day, message_label, say
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op

ROLE = Qt.ItemDataRole.UserRole


class AttendanceDialog(QDialog):
    def __init__(self, ctx: AppContext, areas: Sequence[str], entries: Sequence[RosterEntry],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries = list(entries)
        self.setObjectName("attendanceDialog")
        self.setWindowTitle(self.tr("Record attendance"))
        self.resize(560, 520)
        jur = ctx.ws.jurisdiction
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.area = QComboBox()
        for key in areas:
            self.area.addItem(area_label(jur, key), key)
        self.area.currentIndexChanged.connect(lambda _: self._fill())
        form.addRow(self.tr("Area"), self.area)
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setCalendarPopup(True)
        form.addRow(self.tr("Date"), self.on_date)
        layout.addLayout(form)
        self.people = QListWidget()
        self.people.setObjectName("attendancePeople")
        layout.addWidget(self.people, 1)
        self.message = message_label("attendanceMessage")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._fill()

    def _fill(self) -> None:
        """The officers sent to the area and the staff of its townships."""
        jur, key = self.ctx.ws.jurisdiction, str(self.area.currentData())
        towns = set(jur.areas[key].townships) if key in jur.areas else set()
        self.people.clear()
        seen: set[str] = set()
        for e in self.entries:
            if e.officer_id in seen or not ((e.sent_down and e.area_key == key) or
                                            (e.department is None and e.township in towns)):
                continue
            seen.add(e.officer_id)
            item = QListWidgetItem(f"{e.name}　{unit_name(jur, e)}")
            item.setData(ROLE, e.officer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.people.addItem(item)

    def checked(self) -> list[str]:
        return [str(self.people.item(i).data(ROLE)) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, ids: Sequence[str]) -> None:
        for i in range(self.people.count()):
            item = self.people.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(ROLE) in ids else Qt.CheckState.Unchecked)

    def save(self) -> None:
        ids = self.checked()
        if not ids:
            say(self.message, self.tr("Tick the officers who were present."), problem=True)
            return
        ws, actor, area, on_date = self.ctx.ws, self.ctx.actor, str(self.area.currentData()), day(self.on_date)

        def work(job: Job) -> Any:
            return [source.records().record_attendance(ws, oid, on_date, area, actor) for oid in ids]

        Op(work).success(lambda _: self.accept()).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)
