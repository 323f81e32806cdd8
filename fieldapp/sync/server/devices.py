"""Devices: one-time enrolment codes, certificates, signed-request checks, revocation."""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select, update

from fieldapp.keys import b64, key_id, unb64
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import canonical, now_iso
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import Scope, refuse
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.db import next_feed

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone


@dataclass(frozen=True)
class Device:
    key_id: str
    device_id: str
    township: str | None
    area: str | None
    public: Ed25519PublicKey
    scope: Scope


def _code_sha(code: str) -> str:
    return hashlib.sha256(code.replace("-", "").replace(" ", "").upper().encode()).hexdigest()


def new_code(server: Server, township: str | None, ttl_hours: int = 72) -> str:
    """A one-time code for one laptop of `township`, or of the county itself when `township` is None
    (a county-level laptop: 片长, legal reviewer, bureau; its sync scope is the whole county)."""
    if township is not None and township not in server.township_areas():
        known = "、".join(server.township_areas()) or "-"
        raise FieldappError(Msg(f"本县没有“{township}”（可选：{known}）。",
                                f"No township '{township}' in this county (known: {known}).", "township_unknown"))
    if ttl_hours < 1:
        raise FieldappError(Msg("登记码有效期至少 1 小时。", "An enrolment code must be valid for at least 1 hour.",
                                "ttl_invalid"))
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    now = datetime.now().astimezone()
    with server.db.write() as conn:
        conn.execute(t.enroll_codes.insert().values(
            code_sha=_code_sha(raw), township=township, created_at=now.isoformat(timespec="seconds"),
            expires_at=(now + timedelta(hours=ttl_hours)).isoformat(timespec="seconds")))
    server.event("enroll_code_created", f"township={township or '(county)'} ttl={ttl_hours}h", level="info")
    return "-".join(raw[i:i + 4] for i in range(0, 12, 4))


def _scope_name(township: str | None) -> tuple[str, str]:
    return (township, township) if township else ("县级（全县）", "the county (county-level device)")


def enroll(server: Server, body: dict[str, Any], headers: Mapping[str, str], path: str, raw: bytes) -> dict[str, Any]:
    """Certify a new laptop key for the township its one-time code names."""
    try:
        public_raw = unb64(str(body["public_key"]))
        public = Ed25519PublicKey.from_public_bytes(public_raw)
        device_id = str(body["device_id"])
    except (KeyError, ValueError):
        raise refuse(400, "bad_request", "登记请求不完整。", "The enrolment request is incomplete.") from None
    kid = key_id(public_raw)
    _check_signature(server, public, kid, headers, "POST", path, raw)
    code_sha = _code_sha(str(body.get("code", "")))
    existing: str | None = None
    with server.db.write() as conn:
        code = conn.execute(select(t.enroll_codes).where(t.enroll_codes.c.code_sha == code_sha)).mappings().first()
        now = now_iso()
        if code is None or (code["used_at"] and code["used_by"] != kid) or code["expires_at"] < now:
            bad = True
        else:
            bad = False
            wanted = body.get("township")
            if wanted and wanted != code["township"]:
                zh, en = _scope_name(code["township"])
                raise refuse(409, "township_mismatch",
                             f"登记码属于“{zh}”，而本机数据属于“{wanted}”。"
                             + ("县级登记码只能用于未设乡镇的县级电脑（fieldapp init 时不指定乡镇）。"
                                if code["township"] is None else ""),
                             f"The code is for {en} but this laptop's data belongs to {wanted}."
                             + (" A county code is for a county-level laptop set up without a township."
                                if code["township"] is None else ""))
            existing = conn.execute(select(t.devices.c.cert).where(t.devices.c.key_id == kid)).scalar()
            if existing is None:
                township = code["township"]  # None: a county-level device
                area = server.township_areas().get(township) if township else None
                cert = server.county.certify(public_raw, device_id=device_id, township=township,
                                             jurisdiction=server.meta("jurisdiction") or "", issued_at=now)
                existing = canonical(cert.as_dict())
                conn.execute(t.devices.insert().values(
                    key_id=kid, device_id=device_id, township=township, area=area, public_key=b64(public_raw),
                    cert=existing, hostname=str(body.get("hostname", ""))[:200], enrolled_at=now,
                    chain_seq=0, chain_hash=p.GENESIS, claimed_seq=0, feed_seq=next_feed(conn)))
                conn.execute(update(t.enroll_codes).where(t.enroll_codes.c.code_sha == code_sha)
                             .values(used_at=now, used_by=kid))
    if bad or code is None or existing is None:
        server.event("enroll_code_invalid", f"device={device_id}", kid)
        raise refuse(403, "enroll_code_invalid", "登记码无效、已使用或已过期。请向县局索取新的登记码。",
                     "The enrolment code is invalid, used or expired. Ask the county for a new one.")
    server.event("device_enrolled", f"device={device_id} township={code['township'] or '(county)'}", kid, level="info")
    keep_cert(server, json.loads(existing))
    return {"cert": json.loads(existing), "county_public": b64(server.county.public),
            "jurisdiction": server.meta("jurisdiction"), "township": code["township"],
            "area": server.township_areas().get(code["township"]) if code["township"] else None}


