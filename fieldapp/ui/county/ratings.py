"""南安's evaluation of linked (挂钩) officers: a grade chooser per officer that offers only the allowed grades."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldapp.county.entries import RosterEntry, unit_name
from fieldapp.county.evaluation import allowed_personal_grades, rule_applies
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import area_label, fill, message_label, say, table
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op

FALLBACK_RATINGS = ("优秀", "良好", "合格", "基本合格", "不合格")


def area_ratings() -> tuple[str, ...]:
    return tuple(getattr(source.records(), "AREA_RATINGS", FALLBACK_RATINGS))


def load(ws: Any, reader: Any, year: int, q: int) -> tuple[list[RosterEntry], dict[str, dict[str, Any]]]:
    linked: dict[str, RosterEntry] = {}
    for e in source.roster(ws):
        if e.mode == "linked" and e.department is not None:
            linked.setdefault(e.officer_id, e)
    return list(linked.values()), source.ratings(reader, year, q)


class RatingsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.year, self.quarter = 0, 0
        self.entries: list[RosterEntry] = []
        self.setObjectName("countyRatings")
        layout = QVBoxLayout(self)
        jur = ctx.ws.jurisdiction
        rule = (self.tr("{source}: a linked officer whose area rating is not 优秀 cannot be graded 好 this quarter; "
                        "only the grades allowed are offered.").format(source=jur.programme_number)
                if rule_applies(jur) else
                self.tr("{name} evaluates yearly, with the area head's signature; quarterly grades are recorded here "
                        "without the quarterly rule.").format(name=jur.name))
        note = QLabel(rule)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = table("ratingTable", [self.tr("Name"), self.tr("Department"), self.tr("Area"),
                                           self.tr("Area rating"), self.tr("Personal grade")], stretch=1)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save the ratings"))
        self.save_button.setObjectName("saveRatings")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        self.message = message_label("ratingMessage")
        row.addWidget(self.message, 1)
        layout.addLayout(row)

    def load(self, year: int, q: int) -> None:
        self.year, self.quarter = year, q
        ws, reader = self.ctx.ws, self.ctx.reader
        Op(lambda job: load(ws, reader, year, q)).success(self.show_entries).run(self)

    def show_entries(self, data: tuple[list[RosterEntry], dict[str, dict[str, Any]]]) -> None:
        self.entries, saved = data
        jur = self.ctx.ws.jurisdiction
        fill(self.table, [[e.name, unit_name(jur, e), area_label(jur, e.area_key), "", ""] for e in self.entries],
             [e.officer_id for e in self.entries])
        for r, e in enumerate(self.entries):
            area = QComboBox()
            area.addItem(self.tr("not rated"), "")
            for value in area_ratings():
                area.addItem(value, value)
            grade = QComboBox()
            self.table.setCellWidget(r, 3, area)
            self.table.setCellWidget(r, 4, grade)
            old = saved.get(e.officer_id) or {}
            area.setCurrentIndex(max(area.findData(old.get("area_rating") or ""), 0))
            self._grades(r)
            if old.get("personal_grade"):
                grade.setCurrentIndex(max(grade.findData(old["personal_grade"]), 0))
            area.currentIndexChanged.connect(lambda _=0, row=r: self._grades(row))
        if not self.entries:
            say(self.message, self.tr("No linked officer on the roster."))
        self.table.resizeColumnsToContents()

    def combos(self, row: int) -> tuple[QComboBox, QComboBox]:
        return self.table.cellWidget(row, 3), self.table.cellWidget(row, 4)  # type: ignore[return-value]

    def _grades(self, row: int) -> None:
        """Offer only the grades the rule allows for this area rating (evaluation.allowed_personal_grades)."""
        area, grade = self.combos(row)
        rating = str(area.currentData() or "") or None
        current = grade.currentData()
        grade.blockSignals(True)
        grade.clear()
        for value in allowed_personal_grades(self.ctx.ws.jurisdiction, self.entries[row], rating):
            grade.addItem(value, value)
        grade.setCurrentIndex(max(grade.findData(current), 0))
        grade.blockSignals(False)

    def save(self) -> None:
        ws, actor, year, q = self.ctx.ws, self.ctx.actor, self.year, self.quarter
        todo = []
        for r, e in enumerate(self.entries):
            area, grade = self.combos(r)
            if area.currentData():
                todo.append((e.officer_id, str(area.currentData()), str(grade.currentData())))
        if not todo:
            say(self.message, self.tr("Rate at least one officer first."), problem=True)
            return

        def work(job: Job) -> Any:
            return [source.records().rate(ws, oid, year, q, rating, grade, actor) for oid, rating, grade in todo]

        Op(work).success(lambda saved: say(self.message, self.tr("{n} ratings saved.").format(n=len(saved)))).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)
