"""Desktop entry point: `fieldapp --data-dir DIR gui` (called by `fieldapp.cli.setup_cmds.cmd_gui`)."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from fieldapp import __version__
from fieldapp.messages import FieldappError
from fieldapp.queries import Reader
from fieldapp.resources import resource_path
from fieldapp.store.db import STORE_FILENAME
from fieldapp.ui import i18n, tasks
from fieldapp.ui.context import AppContext
from fieldapp.ui.main_window import MainWindow
from fieldapp.ui.session import Session
from fieldapp.ui.settings import UiSettings
from fieldapp.workspace import REFERENCE_DIR, Workspace

log = logging.getLogger(__name__)


def initialised(data_dir: Path) -> bool:
    return (data_dir / STORE_FILENAME).exists() and (data_dir / REFERENCE_DIR / "jurisdiction.toml").exists()


def ensure_cjk_font() -> None:
    """A laptop without a Chinese font would show boxes: use the bundled one(s) then."""
    if QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese):
        return
    folder = resource_path("fonts")
    for path in sorted(folder.glob("*")) if folder.is_dir() else []:
        if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
            QFontDatabase.addApplicationFont(str(path))


def make_app() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("fieldapp")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("fieldapp")
    app.setStyle("Fusion")  # the same look on township Windows laptops and on Linux, clean at any DPI
    return app


def open_window(data_dir: Path, lang: str) -> tuple[MainWindow, Workspace, Reader]:
    """Everything after the QApplication: translations, the store, the window (used by tests and the bench)."""
    app = make_app()
    settings = UiSettings(data_dir)
    i18n.install(app, settings.lang or lang)
    ensure_cjk_font()
    ws = Workspace.open(data_dir)
    reader = Reader.for_store(ws.store)
    session = Session(settings.idle_minutes)
    ctx = AppContext(ws, reader, session, settings)
    window = MainWindow(ctx)
    return window, ws, reader


def run(data_dir: Path, lang: str = "zh", screenshot_dir: Path | None = None) -> int:
    if screenshot_dir is not None and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    data_dir = Path(data_dir)
    if not initialised(data_dir):
        i18n.install(app, lang)
        from fieldapp.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(data_dir)
        if wizard.exec() != QDialog.DialogCode.Accepted:
            return 1
    try:
        window, ws, reader = open_window(data_dir, lang)
    except FieldappError as exc:
        QMessageBox.critical(None, "fieldapp", str(exc))
        return 1
    window.show()
    if screenshot_dir is not None:
        from fieldapp.ui.tour import Tour

        tour = Tour(window, Path(screenshot_dir), quit_when_done=True)
        QTimer.singleShot(300, tour.start)
    try:
        code = app.exec()
    finally:
        tasks.wait_all()
        reader.close()
        ws.close()
    return int(code)