def keep_cert(server: Server, cert: dict[str, Any]) -> None:
    """Where `fieldapp.forms.trust` looks certificates up, so `/v/…` can check a notice's signer."""
    folder = server.data_dir / "keys" / "devices"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{cert['body']['key_id']}.json"
    if not path.exists():
        path.write_text(json.dumps(cert, ensure_ascii=False, indent=1), "utf-8")


def list_devices(server: Server) -> list[dict[str, Any]]:
    cols = [t.devices.c[c] for c in ("key_id", "device_id", "township", "area", "hostname", "enrolled_at",
                                     "revoked_at", "revoke_reason", "last_seen", "chain_seq", "claimed_seq",
                                     "chain_problem")]
    with server.db.read() as conn:
        return [dict(r) for r in conn.execute(select(*cols).order_by(t.devices.c.enrolled_at)).mappings()]


def revoke(server: Server, kid: str, reason: str) -> None:
    with server.db.write() as conn:
        done = conn.execute(update(t.devices).where(t.devices.c.key_id == kid)
                            .values(revoked_at=now_iso(), revoke_reason=reason or "-")).rowcount
    if not done:
        raise FieldappError(Msg(f"没有设备密钥 {kid}。", f"No device key {kid}.", "device_unknown"))
    server.event("device_revoked", reason or "-", kid, level="info")


def revocations_of(conn: Any) -> dict[str, str]:
    """{key_id: revoked_at}: a laptop keeps papers signed before the revocation valid."""
    rows = conn.execute(select(t.devices.c.key_id, t.devices.c.revoked_at).where(t.devices.c.revoked_at.is_not(None)))
    return {str(k): str(at) for k, at in rows}


def revoked_ids(conn: Any) -> list[str]:
    return sorted(str(r) for r in conn.execute(select(t.devices.c.key_id).where(t.devices.c.revoked_at.is_not(None)))
                  .scalars())


