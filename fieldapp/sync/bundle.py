"""The USB bundle: one signed zip file holding what a network sync would send.

Written by the laptop (`fieldapp export-bundle`), read by the server
(`fieldapp-server import-bundle`), which applies its members through the same
functions as the network endpoints (docs/sync-protocol.md §10).
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldapp.keys import DeviceCert, TrustError, b64, verify_cert
from fieldapp.store.store import canonical, now_iso
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import refuse

MANIFEST = "bundle.json"
SIGNATURE = "bundle.sig"
_MEMBER = re.compile(r"^(chain/\d{4}\.zst|batches/\d{4}\.zst|blobs/[0-9a-f]{64})$")
MAX_MANIFEST = 32 * 1024 * 1024


@dataclass
class Member:
    name: str
    kind: str
    sha256: str
    size: int
    sig: str | None = None


def write_bundle(path: Path, *, cert: DeviceCert, device_id: str, head: dict[str, Any],
                 chain: list[tuple[bytes, str]], batches: list[tuple[bytes, str]], blobs: list[tuple[str, Path]],
                 sign: Callable[[bytes], bytes]) -> dict[str, Any]:
    """Write atomically (temp file, then rename): a half-written bundle never looks complete."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    members: list[Member] = []
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for n, (data, sig) in enumerate(chain, start=1):
            members.append(Member(f"chain/{n:04d}.zst", "chain", p.sha256_hex(data), len(data), sig))
            zf.writestr(members[-1].name, data)
        for n, (data, sig) in enumerate(batches, start=1):
            members.append(Member(f"batches/{n:04d}.zst", "batch", p.sha256_hex(data), len(data), sig))
            zf.writestr(members[-1].name, data)
        for sha, file in blobs:
            members.append(Member(f"blobs/{sha}", "blob", sha, file.stat().st_size))
            zf.write(file, members[-1].name)
        manifest = canonical({"v": p.PROTOCOL, "kind": "bundle", "device_id": device_id,
                              "key_id": cert.device_key_id, "cert": cert.as_dict(), "created_at": now_iso(),
                              "head": head, "members": [m.__dict__ for m in members]}).encode("utf-8")
        zf.writestr(MANIFEST, manifest)
        zf.writestr(SIGNATURE, b64(sign(p.bundle_string(manifest))))
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    return {"file": str(path), "bytes": path.stat().st_size, "chain_segments": len(chain), "batches": len(batches),
            "blobs": len(blobs), "head": head}


class Bundle:
    """An opened bundle whose certificate and signature have been checked."""

    def __init__(self, path: Path, county_public: bytes, revoked: set[str]) -> None:
        self.path = Path(path)
        try:
            self.zip = zipfile.ZipFile(self.path)
            info = self.zip.getinfo(MANIFEST)
            if info.file_size > MAX_MANIFEST:
                raise ValueError("manifest too large")
            raw = self.zip.read(MANIFEST)
            sig = self.zip.read(SIGNATURE).decode("ascii").strip()
            self.manifest: dict[str, Any] = json.loads(raw)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise refuse(400, "bundle_unreadable", f"无法读取数据包文件：{exc}",
                         f"The bundle file cannot be read: {exc}") from None
        try:  # a refused bundle is not left open
            self._check(sig, raw, county_public, revoked)
        except BaseException:
            self.zip.close()
            raise

    def _check(self, sig: str, raw: bytes, county_public: bytes, revoked: set[str]) -> None:
        if self.manifest.get("v") != p.PROTOCOL or self.manifest.get("kind") != "bundle":
            raise refuse(426, "protocol_unsupported", "不支持的数据包版本。", "Unsupported bundle version.")
        try:
            self.cert = DeviceCert.from_dict(self.manifest["cert"])
            verify_cert(self.cert, county_public, revoked)
        except TrustError as exc:
            raise refuse(403, exc.msg.code, exc.msg.zh, exc.msg.en) from None
        except (KeyError, TypeError):
            raise refuse(400, "bundle_unreadable", "数据包缺少设备证书。", "The bundle has no device certificate.") from None
        if not p.check_sig(self.cert.public_key, sig, p.bundle_string(raw)):
            raise refuse(401, "bad_bundle_signature", "数据包签名无效（被篡改）。",
                         "The bundle signature is invalid (tampered with).")
        try:
            self.members = [Member(**m) for m in self.manifest.get("members", [])]
        except TypeError:
            raise refuse(400, "bundle_unreadable", "数据包清单格式错误。", "The bundle's member list is malformed.") from None
        for m in self.members:
            if not _MEMBER.match(m.name) or m.kind not in ("chain", "batch", "blob"):
                raise refuse(400, "bad_member_name", f"数据包中的文件名无效：{m.name[:80]}",
                             f"Invalid member name in the bundle: {m.name[:80]}")

    @property
    def key_id(self) -> str:
        return self.cert.device_key_id

    def read(self, member: Member) -> bytes:
        data = self.zip.read(member.name)
        if len(data) != member.size or p.sha256_hex(data) != member.sha256:
            raise refuse(400, "bundle_member_altered", f"数据包中的 {member.name} 已损坏或被改动。",
                         f"{member.name} in the bundle is damaged or was altered.")
        return data

    def of_kind(self, kind: str) -> Iterator[Member]:
        return (m for m in self.members if m.kind == kind)

    def close(self) -> None:
        self.zip.close()
