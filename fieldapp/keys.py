"""Signing keys: the county key certifies device keys; devices sign documents and batches.

Trust chain: county Ed25519 key → device certificate (device id, township,
device public key, signed by the county) → signatures made by the device.
Offline verification needs only the county public key and the list of
revoked device key ids. Until a laptop enrolls with the county server,
`init_county` and `enroll_local` create both keys on one machine.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from fieldapp.messages import FieldappError, Msg

KEY_DIR = "keys"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def key_id(public_raw: bytes) -> str:
    """Short, stable name of a public key: 8 bytes of its SHA-256, hex."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def cert_body_bytes(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class DeviceCert:
    """A device public key certified by the county key."""

    body: dict[str, Any]
    signature: str

    @property
    def device_key_id(self) -> str:
        return str(self.body["key_id"])

    @property
    def public_key(self) -> Ed25519PublicKey:
        return Ed25519PublicKey.from_public_bytes(unb64(self.body["public_key"]))

    def as_dict(self) -> dict[str, Any]:
        return {"body": self.body, "sig": self.signature}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DeviceCert:
        return cls(dict(data["body"]), str(data["sig"]))


class TrustError(FieldappError):
    pass


def _trust(code: str, zh: str, en: str) -> TrustError:
    return TrustError(Msg(zh, en, code))


# Revoked device keys: key id → when the county revoked it (ISO date or date-time, local), or None when the
# time is unknown (the old plain-list file, or a sync that sends only ids).
Revocations = Mapping[str, str | None]


def revocations(data: Any) -> dict[str, str | None]:
    """Read both revoked.json formats: the old list of key ids and {key_id: revoked_at}."""
    if isinstance(data, Mapping):
        return {str(k): (str(v) if v else None) for k, v in data.items()}
    if isinstance(data, (list, tuple, set, frozenset)):
        return {str(k): None for k in data}
    raise ValueError("revoked.json is neither a list nor an object")


def revoked_on(revoked: Collection[str] | Revocations, kid: str) -> date | bool | None:
    """False: not revoked; None: revoked at an unknown time; else the local date of the revocation."""
    if kid not in revoked:
        return False
    when = revoked.get(kid) if isinstance(revoked, Mapping) else None
    try:
        return date.fromisoformat(str(when)[:10]) if when else None
    except ValueError:
        return None


def verify_cert(cert: DeviceCert, county_public: bytes, revoked: Collection[str] | Revocations = frozenset(), *,
                signed_on: date | None = None) -> date | None:
    """Raise TrustError unless the county signed this device key and it is not revoked.

    With `signed_on` (the issue date a document's signature covers), a key revoked *after* that day still
    vouches for it: revoking a lost laptop must not void every genuine notice it printed before. The day of
    the revocation itself counts as after (the date has no time of day, so err towards refusing). Returns
    the revocation date when it let such a document through, else None.
    """
    if cert.body.get("county_key_id") != key_id(county_public):
        raise _trust("cert_wrong_county", "设备证书不是由本县密钥签发的。",
                     "The device certificate was not issued by this county's key.")
    try:
        Ed25519PublicKey.from_public_bytes(county_public).verify(unb64(cert.signature), cert_body_bytes(cert.body))
    except (InvalidSignature, ValueError):
        raise _trust("cert_forged", "设备证书签名无效（伪造或被改动）。",
                     "The device certificate's signature is invalid (forged or altered).") from None
    when = revoked_on(revoked, cert.device_key_id)
    if when is False:
        return None
    if isinstance(when, date) and signed_on is not None and signed_on < when:
        return when
    since = f"（{when.isoformat()} 起）" if isinstance(when, date) else ""
    since_en = f" (since {when.isoformat()})" if isinstance(when, date) else ""
    after = "，本文书签发于吊销之后" if isinstance(when, date) and signed_on is not None else ""
    after_en = "; this document was signed after that" if isinstance(when, date) and signed_on is not None else ""
    raise _trust("device_revoked", f"设备密钥 {cert.device_key_id} 已被县局吊销{since}{after}。",
                 f"Device key {cert.device_key_id} has been revoked by the county{since_en}{after_en}.")


