"""Home (drafts, plan, deadlines, referrals, sync state) and the sync panel (phases, problems, nightly)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTime
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from fieldapp.sync.client import SyncReport
from fieldapp.ui import sync_panel
from fieldapp.ui.main_window import MainWindow


def texts(widget: Any) -> list[str]:
    return [widget.item(i).text() for i in range(widget.count())]


def test_home_shows_the_day(signed_in: MainWindow, qtbot: QtBot) -> None:
    home: Any = signed_in.page("home")
    wait_idle(qtbot)
    assert len(texts(home.planned)) == 3
    due = texts(home.due)
    filed = signed_in.ctx.reader.one("SELECT title, filed_on FROM cases WHERE state = 'filed' LIMIT 1")
    decide_by = (date.fromisoformat(filed["filed_on"]) + timedelta(days=90)).isoformat()  # type: ignore[index]
    assert any(filed["title"] in t and decide_by in t for t in due)  # type: ignore[index]
    assert any("跨乡镇电鱼案" in t for t in texts(home.referrals))
    assert any("record" in t or "条" in t for t in [home.sync_label.text()])
    drafts = texts(home.drafts)
    assert drafts
    home.drafts.itemActivated.emit(home.drafts.item(0))
    assert signed_in.pages.currentWidget().objectName() == "inspectionEditor"


def test_a_planned_inspection_opens_ready_to_start(signed_in: MainWindow, qtbot: QtBot) -> None:
    home: Any = signed_in.page("home")
    wait_idle(qtbot)
    home.planned.itemActivated.emit(home.planned.item(0))
    editor: Any = signed_in.page("new_inspection")
    assert editor.status == "planned" and editor.party.party is not None
    assert editor.matters.table.rowCount() == 2


def fake_sync(ctx: Any, job: Any) -> SyncReport:
    job.progress(0, 1, "connect\thttp://county")
    job.progress(5, 5, "chain\t")
    job.progress(3 * 2**20, 3 * 2**20, "photos\tabc")
    job.progress(2, 2, "batches\t")
    job.progress(9, 9, "pull\t")
    return SyncReport(status="ok", pushed={"applied": 12}, blobs_uploaded=2, blob_bytes=3 * 2**20,
                      pulled={"case": 1})


def test_sync_shows_progress_by_phase_and_the_result(signed_in: MainWindow, qtbot: QtBot,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sync_panel, "run_sync", fake_sync)
    signed_in.ctx.ws.store.set_meta("sync_server", "http://county")
    signed_in.go("sync", "")
    panel: Any = signed_in.page("sync")
    panel.refresh()
    wait_idle(qtbot)
    assert panel.button.isEnabled() and not panel.enroll_box.isVisibleTo(panel)
    panel.button.click()
    wait_idle(qtbot)
    assert all(bar.value() == bar.maximum() for bar in panel.bars.values())
    assert "3.0" in panel.details["photos"].text()
    assert "12" in panel.result.text()


def test_sync_problems_are_listed_with_their_reason(signed_in: MainWindow, qtbot: QtBot) -> None:
    store = signed_in.ctx.ws.store
    reason = json.dumps({"code": "not_allowed", "zh": "该记录不属于本乡镇", "en": "not this township's record"},
                        ensure_ascii=False)
    with store.database.write() as conn:
        conn.execute("UPDATE outbox SET status = 'quarantined', reason = ? WHERE seq = (SELECT min(seq) FROM outbox)",
                     (reason,))
    signed_in.go("sync", "")
    panel: Any = signed_in.page("sync")
    panel.refresh()
    wait_idle(qtbot)
    assert panel.problems.rowCount() == 1
    assert panel.problems.item(0, 2).text() == "该记录不属于本乡镇"
    assert panel.enroll_box.isVisibleTo(panel) and not panel.button.isEnabled()


def test_the_nightly_sync_is_scheduled(signed_in: MainWindow) -> None:
    signed_in.go("sync", "")
    panel: Any = signed_in.page("sync")
    panel.nightly_time.setTime(QTime(23, 30))
    panel.nightly.setChecked(True)
    assert signed_in.ctx.settings.nightly_sync and signed_in.ctx.settings.nightly_time == "23:30"
    assert panel.timer.isActive()
    assert sync_panel.next_run(datetime(2026, 3, 1, 23, 45), QTime(23, 30)) == datetime(2026, 3, 2, 23, 30)
    panel.nightly.setChecked(False)
    assert not panel.timer.isActive()


def test_shortcuts_reach_the_screens(signed_in: MainWindow, qtbot: QtBot) -> None:
    qtbot.keyClick(signed_in, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert signed_in.pages.currentWidget().objectName() == "casesPage"
    qtbot.keyClick(signed_in, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert signed_in.pages.currentWidget().objectName() == "inspectionEditor"
    qtbot.keyClick(signed_in, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert signed_in.ctx.session.locked
