"""Background operations (the Anki pattern): the window never waits for the store, a PDF or the network.

    Op(lambda job: ws.finalize_inspection(iid, actor)).success(self.reload).run(self)

`fn` runs on a QThreadPool with a `Job` (thread-safe `progress(done, total, msg)`,
`cancelled()`, and `cancel_event` for core functions that take a threading.Event).
`.success(result)`, `.failure(exc)` and `.progress(...)` callbacks run on the GUI
thread. Store writes go to a one-thread pool so they happen in the order the
officer made them; slow jobs (import, rendering, sync) go to the work pool.
Without `.failure()` an error is shown to the officer as a plain sentence.
A parent widget that is closed before the job ends gets no callback.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)
T = TypeVar("T")
PROGRESS_INTERVAL_S = 0.05  # at most 20 progress updates a second reach the event loop

_pools: dict[str, QThreadPool] = {}
_running: set[Op[Any]] = set()
_synchronous = False


def pool(kind: str) -> QThreadPool:
    if kind not in _pools:
        p = QThreadPool()
        p.setMaxThreadCount(1 if kind == "db" else 2)
        p.setObjectName(f"fieldapp-{kind}")
        _pools[kind] = p
    return _pools[kind]


def set_synchronous(on: bool) -> None:
    """Tests: run every op at once on the calling thread (callbacks still come through signals)."""
    global _synchronous
    _synchronous = on


def running() -> int:
    return len(_running)


def labelled() -> list[Op[Any]]:
    """Jobs the officer started and can see (import, printing, sync): worth a question before closing."""
    return [op for op in _running if op.label]


def wait_all(timeout_ms: int = 30000) -> bool:
    """At exit: let pending writes finish before the store closes."""
    return all(p.waitForDone(timeout_ms) for p in _pools.values())


class Job:
    """What a background function gets: progress reporting and cancellation."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self.cancel_event = threading.Event()
        self._last = 0.0

    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def progress(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if done >= total or now - self._last >= PROGRESS_INTERVAL_S:
            self._last = now
            self._relay.progressed.emit(int(done), int(total), str(message))


class _Relay(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Runner(QRunnable):
    def __init__(self, fn: Callable[[], None]) -> None:
        super().__init__()
        self._fn = fn
        self.setAutoDelete(True)

    def run(self) -> None:
        self._fn()


class Op(Generic[T]):
    """One background operation; chain the callbacks, then `.run(parent)`."""

    hub: Hub | None = None

    def __init__(self, fn: Callable[[Job], T], *, kind: str = "db", label: str = "") -> None:
        self._fn = fn
        self.kind = kind
        self.label = label
        # Callbacks may return anything (a lambda often returns a tuple of calls); it is ignored.
        self._on_success: Callable[[T], object] | None = None
        self._on_failure: Callable[[BaseException], object] | None = None
        self._on_progress: Callable[[int, int, str], object] | None = None
        self._on_done: Callable[[], object] | None = None
        self._parent: QWidget | None = None
        self._relay: _Relay | None = None
        self.job: Job | None = None

    def success(self, cb: Callable[[T], object]) -> Op[T]:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], object]) -> Op[T]:
        self._on_failure = cb
        return self

    def progress(self, cb: Callable[[int, int, str], object]) -> Op[T]:
        self._on_progress = cb
        return self

    def finally_(self, cb: Callable[[], object]) -> Op[T]:
        self._on_done = cb
        return self

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel_event.set()

    def run(self, parent: QWidget | None = None) -> Op[T]:
        self._parent = parent
        relay = self._relay = _Relay()
        job = self.job = Job(relay)
        relay.progressed.connect(self._progressed)
        relay.succeeded.connect(self._succeeded)
        relay.failed.connect(self._failed)
        _running.add(self)
        if Op.hub is not None and self.label:
            Op.hub.started.emit(self)

        def work() -> None:
            try:
                result = self._fn(job)
            except BaseException as exc:  # delivered to the GUI thread, never lost in a worker
                relay.failed.emit(exc)
            else:
                relay.succeeded.emit(result)

        if _synchronous:
            work()
        else:
            pool(self.kind).start(_Runner(work))
        return self

    # -- GUI thread ----------------------------------------------------------------------------------
    def _alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    def _progressed(self, done: int, total: int, message: str) -> None:
        if Op.hub is not None and self.label:
            Op.hub.progressed.emit(self, done, total, message)
        if self._on_progress is not None and self._alive():
            self._on_progress(done, total, message)

    def _succeeded(self, result: object) -> None:
        try:
            if self._on_success is not None and self._alive():
                self._on_success(result)  # type: ignore[arg-type]
        finally:
            self._end()

    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        try:
            if not self._alive():
                return
            if self._on_failure is not None:
                self._on_failure(exc)
            else:
                from fieldapp.ui.errors import show_error

                show_error(self._parent, exc)
        finally:
            self._end()

    def _end(self) -> None:
        try:
            if self._on_done is not None and self._alive():
                self._on_done()
        finally:
            if Op.hub is not None and self.label:
                Op.hub.ended.emit(self)
            _running.discard(self)
            self._relay = None


class Hub(QObject):
    """Labelled operations announce themselves here; the status bar shows them with a cancel button."""

    started = Signal(object)
    progressed = Signal(object, int, int, str)
    ended = Signal(object)
