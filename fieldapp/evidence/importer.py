"""Importing photos: many files in parallel, each either wholly evidence or not at all.

Workers (threads: hashlib, Pillow's decoders and file I/O release the GIL)
read a file, hash it, validate it by decoding it at the smallest JPEG scale,
write its thumbnail and then its original (temp file, fsync, rename). Only
then does the calling thread record it in the database, in batches, so a row
never names a file that is not durable. A killed import leaves at worst temp
files (removed on the next import) and originals without rows (not evidence;
the re-run that finishes the job replaces them).
"""

from __future__ import annotations

import hashlib
import os
import stat
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.evidence import problems, records, storage
from fieldapp.evidence.imaging import EXTENSION, Analysis, analyse
from fieldapp.evidence.problems import PhotoError
from fieldapp.files import is_disk_full
from fieldapp.messages import Msg
from fieldapp.store.db import StoreError
from fieldapp.store.store import Store, canonical

PHOTO_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".png", ".tif", ".tiff", ".heic", ".heif", ".hif"}
MAX_FILE_BYTES = 512 * 2**20
Progress = Callable[[int, int, str], None]
Cancel = threading.Event | Callable[[], bool] | None


def read_source(path: Path) -> bytes:
    # One read into memory: the bytes hashed are exactly the bytes stored.
    with open(path, "rb") as handle:
        return handle.read()


def _hash_or_none(path: Path) -> str | None:
    # Re-importing a known photo re-checks the stored copy, so an import can also repair the folder.
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def default_workers() -> int:
    # One more thread than cores keeps a core busy while another thread waits on fsync.
    return max(2, min(4, (os.cpu_count() or 2) + 1))


@dataclass
class FileResult:
    path: str
    status: str  # imported | linked | already_linked | skipped | failed | cancelled
    sha256: str | None = None
    link_id: str | None = None
    msg: Msg | None = None
    notes: list[Msg] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "status": self.status, "sha256": self.sha256, "link_id": self.link_id,
                "message": self.msg.as_dict() if self.msg else None, "notes": [n.as_dict() for n in self.notes]}


@dataclass
class ImportReport:
    results: list[FileResult]
    temp_files_removed: int = 0

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def ok(self) -> bool:
        return not any(r.status in ("failed", "cancelled") for r in self.results)

    def as_dict(self) -> dict[str, Any]:
        statuses = ("imported", "linked", "already_linked", "skipped", "failed", "cancelled")
        return {"ok": self.ok, "counts": {s: self.count(s) for s in statuses},
                "temp_files_removed": self.temp_files_removed, "files": [r.as_dict() for r in self.results]}


@dataclass
class _Prepared:
    index: int
    sha256: str
    size: int
    name: str
    analysis: Analysis | None  # None: the photo was already evidence
    restored: bool = False


def expand(paths: Iterable[Path | str]) -> tuple[list[Path], list[FileResult | None]]:
    """Files to try, in a stable order. Files named explicitly are always tried (the content decides);
    files found in folders are tried when their suffix is a photo's, and listed as skipped otherwise."""
    files: list[Path] = []
    results: list[FileResult | None] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for dirpath, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if name.startswith("."):
                        continue
                    found = Path(dirpath) / name
                    files.append(found)
                    skip = found.suffix.lower() not in PHOTO_SUFFIXES
                    results.append(FileResult(str(found), "skipped", msg=problems.skipped_type(str(found)))
                                   if skip else None)
        else:
            files.append(path)
            results.append(None)
    return files, results


def _cancel_check(cancel: Cancel) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


