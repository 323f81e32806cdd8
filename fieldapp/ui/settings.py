"""Per-laptop UI settings (language, last printer, idle lock, nightly sync) in `<data dir>/ui.ini`.

Kept beside the store rather than in the registry: a township laptop's settings
travel with its data folder, and each test gets its own.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

DEFAULT_IDLE_MINUTES = 10


class UiSettings:
    def __init__(self, data_dir: Path) -> None:
        self.qs = QSettings(str(Path(data_dir) / "ui.ini"), QSettings.Format.IniFormat)

    def _get(self, key: str, default: str = "") -> str:
        value = self.qs.value(key, default)
        return default if value is None else str(value)

    def _set(self, key: str, value: str) -> None:
        self.qs.setValue(key, value)
        self.qs.sync()

    @property
    def lang(self) -> str:
        return self._get("ui/lang")

    @lang.setter
    def lang(self, value: str) -> None:
        self._set("ui/lang", value)

    @property
    def last_printer(self) -> str:
        return self._get("print/last_printer")

    @last_printer.setter
    def last_printer(self, value: str) -> None:
        self._set("print/last_printer", value)

    @property
    def idle_minutes(self) -> int:
        try:
            return max(1, int(self._get("session/idle_minutes", str(DEFAULT_IDLE_MINUTES))))
        except ValueError:
            return DEFAULT_IDLE_MINUTES

    @idle_minutes.setter
    def idle_minutes(self, value: int) -> None:
        self._set("session/idle_minutes", str(int(value)))

    @property
    def nightly_sync(self) -> bool:
        return self._get("sync/nightly", "false") == "true"

    @nightly_sync.setter
    def nightly_sync(self, on: bool) -> None:
        self._set("sync/nightly", "true" if on else "false")

    @property
    def nightly_time(self) -> str:
        return self._get("sync/nightly_time", "22:00")

    @nightly_time.setter
    def nightly_time(self, value: str) -> None:
        self._set("sync/nightly_time", value)

    @property
    def last_officer(self) -> str:
        return self._get("session/last_officer")

    @last_officer.setter
    def last_officer(self, value: str) -> None:
        self._set("session/last_officer", value)
