"""HTTP to the county server: signed requests, retries with backoff, clock correction.

A dropped link, a timeout or a 5xx is retried with exponential backoff and
jitter; a 4xx is the server's considered answer and becomes `Refused` with
its bilingual message. Nothing here knows about the store.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx

from fieldapp.keys import DeviceKeys, b64, key_id, public_raw
from fieldapp.messages import FieldappError, Msg
from fieldapp.sync import protocol as p

T = TypeVar("T")


class Offline(FieldappError):
    """The server could not be reached (after retries)."""


class Refused(FieldappError):
    """The server answered with an error: status and bilingual message."""

    def __init__(self, status: int, msg: Msg) -> None:
        super().__init__(msg)
        self.status = status

    @property
    def code(self) -> str:
        return self.msg.code


class Cancelled(FieldappError):
    pass


def offline(url: str, exc: BaseException | str) -> Offline:
    return Offline(Msg(f"无法连接县局服务器 {url}：{exc}。将在下次同步时继续。",
                       f"Cannot reach the county server {url}: {exc}. The next sync will carry on.", "offline"))


def cancelled() -> Cancelled:
    return Cancelled(Msg("同步已取消；已确认的部分不会重发。", "Sync cancelled; what was acknowledged is not resent.",
                         "cancelled"))


class Transport:
    def __init__(self, base_url: str, keys: DeviceKeys | None = None, *, retries: int = 6, backoff: float = 0.5,
                 max_backoff: float = 30.0, timeout: float = 60.0, cancel: Callable[[], bool] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        self.keys = keys
        self.retries, self.backoff, self.max_backoff = retries, backoff, max_backoff
        self.cancel = cancel or (lambda: False)
        self.sleep = sleep
        self.offset = 0  # server clock minus ours, from hello
        self.http = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
                                 headers={p.H_PROTOCOL: str(p.PROTOCOL)})
        self._private = keys.device_private() if keys else None
        self.key_id = key_id(public_raw(self._private)) if self._private else ""
        self.requests = 0
        self.body_bytes = 0
        self._count = threading.Lock()  # requests go out from more than one thread (client.in_flight)

    def close(self) -> None:
        self.http.close()

    def check_cancel(self) -> None:
        if self.cancel():
            raise cancelled()

    def retrying(self, attempt: Callable[[int], T]) -> T:
        """Run `attempt(n)` until it succeeds, retrying link failures with backoff."""
        delay = self.backoff
        for n in range(self.retries + 1):
            self.check_cancel()
            try:
                return attempt(n)
            except (httpx.TransportError, _Retry) as exc:
                if n == self.retries:
                    raise offline(self.base_url, exc) from None
            pause = min(self.max_backoff, delay) * (0.5 + random.random() / 2)
            end = time.monotonic() + pause
            while time.monotonic() < end:  # short naps so a cancel is noticed
                self.check_cancel()
                self.sleep(min(0.2, max(0.0, end - time.monotonic())))
            delay *= 2
        raise AssertionError("unreachable")

    def sign_headers(self, method: str, path: str, body: bytes) -> dict[str, str]:
        assert self._private is not None, "signing needs a device key"
        ts = str(int(time.time()) + self.offset)
        nonce = p.new_nonce()
        body_sha = p.sha256_hex(body)
        sig = self._private.sign(p.request_string(method, path, self.key_id, ts, nonce, body_sha))
        return {p.H_PROTOCOL: str(p.PROTOCOL), p.H_KEY: self.key_id, p.H_TIME: ts, p.H_NONCE: nonce, p.H_BODY: body_sha,
                p.H_SIG: b64(sig)}

    def once(self, method: str, path: str, *, body: bytes = b"", params: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None, signed: bool = True) -> httpx.Response:
        """One request, no retry; a 5xx raises `_Retry`, a 4xx or 507 `Refused`."""
        if params:
            path = f"{path}?{urlencode(params)}"
        hdrs = dict(headers or {})
        if signed:
            hdrs.update(self.sign_headers(method, path, body))
        with self._count:
            self.requests += 1
            self.body_bytes += len(body)
        resp = self.http.request(method, self.base_url + path, content=body or None, headers=hdrs)
        if (resp.status_code >= 500 and resp.status_code != 507) or resp.status_code == 429:
            raise _Retry(f"HTTP {resp.status_code}")  # (507: the server's disk is full; retrying will not help)
        if resp.status_code >= 400:
            raise refused(resp)
        return resp

    def call(self, method: str, path: str, **kw: Any) -> httpx.Response:
        return self.retrying(lambda _n: self.once(method, path, **kw))

    def json(self, method: str, path: str, data: Any = None, **kw: Any) -> dict[str, Any]:
        body = b"" if data is None else json.dumps(data, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        return dict(self.call(method, path, body=body, headers=headers, **kw).json())

    def hello(self) -> dict[str, Any]:
        info = dict(self.call("GET", "/v1/hello", signed=False).json())
        if p.PROTOCOL not in info.get("protocol", []):
            raise Refused(426, Msg("县局服务器不支持本程序的同步协议版本，请升级 fieldapp。",
                                   "The county server does not speak this program's sync protocol; upgrade fieldapp.",
                                   "protocol_unsupported"))
        self.offset = int(info.get("time", time.time())) - int(time.time())
        return info


class _Retry(Exception):
    pass


def refused(resp: httpx.Response) -> Refused:
    try:
        err = resp.json()["error"]
        msg = Msg(str(err["zh"]), str(err["en"]), str(err.get("code", "")), dict(err.get("data") or {}))
    except (ValueError, KeyError, TypeError):
        msg = Msg(f"服务器拒绝了请求（HTTP {resp.status_code}）。", f"The server refused the request (HTTP "
                  f"{resp.status_code}).", f"http_{resp.status_code}")
    return Refused(resp.status_code, msg)
