"""The bureau's roster: who is sent down where, the programme's staffing rules in plain sentences, CSV import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from fieldapp.county.entries import MODES, Breach, RosterEntry, unit_name
from fieldapp.messages import get_lang
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.widgets import RED, area_label, day, fill, message_label, open_path, say, table
from fieldapp.ui.errors import message_of
from fieldapp.ui.tasks import Job, Op

translate = QCoreApplication.translate


def load(ws: Any, on_date: date) -> tuple[list[RosterEntry], list[Breach]]:
    rec = source.records()
    return list(rec.roster_entries(ws)), list(rec.roster_check(ws, on_date))


class RosterTab(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entries: list[RosterEntry] = []
        self.breaches: list[Breach] = []
        self.setObjectName("countyRoster")
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Checked on")))
        self.on_date = QDateEdit(QDate.currentDate())
        self.on_date.setObjectName("rosterDate")
        self.on_date.setCalendarPopup(True)
        self.on_date.dateChanged.connect(lambda _: self.refresh())
        bar.addWidget(self.on_date)
        self.summary = QLabel()
        self.summary.setObjectName("rosterSummary")
        bar.addWidget(self.summary, 1)
        imp = QPushButton(self.tr("Import CSV…"))
        imp.setObjectName("rosterImport")
        imp.clicked.connect(self.ask_import)
        bar.addWidget(imp)
        layout.addLayout(bar)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = table("rosterTable", [self.tr("Name"), self.tr("Unit"), self.tr("Certificate"),
                                           self.tr("Valid until"), self.tr("Area"), self.tr("Township"),
                                           self.tr("Sent down")], stretch=1)
        split.addWidget(self.table)
        box = QGroupBox(self.tr("Rules of the programme not met"))
        inner = QVBoxLayout(box)
        self.breach_list = QListWidget()
        self.breach_list.setObjectName("rosterBreaches")
        self.breach_list.setWordWrap(True)
        inner.addWidget(self.breach_list)
        split.addWidget(box)
        split.setSizes([420, 260])
        layout.addWidget(split, 1)
        self.message = message_label("rosterMessage")
        layout.addWidget(self.message)
        ctx.changed.connect(self._changed)  # the page loads a tab when it is first shown

    def _changed(self, kind: str) -> None:
        if kind in ("roster", "sync", "*"):
            self.refresh()

    def date(self) -> date:
        return day(self.on_date)

    def refresh(self) -> None:
        ws, on_date = self.ctx.ws, self.date()
        Op(lambda job: load(ws, on_date)).success(self.show_roster).run(self)

    def show_roster(self, data: tuple[list[RosterEntry], list[Breach]]) -> None:
        self.entries, self.breaches = data
        jur, today, lang = self.ctx.ws.jurisdiction, self.date(), get_lang()
        mode = {k: (zh if lang == "zh" else en) for k, (zh, en) in MODES.items()}
        rows, colours = [], []
        for e in self.entries:
            rows.append([e.name, unit_name(jur, e), e.cert_no or "—",
                         e.cert_valid_until.isoformat() if e.cert_valid_until else "—", area_label(jur, e.area_key),
                         e.township or "", mode[e.mode] if e.department else self.tr("township staff")])
            colours.append(None if e.qualified(today) else RED)
        fill(self.table, rows, [e.officer_id for e in self.entries], colours)
        self.breach_list.clear()
        for b in self.breaches:
            self.breach_list.addItem(b.text(lang))
        if not self.breaches:
            self.breach_list.addItem(self.tr("Every staffing rule of the programme is met."))
        self.summary.setText(self.tr("{n} officers on the roster, {q} qualified on the date; {b} rules not met.").format(
            n=len({e.officer_id for e in self.entries}),
            q=len({e.officer_id for e in self.entries if e.qualified(today)}), b=len(self.breaches)))

    def ask_import(self) -> None:
        path = open_path(self, self.tr("Import the roster"), self.tr("Roster CSV (*.csv)"))
        if path is not None:
            self.import_csv(path)

    def import_csv(self, path: Path) -> None:
        ws, actor = self.ctx.ws, self.ctx.actor

        def work(job: Job) -> Any:
            return source.records().import_roster(ws, path, actor)

        Op(work, kind="db", label=self.tr("Importing the roster")).success(self._imported).failure(
            lambda exc: say(self.message, message_of(exc), problem=True)).run(self)

    def _imported(self, report: dict[str, Any]) -> None:
        say(self.message, import_text(report), problem=bool(report.get("errors")))
        self.ctx.changed.emit("roster")


def import_text(report: dict[str, Any]) -> str:
    """The import report in a sentence or two: rows saved, and each bad row by its line."""
    saved = report.get("imported", report.get("saved", report.get("rows", 0)))
    if isinstance(saved, list):
        saved = len(saved)
    text = translate("RosterTab", "{n} roster rows imported.").format(n=saved)
    errors = report.get("errors") or []
    lang = get_lang()
    lines = []
    for e in errors:
        if isinstance(e, dict):
            msg = e.get(lang) or e.get("zh") or e.get("message") or e.get("msg") or ""
            if isinstance(msg, dict):
                msg = msg.get(lang) or msg.get("zh") or ""
            line = e.get("line")
            lines.append(translate("RosterTab", "Line {line}: {msg}").format(line=line, msg=msg) if line else str(msg))
        else:
            lines.append(str(e))
    if lines:
        text += " " + translate("RosterTab", "Rows not imported:") + "\n" + "\n".join(lines)
    return text
