"""Helpers for the document tests: demo records of every type, pdftotext, PNG pages, photos."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from fieldapp.forms import lifecycle
from fieldapp.store import documents
from fieldapp.workspace import Workspace

HAVE_POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdftoppm") is not None


def pdftotext(pdf: bytes, tmp: Path) -> list[str]:
    path = tmp / "t.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8").split("\f")[:-1]


def png_pages(pdf: bytes, out_dir: Path, stem: str, dpi: int = 60) -> list[Path]:
    """Pages as PNG, for looking at the layout (kept under the test's tmp dir)."""
    path = out_dir / f"{stem}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(path), str(out_dir / stem)], check=True)
    return sorted(out_dir.glob(f"{stem}-*.png"))


def inspection_with(ws: Workspace, kind: str = "person") -> str:
    row = ws.store.one("SELECT i.id FROM inspections i JOIN parties p ON p.id = i.party_id WHERE i.status = 'final'"
                       " AND p.kind = ? ORDER BY i.result = 'compliant', i.started_at LIMIT 1", (kind,))
    assert row is not None
    return str(row["id"])


def case_in(ws: Workspace, state: str) -> str:
    row = ws.store.one("SELECT id FROM cases WHERE state = ? AND escalated = 0 ORDER BY created_at LIMIT 1", (state,))
    assert row is not None
    return str(row["id"])


def make_photos(folder: Path, n: int = 3) -> list[dict[str, Any]]:
    """Evidence photos in the shape fieldapp.evidence.sheet_photos returns (see docs/documents.md)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        img = Image.new("RGB", (640, 480) if i % 2 == 0 else (480, 640), (40 + 60 * i, 120, 200 - 50 * i))
        draw = ImageDraw.Draw(img)
        draw.rectangle((60, 60, 300, 260), outline=(255, 255, 255), width=8)
        draw.text((80, 300), f"photo {i + 1}", fill=(255, 255, 0))
        path = folder / f"p{i}.jpg"
        img.save(path, "JPEG", quality=85)
        out.append({"sha256": hashlib.sha256(path.read_bytes()).hexdigest(), "path": str(path),
                    "taken_at": f"2026-03-05T09:{10 + i:02d}", "place": "湖源乡集镇3号门前", "photographer": "陈志明",
                    "caption": f"违法搭建构筑物现场第{i + 1}张"})
    return out


def values_for(doc_type: str) -> dict[str, str]:
    """What an officer types for fields the record cannot supply."""
    return {
        "interview_record": {"qa": "你是否听清楚了？|听清楚了。;;你是否申请回避？|不申请。;;你的店什么时候开始在门前堆放货物？|"
                                   "上个月开始。", "interviewee_workplace": "个体经营"},
        "penalty_on_the_spot": {"fine": "100"},
        "evidence_preservation": {"approved_by": "陈志明", "items": "烟花爆竹|礼花弹 36 发|12 箱|已封存;;搭建材料|钢管|20 根|/"},
        "prior_notice": {"evidence": "现场检查笔录、询问笔录、现场照片"},
        "penalty_decision": {"evidence": "现场检查笔录、询问笔录、现场照片", "fine": "3000"},
        "service_receipt": {"served_doc_name": "行政处罚决定书", "served_doc_number": "湖源综执罚〔2026〕1号"},
        "case_referral": {"receiver_org": "三明市公安局沙县分局", "reason": "涉案数量较大，可能涉嫌非法经营罪。",
                          "suspected_crime": "true"},
        "case_closing": {"execution": "当事人已于 2026 年 3 月 20 日缴清罚款。"},
        "case_filing": {"approver": "陈志明"},
    }.get(doc_type, {})


def record_for(ws: Workspace, doc_type: str) -> dict[str, str]:
    from fieldapp.forms.spec import load_spec

    spec = load_spec(doc_type)
    if spec.record == "case":
        state = {"prior_notice": "notified", "penalty_decision": "served", "case_closing": "closed"}.get(doc_type, "filed")
        return {"case_id": case_in(ws, state)}
    return {"inspection_id": inspection_with(ws, "person")}


def make_document(ws: Workspace, doc_type: str, tmp: Path, *, issue: bool = True) -> tuple[dict[str, Any], dict]:
    """A document of `doc_type` from demo data; returns it and the photo paths for rendering."""
    out = lifecycle.new_document(ws, doc_type, values=values_for(doc_type), **record_for(ws, doc_type))
    doc = out.document
    paths: dict[str, Path] = {}
    if doc_type == "photo_sheet":
        photos = make_photos(tmp / "photos")
        paths = {p["sha256"]: Path(p["path"]) for p in photos}
        content = {**doc["content"], "photos": [{k: v for k, v in p.items() if k != "path"} for p in photos]}
        documents.update_draft(ws.store, doc["id"], content)
    if issue:
        doc = lifecycle.issue_document(ws, doc["id"]).document
    return documents.get_document(ws.store, doc["id"]), paths
