"""First start on a new laptop: the set-up wizard, and `gui --screenshot-dir` on the demo store."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from fieldapp.keys import DeviceKeys
from fieldapp.store.officers import authenticate
from fieldapp.ui.app import initialised
from fieldapp.ui.setup_wizard import SetupWizard
from fieldapp.workspace import Workspace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from synctools import ServerProcess


@pytest.fixture
def county(tmp_path: Path) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "server", "sqlite").start()
    yield srv
    srv.stop()


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


def test_enrolling_with_the_county_goes_on_to_the_first_officer(tmp_path: Path, qtbot: QtBot,
                                                                county: ServerProcess) -> None:
    data = tmp_path / "enrolled-laptop"
    wizard = SetupWizard(data)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.online.setChecked(True)
    wizard.next()
    assert wizard.currentPage() is wizard.enrol_page and not wizard.enrol_page.isComplete()
    wizard.server.setText(county.url)
    wizard.code.setText(county.code("湖源乡"))
    wizard.enrol_button.click()
    wait_idle(qtbot)
    assert wizard.enrolled is not None, wizard.enrol_error.text()
    assert wizard.enrol_page.isComplete()
    wizard.next()
    assert wizard.currentId() == 3 and "湖源乡" in wizard.enrolled_note.text()
    wizard.name.setText("陈县登")
    wizard.cert.setText("35042700099")
    wizard.password.setText("secret12")
    wizard.password2.setText("secret12")
    wizard.accept()
    wait_idle(qtbot)
    assert wizard.result() == wizard.DialogCode.Accepted, wizard.error.text()
    with Workspace.open(data) as ws:
        assert ws.township == "湖源乡"
        assert authenticate(ws.store, "35042700099", "secret12") is not None  # somebody can sign in
    assert DeviceKeys(data).cert().body.get("township") == "湖源乡"  # the county's certificate, not a trial one


def test_a_failed_enrolment_says_why_in_words_and_the_wait_can_be_stopped(tmp_path: Path, qtbot: QtBot) -> None:
    wizard = SetupWizard(tmp_path / "laptop")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.online.setChecked(True)
    wizard.next()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    wizard.server.setText(f"http://127.0.0.1:{port}")  # nothing listens there
    wizard.code.setText("AAAA-BBBB-CCCC")
    wizard.enrol()
    wait_idle(qtbot)
    text = wizard.enrol_error.text()
    assert "县局服务器" in text and "Error" not in text and "(" not in text.split("：")[0]
    assert wizard.enrol_button.isEnabled() and wizard.enrolled is None
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        wizard.server.setText(f"http://127.0.0.1:{silent.getsockname()[1]}")
        wizard.enrol()
        qtbot.wait(300)
        assert not wizard.enrol_button.isEnabled() and wizard.enrol_cancel.isVisibleTo(wizard), wizard.enrol_error.text()
        wizard.enrol_cancel.click()
        assert wizard.enrol_button.isEnabled() and "停止" in wizard.enrol_error.text()
    wait_idle(qtbot)  # the abandoned attempt ends once the socket is gone
    assert wizard.enrolled is None and wizard.enrol_button.isEnabled()


def test_the_sign_in_page_of_a_laptop_with_no_officer_says_what_to_do(tmp_path: Path, qtbot: QtBot) -> None:
    from uihelpers import sign_in

    from fieldapp.ui import tasks
    from fieldapp.ui.app import open_window
    from fieldapp.ui.setup_wizard import FirstOfficerDialog

    data = tmp_path / "nobody"
    Workspace.init(data, "shaxian", "湖源乡").close()
    win, ws, reader = open_window(data, "zh")
    try:
        win.show()
        page = win.signin
        assert page.nobody.isVisible() and page.first_officer.isVisible() and "第一位" in page.nobody.text()
        assert not page.button.isEnabled()
        page.register_first()
        dialog = page.findChild(FirstOfficerDialog)
        form = dialog.form
        form.name.setText("郑首位")
        form.cert.setText("35042700100")
        form.password.setText("secret12")
        form.password2.setText("secret12")
        dialog.save()
        wait_idle(qtbot)
        assert not page.nobody.isVisible() and page.button.isEnabled()
        sign_in(win, qtbot, "郑首位", "secret12")
        assert not win.ctx.session.locked and "admin" in win.ctx.session.officer["roles"]
    finally:
        wait_idle(qtbot)
        win.close()
        tasks.wait_all()
        win.deleteLater()
        qtbot.wait(1)
        reader.close()
        ws.close()
