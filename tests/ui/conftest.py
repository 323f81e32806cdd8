"""The real main window on a fresh copy of the demo store, offscreen; helpers to sign in and wait.

Background operations run on their real thread pools; tests wait for them with
`wait_idle`. Modal dialogs (message boxes, reason prompts, the print dialog)
are replaced with monkeypatch, never clicked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import sign_in, wait_idle

from fieldapp.messages import set_lang
from fieldapp.ui import tasks
from fieldapp.ui.app import open_window
from fieldapp.ui.main_window import MainWindow


@pytest.fixture
def window(demo_dir: Path, qtbot: QtBot) -> Iterator[MainWindow]:
    win, ws, reader = open_window(demo_dir, "zh")
    win.show()  # not qtbot.addWidget: pytest-qt would close it before this fixture's teardown
    yield win
    wait_idle(qtbot)
    win.close()
    tasks.wait_all()
    win.deleteLater()
    qtbot.wait(1)
    reader.close()
    ws.close()
    set_lang("zh")


@pytest.fixture
def signed_in(window: MainWindow, qtbot: QtBot) -> MainWindow:
    sign_in(window, qtbot)
    assert not window.ctx.session.locked
    return window
