"""A disputed enforcement subject: the subjects that claim the case and the resolver's determination
(南安 四(一): 由片区商市司法局明确; 沙县: the lead unit, the programme being silent)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldapp.messages import get_lang
from fieldapp.rules.subject import dispute_route
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import message_label, say
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op

ROLE = Qt.ItemDataRole.UserRole


class SubjectDisputeDialog(QDialog):
    def __init__(self, ctx: AppContext, case: Mapping[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.case = dict(case)
        self.setObjectName("subjectDisputeDialog")
        self.setWindowTitle(self.tr("Disputed enforcement subject"))
        self.resize(620, 520)
        jur = ctx.ws.jurisdiction
        route = dispute_route(jur)
        self.resolver = str(route.data["department"])
        layout = QVBoxLayout(self)
        note = QLabel(route.text(get_lang()))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("Subjects that claim (or refuse) the case: tick at least two")))
        self.claimed = QListWidget()
        self.claimed.setObjectName("disputeClaimed")
        townships = [t for t in jur.townships.values() if t.area == jur.area_of(str(case["township"])).key]
        for key, name in [(d.key, d.full_name) for d in jur.departments.values()] + [(t.name, t.full_name)
                                                                                        for t in townships]:
            item = QListWidgetItem(name)
            item.setData(ROLE, key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.claimed.addItem(item)
        self.claimed.itemChanged.connect(lambda _: self._choices())
        layout.addWidget(self.claimed, 1)
        form = QFormLayout()
        self.determination = QComboBox()
        self.determination.setObjectName("disputeDetermination")
        form.addRow(self.tr("Subject determined"), self.determination)
        form.addRow(self.tr("Determined by"), QLabel(jur.departments[self.resolver].full_name))
        self.reference = QLineEdit()
        self.reference.setObjectName("disputeReference")
        self.reference.setPlaceholderText(self.tr("document number or note of the determination"))
        form.addRow(self.tr("Reference"), self.reference)
        layout.addLayout(form)
        self.message = message_label("disputeMessage")
        layout.addWidget(self.message)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def checked(self) -> list[str]:
        return [str(self.claimed.item(i).data(ROLE)) for i in range(self.claimed.count())
                if self.claimed.item(i).checkState() == Qt.CheckState.Checked]

    def set_claimed(self, keys: list[str]) -> None:
        for i in range(self.claimed.count()):
            item = self.claimed.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(ROLE) in keys else Qt.CheckState.Unchecked)

    def _choices(self) -> None:
        current = self.determination.currentData()
        self.determination.clear()
        for i in range(self.claimed.count()):
            item = self.claimed.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                self.determination.addItem(item.text(), item.data(ROLE))
        self.determination.setCurrentIndex(max(self.determination.findData(current), 0))

    def save(self) -> None:
        claimed = self.checked()
        if len(claimed) < 2:
            say(self.message, self.tr("A dispute needs at least two subjects that claim the case."), problem=True)
            return
        ws, actor, case_id, resolver = self.ctx.ws, self.ctx.actor, str(self.case["id"]), self.resolver
        determination, reference = str(self.determination.currentData()), self.reference.text().strip()

        def work(job: Job) -> Any:
            return source.records().record_subject_dispute(ws, case_id, claimed, determination, resolver, reference,
                                                           actor, date.today())

        Op(work).success(self._saved).failure(lambda exc: say(self.message, message_of(exc), problem=True)).run(self)

    def _saved(self, _: Any) -> None:
        self.ctx.changed.emit("case")
        self.accept()
