"""What every screen shares: the workspace, a reader, the session, settings, and two signals.

`changed(kind)` tells the screens which kind of record a finished operation
touched ("inspection", "case", "document", "evidence", "party", "sync"), so a
screen reloads only when a change concerns it. `navigate(kind, id)` asks the
main window to show a record.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from fieldapp.queries import Reader
from fieldapp.ui.session import Session
from fieldapp.ui.settings import UiSettings
from fieldapp.workspace import Workspace


class AppContext(QObject):
    changed = Signal(str)
    navigate = Signal(str, str)  # "home" | "inspection" | "new_inspection" | "case" | "cases" | "sync", record id

    def __init__(self, ws: Workspace, reader: Reader, session: Session, settings: UiSettings,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.reader = reader
        self.session = session
        self.settings = settings

    @property
    def actor(self) -> str | None:
        return self.session.actor
