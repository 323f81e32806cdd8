"""Content-addressed photo storage with resumable partial uploads.

A file's name is its SHA-256; it is written once and never overwritten. An
upload in progress lives in `.partial/<sha>`; whatever arrived before a cut
stays there, so the laptop resumes from the server's offset (tus 1.0 core).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from fieldapp.files import ensure_dir, fsync_dir
from fieldapp.sync.protocol import is_blob_name, refuse


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.partial_dir = self.root / ".partial"
        self.partial_dir.mkdir(parents=True, exist_ok=True)

    def _check(self, sha: str) -> str:
        # Blob names reach us from the network and from bundles: never a path.
        if not is_blob_name(sha):
            raise refuse(400, "bad_blob_name", "照片名称无效（应为 64 位十六进制 SHA-256）。",
                         "Invalid blob name (must be a 64-character hex SHA-256).", name=sha[:80])
        return sha

    def path(self, sha: str) -> Path:
        sha = self._check(sha)
        return self.root / sha[:2] / sha

    def partial(self, sha: str) -> Path:
        return self.partial_dir / self._check(sha)

    def exists(self, sha: str) -> bool:
        return self.path(sha).exists()

    def offset(self, sha: str) -> int:
        part = self.partial(sha)
        return part.stat().st_size if part.exists() else 0

    def held(self, shas: list[str]) -> set[str]:
        """Which of these (valid) names are stored: `exists` for many, without a Path per name."""
        root = str(self.root)
        return {sha for sha in map(self._check, shas) if os.path.exists(os.path.join(root, sha[:2], sha))}

    def offsets(self) -> dict[str, int]:
        """Every upload in progress and how much of it arrived, from one reading of `.partial`."""
        found: dict[str, int] = {}
        with os.scandir(self.partial_dir) as entries:
            for entry in entries:
                if is_blob_name(entry.name):
                    with contextlib.suppress(OSError):  # finished or discarded meanwhile
                        found[entry.name] = entry.stat().st_size
        return found

    def truncate(self, sha: str, size: int) -> None:
        part = self.partial(sha)
        if part.exists():
            with open(part, "r+b") as fh:
                fh.truncate(size)

    def discard(self, sha: str) -> None:
        self.partial(sha).unlink(missing_ok=True)

    def verify_file(self, path: Path, sha: str) -> bool:
        digest = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(1024 * 1024):
                digest.update(chunk)
        return digest.hexdigest() == sha

    def finish(self, sha: str) -> bool:
        """Move a complete partial upload into place; False (and discarded) if its hash is wrong."""
        return self._install(self.partial(sha), sha)

    def _install(self, tmp: Path, sha: str) -> bool:
        if not self.verify_file(tmp, sha):
            tmp.unlink(missing_ok=True)
            return False
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        final = self.path(sha)
        ensure_dir(final.parent, durable=True)  # a new fan-out folder's own name must last too
        with contextlib.suppress(FileExistsError):  # link fails if the name exists: never replaced
            os.link(tmp, final)
        fsync_dir(final.parent)  # the name too must survive a power cut once the laptop is told it arrived
        tmp.unlink(missing_ok=True)
        return True

    def put_bytes(self, sha: str, data: bytes) -> bool:
        """Store a whole blob (bundle import); False if the bytes do not match the name."""
        if hashlib.sha256(data).hexdigest() != self._check(sha):
            return False
        if self.exists(sha):
            return True
        tmp = self.partial_dir / f"{sha}.import-{os.urandom(6).hex()}"
        with open(tmp, "wb") as fh:
            fh.write(data)
        return self._install(tmp, sha)
