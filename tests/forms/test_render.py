"""Every spec renders from demo data; what pdftotext reads back; page furniture; hard text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from doc_helpers import HAVE_POPPLER, make_document, pdftotext, png_pages

from fieldapp.forms import lifecycle
from fieldapp.forms.fonts import get_fonts
from fieldapp.forms.render import RenderJob, render
from fieldapp.forms.spec import all_specs, load_spec
from fieldapp.store import documents
from fieldapp.workspace import Workspace

pytestmark = pytest.mark.skipif(not HAVE_POPPLER, reason="needs poppler-utils (pdftotext, pdftoppm)")


def test_every_spec_renders_with_demo_data(docws: Workspace, tmp_path: Path) -> None:
    for code, spec in all_specs().items():
        doc, photos = make_document(docws, code, tmp_path)
        result = lifecycle.render_document(docws, doc["id"], photo_paths=photos)
        assert result.warnings == [], (code, result.warnings)
        pages = pdftotext(result.pdf, tmp_path)
        text = "".join(pages)
        flat = text.replace(" ", "").replace("\n", "")
        assert spec.title in flat, code
        assert doc["number"] and doc["number"] in flat, code
        assert doc["subject_name"] in flat, code
        party = doc["content"].get("party_name") or doc["content"].get("recipient")
        assert party and party in flat, code
        assert all(f"第{n}页共{len(pages)}页" in p.replace(" ", "") for n, p in enumerate(pages, start=1)), code
        # Kept for a person to look at: tmp_path/<code>-N.png
        assert png_pages(result.pdf, tmp_path, code)


def test_same_record_renders_to_the_same_bytes(docws: Workspace, tmp_path: Path) -> None:
    doc, _ = make_document(docws, "order_to_correct", tmp_path)
    first = lifecycle.render_document(docws, doc["id"]).pdf
    assert lifecycle.render_document(docws, doc["id"]).pdf == first  # invariant=1, deterministic signature


def _interview(pairs: int) -> dict:
    answer = "当时我在店里，门前的货物是早上送来的，我准备中午搬进去，没想到影响了行人通行。" * 2
    return {"party_kind": "person", "party_name": "王金水", "interviewee_name": "王金水", "officers": [
        {"name": "陈志明", "cert_no": "35041234501"}, {"name": "林秀英", "cert_no": "35045678902"}],
        "qa": [{"q": f"第{i}个问题：请说明当天的情况？", "a": answer} for i in range(1, pairs + 1)]}


def test_five_page_interview_counts_pages_and_has_the_signature_line_on_each(tmp_path: Path) -> None:
    spec = load_spec("interview_record")
    job = RenderJob(spec, _interview(16), "三明市沙县区湖源乡人民政府", "湖源综执询〔2026〕9号")
    result = render(job)
    pages = pdftotext(result.pdf, tmp_path)
    assert result.pages == len(pages) == 5
    for n, page in enumerate(pages, start=1):
        assert f"第{n}页共5页" in page.replace(" ", "")
        assert "被询问人签名：" in page
        assert "湖源综执询〔2026〕9号" in page
    assert png_pages(result.pdf, tmp_path, "interview", dpi=40)


def test_extremely_long_findings_flow_without_clipping(tmp_path: Path) -> None:
    spec = load_spec("inspection_record")
    sentence = "现场发现当事人在公路用地范围内堆放建筑材料约三十立方米，占用行车道，影响通行安全，且未设置警示标志。"
    long_text = "\n".join(f"{i}. {sentence}" for i in range(1, 121)) + "X" * 400  # an unbroken run wraps too
    job = RenderJob(spec, {"party_kind": "person", "party_name": "张三", "findings": long_text},
                    "三明市沙县区湖源乡人民政府", "湖源综执检〔2026〕5号")
    result = render(job)
    flat = "".join(pdftotext(result.pdf, tmp_path)).replace(" ", "").replace("\n", "")
    assert result.pages >= 6
    assert "120.现场发现" in flat and flat.count("X") == 400  # the last line made it onto paper


def test_rare_characters_render_with_a_fallback_font(tmp_path: Path) -> None:
    fonts = get_fonts()
    spec = load_spec("order_to_correct")
    name = "沙县𠮷祥龘记小吃店"
    job = RenderJob(spec, {"party_kind": "organisation", "party_name": name, "violation": "门前堆放货物。"},
                    "三明市沙县区湖源乡人民政府", "湖源综执责改〔2026〕2号")
    result = render(job)
    flat = "".join(pdftotext(result.pdf, tmp_path)).replace(" ", "")
    drawable = all(fonts.font_for(c) not in (None, "STSong-Light") or (fonts.cmap and ord(c) in fonts.cmap)
                   for c in "𠮷龘")
    if drawable:
        # A TrueType font with the glyph is embedded; non-BMP text extracts correctly too.
        assert name in flat and not result.warnings
    else:
        assert any(w.code == "glyph_missing" for w in result.warnings)
    png_pages(result.pdf, tmp_path, "rare", dpi=60)


def test_unused_fields_print_a_stroke_and_drafts_are_watermarked(docws: Workspace, tmp_path: Path) -> None:
    doc, _ = make_document(docws, "inspection_record", tmp_path, issue=False)
    content = {k: v for k, v in doc["content"].items() if k != "on_scene"}
    documents.update_draft(docws.store, doc["id"], content)
    text = "".join(pdftotext(lifecycle.render_document(docws, doc["id"]).pdf, tmp_path))
    assert "草" in text and "稿" in text and "（未编号）" in text  # the rotated watermark extracts letter by letter
    assert re.search(r"现场负责人（在场人）\s*/", text), text[:600]


@pytest.mark.parametrize("code", ["case_closing", "prior_notice", "inspection_record", "case_filing"])
def test_one_sheet_documents_stay_on_one_page(docws: Workspace, tmp_path: Path, code: str) -> None:
    # 结案审批表, 事先告知书 and a 现场检查笔录 with short findings used to leave their signatures
    # (or just the 一式两份 line) alone on a second page.
    doc, _ = make_document(docws, code, tmp_path, issue=False)
    if code == "inspection_record":
        documents.update_draft(docws.store, doc["id"], {**doc["content"], "findings": "现场发现门前堆放货物，占用人行道约 6 平方米。"})
    doc = lifecycle.issue_document(docws, doc["id"]).document
    result = lifecycle.render_document(docws, doc["id"])
    assert png_pages(result.pdf, tmp_path, code)  # kept for a person to look at
    assert result.pages == 1, code


FINDING = "现场发现门前堆放货物，占用人行道约6平方米。"


def _inspection_record(ws: Workspace, tmp: Path, findings: str, **values: str) -> lifecycle.RenderResult:
    doc, _ = make_document(ws, "inspection_record", tmp, issue=False)
    documents.update_draft(ws.store, doc["id"], {**doc["content"], "findings": findings, **values})
    return lifecycle.render_document(ws, lifecycle.issue_document(ws, doc["id"]).document["id"])


def test_inspection_record_with_three_lines_of_findings_is_one_sheet(docws: Workspace, tmp_path: Path) -> None:
    # Signed on site: short values share a table row (当事人 | 联系电话, 现场负责人 | 记录人) so that findings
    # of a few lines, 当事人意见 and every signature fit the one sheet the party signs.
    result = _inspection_record(docws, tmp_path, FINDING * 4)
    assert png_pages(result.pdf, tmp_path, "three_lines")
    assert result.pages == 1
    lines = pdftotext(result.pdf, tmp_path)[0].splitlines()
    assert any("当事人" in line and "联系电话" in line for line in lines)
    assert any("现场负责人" in line.replace(" ", "") and "记录人" in line for line in lines)
    # The 18-digit number and the address are too long to share a row: each keeps its own.
    assert not any("公民身份号码" in line and "住所" in line for line in lines)


@pytest.mark.parametrize("repeats", [6, 9, 14, 20])
def test_inspection_signatures_never_stand_alone_on_a_page(docws: Workspace, tmp_path: Path, repeats: int) -> None:
    # Wherever the findings end, the party's opinion goes with the signatures: the page the party and the
    # officers sign always carries the words they sign under.
    pages = pdftotext(_inspection_record(docws, tmp_path, FINDING * repeats).pdf, tmp_path)
    signed = [t for t in pages if "执法人员签名" in t.replace(" ", "")]
    assert len(signed) == 1 and "当事人意见" in signed[0].replace(" ", ""), [len(t) for t in pages]


def test_organisation_rows_pair_only_what_fits(docws: Workspace, tmp_path: Path) -> None:
    result = _inspection_record(docws, tmp_path, FINDING, party_kind="organisation",
                                party_name="沙县湖源乡绿源农资经营有限公司", party_uscc="91350427MA31X2Y44U",
                                party_legal_rep="许秀英")
    lines = [line.replace(" ", "") for line in pdftotext(result.pdf, tmp_path)[0].splitlines()]
    assert any("沙县湖源乡绿源农资经营有限公司" in line and "法定代表人" not in line for line in lines)
    assert any("91350427MA31X2Y44U" in line for line in lines)
    assert any("法定代表人" in line and "许秀英" in line and "联系电话" in line for line in lines)
    assert result.pages == 1


def test_long_labels_stay_on_one_line(docws: Workspace, tmp_path: Path) -> None:
    from doc_helpers import case_in

    doc = lifecycle.new_document(docws, "case_closing", case_id=case_in(docws, "closed"),
                                 values={"execution": "已缴清罚款。", "party_kind": "organisation",
                                         "party_uscc": "91350405MA2XXXXX0X", "party_legal_rep": "许秀英"}).document
    lines = pdftotext(lifecycle.render_document(docws, doc["id"]).pdf, tmp_path)[0].splitlines()
    assert any("统一社会信用代码" in line for line in lines)
    assert any("法定代表人（负责人）" in line.replace(" ", "") for line in lines)


def test_closing_sentence_of_a_record_stays_with_the_signatures(tmp_path: Path) -> None:
    spec = load_spec("interview_record")
    for pairs in range(1, 9):  # wherever the page break falls
        pages = pdftotext(render(RenderJob(spec, _interview(pairs), "三明市沙县区湖源乡人民政府", "X")).pdf, tmp_path)
        closing = [i for i, p in enumerate(pages) if "以上笔录我已看过" in p.replace(" ", "")]
        signed = [i for i, p in enumerate(pages) if "被询问人签名：____" in p.replace(" ", "")
                  and "拒绝签名的" in p]
        assert closing and signed and closing[-1] == signed[-1], pairs
