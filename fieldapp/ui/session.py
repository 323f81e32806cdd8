"""Who is signed in on this shared laptop, and the idle lock.

The officer's id is the actor of every change the window makes. Locking or
switching officer never touches records: open editors save their drafts first
(`about_to_switch`), and the sync outbox does not belong to an officer.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                       QEvent.Type.TouchBegin})


class Session(QObject):
    changed = Signal(object)  # the officer dict, or None when signed out
    locked_changed = Signal(bool)
    about_to_switch = Signal()  # editors save drafts before the actor changes

    def __init__(self, idle_minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.officer: dict[str, Any] | None = None
        self.locked = True
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self.lock)
        self.set_idle_minutes(idle_minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def actor(self) -> str | None:
        return None if self.officer is None else str(self.officer["id"])

    @property
    def name(self) -> str:
        return "" if self.officer is None else str(self.officer["name"])

    def set_idle_minutes(self, minutes: int) -> None:
        self._idle.setInterval(max(1, minutes) * 60_000)

    def idle_interval_ms(self) -> int:
        return self._idle.interval()

    def sign_in(self, officer: dict[str, Any]) -> None:
        if self.officer is not None and officer["id"] != self.officer["id"]:
            self.about_to_switch.emit()
        self.officer = officer
        self.locked = False
        self._idle.start()
        self.changed.emit(officer)
        self.locked_changed.emit(False)

    def lock(self) -> None:
        if self.locked:
            return
        self.about_to_switch.emit()
        self.locked = True
        self._idle.stop()
        self.locked_changed.emit(True)

    def sign_out(self) -> None:
        self.lock()
        self.officer = None
        self.changed.emit(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in _ACTIVITY:
            self._idle.start()
        return False
