"""Requests that a laptop sends while the one before them is still on its way.

To keep the server busy, a laptop sends the next chain segment or batch before the previous one is answered
(docs/sync-protocol.md §4). Such a request names what must be stored first (`?after=`) and waits here, outside
the writer, until it is; every rule it is then checked against is unchanged. A laptop has at most one request
in flight ahead of the one being stored, so a device with more than `MAX_WAITING` waiting is refused at once:
a waiting request holds one of the server's worker threads.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

ORDER_WAIT_S = float(os.environ.get("FIELDAPP_SERVER_ORDER_WAIT", "15"))  # (tests shorten it)
MAX_WAITING = 4


class Arrivals:
    def __init__(self) -> None:
        self._moved = threading.Condition()
        self._waiting: dict[str, int] = {}

    def moved(self) -> None:
        """A chain segment or batch was committed: wake whoever waits for it."""
        with self._moved:
            self._moved.notify_all()

    def wait(self, key_id: str, ready: Callable[[], bool], timeout: float | None = None) -> bool:
        """True once `ready()`; False if it is not after `timeout` seconds, or if this device already has
        `MAX_WAITING` requests waiting. `ready` is asked under the lock that `moved` takes, so a commit between
        the question and the wait cannot be missed."""
        deadline = time.monotonic() + (ORDER_WAIT_S if timeout is None else timeout)
        with self._moved:
            if ready():
                return True
            if self._waiting.get(key_id, 0) >= MAX_WAITING:
                return False
            self._waiting[key_id] = self._waiting.get(key_id, 0) + 1
            try:
                while not ready():
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._moved.wait(left)
                return True
            finally:
                self._waiting[key_id] -= 1
                if not self._waiting[key_id]:
                    del self._waiting[key_id]
