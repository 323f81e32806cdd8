"""Certificates of the devices whose papers this laptop may have to verify.

The QR carries only the signing device's key id (8 bytes): a full certificate
would add ~250 characters and make the symbol too dense for a cheap printer.
The verifier therefore looks the certificate up in `<data dir>/keys/devices/
<key id>.json`. A laptop stores its own certificate there when it issues a
document; the county server hands out the certificates of all enrolled devices
(sync), and `fieldapp doc cert export|import` moves one by hand. Every
certificate is checked against the county public key before it is trusted, so
the folder needs no protection beyond ordinary file permissions.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from fieldapp.keys import KEY_DIR, DeviceCert, DeviceKeys, verify_cert
from fieldapp.messages import FieldappError, Msg

DEVICES_DIR = "devices"


def devices_dir(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_DIR / DEVICES_DIR


def remember_cert(data_dir: Path, cert: DeviceCert) -> Path:
    folder = devices_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{cert.device_key_id}.json"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(cert.as_dict(), ensure_ascii=False, indent=1), "utf-8")
        os.replace(tmp, path)
    return path


def find_cert(data_dir: Path, key_id: str) -> DeviceCert | None:
    path = devices_dir(data_dir) / f"{key_id}.json"
    if path.exists():
        return DeviceCert.from_dict(json.loads(path.read_text("utf-8")))
    keys = DeviceKeys(Path(data_dir))
    if keys.cert_path.exists():
        own = keys.cert()
        if own.device_key_id == key_id:
            return own
    return None


def read_cert_file(path: Path) -> DeviceCert:
    try:
        return DeviceCert.from_dict(json.loads(Path(path).read_text("utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise FieldappError(Msg(f"无法读取设备证书 {path}：{exc}", f"Cannot read the device certificate {path}: {exc}",
                                "cert_unreadable")) from None


def import_cert(data_dir: Path, path: Path, county_public: bytes | None = None) -> DeviceCert:
    """Check a certificate against the county key, then keep it for offline verification."""
    cert = read_cert_file(path)
    verify_cert(cert, county_public or DeviceKeys(Path(data_dir)).county_public())
    remember_cert(data_dir, cert)
    return cert
