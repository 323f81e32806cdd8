"""Bad input: each file gets a clear message in both languages, the rest goes on, nothing half-written."""

from __future__ import annotations

import errno
import os
import resource
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from fieldapp import evidence
from fieldapp.evidence import importer, storage
from fieldapp.evidence.verify import hash_file
from fieldapp.store.audit import verify_chain
from fieldapp.workspace import Workspace
from tests.evidence.conftest import make_jpeg, noisy, plain_jpeg, with_app1


def _png_header(width: int, height: int, rows: int = 2) -> bytes:
    """A PNG declaring width × height pixels; only a few rows of data follow (decoding would need them all)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    data = zlib.compress(b"".join(b"\0" + bytes(width * 3) for _ in range(rows)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def _leftovers(ws: Workspace) -> list[Path]:
    root = ws.store.data_dir / "evidence"
    return [p for p in root.rglob("*") if p.is_file() and p.name.endswith(".tmp")]


def _originals(ws: Workspace) -> set[str]:
    return {sha for sha, _ in storage.stored_originals(ws.store.data_dir)}


def _assert_clean(ws: Workspace, expected: int) -> None:
    assert not _leftovers(ws)
    rows = {r["sha256"] for r in ws.store.query("SELECT sha256 FROM evidence_files")}
    assert len(rows) == expected and _originals(ws) == rows
    thumbs = {p.stem for p in (ws.store.data_dir / "evidence").rglob("*.jpg") if p.parent.parent.name == storage.THUMBS}
    assert thumbs <= rows  # no thumbnail of a photo that never became evidence
    assert evidence.verify_originals(ws.store).ok
    assert verify_chain(ws.store).ok


def test_each_bad_file_is_reported_and_the_good_ones_are_imported(ws: Workspace, inspection: str,
                                                                  tmp_path: Path) -> None:
    good1 = make_jpeg(tmp_path / "good1.jpg", seed=1)
    full = make_jpeg(tmp_path / "whole.jpg", seed=2, size=(1024, 768)).read_bytes()
    truncated = tmp_path / "truncated.jpg"
    truncated.write_bytes(full[: len(full) * 6 // 10])
    text = tmp_path / "notes.jpg"
    text.write_text("现场记录：这不是照片\n", encoding="utf-8")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    dangling = tmp_path / "gone.jpg"
    dangling.symlink_to(tmp_path / "nowhere.jpg")
    good2 = make_jpeg(tmp_path / "good2.jpg", seed=3)
    paths = [good1, truncated, text, empty, fifo, dangling, good2]
    report = evidence.import_paths(ws.store, paths, inspection_id=inspection)
    got = {Path(r.path).name: (r.status, r.msg.code if r.msg else None) for r in report.results}
    assert got == {"good1.jpg": ("imported", None), "truncated.jpg": ("failed", "damaged_image"),
                   "notes.jpg": ("failed", "not_an_image"), "empty.jpg": ("failed", "empty_file"),
                   "pipe.jpg": ("failed", "not_a_file"), "gone.jpg": ("failed", "file_missing"),
                   "good2.jpg": ("imported", None)}
    for result in report.results:
        if result.msg is not None:
            assert Path(result.path).name in result.msg.zh and Path(result.path).name in result.msg.en
            assert result.msg.zh != result.msg.en
    truncated_msg = next(r.msg for r in report.results if r.path.endswith("truncated.jpg"))
    assert truncated_msg is not None and "truncated" in truncated_msg.en
    assert not report.ok
    _assert_clean(ws, 2)


def test_unreadable_file_is_reported(ws: Workspace, inspection: str, tmp_path: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: make the read itself fail.
    locked = make_jpeg(tmp_path / "locked.jpg", seed=4)
    ok = make_jpeg(tmp_path / "ok.jpg", seed=5)
    real = importer.read_source

    def read(path: Path) -> bytes:
        if path.name == "locked.jpg":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(importer, "read_source", read)
    report = evidence.import_paths(ws.store, [locked, ok], inspection_id=inspection)
    assert [(r.status, r.msg.code if r.msg else None) for r in report.results] == [
        ("failed", "unreadable"), ("imported", None)]
    assert "Permission denied" in str(report.results[0].msg.en if report.results[0].msg else "")
    _assert_clean(ws, 1)


def test_decompression_bomb_is_refused_from_the_header_without_decoding(ws: Workspace, inspection: str,
                                                                        tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header(30000, 30000))
    big = tmp_path / "scan.png"  # 120 MP: under Pillow's own limit, over ours for formats decoded in full
    big.write_bytes(_png_header(12000, 10000))
    ok = make_jpeg(tmp_path / "ok.jpg", seed=6)
    assert Image.MAX_IMAGE_PIXELS == 250_000_000  # the policy is explicit, not Pillow's default
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = evidence.import_paths(ws.store, [bomb, big, ok], inspection_id=inspection)
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert [(r.status, r.msg.code if r.msg else None) for r in report.results] == [
        ("failed", "too_many_pixels"), ("failed", "too_many_pixels"), ("imported", None)]
    bomb_msg = report.results[0].msg
    assert bomb_msg is not None and "900 百万像素" in bomb_msg.zh and "decompression bomb" in bomb_msg.en
    assert "上限 100 百万" in bomb_msg.zh  # the PNG limit, not the JPEG one
    assert grown_mb < 100  # 900 MP would need 2.7 GB decoded
    _assert_clean(ws, 1)


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_broken_exif_is_imported_with_a_note(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    base = plain_jpeg(seed=7)
    garbage = tmp_path / "garbage.jpg"
    garbage.write_bytes(with_app1(base, b"Exif\x00\x00" + b"\x13\x37" * 40))
    bad_offset = tmp_path / "offset.jpg"
    bad_offset.write_bytes(with_app1(plain_jpeg(seed=8), b"Exif\x00\x00II*\x00" + struct.pack("<I", 99999)
                                     + bytes(20)))
    bad_dir = tmp_path / "directory.jpg"
    bad_dir.write_bytes(with_app1(plain_jpeg(seed=9), b"Exif\x00\x00II*\x00\x08\x00\x00\x00"
                                  + struct.pack("<H", 200) + b"\x01" * 30))
    exif = Image.Exif()
    exif[0x0112] = 9
    exif.get_ifd(0x8769)[0x9003] = "0000:00:00 00:00:00"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (IFDRational(26, 0), IFDRational(5, 1), IFDRational(0, 1))
    gps[3], gps[4] = "E", (IFDRational(117, 1), IFDRational(3, 1), IFDRational(2, 1))
    values = tmp_path / "values.jpg"
    noisy((320, 240), 10).save(values, "JPEG", exif=exif.tobytes())
    report = evidence.import_paths(ws.store, [garbage, bad_offset, bad_dir, values], inspection_id=inspection)
    assert [r.status for r in report.results] == ["imported"] * 4
    notes = {Path(r.path).name: sorted(n.code for n in r.notes) for r in report.results}
    assert notes == {"garbage.jpg": ["exif_header"], "offset.jpg": ["exif_offset"],
                     "directory.jpg": ["exif_directory"],
                     "values.jpg": ["exif_gps", "exif_orientation", "exif_time"]}
    assert all("EXIF" in n.zh and "EXIF" in n.en for r in report.results for n in r.notes)
    rows = {r["original_name"]: r for r in evidence.list_evidence(ws.store, inspection_id=inspection)}
    assert rows["values.jpg"]["taken_at"] is None and rows["values.jpg"]["gps_lat"] is None
    assert [n["code"] for n in rows["garbage.jpg"]["exif_notes"]] == ["exif_header"]  # kept for later review
    _assert_clean(ws, 4)


def test_disk_full_mid_import_stops_cleanly_and_a_rerun_finishes(ws: Workspace, inspection: str, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    files = [make_jpeg(tmp_path / f"p{i}.jpg", seed=30 + i, size=(800, 600)) for i in range(8)]
    budget = sum(f.stat().st_size for f in files[:3]) + 3 * 30_000  # room for about three photos
    written = 0
    real_write = storage.write_chunk

    def write(fd: int, data: memoryview) -> int:
        nonlocal written
        if written + len(data) > budget:
            raise OSError(errno.ENOSPC, "No space left on device")
        written += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(storage, "write_chunk", write)
    report = evidence.import_paths(ws.store, files, inspection_id=inspection, workers=1)
    statuses = [(r.status, r.msg.code if r.msg else None) for r in report.results]
    first_fail = next(i for i, s in enumerate(statuses) if s[0] == "failed")
    assert statuses[first_fail] == ("failed", "disk_full") and first_fail >= 2
    assert all(s == ("imported", None) for s in statuses[:first_fail])
    assert all(s == ("failed", "not_attempted_disk_full") for s in statuses[first_fail + 1:])
    assert "磁盘已满" in str(report.results[first_fail].msg.zh if report.results[first_fail].msg else "")
    _assert_clean(ws, first_fail)
    monkeypatch.setattr(storage, "write_chunk", real_write)  # space freed
    rerun = evidence.import_paths(ws.store, files, inspection_id=inspection)
    assert [r.status for r in rerun.results] == ["already_linked"] * first_fail + ["imported"] * (8 - first_fail)
    _assert_clean(ws, 8)


def test_database_full_leaves_files_that_are_not_evidence_until_the_rerun(ws: Workspace, inspection: str,
                                                                          tmp_path: Path) -> None:
    files = [make_jpeg(tmp_path / f"p{i}.jpg", seed=40 + i) for i in range(3)]
    conn = ws.store.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now reports "database or disk is full"
    report = evidence.import_paths(ws.store, files, inspection_id=inspection)
    assert {(r.status, r.msg.code if r.msg else None) for r in report.results} == {("failed", "disk_full")}
    assert evidence.list_evidence(ws.store, inspection_id=inspection) == []
    check = evidence.verify_originals(ws.store)
    assert check.ok and check.checked == 0 and len(check.not_evidence) == 3  # on disk, but not evidence
    conn.execute("PRAGMA max_page_count = 1073741823")
    rerun = evidence.import_paths(ws.store, files, inspection_id=inspection)
    assert [r.status for r in rerun.results] == ["imported"] * 3
    assert {r.sha256 for r in rerun.results} == {hash_file(f) for f in files}
    _assert_clean(ws, 3)


def test_temp_files_of_a_dead_import_are_removed_by_the_next(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    stray = ws.store.data_dir / "evidence" / "originals" / "ab" / ".abcd.jpg.999-deadbeef.tmp"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"half a photo")
    report = evidence.import_paths(ws.store, [make_jpeg(tmp_path / "a.jpg")], inspection_id=inspection)
    assert report.temp_files_removed == 1 and not stray.exists()