def verify_signature(public: Ed25519PublicKey, signature: bytes, data: bytes) -> bool:
    try:
        public.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _write_private(path: Path, key: Ed25519PrivateKey) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _read_private(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    assert isinstance(key, Ed25519PrivateKey)
    return key


class CountyKey:
    """The county's signing key (kept by the county server, or locally before enrolment)."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self.private = private
        self.public = public_raw(private)
        self.key_id = key_id(self.public)

    @classmethod
    def create(cls, path: Path) -> CountyKey:
        if path.exists():
            raise _trust("county_key_exists", f"县局密钥已存在：{path}，不会覆盖。",
                         f"A county key already exists at {path}; it will not be overwritten.")
        key = Ed25519PrivateKey.generate()
        _write_private(path, key)
        return cls(key)

    @classmethod
    def load(cls, path: Path) -> CountyKey:
        return cls(_read_private(path))

    def certify(self, device_public: bytes, *, device_id: str, township: str | None, jurisdiction: str,
                issued_at: str) -> DeviceCert:
        body = {"v": 1, "device_id": device_id, "township": township, "jurisdiction": jurisdiction,
                "public_key": b64(device_public), "key_id": key_id(device_public),
                "county_key_id": self.key_id, "issued_at": issued_at}
        return DeviceCert(body, b64(self.private.sign(cert_body_bytes(body))))


class DeviceKeys:
    """This laptop's key material under `<data dir>/keys/`."""

    def __init__(self, data_dir: Path) -> None:
        self.dir = Path(data_dir) / KEY_DIR
        self.private_path = self.dir / "device.key"
        self.cert_path = self.dir / "device.cert.json"
        self.county_pub_path = self.dir / "county.pub"
        self.revoked_path = self.dir / "revoked.json"
        self.local_county_path = self.dir / "county.key"

    def has_device_key(self) -> bool:
        return self.private_path.exists()

    def device_private(self) -> Ed25519PrivateKey:
        if not self.private_path.exists():
            self.ensure_device_key()
        return _read_private(self.private_path)

    def ensure_device_key(self) -> bytes:
        if not self.private_path.exists():
            _write_private(self.private_path, Ed25519PrivateKey.generate())
        return public_raw(_read_private(self.private_path))

    def cert(self) -> DeviceCert:
        if not self.cert_path.exists():
            raise _trust("not_enrolled",
                         "本机尚未登记：请运行 fieldapp enroll --server URL --code CODE，"
                         "或离线测试时运行 fieldapp keys init-county 与 fieldapp keys enroll-local。",
                         "This laptop is not enrolled: run fieldapp enroll --server URL --code CODE, or for an "
                         "offline trial fieldapp keys init-county then fieldapp keys enroll-local.")
        return DeviceCert.from_dict(json.loads(self.cert_path.read_text("utf-8")))

    def county_public(self) -> bytes:
        if not self.county_pub_path.exists():
            raise _trust("no_county_key", "本机没有县局公钥，无法离线核验。", "No county public key on this laptop.")
        return unb64(self.county_pub_path.read_text("ascii").strip())

    def revoked(self) -> dict[str, str | None]:
        """{key_id: revoked_at or None}; `kid in keys.revoked()` works as with the old set."""
        if not self.revoked_path.exists():
            return {}
        return revocations(json.loads(self.revoked_path.read_text("utf-8")))

    def save_revoked(self, revoked: Collection[str] | Revocations) -> None:
        """Replace the list. Ids given without a time keep the time already known here (a sync that sends only
        ids must not wipe the dates); a key no longer listed is no longer revoked."""
        known = self.revoked()
        new = revocations(revoked)
        merged = {k: new[k] or known.get(k) for k in sorted(new)}
        self._write_text(self.revoked_path, json.dumps(merged, ensure_ascii=False, indent=1))

    def save_enrolment(self, cert: DeviceCert, county_public: bytes) -> None:
        if cert.body["public_key"] != b64(self.ensure_device_key()):
            raise _trust("cert_mismatch", "证书与本机密钥不符。", "The certificate does not match this laptop's key.")
        verify_cert(cert, county_public)
        self._write_text(self.county_pub_path, b64(county_public))
        self._write_text(self.cert_path, json.dumps(cert.as_dict(), ensure_ascii=False, indent=1))

    def sign(self, data: bytes) -> bytes:
        return self.device_private().sign(data)

    def _write_text(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)

    # -- one-machine set-up before the sync issue's enrolment --------------
    def init_county(self) -> CountyKey:
        return CountyKey.create(self.local_county_path)

    def enroll_local(self, *, device_id: str, township: str | None, jurisdiction: str, issued_at: str) -> DeviceCert:
        if not self.local_county_path.exists():
            raise _trust("no_local_county", "请先运行 fieldapp keys init-county。", "Run fieldapp keys init-county first.")
        county = CountyKey.load(self.local_county_path)
        cert = county.certify(self.ensure_device_key(), device_id=device_id, township=township,
                              jurisdiction=jurisdiction, issued_at=issued_at)
        self.save_enrolment(cert, county.public)
        return cert
