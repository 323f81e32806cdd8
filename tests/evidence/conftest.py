"""Real photo files for the evidence tests: small, noisy, with EXIF where asked."""

from __future__ import annotations

import io
import struct
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PIL.TiffImagePlugin import IFDRational

from fieldapp.store import cases, documents
from fieldapp.store.cases import CaseInput, update_row
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer
from fieldapp.workspace import Workspace


def noisy(size: tuple[int, int] = (640, 480), seed: int = 0) -> Image.Image:
    """Noise so the encoder cannot shrink it to nothing, tinted per seed so each photo differs."""
    base = Image.effect_noise(size, 30 + seed % 20).convert("RGB")
    tint = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    return Image.blend(base, tint, 0.5)


def exif_bytes(taken: str | None = "2026:03:14 09:26:53", make: str = "HUAWEI", model: str = "HUAWEI Mate 60",
               orientation: int | None = 1, gps: tuple[float, float] | None = (26.3957, 117.7893)) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = make, model
    if orientation is not None:
        exif[0x0112] = orientation
    if taken:
        sub = exif.get_ifd(0x8769)
        sub[0x9003] = taken
        sub[0x9011] = "+08:00"
    if gps:
        g = exif.get_ifd(0x8825)
        for ref_tag, val_tag, value, refs in ((1, 2, gps[0], "NS"), (3, 4, gps[1], "EW")):
            deg = abs(value)
            d, m = int(deg), int((deg - int(deg)) * 60)
            s = round((deg - d - m / 60) * 3600, 2)
            g[ref_tag] = refs[0] if value >= 0 else refs[1]
            g[val_tag] = (IFDRational(d, 1), IFDRational(m, 1), IFDRational(int(s * 100), 100))
    return exif.tobytes()


def make_jpeg(path: Path, seed: int = 0, size: tuple[int, int] = (640, 480), **exif: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    noisy(size, seed).save(path, "JPEG", quality=85, exif=exif_bytes(**exif))
    return path


def with_app1(jpeg: bytes, payload: bytes) -> bytes:
    """Insert a raw APP1 segment right after SOI (how a broken EXIF block reaches us)."""
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


def plain_jpeg(seed: int = 0, size: tuple[int, int] = (320, 240)) -> bytes:
    buf = io.BytesIO()
    noisy(size, seed).save(buf, "JPEG", quality=85)
    return buf.getvalue()


@pytest.fixture
def officers(ws: Workspace) -> list[str]:
    return [add_officer(ws.store, name=name, cert_no=f"3504050{i}", unit="湖源乡综合执法队", password="secret1")
            for i, name in enumerate(["陈志明", "林秀英"], start=1)]


def new_inspection(ws: Workspace, officers: list[str], place: str = "湖源乡集镇3号") -> str:
    seen: dict[str, str] = {}
    for matter in ws.catalogue.matters.values():
        seen.setdefault(matter.category, matter.code)
    code = next(iter(seen.values()))
    return ws.create_inspection(InspectionInput(
        township="湖源乡", officers=officers, matters=[MatterFinding(code, "占道经营", False)], place=place,
        started_at=f"{date.today()}T09:05", status="draft"))


@pytest.fixture
def inspection(ws: Workspace, officers: list[str]) -> str:
    return new_inspection(ws, officers)


@pytest.fixture
def case(ws: Workspace, officers: list[str], inspection: str) -> str:
    code = next(iter(ws.catalogue.matters))
    with ws.store.change() as ch:
        return cases.insert_case(ch, CaseInput(township="湖源乡", source="inspection", matters=[code],
                                               officers=officers, inspection_id=inspection, title="占道经营"))


def issue_document(ws: Workspace, *, inspection_id: str | None = None, case_id: str | None = None,
                   content: dict[str, Any] | None = None) -> str:
    """An issued document on a record (numbering is another module's business: set directly, audited)."""
    doc_id = documents.create_draft(ws.store, doc_type="photo_sheet", content=content or {},
                                    inspection_id=inspection_id, case_id=case_id, subject_key="huyuan",
                                    subject_name="湖源乡人民政府")
    with ws.store.change() as ch:
        update_row(ch, "document", doc_id, "issue", status="issued", number=f"湖源综执证〔2026〕{doc_id[-4:]}号",
                   issued_at=ch.ts)
    return doc_id
