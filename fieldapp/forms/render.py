"""PDF rendering with reportlab: A4, GB/T 9704 geometry, signed QR on every page.

Page furniture is drawn after the whole document is laid out (a deferred
canvas), because "第 N 页 共 M 页" needs the page count. Output is repeatable
(reportlab `invariant=1`): the same record renders to the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Spacer

from fieldapp.forms import fmt
from fieldapp.forms.blocks import Blocks, Styles
from fieldapp.forms.fonts import FontSet, get_fonts
from fieldapp.forms.qr import draw_qr
from fieldapp.forms.spec import DocSpec
from fieldapp.messages import Msg

PAGE_W, PAGE_H = A4
TOP, LEFT, TYPE_W, TYPE_H = 37 * mm, 28 * mm, 156 * mm, 225 * mm  # GB/T 9704
QR_SIZE = 27 * mm
CN_ORDINALS = "一二三四五六七八九十"


def set_labels(copies: tuple[str, ...]) -> tuple[str, ...]:
    """第一联 交当事人, 第二联 存根 …: the label printed on every page of each set."""
    return tuple(f"第{CN_ORDINALS[i] if i < len(CN_ORDINALS) else i + 1}联 {c}" for i, c in enumerate(copies))


class _SetStart(Flowable):
    """Zero-size marker: the page it lands on starts set `index` (its 第 N 页 共 M 页 restarts)."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._fa_set = self.index  # type: ignore[attr-defined]


@dataclass
class RenderJob:
    """Everything printed on a document; built from the record by fieldapp.forms.lifecycle."""

    spec: DocSpec
    content: dict[str, Any]
    subject_name: str
    number: str | None = None
    issued_on: date | None = None
    context: dict[str, str] = field(default_factory=dict)
    qr_text: str | None = None
    watermark: str | None = None  # 草稿 / 副本 / 已作废 / 样张
    copy_label: str | None = None  # e.g. "副本（第 2 次打印）"
    # One full set of pages per 联 (e.g. 第一联 交当事人 / 第二联 存根), each paged on its own.
    sets: tuple[str, ...] = ()
    doc_id: str = ""
    photo_paths: dict[str, Path] = field(default_factory=dict)
    verify_photos: bool = True  # hash each photo file against the signed SHA-256 before printing it


@dataclass
class RenderResult:
    pdf: bytes
    pages: int
    warnings: list[Msg]


def _draw_text(c: Canvas, fonts: FontSet, text: str, x: float, y: float, size: float, align: str = "left") -> None:
    """Canvas text with per-glyph font fallback (rare characters in a party's name)."""
    runs = fonts.runs(text)
    width = sum(c.stringWidth(t, f, size) for f, t in runs)
    x = x - width / 2 if align == "center" else x - width if align == "right" else x
    for font, part in runs:
        c.setFont(font, size)
        c.drawString(x, y, part)
        x += c.stringWidth(part, font, size)


def _canvas_class(job: RenderJob, fonts: FontSet, counter: list[int]) -> type[Canvas]:
    class DocCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            counter.append(len(self._pages))
            sets = [int(state.get("_fa_set", 0)) for state in self._pages]
            seen: dict[int, int] = {}
            for state, which in zip(self._pages, sets, strict=True):
                seen[which] = seen.get(which, 0) + 1
                self.__dict__.update(state)
                decorate(self, job, fonts, seen[which], sets.count(which), which)
                super().showPage()
            super().save()

    return DocCanvas


