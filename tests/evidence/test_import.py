"""Importing photos: content addressing, EXIF, derived images, dedupe, audit, progress and cancel."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from PIL import Image

from fieldapp import evidence
from fieldapp.evidence import storage
from fieldapp.evidence.verify import hash_file
from fieldapp.messages import FieldappError
from fieldapp.store.audit import verify_chain
from fieldapp.workspace import Workspace
from tests.evidence.conftest import exif_bytes, make_jpeg, new_inspection, noisy


def _audit(ws: Workspace, entity: str) -> list[dict]:
    return ws.store.query("SELECT entity_id, action, before, after FROM audit_log WHERE entity = ? ORDER BY seq",
                          (entity,))


def test_import_stores_original_bytes_content_addressed_with_exif(ws: Workspace, inspection: str,
                                                                   tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "card" / "IMG_0001.jpg", seed=1, size=(800, 600))
    report = evidence.import_paths(ws.store, [src], inspection_id=inspection, caption="门前堆放建材",
                                   photographer="陈志明")
    assert [r.status for r in report.results] == ["imported"]
    sha = hash_file(src)
    assert report.results[0].sha256 == sha
    [row] = evidence.list_evidence(ws.store, inspection_id=inspection)
    stored = Path(row["path"])
    assert stored == ws.store.data_dir / "evidence" / "originals" / sha[:2] / f"{sha}.jpg"
    assert stored.read_bytes() == src.read_bytes()  # the officer's bytes, not a re-encode
    assert not stored.stat().st_mode & 0o222  # read-only
    assert (row["width"], row["height"], row["mime"]) == (800, 600, "image/jpeg")
    assert row["taken_at"] == "2026-03-14T09:26:53+08:00"
    assert row["gps_lat"] == pytest.approx(26.3957, abs=1e-4) and row["gps_lon"] == pytest.approx(117.7893, abs=1e-4)
    assert row["camera"] == "HUAWEI Mate 60" and row["orientation"] == 1
    assert (row["caption"], row["photographer"], row["place"]) == ("门前堆放建材", "陈志明", "湖源乡集镇3号")
    with Image.open(row["thumbnail"]) as thumb:
        assert max(thumb.size) == 256
    assert verify_chain(ws.store).ok


def test_every_import_is_audited_with_the_photo_hash(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", seed=2)
    evidence.import_paths(ws.store, [src], inspection_id=inspection)
    sha = hash_file(src)
    [file_entry] = _audit(ws, "evidence_file")
    assert file_entry["entity_id"] == sha and file_entry["action"] == "import"
    assert json.loads(file_entry["after"])["size"] == src.stat().st_size
    [link_entry] = _audit(ws, "evidence")
    assert link_entry["action"] == "import" and json.loads(link_entry["after"])["sha256"] == sha
    outbox = ws.store.query("SELECT entity, op FROM outbox WHERE entity = 'evidence'")
    assert outbox == [{"entity": "evidence", "op": "import"}]


def test_same_photo_is_stored_once_linked_to_each_record_and_never_twice_to_one(
        ws: Workspace, officers: list[str], inspection: str, case: str, tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", seed=3)
    copy = tmp_path / "copy-from-phone.jpg"
    copy.write_bytes(src.read_bytes())
    first = evidence.import_paths(ws.store, [src, copy], inspection_id=inspection)
    assert [r.status for r in first.results] == ["imported", "already_linked"]
    assert first.results[1].msg is not None and "已在该记录中" in first.results[1].msg.zh
    again = evidence.import_paths(ws.store, [copy], inspection_id=inspection)
    assert [r.status for r in again.results] == ["already_linked"]
    other = evidence.import_paths(ws.store, [copy], case_id=case)
    assert [r.status for r in other.results] == ["linked"]
    assert ws.store.one("SELECT count(*) AS n FROM evidence_files") == {"n": 1}
    assert ws.store.one("SELECT count(*) AS n FROM evidence_links") == {"n": 2}
    originals = list((ws.store.data_dir / "evidence" / "originals").rglob("*.jpg"))
    assert len(originals) == 1
    assert [e["action"] for e in _audit(ws, "evidence")] == ["import", "link"]


def test_folder_import_takes_photos_in_order_and_lists_other_files_as_skipped(
        ws: Workspace, inspection: str, tmp_path: Path) -> None:
    card = tmp_path / "DCIM"
    for i in (3, 1, 2):
        make_jpeg(card / "100CANON" / f"IMG_{i:04d}.JPG", seed=10 + i)
    (card / "100CANON" / "MVI_0004.MOV").write_bytes(b"\0\0\0\x18ftypqt  ")
    (card / ".hidden.jpg").write_bytes(b"junk")
    report = evidence.import_paths(ws.store, [card], inspection_id=inspection)
    names = [(Path(r.path).name, r.status) for r in report.results]
    assert names == [("IMG_0001.JPG", "imported"), ("IMG_0002.JPG", "imported"), ("IMG_0003.JPG", "imported"),
                     ("MVI_0004.MOV", "skipped")]
    assert report.ok


def test_png_tiff_and_heic_are_imported(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    png, tif, heic = tmp_path / "a.png", tmp_path / "b.tif", tmp_path / "c.heic"
    noisy((300, 200), 4).save(png, exif=exif_bytes(taken="2026:01:02 03:04:05"))
    noisy((300, 200), 5).save(tif, compression="tiff_lzw")
    noisy((400, 300), 6).save(heic, quality=70, exif=exif_bytes(orientation=6))
    report = evidence.import_paths(ws.store, [png, tif, heic], inspection_id=inspection)
    assert [r.status for r in report.results] == ["imported"] * 3, [r.msg for r in report.results]
    rows = {Path(r["original_name"]).suffix: r for r in evidence.list_evidence(ws.store, inspection_id=inspection)}
    assert rows[".png"]["mime"] == "image/png" and rows[".png"]["taken_at"] == "2026-01-02T03:04:05+08:00"
    assert rows[".tif"]["mime"] == "image/tiff" and rows[".tif"]["path"].endswith(".tif")
    assert rows[".heic"]["mime"] == "image/heic" and rows[".heic"]["orientation"] == 6
    # The sheet gets a JPEG it can print even for HEIC originals.
    for photo in evidence.sheet_photos(ws.store, inspection_id=inspection):
        with Image.open(photo["path"]) as im:
            assert im.format == "JPEG"


def test_orientation_is_applied_to_thumbnail_and_display_copy(ws: Workspace, inspection: str,
                                                              tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "portrait.jpg", seed=7, size=(2400, 1800), orientation=6)
    [result] = evidence.import_paths(ws.store, [src], inspection_id=inspection).results
    assert result.sha256 is not None
    display = storage.display_path(ws.store.data_dir, result.sha256)
    assert not display.exists()  # the import did not wait for it
    made = evidence.ensure_display(ws.store, result.sha256)
    with Image.open(made) as im:
        assert im.size == (1200, 1600)  # rotated to portrait, fitted into 1600
    with Image.open(storage.thumb_path(ws.store.data_dir, result.sha256)) as im:
        assert im.size == (192, 256)
    assert evidence.make_display_copies(ws.store, [result.sha256]) == 1


def test_progress_is_reported_and_cancel_stops_the_rest(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    files = [make_jpeg(tmp_path / f"p{i}.jpg", seed=20 + i) for i in range(12)]
    seen: list[tuple[int, int]] = []
    cancel = threading.Event()

    def progress(done: int, total: int, message: str) -> None:
        seen.append((done, total))
        if done == 3:
            cancel.set()

    report = evidence.import_paths(ws.store, files, inspection_id=inspection, progress=progress, cancel=cancel,
                                   workers=1)
    assert seen[0] == (1, 12) and seen[-1][1] == 12
    statuses = [r.status for r in report.results]
    assert statuses.count("cancelled") >= 6 and not report.ok
    imported = [r for r in report.results if r.status == "imported"]
    assert len(imported) == len(evidence.list_evidence(ws.store, inspection_id=inspection)) >= 3
    # The re-run finishes the job.
    rerun = evidence.import_paths(ws.store, files, inspection_id=inspection)
    assert {r.status for r in rerun.results} == {"imported", "already_linked"}
    assert len(evidence.list_evidence(ws.store, inspection_id=inspection)) == 12


def test_target_must_be_one_live_record(ws: Workspace, officers: list[str], tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg")
    with pytest.raises(FieldappError) as info:
        evidence.import_paths(ws.store, [src])
    assert info.value.msg.code == "target_required"
    with pytest.raises(FieldappError) as info:
        evidence.import_paths(ws.store, [src], inspection_id="nope")
    assert info.value.msg.code == "not_found"
    voided = new_inspection(ws, officers)
    ws.void_inspection(voided, "录错")
    with pytest.raises(FieldappError) as info:
        evidence.import_paths(ws.store, [src], inspection_id=voided)
    assert info.value.msg.code == "target_void"


def test_a_second_concurrent_import_is_refused(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg")
    with storage.ImportLock(ws.store.data_dir), pytest.raises(FieldappError) as info:
        evidence.import_paths(ws.store, [src], inspection_id=inspection)
    assert info.value.msg.code == "import_busy"
