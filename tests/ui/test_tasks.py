"""The background-operation contract: work off the GUI thread, callbacks on it, errors never lost."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from uihelpers import wait_idle

from fieldapp.messages import FieldappError, Msg
from fieldapp.ui import tasks
from fieldapp.ui.tasks import Job, Op


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(qtbot: QtBot) -> None:
    gui = threading.get_ident()
    seen: dict[str, int] = {}

    def work(job: Job) -> int:
        seen["work"] = threading.get_ident()
        return 42

    got: list[int] = []
    Op(work).success(lambda r: (got.append(r), seen.__setitem__("cb", threading.get_ident()))).run()
    wait_idle(qtbot)
    assert got == [42]
    assert seen["work"] != gui and seen["cb"] == gui


def test_failure_reaches_the_failure_callback(qtbot: QtBot) -> None:
    errors: list[BaseException] = []

    def work(job: Job) -> None:
        raise FieldappError(Msg("坏了", "broken", "x"))

    Op(work).failure(errors.append).run()
    wait_idle(qtbot)
    assert isinstance(errors[0], FieldappError) and errors[0].msg.code == "x"


def test_failure_without_a_handler_is_shown_as_a_sentence(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def work(job: Job) -> None:
        raise FieldappError(Msg("磁盘已满，请腾出空间后重试。", "The disk is full.", "disk_full"))

    Op(work).run(parent)
    wait_idle(qtbot)
    box = parent.findChild(QMessageBox, "errorBox")
    assert box is not None and box.text() == "磁盘已满，请腾出空间后重试。"


def test_progress_is_throttled_but_the_last_report_always_arrives(qtbot: QtBot) -> None:
    reports: list[tuple[int, int]] = []

    def work(job: Job) -> None:
        for i in range(1, 2001):
            job.progress(i, 2000, "")

    Op(work).progress(lambda d, t, m: reports.append((d, t))).run()
    wait_idle(qtbot)
    assert reports[-1] == (2000, 2000)
    assert len(reports) < 100


def test_cancel_reaches_the_worker(qtbot: QtBot) -> None:
    started = threading.Event()

    def work(job: Job) -> str:
        started.set()
        while not job.cancelled():
            time.sleep(0.01)
        return "stopped"

    got: list[str] = []
    op = Op(work, kind="work").success(got.append).run()
    assert started.wait(5)
    op.cancel()
    wait_idle(qtbot)
    assert got == ["stopped"]


def test_a_closed_parent_gets_no_callback(qtbot: QtBot) -> None:
    parent = QWidget()
    release = threading.Event()
    called: list[object] = []
    Op(lambda job: release.wait(5)).success(called.append).run(parent)
    parent.deleteLater()
    qtbot.wait(50)
    release.set()
    wait_idle(qtbot)
    assert called == []
    assert tasks.running() == 0


def test_store_writes_keep_their_order(qtbot: QtBot) -> None:
    order: list[int] = []
    for i in range(20):
        Op(lambda job, i=i: (time.sleep(0.001 * (20 - i)), order.append(i))).run()
    wait_idle(qtbot)
    assert order == list(range(20))
