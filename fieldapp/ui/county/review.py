"""The legal reviewer's queue: cases submitted for 法制审核; pass, or return with the reason (行政处罚法 §58)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import ROLE, fill, message_label, say, selected_key, table
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op


class ReviewTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.cases: list[dict[str, Any]] = []
        self.setObjectName("countyReview")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Cases waiting for legal review (oldest first). A decision can be issued only "
                                        "after review has passed (Administrative Penalty Law art. 58).")))
        self.table = table("reviewTable", [self.tr("Case"), self.tr("Party"), self.tr("Township"), self.tr("Filed"),
                                           self.tr("Proposed fine (yuan)"), self.tr("Earlier outcome")], stretch=0)
        self.table.itemActivated.connect(lambda _: self.open_case())
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.note = QLineEdit()
        self.note.setObjectName("reviewNote")
        self.note.setPlaceholderText(self.tr("Review note (a return needs the reason)"))
        row.addWidget(self.note, 1)
        for name, label, outcome in (("reviewPass", self.tr("Pass"), "passed"),
                                     ("reviewReturn", self.tr("Return for more investigation"), "returned")):
            button = QPushButton(label)
            button.setObjectName(name)
            button.clicked.connect(lambda _=False, o=outcome: self.decide(o))
            row.addWidget(button)
        open_case = QPushButton(self.tr("Open the case"))
        open_case.clicked.connect(self.open_case)
        row.addWidget(open_case)
        layout.addLayout(row)
        self.message = message_label("reviewMessage")
        layout.addWidget(self.message)
        ctx.changed.connect(self._changed)  # the page loads a tab when it is first shown

    def _changed(self, kind: str) -> None:
        if kind in ("case", "sync", "*"):
            self.refresh()

    def refresh(self) -> None:
        ws = self.ctx.ws
        Op(lambda job: source.records().review_queue(ws)).success(self.show_cases).run(self)

    def show_cases(self, cases: list[dict[str, Any]]) -> None:
        self.cases = cases
        earlier = {"returned": self.tr("returned before")}
        fill(self.table, [[c.get("title") or "", c.get("party_name") or (c.get("party") or {}).get("name") or "",
                           c.get("township") or "", c.get("filed_on") or "", c.get("proposed_fine") or "",
                           earlier.get(str(c.get("review_outcome")), "")] for c in cases], [c["id"] for c in cases])
        if cases and self.table.currentRow() < 0:
            self.table.selectRow(0)

    def select(self, case_id: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(ROLE) == case_id:
                self.table.selectRow(r)

    def open_case(self) -> None:
        key = selected_key(self.table)
        if key:
            self.ctx.navigate.emit("case", str(key))

    def decide(self, outcome: str) -> None:
        case_id = selected_key(self.table)
        if not case_id:
            say(self.message, self.tr("Choose a case first."), problem=True)
            return
        note = self.note.text().strip()
        if outcome == "returned" and not note:
            say(self.message, self.tr("A returned case needs the reason: write it in the note first."), problem=True)
            self.note.setFocus()
            return
        ws, actor = self.ctx.ws, self.ctx.actor

        def work(job: Job) -> Any:
            return source.records().review(ws, str(case_id), outcome, note, actor, date.today())

        Op(work).success(lambda _: self._done(outcome)).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)

    def _done(self, outcome: str) -> None:
        self.note.clear()
        say(self.message, self.tr("Review passed: the decision can now be issued.") if outcome == "passed"
            else self.tr("Returned to the township for more investigation."))
        self.ctx.changed.emit("case")
