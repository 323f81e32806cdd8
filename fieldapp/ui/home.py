"""Home: drafts, today's plan, cases with deadlines, referrals to the Area head and legal review, sync state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp import queries
from fieldapp.forms.spec import all_specs
from fieldapp.messages import get_lang
from fieldapp.rules.case_flow import CaseState
from fieldapp.ui.context import AppContext
from fieldapp.ui.county.roles import county_roles
from fieldapp.ui.tasks import Op

ROLE = Qt.ItemDataRole.UserRole


@dataclass
class HomeData:
    drafts: list[dict[str, Any]]
    planned: list[dict[str, Any]]
    due: list[queries.CaseDue]
    referrals: list[dict[str, Any]]
    sync: queries.SyncState


def load(reader: queries.Reader, today: date) -> HomeData:
    return HomeData(queries.drafts(reader), queries.planned_on(reader, today), queries.cases_due(reader, today),
                    queries.referrals(reader), queries.sync_state(reader))


class HomePage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("homePage")
        self.data: HomeData | None = None
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt; font-weight: bold;")
        head.addWidget(self.heading, 1)
        self.county = QPushButton(self.tr("Area work (片长, review, roster, figures)"))
        self.county.setObjectName("homeCounty")
        self.county.clicked.connect(lambda: ctx.navigate.emit("county", ""))
        head.addWidget(self.county)
        ctx.session.changed.connect(lambda officer: self.county.setVisible(bool(county_roles(officer))))
        self.county.setVisible(bool(county_roles(ctx.session.officer)))
        new = QPushButton(self.tr("New joint inspection (Ctrl+N)"))
        new.setObjectName("homeNewInspection")
        new.clicked.connect(lambda: ctx.navigate.emit("new_inspection", ""))
        head.addWidget(new)
        layout.addLayout(head)
        grid = QGridLayout()
        self.drafts = self._list(grid, 0, 0, self.tr("Drafts"), "homeDrafts")
        self.planned = self._list(grid, 0, 1, self.tr("Planned for today"), "homePlanned")
        self.due = self._list(grid, 1, 0, self.tr("Cases needing action"), "homeDue")
        self.referrals = self._list(grid, 1, 1, self.tr("Area head and legal review"), "homeReferrals")
        layout.addLayout(grid, 1)
        sync_box = QGroupBox(self.tr("Sync"))
        row = QHBoxLayout(sync_box)
        self.sync_label = QLabel()
        self.sync_label.setObjectName("homeSync")
        self.sync_label.setWordWrap(True)
        row.addWidget(self.sync_label, 1)
        go = QPushButton(self.tr("Open sync"))
        go.clicked.connect(lambda: ctx.navigate.emit("sync", ""))
        row.addWidget(go)
        layout.addWidget(sync_box)
        ctx.changed.connect(self._changed)
        self.refresh()

    def _list(self, grid: QGridLayout, r: int, c: int, title: str, name: str) -> QListWidget:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        widget = QListWidget()
        widget.setObjectName(name)
        # A long line (case, party, state, deadline) wraps instead of hiding its end behind a scroll bar.
        widget.setWordWrap(True)
        widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        widget.itemActivated.connect(self._open)
        inner.addWidget(widget)
        grid.addWidget(box, r, c)
        return widget

    def _changed(self, kind: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        reader = self.ctx.reader
        Op(lambda job: load(reader, date.today()), kind="work").success(self.show_data).run(self)

    def show_data(self, data: HomeData) -> None:
        self.data = data
        ws = self.ctx.ws
        self.heading.setText(f"{ws.jurisdiction.full_name} {ws.township or ''}")
        titles = {s.code: s.title for s in all_specs().values()}
        self._fill(self.drafts, [(self.tr("Inspection draft: {place} {party}").format(
            place=d["title"] or "", party=d["party_name"] or "") if d["kind"] == "inspection" else
            self.tr("Document draft: {title}").format(title=titles.get(d["doc_type"], d["doc_type"])),
            ("inspection", d["id"]) if d["kind"] == "inspection" else
            ("case", d["case_id"]) if d["case_id"] else ("inspection", d["inspection_id"]), None)
            for d in data.drafts], self.tr("No drafts."))
        self._fill(self.planned, [(f"{(p['planned_for'] or '')[11:16]}  {p['party_name'] or ''}  {p['place'] or ''}",
                                   ("inspection", p["id"]), None) for p in data.planned],
                   self.tr("Nothing planned for today."))
        self._fill(self.due, [(self._due_text(c), ("case", c.id), "#b00020" if c.statutory and c.days_left <= 2 else None)
                              for c in data.due], self.tr("No case is waiting for you."))
        why = {"escalated": self.tr("escalated to the area head"), "in_review": self.tr("in legal review"),
               "review_returned": self.tr("returned by legal review"),
               "review_passed": self.tr("legal review passed: decide")}
        self._fill(self.referrals, [(f"{r['title']}  {r['party_name'] or ''} — {why[r['why']]}", ("case", r["id"]),
                                     "#b00020" if r["why"] == "review_returned" else None) for r in data.referrals],
                   self.tr("Nothing escalated or in review."))
        s = data.sync
        text = self.tr("{n} records and {mb:.1f} MB waiting to sync.").format(n=s.pending, mb=s.pending_mb)
        text += " " + (self.tr("Last sync: {when}.").format(when=s.last_sync[:16].replace("T", " "))
                       if s.last_sync else self.tr("Never synced."))
        if s.problems:
            text += " " + self.tr("{n} records have problems: open sync to see why.").format(n=len(s.problems))
        self.sync_label.setText(text)

    def _due_text(self, c: queries.CaseDue) -> str:
        action = c.action_en if get_lang() == "en" else c.action_zh
        state = CaseState(c.state).label()
        if not c.statutory:
            since = self.tr("accepted {date}, {n} days ago").format(date=c.due.isoformat(), n=c.days_left)
            return f"{c.title}  {c.party_name or ''} [{state}] — {action}（{since}）"
        overdue, left = self.tr("{n} days overdue"), self.tr("{n} days left")
        left = overdue.format(n=-c.days_left) if c.days_left < 0 else left.format(n=c.days_left)
        return f"{c.title}  {c.party_name or ''} [{state}] — {action} {c.due.isoformat()}（{left}）"

    def _fill(self, widget: QListWidget, rows: list[tuple[str, tuple[str, str], str | None]], empty: str) -> None:
        widget.clear()
        for text, target, colour in rows:
            item = QListWidgetItem(text)
            item.setToolTip(text)
            item.setData(ROLE, target)
            if colour:
                item.setForeground(QBrush(QColor(colour)))
            widget.addItem(item)
        if not rows:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        target = item.data(ROLE)
        if target:
            self.ctx.navigate.emit(target[0], target[1])