class Authenticator:
    """Checks signed request headers (docs/sync-protocol.md §3)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self._nonces: dict[str, float] = {}
        self._lock = threading.Lock()
        self._seen_at: dict[str, float] = {}

    def device(self, kid: str) -> Device:
        with self.server.db.read(one_statement=True) as conn:
            row = conn.execute(select(t.devices).where(t.devices.c.key_id == kid)).mappings().first()
        if row is None:
            self.server.event("device_unknown", "request from an unknown key", kid)
            raise refuse(401, "device_unknown", "本机未在县局登记（或登记已被删除）。请重新登记。",
                         "This laptop is not enrolled with the county server. Enroll it again.")
        if row["revoked_at"]:
            self.server.event("device_revoked", "request from a revoked key", kid)
            raise refuse(403, "device_revoked", f"本机密钥已被县局吊销（{row['revoke_reason']}）。请联系县局。",
                         f"This laptop's key was revoked by the county ({row['revoke_reason']}). Contact the county.")
        public = Ed25519PublicKey.from_public_bytes(unb64(row["public_key"]))
        return Device(kid, row["device_id"], row["township"], row["area"], public,
                      self.server.scope(row["township"], row["area"]))

    def verify(self, method: str, path: str, headers: Mapping[str, str], body: bytes | None) -> Device:
        """The device behind a request, or a refusal. `body=None`: the caller checks the body hash itself."""
        kid = headers.get(p.H_KEY.lower()) or headers.get(p.H_KEY) or ""
        if not kid:
            raise refuse(401, "unsigned", "请求未签名。", "The request is not signed.")
        device = self.device(kid)
        _check_signature(self.server, device.public, kid, headers, method, path, body)
        self._touch(kid)
        return device

    def _touch(self, kid: str) -> None:
        now = time.monotonic()
        if now - self._seen_at.get(kid, 0) < 60:
            return
        self._seen_at[kid] = now
        with self.server.db.write() as conn:
            conn.execute(update(t.devices).where(t.devices.c.key_id == kid).values(last_seen=now_iso()))

    def remember_nonce(self, kid: str, nonce: str) -> bool:
        now = time.time()
        with self._lock:
            if len(self._nonces) > 100_000:
                for key in [k for k, exp in self._nonces.items() if exp < now]:
                    del self._nonces[key]
            key = f"{kid}:{nonce}"
            if self._nonces.get(key, 0) > now:
                return False
            self._nonces[key] = now + 2 * p.CLOCK_WINDOW_S
            return True


_AUTHENTICATORS: dict[int, Authenticator] = {}


def authenticator(server: Server) -> Authenticator:
    return _AUTHENTICATORS.setdefault(id(server), Authenticator(server))


def _header(headers: Mapping[str, str], name: str) -> str:
    return str(headers.get(name.lower()) or headers.get(name) or "")


def _check_signature(server: Server, public: Ed25519PublicKey, kid: str, headers: Mapping[str, str], method: str,
                     path: str, body: bytes | None) -> None:
    # Required: a request without it comes from a client that does not know this contract, and must not be
    # read as if it did (docs/sync-protocol.md §1).
    proto = _header(headers, p.H_PROTOCOL)
    if not proto:
        server.event("protocol_unsupported", f"{method} {path}: no {p.H_PROTOCOL} header", kid)
        raise refuse(426, "protocol_unsupported", f"请求缺少 {p.H_PROTOCOL} 头（同步协议版本），请升级 fieldapp。",
                     f"The request has no {p.H_PROTOCOL} header (sync protocol version); upgrade fieldapp.")
    if proto != str(p.PROTOCOL):
        server.event("protocol_unsupported", f"{method} {path}: protocol {proto[:20]}", kid)
        raise refuse(426, "protocol_unsupported", f"服务器不支持协议版本 {proto}，请升级 fieldapp。",
                     f"The server does not speak protocol {proto}; upgrade fieldapp.")
    ts, nonce, body_sha = _header(headers, p.H_TIME), _header(headers, p.H_NONCE), _header(headers, p.H_BODY)
    sig = _header(headers, p.H_SIG)
    message = p.request_string(method, path, kid, ts, nonce, body_sha)
    if not (ts.isdigit() and 8 <= len(nonce) <= 64 and p.SHA_RE.match(body_sha) and p.check_sig(public, sig, message)):
        server.event("bad_signature", f"{method} {path}", kid)
        raise refuse(401, "bad_signature", "请求签名无效（被篡改或密钥不符）。",
                     "The request signature is invalid (tampered with, or the wrong key).")
    skew = int(ts) - int(time.time())
    if abs(skew) > p.CLOCK_WINDOW_S:
        server.event("clock_skew", f"skew={skew}s", kid)
        raise refuse(401, "clock_skew", f"本机时钟与服务器相差 {skew} 秒，请校准时间后重试。",
                     f"This laptop's clock is {skew} s off the server's; set the time and retry.",
                     server_time=int(time.time()))
    if body is not None and p.sha256_hex(body) != body_sha:
        server.event("body_mismatch", path, kid)
        raise refuse(400, "body_mismatch", "请求内容与签名不符（传输中被改动）。",
                     "The request body does not match its signature (altered in transit).")
    if not authenticator(server).remember_nonce(kid, nonce):
        server.event("replayed_request", f"{path} nonce={nonce}", kid)
        raise refuse(401, "replayed_request", "重复的请求（重放）已被拒绝。", "A replayed request was refused.")

