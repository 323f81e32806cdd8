"""First start on a new laptop: the set-up wizard, and `gui --screenshot-dir` on the demo store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from fieldapp.keys import DeviceKeys
from fieldapp.store.officers import authenticate
from fieldapp.ui.app import initialised
from fieldapp.ui.setup_wizard import SetupWizard
from fieldapp.workspace import Workspace


def test_the_wizard_sets_up_a_township_and_its_first_officer(tmp_path: Path, qtbot: QtBot) -> None:
    data = tmp_path / "new-laptop"
    wizard = SetupWizard(data)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.offline.setChecked(True)
    wizard.next()
    wizard.jurisdiction.setCurrentIndex(wizard.jurisdiction.findData("nanan"))
    wizard.township.setCurrentText("洪濑镇")
    wizard.next()
    wizard.name.setText("林志强")
    wizard.cert.setText("35058300001")
    wizard.password.setText("secret12")
    wizard.password2.setText("secret13")
    wizard.accept()
    assert "不一致" in wizard.error.text() or "same" in wizard.error.text()
    assert not initialised(data)
    wizard.password2.setText("secret12")
    wizard.accept()
    wait_idle(qtbot)
    assert initialised(data)
    with Workspace.open(data) as ws:
        assert ws.jurisdiction.key == "nanan" and ws.township == "洪濑镇"
        assert authenticate(ws.store, "35058300001", "secret12")["name"] == "林志强"  # type: ignore[index]
    assert DeviceKeys(data).cert_path.exists()  # notices can be issued before the county enrols the laptop


@pytest.mark.slow
def test_gui_screenshot_dir_on_the_demo_store(demo_dir: Path, tmp_path: Path) -> None:
    """What `bash scripts/setup.sh run` does with no display: start, tour the screens, save them, exit."""
    with Workspace.open(demo_dir) as ws:
        before = ws.store.one("SELECT count(*) AS n FROM audit_log")["n"]  # type: ignore[index]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "fieldapp", "--data-dir", str(demo_dir), "gui", "--screenshot-dir",
                           str(tmp_path / "shots")], capture_output=True, text=True, timeout=180, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert {"signin.png", "home.png", "cases.png", "sync.png"} <= {p.name for p in (tmp_path / "shots").iterdir()}
    with Workspace.open(demo_dir) as ws:  # the tour only looks: the store is unchanged
        assert ws.store.one("SELECT count(*) AS n FROM audit_log")["n"] == before  # type: ignore[index]
