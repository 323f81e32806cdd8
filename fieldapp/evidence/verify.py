"""Re-hashing the originals: is every photo the evidence names still there, byte for byte?"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.evidence import records, storage
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import Store


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(storage.CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def check_original(data_dir: Path, row: dict[str, Any]) -> Msg | None:
    """None if the stored original still hashes to its name, else what is wrong."""
    path = records.original_of(data_dir, row)
    sha = str(row["sha256"])
    try:
        actual = hash_file(path)
    except FileNotFoundError:
        return Msg(f"证据原件缺失：{row['original_name']}（{sha[:12]}…，{path}）",
                   f"Evidence original missing: {row['original_name']} ({sha[:12]}…, {path})",
                   "original_missing", {"sha256": sha, "path": str(path), "name": row["original_name"]})
    except OSError as exc:
        return Msg(f"证据原件无法读取：{row['original_name']}（{path}）：{exc.strerror or exc}",
                   f"Evidence original unreadable: {row['original_name']} ({path}): {exc.strerror or exc}",
                   "original_unreadable", {"sha256": sha, "path": str(path), "name": row["original_name"]})
    if actual != sha:
        return Msg(f"证据原件已被改动或调换：{row['original_name']}（应为 {sha[:12]}…，实为 {actual[:12]}…，{path}）",
                   f"Evidence original altered or swapped: {row['original_name']} (expected {sha[:12]}…, "
                   f"found {actual[:12]}…, {path})", "original_altered",
                   {"sha256": sha, "actual": actual, "path": str(path), "name": row["original_name"]})
    return None


def require_intact(data_dir: Path, row: dict[str, Any]) -> Path:
    problem = check_original(data_dir, row)
    if problem is not None:
        raise FieldappError(problem)
    return records.original_of(data_dir, row)


@dataclass
class VerifyReport:
    checked: int
    problems: list[Msg] = field(default_factory=list)
    not_evidence: list[str] = field(default_factory=list)  # files in the folder with no record

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "checked": self.checked, "problems": [p.as_dict() for p in self.problems],
                "not_evidence": self.not_evidence}


def verify_originals(store: Store, *, progress: Callable[[int, int, str], None] | None = None,
                     cancel: threading.Event | Callable[[], bool] | None = None,
                     workers: int | None = None) -> VerifyReport:
    """Re-hash every original that has an evidence record; list missing and altered ones."""
    rows = store.query("SELECT sha256, mime, original_name FROM evidence_files ORDER BY imported_at, sha256")
    stop = cancel.is_set if isinstance(cancel, threading.Event) else (cancel or (lambda: False))
    report = VerifyReport(0)
    lock = threading.Lock()

    def one(row: dict[str, Any]) -> Msg | None:
        if stop():
            return None
        problem = check_original(store.data_dir, row)
        with lock:
            report.checked += 1
            if progress:
                progress(report.checked, len(rows), str(row["original_name"]))
        return problem

    # hashlib releases the GIL, so two threads use two cores (or overlap one disk's latency).
    with ThreadPoolExecutor(max_workers=workers or min(4, os.cpu_count() or 2)) as pool:
        report.problems = [p for p in pool.map(one, rows) if p is not None]
    if stop():
        raise FieldappError(Msg("校验已取消。", "Verification cancelled.", "cancelled"))
    known = {str(r["sha256"]) for r in rows}
    report.not_evidence = sorted(str(p) for sha, p in storage.stored_originals(store.data_dir) if sha not in known)
    return report
