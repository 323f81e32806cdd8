"""Helpers of the UI tests: wait for background work, sign in, enrol locally, make photos."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PIL import Image
from pytestqt.qtbot import QtBot

from fieldapp import queries
from fieldapp.demo import DEMO_PASSWORD
from fieldapp.keys import DeviceKeys
from fieldapp.ui import tasks
from fieldapp.ui.main_window import MainWindow


def wait_idle(qtbot: QtBot, timeout: int = 20000) -> None:
    """Until no background operation is running and its callbacks have run."""
    qtbot.waitUntil(lambda: tasks.running() == 0, timeout=timeout)
    qtbot.wait(10)


def enroll_locally(data_dir: Path) -> None:
    """A one-machine county key and this laptop's certificate, so documents can be issued offline."""
    from fieldapp.store.store import Store

    keys = DeviceKeys(data_dir)
    if keys.cert_path.exists():
        return
    with Store.in_dir(data_dir) as store:
        device, township = store.device_id, store.meta("township")
    keys.init_county()
    keys.enroll_local(device_id=device, township=township, jurisdiction="shaxian", issued_at=date.today().isoformat())


def officer(win: MainWindow, name: str) -> dict[str, Any]:
    return next(o for o in queries.officers(win.ctx.reader) if o["name"] == name)


def sign_in(win: MainWindow, qtbot: QtBot, name: str = "陈志明", password: str = DEMO_PASSWORD) -> None:
    win.signin.select(officer(win, name)["cert_no"])
    win.signin.password.setText(password)
    win.signin.button.click()
    wait_idle(qtbot)


def make_photo(path: Path, seed: int) -> Path:
    """A small noisy JPEG (noise so each file differs)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.effect_noise((320, 240), 40 + seed).convert("RGB")
    image.save(path, "JPEG", quality=80)
    return path
