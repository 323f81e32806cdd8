"""Quarterly figures: per officer, per area, per township × category, a chart, exports, linked-officer ratings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldapp.county.quarterly import AREA_COLUMNS, OFFICER_COLUMNS, TOWN_COLUMNS, QuarterlyReport, quarter_of
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.chart import BarChart
from fieldapp.ui.county.ratings import RatingsPanel
from fieldapp.ui.county.widgets import fill, message_label, save_path, say, table
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op


class QuarterlyTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.report: QuarterlyReport | None = None
        self.setObjectName("countyQuarterly")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        year, q = quarter_of(date.today())
        self.year = QSpinBox()
        self.year.setObjectName("quarterYear")
        self.year.setRange(2020, 2100)
        self.year.setValue(year)
        self.quarter = QComboBox()
        self.quarter.setObjectName("quarterNo")
        for n in range(1, 5):
            self.quarter.addItem(self.tr("Quarter {n}").format(n=n), n)
        self.quarter.setCurrentIndex(q - 1)
        show = QPushButton(self.tr("Show"))
        show.setObjectName("quarterShow")
        show.clicked.connect(self.refresh)
        for w in (QLabel(self.tr("Year")), self.year, self.quarter, show):
            bar.addWidget(w)
        bar.addStretch(1)
        for label, suffix in ((self.tr("Export XLSX…"), ".xlsx"), (self.tr("Export PDF…"), ".pdf")):
            button = QPushButton(label)
            button.setObjectName(f"quarterExport{suffix[1:].upper()}")
            button.clicked.connect(lambda _=False, s=suffix: self.ask_export(s))
            bar.addWidget(button)
        layout.addLayout(bar)
        self.message = message_label("quarterMessage")
        layout.addWidget(self.message)
        split = QSplitter(Qt.Orientation.Vertical)
        self.chart = BarChart()
        self.chart.setObjectName("quarterChart")
        split.addWidget(self.chart)
        self.tabs = QTabWidget()
        self.officers = table("quarterOfficers", OFFICER_COLUMNS, stretch=1)
        self.areas = table("quarterAreas", AREA_COLUMNS)
        self.townships = table("quarterTownships", TOWN_COLUMNS, stretch=1)
        self.ratings = RatingsPanel(ctx)
        for title, widget in ((self.tr("Per area"), self.areas), (self.tr("Per officer"), self.officers),
                              (self.tr("Per township and category"), self.townships),
                              (self.tr("Linked officers' evaluation"), self.ratings)):
            self.tabs.addTab(widget, title)
        split.addWidget(self.tabs)
        split.setSizes([300, 380])
        layout.addWidget(split, 1)
        ctx.changed.connect(self._changed)  # the page loads a tab when it is first shown

    def _changed(self, kind: str) -> None:
        if kind in ("sync", "*"):
            self.refresh()

    def period(self) -> tuple[int, int]:
        return self.year.value(), int(self.quarter.currentData())

    def refresh(self) -> None:
        ws, (year, q) = self.ctx.ws, self.period()
        say(self.message, self.tr("Counting…"))
        Op(lambda job: source.records().quarterly(ws, year, q), kind="db",
           label=self.tr("Counting the quarter")).success(self.show_report).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)
        self.ratings.load(year, q)

    def show_report(self, report: QuarterlyReport) -> None:
        self.report = report
        fill(self.areas, report.areas)
        fill(self.officers, report.officers)
        fill(self.townships, report.townships)
        say(self.message, self.tr("{label}, counted up to {as_of}.").format(label=report.label,
                                                                          as_of=report.as_of.isoformat()))
        col = {name: i for i, name in enumerate(AREA_COLUMNS)}
        self.chart.set_data(self.tr("{label}: per area").format(label=report.label), [r[0] for r in report.areas],
                            [(self.tr("Inspections"), [r[col["检查"]] for r in report.areas]),
                             (self.tr("Cases filed"), [r[col["立案"]] for r in report.areas]),
                             (self.tr("Joint actions"), [r[col["联合行动"]] for r in report.areas]),
                             (self.tr("Overdue"), [r[col["逾期"]] for r in report.areas])])

    def ask_export(self, suffix: str) -> None:
        year, q = self.period()
        path = save_path(self, self.tr("Export the quarterly figures"), f"{year}Q{q}{suffix}", f"*{suffix}")
        if path is not None:
            self.export(path if path.suffix else path.with_suffix(suffix))

    def export(self, path: Path) -> None:
        ws, (year, q) = self.ctx.ws, self.period()

        def work(job: Job) -> Any:
            return source.records().export_quarterly(ws, year, q, path)

        Op(work, kind="db", label=self.tr("Exporting the quarterly figures")).success(
            lambda out: say(self.message, self.tr("Saved to {path}.").format(path=out))).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)