def decorate(c: Canvas, job: RenderJob, fonts: FontSet, page: int, total: int, which: int = 0) -> None:
    top = PAGE_H - TOP
    bottom = PAGE_H - TOP - TYPE_H
    right = LEFT + TYPE_W
    if job.watermark:
        c.saveState()
        c.setFillColorRGB(0.55, 0.55, 0.55)
        c.setFillAlpha(0.22)
        c.translate(PAGE_W / 2, PAGE_H / 2)
        c.rotate(35)
        _draw_text(c, fonts, job.watermark, 0, -40, 130, "center")
        c.restoreState()
    if job.qr_text:
        # Top-right, inside the 37 mm top margin, with a white quiet zone around it.
        x, y = right - QR_SIZE, PAGE_H - 4 * mm - QR_SIZE
        draw_qr(c, job.qr_text, x, y, QR_SIZE)
        _draw_text(c, fonts, "扫码核验真伪", x + QR_SIZE / 2, y - 3.2 * mm, 7, "center")
    label = "  ".join(x for x in (job.copy_label, job.sets[which] if which < len(job.sets) else None) if x)
    if label:
        _draw_text(c, fonts, label, LEFT, top + 6 * mm, 12)
    # Footer in the 35 mm bottom margin: the party signs every page of a 笔录.
    if job.spec.kind == "record":
        _draw_text(c, fonts, job.spec.page_signature + "________________      ____年___月___日", LEFT,
                   bottom - 12 * mm, 12)
    _draw_text(c, fonts, f"第 {page} 页 共 {total} 页", PAGE_W / 2, bottom - 22 * mm, 10.5, "center")
    if job.number:
        _draw_text(c, fonts, job.number, right, bottom - 22 * mm, 9, "right")


def render(job: RenderJob, fonts: FontSet | None = None) -> RenderResult:
    fonts = fonts or get_fonts()
    st = Styles(fonts, job.spec.body_size, compact=job.spec.kind in ("form", "record"))
    blocks = Blocks(job.spec, job.content, {"subject_name": job.subject_name, **job.context}, st, job.photo_paths,
                    verify_photos=job.verify_photos)
    story: list[Flowable] = []
    for which in range(max(1, len(job.sets))):
        if which:
            story += [PageBreak(), _SetStart(which)]
        story += [st.p(job.subject_name, st.title), st.p(job.spec.title, st.title)]
        story.append(st.p(job.number or "（未编号）", st.number))
        story.append(Spacer(1, blocks.gap))
        story += blocks.build()
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=LEFT, rightMargin=PAGE_W - LEFT - TYPE_W, topMargin=TOP,
                          bottomMargin=PAGE_H - TOP - TYPE_H, invariant=1, title=f"{job.spec.title} {job.number or ''}",
                          author=job.subject_name, subject=job.doc_id, creator="fieldapp", pageCompression=1)
    frame = Frame(LEFT, PAGE_H - TOP - TYPE_H, TYPE_W, TYPE_H, leftPadding=0, rightPadding=0, topPadding=0,
                  bottomPadding=0, id="type-area")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    counter: list[int] = []
    doc.build(story, canvasmaker=_canvas_class(job, fonts, counter))
    warnings: list[Msg] = []
    for w in blocks.warnings:  # each set is built again: report a problem once
        if all((w.code, w.zh) != (x.code, x.zh) for x in warnings):
            warnings.append(w)
    if fonts.missing:
        chars = "".join(sorted(fonts.missing))
        warnings.append(Msg(
            f"以下生僻字没有可嵌入的字体：{chars}。请将含这些字的 TrueType 字体放入 resources/fonts/（或安装 fonts-hanazono）。",
            f"No embeddable font has these rare characters: {chars}. Put a TrueType font with them in "
            "resources/fonts/ (or install fonts-hanazono).", "glyph_missing", {"chars": chars}))
    return RenderResult(buf.getvalue(), counter[-1] if counter else 0, warnings)


def context_for(subject_name: str, county_full_name: str, number: str | None, issued_on: date | None,
                party_name: str) -> dict[str, str]:
    """Placeholders of the fixed legal text that come from the workspace, not the form."""
    return {"subject_name": subject_name, "county": county_full_name, "review_body": f"{county_full_name}人民政府",
            "court": f"{county_full_name}人民法院", "number": number or "", "party_name": party_name,
            "issued_date": fmt.cn_date(issued_on) if issued_on else ""}
