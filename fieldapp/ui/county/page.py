"""The county page: one tab per county task, only those the signed-in officer's roles use (docs/desktop.md)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from fieldapp.county.entries import RosterEntry
from fieldapp.ui.context import AppContext
from fieldapp.ui.county import source
from fieldapp.ui.county.roles import officer_areas, tabs_for
from fieldapp.ui.tasks import Op


class CountyPage(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("countyPage")
        self.officer_id: str | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: bold;")
        layout.addWidget(self.heading)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("countyTabs")
        self.tabs.currentChanged.connect(self._load_current)
        self.loaded: set[str] = set()
        layout.addWidget(self.tabs, 1)
        self.tab: dict[str, QWidget] = {}
        ctx.session.changed.connect(self.set_officer)
        self.set_officer(ctx.session.officer)

    def set_officer(self, officer: dict[str, Any] | None) -> None:
        oid = None if officer is None else str(officer["id"])
        if oid == self.officer_id and self.tab:
            return
        self.officer_id = oid
        ws = self.ctx.ws
        Op(lambda job: source.roster(ws)).success(lambda entries: self.build(officer, entries)).run(self)

    def build(self, officer: dict[str, Any] | None, entries: list[RosterEntry]) -> None:
        from fieldapp.ui.county.draws import DrawsTab
        from fieldapp.ui.county.lists import ListsTab
        from fieldapp.ui.county.quarterly import QuarterlyTab
        from fieldapp.ui.county.queue import AreaQueueTab
        from fieldapp.ui.county.review import ReviewTab
        from fieldapp.ui.county.roster import RosterTab

        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.tab.clear()
        self.loaded.clear()
        jur = self.ctx.ws.jurisdiction
        areas = officer_areas(jur, officer, entries)
        self.heading.setText(self.tr("{county}: area joint enforcement").format(county=jur.full_name))
        makers = {"queue": (self.tr("Area head's queue"), lambda: AreaQueueTab(self.ctx, areas)),
                  "review": (self.tr("Legal review"), lambda: ReviewTab(self.ctx)),
                  "roster": (self.tr("Roster"), lambda: RosterTab(self.ctx)),
                  "draws": (self.tr("Plans and draws"), lambda: DrawsTab(self.ctx)),
                  "lists": (self.tr("Published lists"), lambda: ListsTab(self.ctx, areas)),
                  "quarterly": (self.tr("Quarterly figures"), lambda: QuarterlyTab(self.ctx))}
        self.tabs.blockSignals(True)
        for key in tabs_for(officer):
            title, make = makers[key]
            self.tab[key] = make()
            self.tabs.addTab(self.tab[key], title)
        self.tabs.blockSignals(False)
        self._load_current(self.tabs.currentIndex())

    def _load_current(self, index: int) -> None:
        """A tab loads the first time it is shown: the quarterly count need not run for a 片长 checking the queue."""
        widget = self.tabs.widget(index)
        key = next((k for k, w in self.tab.items() if w is widget), None)
        if key is not None and key not in self.loaded:
            self.loaded.add(key)
            widget.refresh()  # type: ignore[union-attr]

    def show_tab(self, key: str) -> QWidget | None:
        widget = self.tab.get(key)
        if widget is not None:
            self.tabs.setCurrentWidget(widget)
        return widget
