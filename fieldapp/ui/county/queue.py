"""The 片长's queue: escalated cases of the officer's areas, oldest first, with deadlines; joint actions."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.rules import deadlines
from fieldapp.rules.case_flow import CaseState
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.joint import JointActionDialog
from fieldapp.ui.county.widgets import RED, area_label, fill, selected_key, table
from fieldapp.ui.tasks import Op


def deadline_of(case: dict[str, Any], today: date) -> tuple[str, bool]:
    """The next statutory deadline as text, and whether it has passed."""
    if case.get("filed_on") and case.get("state") in ("filed", "investigating", "notified", "legal_review"):
        due = deadlines.decision_deadline(date.fromisoformat(str(case["filed_on"])[:10])).due
        return due.isoformat(), due < today
    if case.get("decided_on") and case.get("state") == "decided":
        due = deadlines.service_deadline(date.fromisoformat(str(case["decided_on"])[:10])).due
        return due.isoformat(), due < today
    return "", False


class AreaQueueTab(QWidget):
    def __init__(self, ctx: AppContext, areas: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.areas = areas
        self.cases: list[dict[str, Any]] = []
        self.dialog: QDialog | None = None
        self.setObjectName("countyQueue")
        jur = ctx.ws.jurisdiction
        layout = QVBoxLayout(self)
        self.heading = QLabel(self.tr("Cases escalated to the area head: {areas} (oldest first)").format(
            areas="、".join(area_label(jur, a) for a in areas) or "—"))
        layout.addWidget(self.heading)
        self.table = table("queueTable", [self.tr("Case"), self.tr("Party"), self.tr("Township"), self.tr("State"),
                                          self.tr("Filed"), self.tr("Escalated"), self.tr("Reason"),
                                          self.tr("Deadline"), self.tr("Joint action")], stretch=6)
        self.table.itemActivated.connect(lambda _: self.open_case())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        open_case = QPushButton(self.tr("Open the case"))
        open_case.clicked.connect(self.open_case)
        self.assign = QPushButton(self.tr("Assign a joint action…"))
        self.assign.setObjectName("assignJointAction")
        self.assign.clicked.connect(self.assign_action)
        row.addWidget(open_case)
        row.addWidget(self.assign)
        dispute = QPushButton(self.tr("Disputed subject…"))
        dispute.setObjectName("subjectDispute")
        dispute.clicked.connect(self.record_dispute)
        row.addWidget(dispute)
        attendance = QPushButton(self.tr("Record attendance…"))
        attendance.setObjectName("recordAttendance")
        attendance.clicked.connect(self.record_attendance)
        row.addWidget(attendance)
        row.addStretch(1)
        layout.addLayout(row)
        ctx.changed.connect(self._changed)  # the page loads a tab when it is first shown

    def _changed(self, kind: str) -> None:
        if kind in ("case", "sync", "*"):
            self.refresh()

    def refresh(self) -> None:
        ws, areas = self.ctx.ws, list(self.areas)
        Op(lambda job: source.area_queue(ws, areas)).success(self.show_cases).run(self)

    def show_cases(self, cases: list[dict[str, Any]]) -> None:
        self.cases = cases
        today = date.today()
        rows, colours = [], []
        for c in cases:
            due, late = deadline_of(c, today)
            party = c.get("party_name") or (c.get("party") or {}).get("name") or ""
            state = CaseState(c["state"]).label() if c.get("state") in CaseState._value2member_map_ else c.get("state")
            rows.append([c.get("title") or "", party, c.get("township") or "", state,
                         c.get("filed_on") or c.get("accepted_on") or "", c.get("escalated_on") or "",
                         c.get("escalate_reason") or "", due,
                         self.tr("assigned") if c.get("joint_action_id") else ""])
            colours.append(RED if late else None)
        fill(self.table, rows, [c["id"] for c in cases], colours)

    def _current(self) -> dict[str, Any] | None:
        key = selected_key(self.table)
        return next((c for c in self.cases if c["id"] == key), None)

    def open_case(self) -> None:
        case = self._current()
        if case is not None:
            self.ctx.navigate.emit("case", str(case["id"]))

    def _chosen(self) -> dict[str, Any] | None:
        case = self._current()
        if case is None and self.cases:
            self.table.selectRow(0)
            case = self._current()
        return case

    def record_dispute(self) -> None:
        from fieldapp.ui.county.dispute import SubjectDisputeDialog

        case = self._chosen()
        if case is not None:
            self.dialog = SubjectDisputeDialog(self.ctx, case, self)
            self.dialog.open()

    def record_attendance(self) -> None:
        from fieldapp.ui.county.attendance import AttendanceDialog

        ws, areas = self.ctx.ws, list(self.areas)

        def show(entries: Any) -> None:
            self.dialog = AttendanceDialog(self.ctx, areas, entries, self)
            self.dialog.open()

        Op(lambda job: source.roster(ws)).success(show).run(self)

    def assign_action(self) -> None:
        case = self._chosen()
        if case is None:
            return
        ws, reader = self.ctx.ws, self.ctx.reader

        def show(people: Any) -> None:
            self.dialog = JointActionDialog(self.ctx, case, people, self)
            self.dialog.open()

        Op(lambda job: source.people(ws, reader)).success(show).run(self)
