"""Thumbnails, display copies and the photos of the 现场照片（证据）粘贴单.

Derived images are conveniences rebuilt from the original on demand; only the
original is evidence. A display copy is only ever made from an original that
still hashes to its name, so a printed photo is the photo its hash attests.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from fieldapp.evidence import records, storage
from fieldapp.evidence.imaging import DISPLAY_SIZE, THUMB_SIZE, derived_jpeg
from fieldapp.evidence.problems import PhotoError
from fieldapp.evidence.verify import require_intact
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import Store


def _row(store: Store, sha256: str) -> dict[str, Any]:
    row = records.file_row(store, sha256)
    if row is None:
        raise FieldappError(Msg(f"证据库中没有照片 {sha256[:12]}…", f"No photo {sha256[:12]}… in the evidence store.",
                                "photo_unknown"))
    return row


def _ensure(store: Store, sha256: str, target: Path, size: int) -> Path:
    if target.is_file() and target.stat().st_size > 0:
        return target
    row = _row(store, sha256)
    original = require_intact(store.data_dir, row)
    try:
        data = derived_jpeg(str(original), size, row["orientation"])
    except PhotoError as exc:  # it decoded at import; failing now means the library changed under us
        raise FieldappError(exc.msg) from None
    storage.write_atomic(target, data, durable=False)
    return target


def ensure_thumbnail(store: Store, sha256: str) -> Path:
    return _ensure(store, sha256, storage.thumb_path(store.data_dir, sha256), THUMB_SIZE)


def ensure_display(store: Store, sha256: str) -> Path:
    """The ~1600 px copy with orientation applied, made now if it does not exist yet."""
    return _ensure(store, sha256, storage.display_path(store.data_dir, sha256), DISPLAY_SIZE)


def make_display_copies(store: Store, shas: Iterable[str], *,
                        progress: Callable[[int, int, str], None] | None = None,
                        cancel: threading.Event | Callable[[], bool] | None = None) -> int:
    """Background pass after an import (the import itself never waits for display copies)."""
    todo = list(dict.fromkeys(shas))
    stop = cancel.is_set if isinstance(cancel, threading.Event) else (cancel or (lambda: False))
    made = 0
    for done, sha in enumerate(todo, 1):
        if stop():
            break
        try:
            ensure_display(store, sha)
            made += 1
        except (FieldappError, OSError):
            pass  # `evidence verify` reports damaged originals; a missing preview is not evidence lost
        if progress:
            progress(done, len(todo), sha)
    return made


def sheet_photos(store: Store, inspection_id: str | None = None, case_id: str | None = None,
                 only: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The linked photos of an inspection and/or a case for the evidence sheet, in a stable order.

    Each: {sha256, path, taken_at, place, photographer, caption}; `path` is the
    display copy (JPEG, orientation applied), made now if needed. A photo linked
    to both records appears once. Raises if an original is missing or altered:
    a sheet must not print a photo other than the one its hash names.
    `only` (the hashes an issued sheet names) also finds photos unlinked since:
    the frozen sheet still shows them, and a reprint must too.
    """
    if inspection_id is None and case_id is None:
        raise FieldappError(Msg("请指定检查记录或案件。", "Give an inspection or a case.", "target_required"))
    wanted = set(only) if only is not None else None
    rows = records.list_evidence(store, inspection_id=inspection_id, case_id=case_id,
                                 include_unlinked=wanted is not None)
    if wanted is not None:
        rows = [r for r in rows if r["sha256"] in wanted]
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for row in rows:
        if row["sha256"] in seen:
            continue
        seen.add(row["sha256"])
        require_intact(store.data_dir, row)  # checked every time: the sheet's QR will vouch for this hash
        out.append({"sha256": row["sha256"], "path": os.path.abspath(ensure_display(store, row["sha256"])),
                    "taken_at": row["taken_at"], "place": row["place"], "photographer": row["photographer"],
                    "caption": row["caption"]})
    return out
