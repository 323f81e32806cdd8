"""Small file-system helpers shared by the laptop's evidence store and the county server's blob store."""

from __future__ import annotations

import errno
import os
from pathlib import Path


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in `path` durable (POSIX only; NTFS journals names)."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(path: Path, durable: bool) -> None:
    """Create `path` and any missing parents; if `durable`, each new folder's name survives a power cut too."""
    if path.is_dir():
        return
    ensure_dir(path.parent, durable)
    try:
        path.mkdir()
    except FileExistsError:
        return
    if durable:
        fsync_dir(path.parent)


def is_disk_full(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
