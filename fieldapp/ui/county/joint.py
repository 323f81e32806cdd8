"""The 片长's "assign a joint action" dialog: officers and departments, the rule check shown before saving."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.county.entries import RosterEntry, unit_name
from fieldapp.county.queues import check_joint_action
from fieldapp.messages import get_lang
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import day, message_label, say
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op

ROLE = Qt.ItemDataRole.UserRole


class JointActionDialog(QDialog):
    def __init__(self, ctx: AppContext, case: Mapping[str, Any], people: Sequence[RosterEntry],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = dict(case)
        self.people = {e.officer_id: e for e in people}
        self.saved: dict[str, Any] | None = None
        self.setObjectName("jointActionDialog")
        self.setWindowTitle(self.tr("Assign a joint action"))
        self.resize(760, 560)
        jur = ctx.ws.jurisdiction
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Case: {title} ({township})").format(
            title=case.get("title") or "", township=case.get("township") or "")))
        form = QFormLayout()
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setObjectName("jointDate")
        self.on_date.setCalendarPopup(True)
        self.on_date.dateChanged.connect(self.check)
        form.addRow(self.tr("Date of the action"), self.on_date)
        self.note = QLineEdit()
        self.note.setObjectName("jointNote")
        form.addRow(self.tr("Note"), self.note)
        layout.addLayout(form)
        lists = QHBoxLayout()
        self.officers = QListWidget()
        self.officers.setObjectName("jointOfficers")
        for e in people:
            until = e.cert_valid_until.isoformat() if e.cert_valid_until else "—"
            item = QListWidgetItem(f"{e.name}　{unit_name(jur, e)}　{e.cert_no or '—'}（{until}）")
            item.setData(ROLE, e.officer_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.officers.addItem(item)
        self.departments = QListWidget()
        self.departments.setObjectName("jointDepartments")
        for d in jur.departments.values():
            item = QListWidgetItem(d.name)
            item.setData(ROLE, d.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.departments.addItem(item)
        for title, widget in ((self.tr("Officers"), self.officers),
                              (self.tr("Departments whose matters it covers"), self.departments)):
            col = QVBoxLayout()
            col.addWidget(QLabel(title))
            col.addWidget(widget)
            lists.addLayout(col, 2 if widget is self.officers else 1)
        layout.addLayout(lists, 1)
        self.problems = message_label("jointProblems")
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.officers.itemChanged.connect(lambda _: self.check())
        self.departments.itemChanged.connect(lambda _: self.check())
        self.check()

    def _checked(self, widget: QListWidget) -> list[str]:
        return [str(widget.item(i).data(ROLE)) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, officer_ids: Sequence[str], departments: Sequence[str] = ()) -> None:
        for widget, wanted in ((self.officers, set(officer_ids)), (self.departments, set(departments))):
            for i in range(widget.count()):
                item = widget.item(i)
                item.setCheckState(Qt.CheckState.Checked if item.data(ROLE) in wanted else Qt.CheckState.Unchecked)
        self.check()

    def date(self) -> date:
        return day(self.on_date)

    def check(self) -> list[str]:
        """The rules (行政处罚法 §42/§43, two units, each department named) as sentences; Save only when none."""
        chosen = [self.people[i] for i in self._checked(self.officers)]
        problems = [m.text(get_lang()) for m in check_joint_action(
            self.case, chosen, self._checked(self.departments), self.date(), self.ctx.ws.jurisdiction)]
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problems)
        if problems:
            say(self.problems, "\n".join(f"• {p}" for p in problems), problem=True)
        else:
            say(self.problems, self.tr("The action meets the rules: officers from {n} units.").format(
                n=len({e.unit_key for e in chosen})))
        return problems

    def save(self) -> None:
        if self.check():
            return
        ws, actor, case_id = self.ctx.ws, self.ctx.actor, str(self.case["id"])
        officers, departments = self._checked(self.officers), self._checked(self.departments)
        on_date, note = self.date(), self.note.text().strip()

        def work(job: Job) -> Any:
            return source.records().assign_joint_action(ws, case_id, officers, departments, on_date, actor, note=note)

        self.buttons.setEnabled(False)
        Op(work).success(self._saved).failure(self._refused).finally_(lambda: self.buttons.setEnabled(True)).run(self)

    def _saved(self, result: dict[str, Any]) -> None:
        self.saved = result
        self.ctx.changed.emit("case")
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        say(self.problems, message_of(exc), problem=True)
