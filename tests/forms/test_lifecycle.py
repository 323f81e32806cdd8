"""Lifecycle: new from a record, issue with its checks, print and reprint, void and supersede, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from doc_helpers import HAVE_POPPLER, inspection_with, make_document, pdftotext

from fieldapp.cli.main import main
from fieldapp.forms import lifecycle
from fieldapp.messages import FieldappError
from fieldapp.store import documents
from fieldapp.workspace import Workspace


def test_new_document_is_prefilled_from_the_inspection(docws: Workspace) -> None:
    insp = inspection_with(docws, "person")
    doc = lifecycle.new_document(docws, "inspection_record", inspection_id=insp).document
    record = docws.store.one("SELECT i.*, p.name AS party FROM inspections i JOIN parties p ON p.id = i.party_id"
                             " WHERE i.id = ?", (insp,))
    assert record is not None
    c = doc["content"]
    assert c["party_name"] == record["party"] and c["place"] == record["place"]
    assert c["started_at"] == record["started_at"] and len(c["officers"]) == 2
    assert all(o["cert_no"] for o in c["officers"]) and c["recorder"] == c["officers"][1]["name"]
    assert doc["subject_name"].endswith(("人民政府", "局")) and doc["status"] == "draft"


def test_missing_required_field_refuses_issue_naming_it(docws: Workspace) -> None:
    doc = lifecycle.new_document(docws, "order_to_correct", inspection_id=inspection_with(docws),
                                 values={"correct_by": ""}).document
    with pytest.raises(FieldappError) as info:
        lifecycle.issue_document(docws, doc["id"])
    assert info.value.msg.code == "fields_missing" and "“改正期限”" in info.value.msg.zh
    assert documents.get_document(docws.store, doc["id"])["number"] is None


def test_invalid_id_number_warns_but_issues(docws: Workspace) -> None:
    out = lifecycle.new_document(docws, "inspection_record", inspection_id=inspection_with(docws, "person"),
                                 values={"party_id_number": "350405196709143511"})
    assert [w.code for w in out.warnings] == ["id_warning"]
    assert out.warnings[0].zh.count("请核对") == 1 and "; check it" not in out.warnings[0].en
    issued = lifecycle.issue_document(docws, out.document["id"])
    assert issued.document["number"] and any(w.code == "id_warning" for w in issued.warnings)


@pytest.mark.parametrize(("kind", "fine", "ok"), [("person", "200", True), ("person", "201", False),
                                                   ("organisation", "3000", True), ("organisation", "3001", False)])
def test_on_the_spot_limit_cites_article_51(docws: Workspace, kind: str, fine: str, ok: bool) -> None:
    values = {"fine": fine}
    if kind == "organisation":
        values.update(party_kind="organisation", party_uscc="9135058309622813X6", party_legal_rep="张三",
                      party_address="湖源乡湖源村1号")
    doc = lifecycle.new_document(docws, "penalty_on_the_spot", inspection_id=inspection_with(docws, kind),
                                 values=values).document
    if ok:
        assert lifecycle.issue_document(docws, doc["id"]).document["status"] == "issued"
        return
    with pytest.raises(FieldappError) as info:
        lifecycle.issue_document(docws, doc["id"])
    assert info.value.msg.code == "penalty.spot.too_high" and "第五十一条" in info.value.msg.zh


def test_fewer_than_two_valid_officers_refuses(docws: Workspace) -> None:
    doc = lifecycle.new_document(docws, "penalty_on_the_spot", inspection_id=inspection_with(docws),
                                 values={"fine": "50"}).document
    expired = docws.store.one("SELECT id, name, cert_no FROM officers WHERE name = '郑国平'")
    content = dict(doc["content"], officers=[doc["content"]["officers"][0], expired])
    documents.update_draft(docws.store, doc["id"], content)
    with pytest.raises(FieldappError) as info:
        lifecycle.issue_document(docws, doc["id"])
    assert info.value.msg.code == "officers_invalid" and "第四十二条" in info.value.msg.zh


def test_issue_needs_an_enrolled_laptop(demo_dir: Path) -> None:
    shutil.rmtree(demo_dir / "keys")
    with Workspace.open(demo_dir) as ws:
        doc = lifecycle.new_document(ws, "inspection_record", inspection_id=inspection_with(ws)).document
        with pytest.raises(FieldappError) as info:
            lifecycle.issue_document(ws, doc["id"])
        assert info.value.msg.code == "not_enrolled"
        assert documents.get_document(ws.store, doc["id"])["status"] == "draft"


@pytest.mark.skipif(not HAVE_POPPLER, reason="needs pdftotext")
def test_print_reprint_void_supersede(docws: Workspace, tmp_path: Path) -> None:
    doc, _ = make_document(docws, "penalty_on_the_spot", tmp_path)
    first = lifecycle.print_document(docws, doc["id"], to_pdf=tmp_path / "1.pdf").document
    second = lifecycle.print_document(docws, doc["id"], to_pdf=tmp_path / "2.pdf").document
    assert (first["print_count"], second["print_count"]) == (1, 2)
    assert "副本" not in "".join(pdftotext((tmp_path / "1.pdf").read_bytes(), tmp_path))
    assert "副本（第2次打印）" in "".join(pdftotext((tmp_path / "2.pdf").read_bytes(), tmp_path)).replace(" ", "")
    actions = [r["action"] for r in docws.store.query(
        "SELECT action FROM audit_log WHERE entity = 'document' AND entity_id = ? ORDER BY seq", (doc["id"],))]
    assert actions == ["create", "issue", "print:pdf:1.pdf", "print:pdf:2.pdf"]
    with pytest.raises(FieldappError):
        documents.update_draft(docws.store, doc["id"], {"fine": "1"})
    new = lifecycle.supersede_document(docws, doc["id"], "金额写错", {"fine": "80"}).document
    assert new["supersedes"] == doc["id"] and new["content"]["fine"] == "80"
    reissued = lifecycle.issue_document(docws, new["id"]).document
    old = documents.get_document(docws.store, doc["id"])
    assert old["status"] == "voided" and old["number"] == doc["number"] != reissued["number"]
    with pytest.raises(FieldappError) as info:
        lifecycle.print_document(docws, doc["id"], to_pdf=tmp_path / "3.pdf")
    assert info.value.msg.code == "not_issued"


@pytest.mark.skipif(not HAVE_POPPLER, reason="needs pdftotext")
def test_one_print_makes_every_copy_the_spec_declares(docws: Workspace, tmp_path: Path) -> None:
    # 当场行政处罚决定书 一式两份: the counterfoil is an original too, not a 副本 printed later.
    doc, _ = make_document(docws, "penalty_on_the_spot", tmp_path)
    after = lifecycle.print_document(docws, doc["id"], to_pdf=tmp_path / "1.pdf").document
    assert after["print_count"] == 1
    pages = [p.replace(" ", "") for p in pdftotext((tmp_path / "1.pdf").read_bytes(), tmp_path)]
    half = len(pages) // 2
    assert len(pages) == 2 * half and half >= 1
    assert all("第一联交当事人" in p for p in pages[:half]) and all("第二联存根" in p for p in pages[half:])
    assert not any("副本" in p for p in pages)
    # Each set is paged on its own: 第 1 页 共 N 页 restarts for the 存根.
    assert f"第1页共{half}页" in pages[0] and f"第1页共{half}页" in pages[half]
    lifecycle.print_document(docws, doc["id"], to_pdf=tmp_path / "2.pdf")
    again = [p.replace(" ", "") for p in pdftotext((tmp_path / "2.pdf").read_bytes(), tmp_path)]
    assert "副本（第2次打印）第二联存根" in again[-1]


def test_printer_without_cups_is_a_clear_error(docws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    doc, _ = make_document(docws, "order_to_correct", tmp_path)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert main(["--data-dir", str(docws.store.data_dir), "doc", "print", doc["id"], "--printer", "hp"]) == 1
    assert "CUPS" in capsys.readouterr().err
    assert documents.get_document(docws.store, doc["id"])["print_count"] == 0


@pytest.mark.skipif(not HAVE_POPPLER, reason="needs poppler")
def test_cli_new_issue_print_verify(docws: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(docws.store.data_dir)]
    insp = inspection_with(docws)
    assert main([*data, "--json", "doc", "new", "责令（限期）改正通知书", "--inspection", insp,
                 "--set", "requirement=三日内清理门前堆放物。"]) == 0
    doc_id = json.loads(capsys.readouterr().out)["document"]["id"]
    assert main([*data, "--json", "doc", "issue", doc_id]) == 0
    number = json.loads(capsys.readouterr().out)["document"]["number"]
    pdf = tmp_path / "out.pdf"
    assert main([*data, "doc", "print", doc_id, "--to-pdf", str(pdf)]) == 0
    capsys.readouterr()
    assert main([*data, "--json", "verify", str(pdf)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["valid"] and result["document"]["number"] == number
    assert main([*data, "--json", "doc", "list", "--inspection", insp]) == 0
    assert any(r["number"] == number for r in json.loads(capsys.readouterr().out))
    assert main([*data, "doc", "void", doc_id, "--reason", "送达对象错误"]) == 0
    capsys.readouterr()
    assert main([*data, "verify", str(pdf)]) == 1
    assert "作废" in capsys.readouterr().out


@pytest.mark.skipif(not HAVE_POPPLER, reason="needs poppler")
def test_photo_sheet_from_the_evidence_package_is_signed_over_the_photo_hashes(docws: Workspace,
                                                                               tmp_path: Path) -> None:
    evidence = pytest.importorskip("fieldapp.evidence")
    from doc_helpers import make_photos

    from fieldapp.forms.verify import verify_file

    insp = inspection_with(docws)
    files = make_photos(tmp_path / "camera", 3)
    evidence.import_paths(docws.store, [Path(p["path"]) for p in files], inspection_id=insp,
                          photographer="陈志明", caption="门前堆放货物")
    doc = lifecycle.new_document(docws, "photo_sheet", inspection_id=insp).document
    hashes = {p["sha256"] for p in doc["content"]["photos"]}
    assert hashes == {p["sha256"] for p in files} and all("path" not in p for p in doc["content"]["photos"])
    issued = lifecycle.issue_document(docws, doc["id"]).document
    out = lifecycle.print_document(docws, issued["id"], to_pdf=tmp_path / "sheet.pdf")
    assert out.warnings == []
    text = "".join(pdftotext((tmp_path / "sheet.pdf").read_bytes(), tmp_path)).replace(" ", "")
    assert "第1页共2页" in text and all(h[:20] in text.replace("\n", "") for h in hashes)
    assert verify_file(tmp_path / "sheet.pdf", docws.store.data_dir).status == "valid"


def _word_boxes(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    import re
    import subprocess

    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    boxes, page = [], 0
    for line in out.splitlines():
        if line.strip().startswith("<page"):
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*)</word>', line)
        if m:
            x0, y0, x1, y1 = (float(v) for v in m.groups()[:4])
            boxes.append((page, x0, y0, x1, y1, m.group(5)))
    return boxes


@pytest.mark.skipif(not HAVE_POPPLER, reason="needs poppler")
def test_photo_sheet_long_captions_do_not_overprint_and_reprints_keep_unlinked_photos(docws: Workspace,
                                                                                      tmp_path: Path) -> None:
    evidence = pytest.importorskip("fieldapp.evidence")
    from doc_helpers import make_photos

    insp = inspection_with(docws)
    files = make_photos(tmp_path / "camera", 3)
    long = "当事人在湖源乡集镇3号门前公共通道堆放建筑材料及货物，占用人行道约十二平方米，影响行人通行，经现场勘验拍照固定" * 3
    captions = ["门前堆放货物", "当事人在门前公共通道堆放建筑材料，占用人行道约十二平方米，影响行人通行和消防通道畅通", long]
    for photo, caption in zip(files, captions, strict=True):
        evidence.import_paths(docws.store, [Path(photo["path"])], inspection_id=insp, photographer="陈志明",
                              caption=caption)
    doc = lifecycle.new_document(docws, "photo_sheet", inspection_id=insp).document
    issued = lifecycle.issue_document(docws, doc["id"]).document
    first = tmp_path / "sheet.pdf"
    assert lifecycle.print_document(docws, issued["id"], to_pdf=first).warnings == []

    # An info column that overflows its 76 mm block is pushed up over the page's top margin
    # (GB/T 9704: 37 mm = 105 pt), where only the QR and its caption belong.
    in_top_margin = [w[5] for w in _word_boxes(first) if w[2] < 37 * 72 / 25.4]
    assert in_top_margin and set(in_top_margin) == {"扫码核验真伪"}
    flat = "".join(pdftotext(first.read_bytes(), tmp_path)).replace(" ", "").replace("\n", "")
    assert long[:40] in flat and long[-20:] in flat  # the long caption is printed whole, below its photo

    # Unlinking a photo after the sheet was issued leaves the sheet as it was signed.
    link = next(r for r in evidence.list_evidence(docws.store, inspection_id=insp) if r["caption"] == "门前堆放货物")
    evidence.unlink(docws.store, link["id"], reason="拍错对象")
    again = lifecycle.print_document(docws, issued["id"], to_pdf=tmp_path / "copy.pdf")
    assert again.warnings == []
    assert "照片文件缺失" not in "".join(pdftotext((tmp_path / "copy.pdf").read_bytes(), tmp_path))


def test_an_issued_document_cannot_go_back_to_draft(docws: Workspace, tmp_path: Path) -> None:
    import sqlite3

    from fieldapp.store.db import STORE_FILENAME

    doc, _ = make_document(docws, "order_to_correct", tmp_path)
    conn = sqlite3.connect(docws.store.data_dir / STORE_FILENAME)  # bypassing the app, as a hand edit would
    try:
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            conn.execute("UPDATE documents SET status = 'draft' WHERE id = ?", (doc["id"],))
        conn.execute("UPDATE documents SET status = 'voided', void_reason = 'x' WHERE id = ?", (doc["id"],))
        conn.commit()
    finally:
        conn.close()
    assert documents.get_document(docws.store, doc["id"])["status"] == "voided"


def test_cli_records_the_officer_and_takes_short_ids_and_numbers(docws: Workspace, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data-dir", str(docws.store.data_dir)]
    doc, _ = make_document(docws, "order_to_correct", tmp_path, issue=False)
    officer = docws.store.one("SELECT id, cert_no FROM officers WHERE cert_no IS NOT NULL ORDER BY name LIMIT 1")
    assert officer is not None
    assert main([*data, "doc", "issue", doc["id"][-8:], "--officer", "350000000000"]) == 1
    assert "350000000000" in capsys.readouterr().err
    assert documents.get_document(docws.store, doc["id"])["status"] == "draft"
    assert main([*data, "doc", "issue", doc["id"][-8:], "--officer", officer["cert_no"]]) == 0
    number = documents.get_document(docws.store, doc["id"])["number"]
    assert main([*data, "doc", "print", number, "--to-pdf", str(tmp_path / "p.pdf"),
                 "--officer", officer["cert_no"]]) == 0
    capsys.readouterr()
    assert main([*data, "doc", "supersede", doc["id"][-8:], "--reason", "期限写错", "--officer",
                 officer["cert_no"]]) == 0
    assert number in capsys.readouterr().out  # the new draft says which number it replaces
    actors = {r["action"]: r["officer_id"] for r in docws.store.query(
        "SELECT action, officer_id FROM audit_log WHERE entity = 'document' AND entity_id = ?", (doc["id"],))}
    assert actors["issue"] == actors["print:pdf:p.pdf"] == actors["void"] == officer["id"]
    assert main([*data, "doc", "list"]) == 0
    assert doc["id"][-8:] in capsys.readouterr().out