class _Importer:
    def __init__(self, store: Store, tgt: dict[str, Any], link: dict[str, str], actor: str | None,
                 cancelled: Callable[[], bool]) -> None:
        self.store, self.tgt, self.link, self.actor = store, tgt, link, actor
        self.cancelled = cancelled
        self.stop = threading.Event()
        self.stop_msg: Callable[[str], Msg] = problems.cancelled

    def halt(self, why: Callable[[str], Msg]) -> None:
        if not self.stop.is_set():
            self.stop_msg = why
            self.stop.set()

    # -- worker side -------------------------------------------------------
    def prepare(self, index: int, path: Path) -> _Prepared:
        name = str(path)
        if self.stop.is_set() or self.cancelled():
            raise PhotoError(self.stop_msg(name) if self.stop.is_set() else problems.cancelled(name))
        data = self._read(path, name)
        sha = hashlib.sha256(data).hexdigest()
        row = records.file_row(self.store, sha)
        if row is not None:
            original = records.original_of(self.store.data_dir, row)
            if original.is_file() and original.stat().st_size == len(data) and _hash_or_none(original) == sha:
                return _Prepared(index, sha, len(data), path.name, None)
            self._write(original, data, name, durable=True)  # the folder lost it: this copy is the same bytes
            return _Prepared(index, sha, len(data), path.name, None, restored=True)
        analysis = analyse(data, name)
        if self.stop.is_set() or self.cancelled():
            raise PhotoError(self.stop_msg(name) if self.stop.is_set() else problems.cancelled(name))
        # Thumbnail first: if the disk fills there, no original was written for nothing.
        thumb = storage.thumb_path(self.store.data_dir, sha)
        self._write(thumb, analysis.thumbnail, name, durable=False)
        analysis.thumbnail = b""
        try:
            self._write(storage.original_path(self.store.data_dir, sha, EXTENSION[analysis.mime]), data, name,
                        durable=True)
        except PhotoError:
            thumb.unlink(missing_ok=True)  # a thumbnail of what never became evidence would mislead the gallery
            raise
        return _Prepared(index, sha, len(data), path.name, analysis)

    @staticmethod
    def _read(path: Path, name: str) -> bytes:
        try:
            info = os.stat(path)
        except FileNotFoundError:
            raise PhotoError(problems.not_found(name)) from None
        except OSError as exc:
            raise PhotoError(problems.unreadable(name, exc.strerror or str(exc))) from None
        # Never open a FIFO or device: reading it could block the import forever.
        if not stat.S_ISREG(info.st_mode):
            raise PhotoError(problems.not_regular(name))
        if info.st_size == 0:
            raise PhotoError(problems.empty(name))
        if info.st_size > MAX_FILE_BYTES:
            raise PhotoError(problems.too_large(name, info.st_size, MAX_FILE_BYTES))
        try:
            data = read_source(path)
        except OSError as exc:
            raise PhotoError(problems.unreadable(name, exc.strerror or str(exc))) from None
        if not data:
            raise PhotoError(problems.empty(name))
        return data

    def _write(self, final: Path, data: bytes, name: str, durable: bool) -> None:
        try:
            storage.write_atomic(final, data, durable=durable, readonly=durable)
        except OSError as exc:
            if is_disk_full(exc):
                self.halt(problems.stopped_disk_full)
                raise PhotoError(problems.disk_full(name)) from None
            raise PhotoError(problems.write_failed(name, exc.strerror or str(exc))) from None

    # -- calling thread ----------------------------------------------------
    def commit(self, batch: list[_Prepared], results: list[FileResult | None], paths: list[Path]) -> None:
        if not batch:
            return
        outcome: list[FileResult] = []
        try:
            with self.store.change(self.actor) as ch:
                for item in sorted(batch, key=lambda p: p.index):
                    outcome.append(self._record(ch, item, str(paths[item.index])))
        except StoreError as exc:
            if exc.msg.code == "disk_full":
                self.halt(problems.stopped_disk_full)
            outcome = [FileResult(str(paths[p.index]), "failed", p.sha256, msg=exc.msg)
                       for p in sorted(batch, key=lambda p: p.index)]
        for item, result in zip(sorted(batch, key=lambda p: p.index), outcome, strict=True):
            results[item.index] = result
        batch.clear()

    def _record(self, ch: Any, item: _Prepared, name: str) -> FileResult:
        notes: list[Msg] = [problems.restored(name)] if item.restored else []
        new = False
        if item.analysis is not None:
            a = item.analysis
            notes += a.exif.notes
            new = records.insert_file(ch, {
                "sha256": item.sha256, "size": item.size, "mime": a.mime, "width": a.width, "height": a.height,
                "taken_at": a.exif.taken_at, "gps_lat": a.exif.gps_lat, "gps_lon": a.exif.gps_lon,
                "camera": a.exif.camera, "orientation": a.exif.orientation, "original_name": item.name,
                "exif_note": canonical([n.as_dict() for n in a.exif.notes]) if a.exif.notes else None})
        existing = records.live_link(ch, item.sha256, self.tgt)
        if existing:
            return FileResult(name, "already_linked", item.sha256, existing, problems.already_linked(name), notes)
        link_id = records.insert_link(ch, item.sha256, self.tgt, action="import" if new else "link", **self.link)
        return FileResult(name, "imported" if new else "linked", item.sha256, link_id, notes=notes)


def import_paths(store: Store, paths: Iterable[Path | str], *, inspection_id: str | None = None,
                 case_id: str | None = None, caption: str = "", place: str | None = None, photographer: str = "",
                 actor: str | None = None, progress: Progress | None = None, cancel: Cancel = None,
                 workers: int | None = None, commit_every: int = 20) -> ImportReport:
    """Import files and folders of photos into one inspection or case; see the module docstring."""
    tgt = records.target(store, inspection_id, case_id)
    link = {"caption": caption.strip(), "place": (tgt["place"] if place is None else place).strip(),
            "photographer": photographer.strip()}
    files, results = expand(paths)
    todo = [i for i, r in enumerate(results) if r is None]
    job = _Importer(store, tgt, link, actor, _cancel_check(cancel))
    report = ImportReport([])
    done = 0
    with storage.ImportLock(store.data_dir):
        report.temp_files_removed = storage.remove_temp_files(store.data_dir)
        with ThreadPoolExecutor(max_workers=workers or default_workers(), thread_name_prefix="evidence") as pool:
            futures: dict[Future[_Prepared], int] = {pool.submit(job.prepare, i, files[i]): i for i in todo}
            batch: list[_Prepared] = []
            for future in as_completed(futures):
                index = futures[future]
                try:
                    batch.append(future.result())
                except PhotoError as exc:
                    results[index] = FileResult(str(files[index]), _status(exc.msg), msg=exc.msg)
                except CancelledError:
                    results[index] = FileResult(str(files[index]), "cancelled", msg=job.stop_msg(str(files[index])))
                except Exception as exc:  # one odd file (or a bug it trips) must not sink the other 199
                    results[index] = FileResult(str(files[index]), "failed", msg=problems.unexpected(
                        str(files[index]), f"{type(exc).__name__}: {exc}"))
                if job.cancelled():
                    job.halt(problems.cancelled)
                if job.stop.is_set():
                    for pending in futures:
                        pending.cancel()
                done += 1
                if progress:
                    progress(done, len(todo), str(files[index]))
                if len(batch) >= commit_every:
                    job.commit(batch, results, files)
            job.commit(batch, results, files)
    report.results = [r for r in results if r is not None]
    assert len(report.results) == len(files), "every file gets a result"
    return report


def _status(msg: Msg) -> str:
    return "cancelled" if msg.code in ("cancelled",) else "failed"
