"""Signing in on a shared laptop: offline passwords, who is signed in, idle lock, switching officer."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uihelpers import officer, sign_in, wait_idle

from fieldapp.ui.main_window import MainWindow


def test_a_wrong_password_is_refused_and_the_work_stays_hidden(window: MainWindow, qtbot: QtBot) -> None:
    assert window.outer.currentWidget() is window.signin
    sign_in(window, qtbot, password="not-it")
    assert window.ctx.session.locked
    assert window.outer.currentWidget() is window.signin
    assert window.signin.error.text()


def test_signing_in_shows_who_is_signed_in_and_home(window: MainWindow, qtbot: QtBot) -> None:
    sign_in(window, qtbot, "林秀英")
    assert window.outer.currentIndex() == 1
    assert "林秀英" in window.who.text() and officer(window, "林秀英")["cert_no"] in window.who.text()
    assert window.pages.currentWidget().objectName() == "homePage"
    assert window.ctx.actor == officer(window, "林秀英")["id"]


def test_the_laptop_locks_itself_when_idle_and_unlocks_with_the_password(window: MainWindow, qtbot: QtBot) -> None:
    window.ctx.session._idle.setInterval(150)
    sign_in(window, qtbot)
    qtbot.waitUntil(lambda: window.ctx.session.locked, timeout=3000)
    assert window.outer.currentWidget() is window.signin
    assert "陈志明" in window.signin.locked_note.text()
    # A long interval again, so a slow machine cannot idle past it between unlocking and the check.
    window.ctx.session._idle.setInterval(60_000)
    sign_in(window, qtbot)
    assert not window.ctx.session.locked
    assert window.outer.currentIndex() == 1


def test_activity_keeps_the_session_open(window: MainWindow, qtbot: QtBot) -> None:
    # Measured on the timer's own clock, not by racing it: each key press must start it afresh.
    window.ctx.session._idle.setTimerType(Qt.TimerType.PreciseTimer)  # a coarse timer's remainingTime() wanders by 5 %
    window.ctx.session._idle.setInterval(60_000)
    sign_in(window, qtbot)
    for _ in range(3):
        qtbot.wait(400)
        before = window.ctx.session._idle.remainingTime()
        assert before <= 59_800
        qtbot.keyClick(window.nav, "a")
        assert window.ctx.session._idle.remainingTime() > before
    assert not window.ctx.session.locked


def test_switching_officer_saves_the_open_draft_as_the_first_officer(signed_in: MainWindow, qtbot: QtBot) -> None:
    win = signed_in
    first = win.ctx.actor
    win.go("new_inspection", "")
    editor = win.page("new_inspection")
    code = sorted(win.ctx.ws.catalogue.matters)[0]
    editor.matters.check(code)  # type: ignore[attr-defined]
    editor.place.setText("换人前未保存的检查")  # type: ignore[attr-defined]
    assert editor.dirty  # type: ignore[attr-defined]
    win.findChild(type(win.signin.button), "switchOfficer").click()
    wait_idle(qtbot)
    assert win.ctx.session.locked
    row = win.ctx.reader.one("SELECT i.id, a.officer_id FROM inspections i JOIN audit_log a ON a.entity_id = i.id"
                             " WHERE i.place = ?", ("换人前未保存的检查",))
    assert row is not None and row["officer_id"] == first
    sign_in(win, qtbot, "林秀英")
    assert win.ctx.actor != first
    assert editor.place.text() == "换人前未保存的检查"  # type: ignore[attr-defined]


def test_locking_saves_an_open_document_as_its_officer_and_closes_every_dialog(signed_in: MainWindow,
                                                                              qtbot: QtBot) -> None:
    from fieldapp.ui.inspection.party import PartyDialog

    win = signed_in
    first = win.ctx.actor
    iid = win.ctx.reader.one("SELECT id FROM inspections WHERE status = 'final' AND party_id IS NOT NULL"
                             " ORDER BY started_at DESC")["id"]
    win.go("inspection", iid)
    ed_page = win.page("new_inspection")
    opened: list[Any] = []
    ed_page.documents.opened.connect(opened.append)  # type: ignore[attr-defined]
    ed_page.documents.new_document("inspection_record")  # type: ignore[attr-defined]
    wait_idle(qtbot)
    doc = opened[-1]
    text_field = next(e for e in doc.editors.values() if e.spec.type == "multiline")
    text_field.set_value("锁屏前输入、尚未保存的内容")
    party = PartyDialog(win.ctx, ed_page)
    party.open()
    party.name.setText("半填的当事人")
    assert doc.isVisible() and party.isVisible()
    win.ctx.session.lock()
    wait_idle(qtbot)
    assert not doc.isVisible() and not party.isVisible() and win.open_dialogs() == []
    saved = win.ctx.reader.one("SELECT content FROM documents WHERE id = ?", (doc.doc["id"],))
    assert "锁屏前输入、尚未保存的内容" in saved["content"]
    who = win.ctx.reader.one("SELECT officer_id FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1",
                             (doc.doc["id"],))
    assert who["officer_id"] == first
    assert win.ctx.reader.one("SELECT 1 AS x FROM parties WHERE name = '半填的当事人'") is None
