"""The content-addressed evidence folder under the data directory.

Layout (``<data_dir>/evidence``)::

    originals/ab/<sha256>.<ext>   the officer's bytes, never modified, read-only
    thumbs/ab/<sha256>.jpg        ~256 px, orientation applied (rebuilt on demand)
    display/ab/<sha256>.jpg       ~1600 px, orientation applied (made lazily)

Only a row in ``evidence_files`` makes a file evidence: a file that sits in the
folder without one (an import killed before its database commit) is not
counted and is simply replaced when the same photo is imported again.

Files are written to a hidden temp file in their final directory, fsynced,
then renamed, so a crash leaves either the whole file or a ``*.tmp`` that the
next import removes.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from types import TracebackType

from fieldapp.files import ensure_dir, fsync_dir
from fieldapp.messages import FieldappError, Msg

EVIDENCE_DIR = "evidence"
ORIGINALS = "originals"
THUMBS = "thumbs"
DISPLAY = "display"
TEMP_SUFFIX = ".tmp"
LOCK_NAME = ".import.lock"
CHUNK = 1 << 20

# Indirection so tests can inject faults (ENOSPC, a kill mid-write) into the
# one place evidence bytes reach the disk.
write_chunk = os.write


@lru_cache(maxsize=16)  # (asked for every photo of a sync: building the path each time was a third of the lookup)
def evidence_root(data_dir: Path) -> Path:
    return Path(data_dir) / EVIDENCE_DIR


def _fanout(root: Path, kind: str, sha256: str, ext: str) -> Path:
    return root.joinpath(kind, sha256[:2], f"{sha256}.{ext}")  # (one join: this runs for every photo of a sync)


def original_path(data_dir: Path, sha256: str, ext: str) -> Path:
    return _fanout(evidence_root(data_dir), ORIGINALS, sha256, ext)


def thumb_path(data_dir: Path, sha256: str) -> Path:
    return _fanout(evidence_root(data_dir), THUMBS, sha256, "jpg")


def display_path(data_dir: Path, sha256: str) -> Path:
    return _fanout(evidence_root(data_dir), DISPLAY, sha256, "jpg")


def write_atomic(final: Path, data: bytes | memoryview, *, durable: bool, readonly: bool = False) -> None:
    """Write `data` to `final` so that readers and crashes only ever see all of it or nothing."""
    ensure_dir(final.parent, durable)
    tmp = final.parent / f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(tmp, flags, 0o644)
        try:
            view = memoryview(data)
            while view:
                written = write_chunk(fd, view[:CHUNK])
                view = view[written:]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
        if readonly:
            # A hint, not a guard: it stops a careless edit, `evidence verify` catches the rest.
            os.chmod(tmp, 0o444)
        os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if durable:
        fsync_dir(final.parent)


def _walk(root: Path) -> Iterator[Path]:
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            yield Path(dirpath) / name


def remove_temp_files(data_dir: Path) -> int:
    """Delete temp files an interrupted import left behind (call only under the import lock)."""
    root = evidence_root(data_dir)
    removed = 0
    if not root.is_dir():
        return 0
    for path in _walk(root):
        if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def stored_originals(data_dir: Path) -> Iterator[tuple[str, Path]]:
    """(sha256, path) of every complete original file in the folder, evidence or not."""
    base = evidence_root(data_dir) / ORIGINALS
    if not base.is_dir():
        return
    for path in _walk(base):
        if not path.name.startswith("."):
            yield path.name.split(".", 1)[0], path


def busy() -> FieldappError:
    return FieldappError(Msg(
        "另一个照片导入正在进行（可能在另一个 fieldapp 窗口中）。请等它完成后再试。",
        "Another photo import is running (perhaps in another fieldapp window). Wait for it to finish and retry.",
        "import_busy"))


class ImportLock:
    """One importer per data directory, so temp-file cleanup never races a live import.

    The OS drops the lock when the process dies, so a killed import never
    leaves the folder locked.
    """

    def __init__(self, data_dir: Path) -> None:
        self.path = evidence_root(data_dir) / LOCK_NAME
        self._fd: int | None = None

    def __enter__(self) -> ImportLock:
        ensure_dir(self.path.parent, durable=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise busy() from None
        self._fd = fd
        return self

    def __exit__(self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None) -> None:
        if self._fd is not None:
            _unlock(self._fd)
            os.close(self._fd)
            self._fd = None


if os.name == "nt":  # pragma: no cover - exercised on the Windows build only
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
