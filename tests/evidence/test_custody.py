"""Chain of custody: caption, unlink, purge rules, verify, the evidence sheet, and the CLI verbs."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from fieldapp import evidence
from fieldapp.cli.main import main
from fieldapp.evidence import storage
from fieldapp.messages import FieldappError
from fieldapp.store.audit import verify_chain
from fieldapp.workspace import Workspace
from tests.evidence.conftest import issue_document, make_jpeg


def _import(ws: Workspace, tmp_path: Path, count: int = 2, **kw: object) -> list[str]:
    files = [make_jpeg(tmp_path / f"c{i}.jpg", seed=50 + i, taken=f"2026:03:14 09:{30 - i:02d}:00")
             for i in range(count)]
    report = evidence.import_paths(ws.store, files, **kw)  # type: ignore[arg-type]
    assert report.ok
    return [str(r.link_id) for r in report.results]


def test_caption_edit_and_unlink_are_audited_with_the_hash(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    link_id = _import(ws, tmp_path, 1, inspection_id=inspection)[0]
    after = evidence.edit_link(ws.store, link_id[:10], caption="  占道堆放的砂石  ")
    assert after["caption"] == "占道堆放的砂石" and after["revision"] == 2
    evidence.edit_link(ws.store, link_id, place="湖源乡集镇5号", photographer="林秀英")
    gone = evidence.unlink(ws.store, link_id, reason="拍错对象")
    assert gone["unlinked_at"] is not None
    assert evidence.list_evidence(ws.store, inspection_id=inspection) == []
    assert len(evidence.list_evidence(ws.store, inspection_id=inspection, include_unlinked=True)) == 1
    entries = ws.store.query("SELECT action, after FROM audit_log WHERE entity = 'evidence' ORDER BY seq")
    assert [e["action"] for e in entries] == ["import", "caption", "edit", "unlink: 拍错对象"]
    assert len({json.loads(e["after"])["sha256"] for e in entries}) == 1
    with pytest.raises(FieldappError) as info:
        evidence.edit_link(ws.store, link_id, caption="再改")
    assert info.value.msg.code == "link_unlinked"
    original = next(storage.stored_originals(ws.store.data_dir))[1]
    assert original.exists()  # unlinking never deletes the original
    assert verify_chain(ws.store).ok


def test_hand_edited_link_or_file_record_is_caught_by_audit_verify(ws: Workspace, inspection: str,
                                                                   tmp_path: Path) -> None:
    _import(ws, tmp_path, 1, inspection_id=inspection)
    ws.store.conn.execute("UPDATE evidence_links SET caption = '改过的说明'")
    report = verify_chain(ws.store)
    assert not report.ok and report.problems[0].code == "record_altered"
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        ws.store.conn.execute("UPDATE evidence_files SET taken_at = '2020-01-01T00:00:00'")


def test_purge_only_for_photos_no_record_holds_and_no_issued_document_cites(
        ws: Workspace, inspection: str, case: str, tmp_path: Path) -> None:
    kept, spare = _import(ws, tmp_path, 2, inspection_id=inspection)
    sha_kept = evidence.get_link(ws.store, kept)["sha256"]
    sha_spare = evidence.get_link(ws.store, spare)["sha256"]
    with pytest.raises(FieldappError) as info:
        evidence.purge(ws.store, sha_spare, reason="误导入")
    assert info.value.msg.code == "photo_linked"
    evidence.unlink(ws.store, spare)
    with pytest.raises(FieldappError) as info:
        evidence.purge(ws.store, sha_spare, reason=" ")
    assert info.value.msg.code == "reason_missing"
    evidence.purge(ws.store, sha_spare, reason="误导入的私人照片")
    assert sha_spare not in {sha for sha, _ in storage.stored_originals(ws.store.data_dir)}
    assert not storage.thumb_path(ws.store.data_dir, sha_spare).exists()
    assert [r["action"] for r in ws.store.query(
        "SELECT action FROM audit_log WHERE entity = 'evidence_file' AND entity_id = ? ORDER BY seq",
        (sha_spare,))] == ["import", "purge: 误导入的私人照片"]
    # Once the record has an issued document, the photo stays forever, even unlinked.
    issue_document(ws, inspection_id=inspection)
    evidence.unlink(ws.store, kept)
    with pytest.raises(FieldappError) as info:
        evidence.purge(ws.store, sha_kept, reason="不需要了")
    assert info.value.msg.code == "photo_cited" and "湖源综执证" in info.value.msg.zh
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):  # and below the app too
        ws.store.conn.execute("DELETE FROM evidence_links WHERE id = ?", (kept,))
    assert verify_chain(ws.store).ok
    assert evidence.verify_originals(ws.store).ok


def test_photo_named_in_an_issued_document_of_another_record_cannot_be_purged(
        ws: Workspace, inspection: str, case: str, tmp_path: Path) -> None:
    [link] = _import(ws, tmp_path, 1, case_id=case)
    sha = evidence.get_link(ws.store, link)["sha256"]
    issue_document(ws, inspection_id=inspection, content={"photos": [sha]})
    evidence.unlink(ws.store, link)
    with pytest.raises(FieldappError) as info:
        evidence.purge(ws.store, sha, reason="x")
    assert info.value.msg.code == "photo_cited"


def test_verify_finds_missing_and_altered_originals(ws: Workspace, inspection: str, tmp_path: Path) -> None:
    _import(ws, tmp_path, 3, inspection_id=inspection)
    assert evidence.verify_originals(ws.store).checked == 3
    files = sorted(p for _, p in storage.stored_originals(ws.store.data_dir))
    files[0].unlink()
    os.chmod(files[1], 0o644)
    with open(files[1], "r+b") as handle:  # one byte swapped
        handle.seek(2000)
        byte = handle.read(1)
        handle.seek(2000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    report = evidence.verify_originals(ws.store)
    assert not report.ok and report.checked == 3
    assert sorted(p.code for p in report.problems) == ["original_altered", "original_missing"]
    assert all(files[0].name.split(".")[0][:12] in p.zh or files[1].name[:12] in p.zh for p in report.problems)
    # An altered original never reaches the evidence sheet.
    with pytest.raises(FieldappError) as info:
        evidence.sheet_photos(ws.store, inspection_id=inspection)
    assert info.value.msg.code in ("original_missing", "original_altered")


def test_sheet_photos_shape_order_and_union(ws: Workspace, inspection: str, case: str, tmp_path: Path) -> None:
    links = _import(ws, tmp_path, 3, inspection_id=inspection, caption="现场", photographer="陈志明")
    sha_first = evidence.get_link(ws.store, links[0])["sha256"]
    evidence.link_existing(ws.store, sha_first, case_id=case, caption="同一张")
    evidence.unlink(ws.store, links[1])
    photos = evidence.sheet_photos(ws.store, inspection_id=inspection)
    assert [set(p) for p in photos] == [{"sha256", "path", "taken_at", "place", "photographer", "caption"}] * 2
    # Stable order: by time taken (photo 2 was taken at 09:28, photo 0 at 09:30).
    assert [p["taken_at"] for p in photos] == ["2026-03-14T09:28:00+08:00", "2026-03-14T09:30:00+08:00"]
    assert photos == evidence.sheet_photos(ws.store, inspection_id=inspection)
    assert all(Path(p["path"]).is_file() and p["place"] == "湖源乡集镇3号" for p in photos)
    both = evidence.sheet_photos(ws.store, inspection_id=inspection, case_id=case)
    assert len(both) == 2  # the photo linked to both records appears once
    assert [p["caption"] for p in evidence.sheet_photos(ws.store, case_id=case)] == ["同一张"]


def test_cli_import_list_caption_unlink_verify(ws: Workspace, inspection: str, officers: list[str],
                                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(ws.store.data_dir)
    ws.close()
    good = make_jpeg(tmp_path / "cli" / "a.jpg", seed=60)
    (tmp_path / "cli" / "bad.jpg").write_text("not a photo")
    rc = main(["evidence", "import", str(tmp_path / "cli"), "--inspection", inspection[:13], "--officer", "35040501",
               "--data-dir", data, "--json"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 1 and out["counts"]["imported"] == 1 and out["counts"]["failed"] == 1
    bad = next(f for f in out["files"] if f["path"].endswith("bad.jpg"))
    assert bad["status"] == "failed" and bad["message"]["code"] == "not_an_image" and bad["message"]["en"]
    imported = next(f for f in out["files"] if f["status"] == "imported")
    rc = main(["evidence", "list", "--inspection", inspection[-8:], "--data-dir", data, "--json"])  # as listed
    [row] = json.loads(capsys.readouterr().out)
    assert rc == 0 and row["photographer"] == "陈志明" and row["linked_by"] == officers[0]
    assert row["path"].endswith(".jpg") and Path(row["path"]).read_bytes() == good.read_bytes()
    assert main(["evidence", "caption", imported["link_id"][-8:], "违规搭建的彩钢棚", "--data-dir", data]) == 0
    assert "违规搭建的彩钢棚" in capsys.readouterr().out
    assert main(["evidence", "verify", "--data-dir", data]) == 0
    assert "完好" in capsys.readouterr().out
    Path(row["path"]).unlink()
    assert main(["evidence", "verify", "--data-dir", data, "--lang", "en"]) == 1
    assert "missing" in capsys.readouterr().out
    assert main(["evidence", "unlink", imported["link_id"], "--data-dir", data]) == 0
    capsys.readouterr()
    assert main(["evidence", "list", "--inspection", inspection, "--data-dir", data, "--all"]) == 0
    listed = capsys.readouterr().out
    assert imported["link_id"][-8:] in listed and "已移除" in listed
    assert main(["evidence", "list", "--inspection", inspection, "--data-dir", data]) == 0
    assert imported["link_id"][-8:] not in capsys.readouterr().out
    assert main(["audit", "verify", "--data-dir", data]) == 0


def test_reimport_restores_a_lost_or_altered_original(ws: Workspace, inspection: str, case: str,
                                                      tmp_path: Path) -> None:
    src = make_jpeg(tmp_path / "a.jpg", seed=80)
    evidence.import_paths(ws.store, [src], inspection_id=inspection)
    stored = next(storage.stored_originals(ws.store.data_dir))[1]
    os.chmod(stored, 0o644)
    data = bytearray(stored.read_bytes())
    data[5000] ^= 0xFF  # same size, one byte different
    stored.write_bytes(bytes(data))
    assert not evidence.verify_originals(ws.store).ok
    report = evidence.import_paths(ws.store, [src], case_id=case)
    assert report.results[0].status == "linked"
    assert [n.code for n in report.results[0].notes] == ["original_restored"]
    assert stored.read_bytes() == src.read_bytes() and evidence.verify_originals(ws.store).ok
