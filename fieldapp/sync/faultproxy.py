"""A fault-injecting TCP proxy on loopback, for the sync tests and benchmark.

It forwards 127.0.0.1:<port> to the server, counts the bytes each way (the
"bytes on the wire"), can add latency, and can cut a connection abruptly (a
TCP reset) after a chosen number of bytes in either direction: the rural
mobile link, reproducibly. `python -m fieldapp.sync.faultproxy TARGET_PORT`
runs one by hand.
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Cut:
    """Bytes to let through before resetting the connection (None: never)."""

    up: int | None = None
    down: int | None = None


class FaultProxy:
    def __init__(self, target_port: int, *, plan: Callable[[int], Cut] | None = None, delay: float = 0.0) -> None:
        self.target = ("127.0.0.1", target_port)
        self.plan = plan or (lambda _n: Cut())
        self.delay = delay
        self.up_bytes = 0
        self.down_bytes = 0
        self.cuts = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = int(self._sock.getsockname()[1])
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @classmethod
    def random_cuts(cls, target_port: int, probability: float, max_offset: int, seed: int = 0,
                    delay: float = 0.0) -> FaultProxy:
        rng = random.Random(seed)

        def plan(_n: int) -> Cut:
            if rng.random() >= probability:
                return Cut()
            offset = rng.randint(0, max_offset)
            return Cut(up=offset) if rng.random() < 0.6 else Cut(down=offset)

        return cls(target_port, plan=plan, delay=delay)

    def start(self) -> FaultProxy:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._sock.close()

    def reset_counters(self) -> None:
        with self._lock:
            self.up_bytes = self.down_bytes = self.cuts = 0

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            with self._lock:
                self.connections += 1
                n = self.connections
            threading.Thread(target=self._serve, args=(client, self.plan(n)), daemon=True).start()

    def _serve(self, client: socket.socket, cut: Cut) -> None:
        try:
            upstream = socket.create_connection(self.target, timeout=10)
        except OSError:
            _reset(client)
            return
        upstream.settimeout(None)
        for sock in (client, upstream):  # forward each write at once, as a router would (no Nagle stalls)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        done = threading.Event()
        args = [(client, upstream, cut.up, True), (upstream, client, cut.down, False)]
        threads = [threading.Thread(target=self._pump, args=(*a, done, client, upstream), daemon=True) for a in args]
        for th in threads:
            th.start()
        for th in threads:
            th.join()

    def _pump(self, src: socket.socket, dst: socket.socket, budget: int | None, up: bool, done: threading.Event,
              client: socket.socket, upstream: socket.socket) -> None:
        try:
            while not done.is_set():
                data = src.recv(65536)
                if not data:
                    break
                if budget is not None and len(data) >= budget:
                    data = data[:budget]
                    self._count(up, len(data))
                    if data:
                        dst.sendall(data)
                    with self._lock:
                        self.cuts += 1
                    break
                if budget is not None:
                    budget -= len(data)
                if self.delay:
                    time.sleep(self.delay)
                self._count(up, len(data))
                dst.sendall(data)
        except OSError:
            pass
        if not done.is_set():
            done.set()
            _reset(client)
            _reset(upstream)

    def _count(self, up: bool, n: int) -> None:
        with self._lock:
            if up:
                self.up_bytes += n
            else:
                self.down_bytes += n


def _reset(sock: socket.socket) -> None:
    """Close with RST, as a dropped mobile link looks to both ends."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RD)  # wakes the other pump thread blocked in recv()
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


if __name__ == "__main__":
    proxy = FaultProxy.random_cuts(int(sys.argv[1]), float(sys.argv[2]) if len(sys.argv) > 2 else 0.3, 500_000)
    proxy.start()
    print(f"proxy on 127.0.0.1:{proxy.port} -> {proxy.target[1]}", flush=True)
    proxy._thread.join()
