"""PySide6 6.12.0 leaks references to True (Python-side emit) and None (slots called by Qt); the app survives."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot

from fieldapp.ui import pyside_fix


class Source(QObject):
    ping = Signal(str)


@pytest.mark.skipif(not pyside_fix.applies(), reason="None and True are immortal on this Python")
def test_the_cushion_outlasts_a_long_day_of_signals(qtbot: QtBot) -> None:
    assert pyside_fix.apply()
    assert sys.getrefcount(None) > pyside_fix.CUSHION and sys.getrefcount(True) > pyside_fix.CUSHION
    src = Source()
    got: list[str] = []
    src.ping.connect(got.append)
    calls = [0]
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: calls.__setitem__(0, calls[0] + 1))
    before_true, before_none = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(3000):
        src.ping.emit("x")
    timer.start()
    qtbot.waitUntil(lambda: calls[0] >= 2000, timeout=20000)
    timer.stop()
    assert len(got) == 3000
    # Whatever this PySide6 loses per call, it is far from the cushion.
    assert before_true - sys.getrefcount(True) <= 3000 + 10
    assert before_none - sys.getrefcount(None) <= calls[0] * 2 + 10
    assert sys.getrefcount(True) > pyside_fix.CUSHION // 2 and sys.getrefcount(None) > pyside_fix.CUSHION // 2


@pytest.mark.skipif(not pyside_fix.applies(), reason="None and True are immortal on this Python")
def test_importing_the_ui_first_thing_applies_it() -> None:
    import subprocess

    code = "import fieldapp.ui, sys; from fieldapp.ui import pyside_fix; sys.exit(0 if pyside_fix._applied else 1)"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
