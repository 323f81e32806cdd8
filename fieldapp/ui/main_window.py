"""The main window: sign-in screen or work area, navigation, who is signed in, shortcuts, progress."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QProcess, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fieldapp import __version__
from fieldapp.messages import get_lang
from fieldapp.ui import tasks
from fieldapp.ui.context import AppContext
from fieldapp.ui.county.roles import county_roles
from fieldapp.ui.home import HomePage
from fieldapp.ui.signin import SignInPage


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        ws = ctx.ws
        self.setWindowTitle(self.tr("Joint enforcement records — {place} — fieldapp {version}").format(
            place=f"{ws.jurisdiction.full_name} {ws.township or ''}", version=__version__))
        self.outer = QStackedWidget()
        self.signin = SignInPage(ws, ctx.reader)
        self.signin.signed_in.connect(ctx.session.sign_in)
        self.outer.addWidget(self.signin)
        self.outer.addWidget(self._work_area())
        self.setCentralWidget(self.outer)
        self._status_bar()
        self._shortcuts()
        ctx.session.changed.connect(self._officer_changed)
        ctx.session.locked_changed.connect(self._locked)
        ctx.session.about_to_switch.connect(self.close_dialogs)
        ctx.navigate.connect(self.go)
        tasks.Op.hub = tasks.Hub(self)
        tasks.Op.hub.started.connect(self._task_started)
        tasks.Op.hub.progressed.connect(self._task_progress)
        tasks.Op.hub.ended.connect(self._task_ended)
        self._current_op: tasks.Op[Any] | None = None
        self.resize(1280, 800)
        self._locked(True)
        last = ctx.settings.last_officer
        if last:
            self.signin.select(last)
        if ctx.settings.nightly_sync:  # the sync screen owns the nightly timer
            QTimer.singleShot(2000, lambda: self.page("sync"))

    # -- layout --------------------------------------------------------------------------------------
    def _work_area(self) -> QWidget:
        area = QWidget()
        layout = QVBoxLayout(area)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 4, 8, 0)
        self.who = QLabel()
        self.who.setObjectName("signedInLabel")
        self.who.setStyleSheet("font-weight: bold;")
        bar.addWidget(self.who, 1)
        switch = QPushButton(self.tr("Switch officer"))
        switch.setObjectName("switchOfficer")
        switch.clicked.connect(self.ctx.session.lock)
        bar.addWidget(switch)
        language = QPushButton("English" if get_lang() == "zh" else "中文")
        language.setObjectName("switchLanguage")
        language.clicked.connect(self.switch_language)
        bar.addWidget(language)
        lock = QPushButton(self.tr("Lock (Ctrl+L)"))
        lock.clicked.connect(self.ctx.session.lock)
        bar.addWidget(lock)
        layout.addLayout(bar)
        body = QHBoxLayout()
        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(180)
        self.nav.setStyleSheet("QListWidget#nav { font-size: 13pt; } QListWidget#nav::item { padding: 10px 8px; }")
        self.pages = QStackedWidget()
        self._page_index: dict[str, int] = {}
        self._add_page("home", self.tr("Home"), HomePage(self.ctx))
        self._add_page("new_inspection", self.tr("Joint inspection"), None)
        self._add_page("inspections", self.tr("Inspections"), None)
        self._add_page("cases", self.tr("Cases"), None)
        self._add_page("sync", self.tr("Sync"), None)
        self._add_page("county", self.tr("County"), None)
        self._county_visible(None)
        self.nav.currentRowChanged.connect(self._nav_changed)
        body.addWidget(self.nav)
        body.addWidget(self.pages, 1)
        layout.addLayout(body, 1)
        return area

    def _add_page(self, key: str, title: str, widget: QWidget | None) -> None:
        item = QListWidgetItem(title)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.nav.addItem(item)
        if widget is not None:
            self._page_index[key] = self.pages.addWidget(widget)

    def page(self, key: str) -> QWidget:
        """Screens other than home are built the first time they are shown (fast start)."""
        if key not in self._page_index:
            self._page_index[key] = self.pages.addWidget(self._build(key))
        page = self.pages.widget(self._page_index[key])
        assert page is not None
        return page

    def _build(self, key: str) -> QWidget:
        if key == "new_inspection":
            from fieldapp.ui.inspection.editor import InspectionEditor

            return InspectionEditor(self.ctx)
        if key == "inspections":
            from fieldapp.ui.lists import inspections_page

            return inspections_page(self.ctx)
        if key == "cases":
            from fieldapp.ui.lists import cases_page

            return cases_page(self.ctx)
        if key == "case":
            from fieldapp.ui.cases.page import CasePage

            return CasePage(self.ctx)
        if key == "sync":
            from fieldapp.ui.sync_panel import SyncPanel

            return SyncPanel(self.ctx)
        if key == "county":
            from fieldapp.ui.county.page import CountyPage

            return CountyPage(self.ctx)
        raise KeyError(key)

    def _status_bar(self) -> None:
        bar = self.statusBar()
        self.task_label = QLabel()
        self.task_bar = QProgressBar()
        self.task_bar.setMaximumWidth(220)
        self.task_cancel = QToolButton()
        self.task_cancel.setText(self.tr("Cancel"))
        self.task_cancel.clicked.connect(self._cancel_task)
        for w in (self.task_label, self.task_bar, self.task_cancel):
            w.hide()
            bar.addPermanentWidget(w)

    def _shortcuts(self) -> None:
        def action(keys: QKeySequence | QKeySequence.StandardKey | str, slot: Any, name: str) -> None:
            act = QAction(self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(keys))
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            self.addAction(act)

        action(QKeySequence.StandardKey.New, lambda: self.go("new_inspection", ""), "actNew")
        action("Ctrl+L", self.ctx.session.lock, "actLock")
        action(QKeySequence.StandardKey.Refresh, lambda: self.ctx.changed.emit("*"), "actRefresh")
        action("Ctrl+Shift+Y", lambda: self.go("sync", ""), "actSync")
        for n, key in enumerate(("home", "new_inspection", "inspections", "cases", "sync", "county"), start=1):
            action(f"Alt+{n}", lambda _=False, k=key: self.go(k, ""), f"actNav{n}")

    # -- navigation ----------------------------------------------------------------------------------
    def _nav_changed(self, row: int) -> None:
        item = self.nav.item(row)
        if item is not None:
            self.go(str(item.data(Qt.ItemDataRole.UserRole)), "")

    def go(self, key: str, ident: str) -> None:
        if self.ctx.session.locked or (key == "county" and not self.county_allowed()):
            return
        target = key
        if key == "inspection":
            target = "new_inspection"
        fresh = target not in self._page_index
        page = self.page(target)
        if key == "inspection" and ident:
            page.open_record(ident)  # type: ignore[attr-defined]  # saves or asks before leaving unsaved work
        elif key == "new_inspection" and not fresh:  # a page just built is new already (or holds a recovered form)
            page.start_new()  # type: ignore[attr-defined]
        elif key == "case" and ident:
            page.load(ident)  # type: ignore[attr-defined]
        self.pages.setCurrentWidget(page)
        nav_key = {"inspection": "new_inspection", "case": "cases"}.get(key, key)
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == nav_key and self.nav.currentRow() != row:
                self.nav.blockSignals(True)
                self.nav.setCurrentRow(row)
                self.nav.blockSignals(False)

    def switch_language(self) -> None:
        """Chinese ⇄ English: saved for this laptop; the window restarts to apply it (drafts are saved first)."""
        self.ctx.settings.lang = "en" if get_lang() == "zh" else "zh"
        answer = QMessageBox.question(self, self.tr("Language"), self.tr(
            "The new language is used from the next start. Restart now? Drafts are saved first."))
        if answer == QMessageBox.StandardButton.Yes:
            self.ctx.session.about_to_switch.emit()
            tasks.wait_all()
            QProcess.startDetached(sys.executable, sys.argv[1:] if getattr(sys, "frozen", False) else sys.argv)
            QApplication.quit()

    # -- session -------------------------------------------------------------------------------------
    def county_allowed(self) -> bool:
        return bool(county_roles(self.ctx.session.officer))

    def _county_visible(self, officer: dict[str, Any] | None) -> None:
        """The county page is in the navigation only for county roles (片长, 协作组长, 法制审核员, bureau)."""
        for row in range(self.nav.count()):
            item = self.nav.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "county":
                item.setHidden(not county_roles(officer))
        if not county_roles(officer) and "county" in self._page_index and \
                self.pages.currentIndex() == self._page_index["county"]:
            self.go("home", "")

    def _officer_changed(self, officer: dict[str, Any] | None) -> None:
        self._county_visible(officer)
        if officer is None:
            self.who.setText("")
            return
        self.ctx.settings.last_officer = str(officer["cert_no"])
        self.who.setText(self.tr("Signed in: {name} ({cert}), {unit}").format(
            name=officer["name"], cert=officer["cert_no"], unit=officer.get("unit") or ""))

    def open_dialogs(self) -> list[QDialog]:
        """Dialogs on screen: the window's own (document editor, photo, party, prompts) and any parentless one."""
        found: list[QDialog] = []
        for w in [*self.findChildren(QDialog), *QApplication.topLevelWidgets()]:
            if isinstance(w, QDialog) and w.isVisible() and w not in found:
                found.append(w)
        return found

    def close_dialogs(self) -> None:
        """Before the laptop locks or the officer changes: every open editor saves its draft as the officer who
        typed it, then every dialog closes. A dialog left open would stay usable above the lock screen as the
        previous officer, and its edits would be lost."""
        dialogs = self.open_dialogs()
        for dialog in dialogs:
            save = getattr(dialog, "save_before_switch", None)
            if callable(save):
                save()
        for dialog in reversed(dialogs):  # the innermost (a prompt over an editor) first
            dialog.reject()
            dialog.close()

    def _locked(self, locked: bool) -> None:
        if locked:
            self.signin.reload()
            self.signin.show_locked(self.ctx.session.officer)
            self.outer.setCurrentWidget(self.signin)
        else:
            self.outer.setCurrentIndex(1)
            if self.pages.currentWidget() is None or self.nav.currentRow() < 0:
                self.go("home", "")

    # -- background tasks in the status bar ----------------------------------------------------------
    def _task_started(self, op: tasks.Op[Any]) -> None:
        self._current_op = op
        self.task_label.setText(op.label)
        self.task_bar.setRange(0, 0)
        for w in (self.task_label, self.task_bar, self.task_cancel):
            w.show()

    def _task_progress(self, op: tasks.Op[Any], done: int, total: int, message: str) -> None:
        if op is self._current_op:
            self.task_bar.setRange(0, max(total, 1))
            self.task_bar.setValue(done)

    def _task_ended(self, op: tasks.Op[Any]) -> None:
        if op is self._current_op:
            self._current_op = None
            for w in (self.task_label, self.task_bar, self.task_cancel):
                w.hide()

    def _cancel_task(self) -> None:
        if self._current_op is not None:
            self._current_op.cancel()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.session.about_to_switch.emit()  # editors save their drafts
        if tasks.labelled():
            answer = QMessageBox.question(self, self.tr("Work in progress"), self.tr(
                "A job is still running (import, printing or sync). Close anyway? Saved records are safe; "
                "an unfinished sync continues next time."))
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            for op in tasks.labelled():
                op.cancel()
        event.accept()
