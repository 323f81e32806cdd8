"""Spec sections as reportlab flowables, laid out as a printed government form.

Long text is never put inside a table cell: platypus splits tables only
between rows, so a long finding in one cell would not fit a page. Text blocks
are plain paragraphs that wrap anywhere (CJK) and flow across pages.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image as PILImage
from PIL import ImageOps
from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from fieldapp.forms import fmt
from fieldapp.forms.fonts import FontSet
from fieldapp.forms.spec import DocSpec, Section
from fieldapp.forms.validate import is_empty
from fieldapp.messages import Msg

TYPE_W = 156 * mm  # GB/T 9704 type area: 156 × 225 mm
BODY_SIZE = 16  # 3号
BODY_LEADING = 225 * mm / 22  # 22 lines a page
TABLE_SIZE = 14  # 4号 in form tables, so label and value fit a row
TITLE_SIZE = 22  # 2号
# 44 mm holds the longest labels (统一社会信用代码, 法定代表人（负责人）) on one line at 4号 with padding.
LABEL_W = 44 * mm
MIN_LABEL_SIZE = 9.0  # 小五
CELL_PAD = 4
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# reportlab's line-start prohibitions (禁则) miss the full-width Chinese punctuation,
# so a "，" could begin a line; let it hang in the margin instead, as typesetters do.
_HANGING = "，。：；！？、）》」』”’〉】〕"
for _module in (_rl_paragraph, _rl_textsplit):  # one-font paragraphs wrap in textsplit, mixed ones in paragraph
    if not _module.ALL_CANNOT_START.endswith(_HANGING):
        _module.ALL_CANNOT_START += _HANGING


# 76 mm a photo: two photos plus the title block fit the 225 mm type area.
PHOTO_BLOCK = 76 * mm


@dataclass
class Styles:
    fonts: FontSet
    body_size: float = BODY_SIZE
    compact: bool = False  # forms and 笔录: table rows set at 1.25 lines instead of 1.35
    body: ParagraphStyle = field(init=False)
    heading: ParagraphStyle = field(init=False)
    cell: ParagraphStyle = field(init=False)
    label: ParagraphStyle = field(init=False)
    title: ParagraphStyle = field(init=False)
    question: ParagraphStyle = field(init=False)
    number: ParagraphStyle = field(init=False)
    small: ParagraphStyle = field(init=False)
    sign: ParagraphStyle = field(init=False)

    def __post_init__(self) -> None:
        f = self.fonts
        base = {"fontName": f.body, "wordWrap": "CJK", "textColor": colors.black}
        size = self.body_size
        # 4号 bodies are the one-sheet forms: 1.5 lines still reads well and keeps them on the sheet.
        leading = BODY_LEADING if size == BODY_SIZE else size * 1.5
        self.body = ParagraphStyle("body", fontSize=size, leading=leading, firstLineIndent=2 * size,
                                   alignment=TA_LEFT, **base)
        # A heading never ends a page alone; a question stays with the start of its answer.
        self.heading = ParagraphStyle("heading", fontSize=size, leading=leading, keepWithNext=1,
                                      **{**base, "fontName": f.title})
        self.question = ParagraphStyle("question", parent=self.body, keepWithNext=1)
        cell_leading = TABLE_SIZE * (1.25 if self.compact else 1.35)
        self.cell = ParagraphStyle("cell", fontSize=TABLE_SIZE, leading=cell_leading, **base)
        self.label = ParagraphStyle("label", fontSize=TABLE_SIZE, leading=cell_leading, alignment=TA_CENTER, **base)
        self.title = ParagraphStyle("title", fontSize=TITLE_SIZE, leading=TITLE_SIZE * 1.45, alignment=TA_CENTER,
                                    **{**base, "fontName": f.title})
        self.number = ParagraphStyle("number", fontSize=BODY_SIZE, leading=BODY_SIZE * (1.4 if self.compact else 1.6),
                                     alignment=TA_RIGHT, **base)
        self.small = ParagraphStyle("small", fontSize=10.5, leading=14, **base)
        self.sign = ParagraphStyle("sign", fontSize=12, leading=16, **base)

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(self.fonts.markup(text), style)


@dataclass
class Blocks:
    """Builds the flowables of one document."""

    spec: DocSpec
    content: dict[str, Any]
    context: dict[str, str]
    st: Styles
    photo_paths: dict[str, Path] = field(default_factory=dict)
    warnings: list[Msg] = field(default_factory=list)
    verify_photos: bool = True

    def value(self, key: str) -> str:
        f = self.spec.fields.get(key)
        return fmt.show(f, self.content.get(key))

    def placeholder(self, key: str) -> str:
        if key in self.spec.fields:
            return fmt.short_text(self.spec.fields[key], self.content.get(key))
        return self.context.get(key, "____")

    def build(self) -> list[Flowable]:
        out: list[Flowable] = []
        closing: list[Flowable] = []
        shown = [sec for sec in self.spec.sections if self._shown(sec)]
        for i, sec in enumerate(shown):
            flow = getattr(self, f"_{sec.kind}")(sec)
            if self.spec.kind == "record" and sec.kind in ("legal", "text") and i == len(shown) - 1:
                # A 笔录's last words (以上笔录我已看过…, 当事人意见) are what the party signs under: never let
                # them end a page with the signatures alone on the next.
                closing = flow
            else:
                out += flow
        out += self._signatures(closing)
        out += self._seal()
        if self.spec.copies:
            out.append(Spacer(1, 1 * mm))
            out.append(self.st.p(f"本文书一式{len(self.spec.copies)}份：" + "，".join(self.spec.copies) + "。",
                                 self.st.small))
        return out

    @property
    def compact(self) -> bool:
        """Approval forms and 笔录 are grids of short rows meant to stay on their sheet: tighter spacing."""
        return self.spec.kind in ("form", "record")

    @property
    def gap(self) -> float:
        return 1 * mm if self.compact else 2 * mm

    def _shown(self, sec: Section) -> bool:
        if (sec.when and is_empty(self.content.get(sec.when))) or (sec.when and self.content.get(sec.when) is False):
            return False
        return not (sec.unless and not is_empty(self.content.get(sec.unless))
                    and self.content.get(sec.unless) is not False)

    # -- sections ------------------------------------------------------------
    def _table(self, rows: list[list[Any]], widths: list[float]) -> Table:
        table = Table(rows, colWidths=widths, repeatRows=0, hAlign="LEFT")
        top, bottom = (2, 3) if self.compact else (3, 4)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), top), ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
            ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD), ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD)]))
        return table

    def _width(self, text: str) -> float:
        """Printed width of `text` in a table cell, each run in the font that has its glyphs."""
        return sum(stringWidth(part, font, TABLE_SIZE) for font, part in self.st.fonts.runs(text))

    def _label(self, text: str, width: float) -> Paragraph:
        """A label on one line: a label longer than its column (法定代表人（负责人）) is set a little smaller,
        down to 小五, rather than broken in two, which would make its row twice as tall."""
        st = self.st
        room = width - 2 * CELL_PAD - 1
        need = self._width(text)
        if need <= room:
            return st.p(text, st.label)
        size = max(MIN_LABEL_SIZE, TABLE_SIZE * room / need)
        return st.p(text, ParagraphStyle(f"label{size:.1f}", parent=st.label, fontSize=size,
                                         leading=st.label.leading * size / TABLE_SIZE))

    def _pairs(self, keys: list[str], columns: int) -> list[Flowable]:
        st = self.st
        label_w = 30 * mm if columns == 4 else LABEL_W
        cells = [(self._label(self.spec.fields[k].label, label_w), st.p(self.value(k), st.cell)) for k in keys]
        if columns == 4:
            rows = [[*cells[i], *(cells[i + 1] if i + 1 < len(cells) else ("", ""))] for i in range(0, len(cells), 2)]
            widths = [30 * mm, 48 * mm, 30 * mm, 48 * mm]
        else:
            rows = [list(c) for c in cells]
            widths = [LABEL_W, TYPE_W - LABEL_W]
        # No gap after a table: consecutive field tables read as one printed form.
        return [self._table(rows, widths)] if rows else []

    def _paired(self, keys: list[str]) -> list[Flowable]:
        """Two label|value pairs on a row where both values fit one line of a half-width cell (当事人 and
        联系电话), a long one across the row: the same 44 mm label column as the 2-column tables, so the
        printed form stays one grid, and a 笔录 keeps room for its findings and signatures on one sheet."""
        st = self.st
        half = (TYPE_W - 2 * LABEL_W) / 2
        cells = [(self._label(self.spec.fields[k].label, LABEL_W), self.value(k)) for k in keys]

        def short(text: str) -> bool:
            return "\n" not in text and self._width(text) <= half - 2 * CELL_PAD - 1

        rows: list[list[Any]] = []
        spans: list[int] = []
        i = 0
        while i < len(cells):
            (label, text), nxt = cells[i], cells[i + 1] if i + 1 < len(cells) else None
            if nxt is not None and short(text) and short(nxt[1]):
                rows.append([label, st.p(text, st.cell), nxt[0], st.p(nxt[1], st.cell)])
                i += 2
                continue
            spans.append(len(rows))
            rows.append([label, st.p(text, st.cell), "", ""])
            i += 1
        if not rows:
            return []
        table = self._table(rows, [LABEL_W, half, LABEL_W, half])
        table.setStyle(TableStyle([("SPAN", (1, r), (3, r)) for r in spans]))
        return [table]

    def _fields(self, sec: Section) -> list[Flowable]:
        if sec.pair_short:
            return self._paired(list(sec.fields))
        return self._pairs(list(sec.fields), sec.columns)

    def _party(self, sec: Section) -> list[Flowable]:
        person = self.content.get("party_kind") != "organisation"
        keys = list(sec.person if person else sec.organisation) or list(sec.fields)
        return self._paired(keys) if sec.pair_short else self._pairs(keys, 2)

    def _text(self, sec: Section) -> list[Flowable]:
        out: list[Flowable] = [Spacer(1, self.gap)]
        text = str(self.content.get(sec.fields[0]) or "").strip() if sec.fields else ""
        paragraphs = [t.strip() for t in text.splitlines() if t.strip()]
        if not paragraphs and sec.title:  # 当事人意见：/ on one line, not a heading over a lone stroke
            return [*out, self.st.p(f"{sec.title}：{fmt.UNUSED}", self.st.heading)]
        if sec.title:
            out.append(self.st.p(sec.title + "：", self.st.heading))
        paragraphs = paragraphs or [fmt.UNUSED]
        out += [self.st.p(t, self.st.body) for t in paragraphs]
        return out

    def _legal(self, sec: Section) -> list[Flowable]:
        text = _PLACEHOLDER.sub(lambda m: self.placeholder(m.group(1)), sec.text)
        return [Spacer(1, self.gap), self.st.p(text, self.st.body)]

    def _qa(self, sec: Section) -> list[Flowable]:
        out: list[Flowable] = [self.st.p(sec.title + "：", self.st.heading)] if sec.title else []
        pairs = self.content.get(sec.fields[0]) or []
        if not pairs:
            return [*out, self.st.p(fmt.UNUSED, self.st.body)]
        for pair in pairs:
            out.append(self.st.p("问：" + str(pair.get("q", "")).strip(), self.st.question))
            out.append(self.st.p("答：" + (str(pair.get("a", "")).strip() or fmt.UNUSED), self.st.body))
        return out

    def _items(self, sec: Section) -> list[Flowable]:
        st, f = self.st, self.spec.fields[sec.fields[0]]
        items = self.content.get(f.key) or []
        total = sum(c.width for c in f.columns)
        widths = [12 * mm] + [(TYPE_W - 12 * mm) * c.width / total for c in f.columns]
        rows: list[list[Any]] = [[st.p("序号", st.label)] + [st.p(c.label, st.label) for c in f.columns]]
        for i, item in enumerate(items, start=1):
            rows.append([st.p(str(i), st.label)] + [st.p(fmt.show(None, item.get(c.key)), st.cell) for c in f.columns])
        if not items:
            rows.append([st.p(fmt.UNUSED, st.label)] * (len(f.columns) + 1))
        table = self._table(rows, widths)
        table.repeatRows = 1  # the header comes again on every page of a long list
        head = [st.p(sec.title or f.label, st.heading)] if sec.title else []
        return [*head, table, Spacer(1, 2 * mm)]

    def _photos(self, sec: Section) -> list[Flowable]:
        photos = self.content.get(sec.fields[0]) or []
        out: list[Flowable] = []
        # Two photos a page, as on a paper 粘贴单: a block is 76 mm, so two fit under the title
        # block and three never fit the 225 mm type area; no forced breaks needed.
        for i, photo in enumerate(photos):
            out.append(KeepTogether([self._photo(i + 1, photo), Spacer(1, 3 * mm)]))
        return out or [self.st.p(fmt.UNUSED, self.st.body)]

    def _photo(self, n: int, photo: dict[str, Any]) -> Flowable:
        image = self._image(photo)
        caption = str(photo.get("caption") or "")
        # A long 证明对象 must not spill over the next photo: shrink the info column's type
        # first, and only when even 8 pt does not fit, give the caption a full-width row below.
        for size in (12.0, 10.5, 9.0, 8.0):
            inner = self._photo_info(n, photo, caption, size)
            if inner.wrap(66 * mm, 1000 * mm)[1] <= PHOTO_BLOCK - 2 * mm:
                return self._photo_block(image, inner, None)
        inner = self._photo_info(n, photo, None, 9.0)
        below = self.st.p(f"证明对象：{caption}", ParagraphStyle("caption", parent=self.st.sign, fontSize=10.5,
                                                                   leading=14))
        return self._photo_block(image, inner, below)

    def _photo_info(self, n: int, photo: dict[str, Any], caption: str | None, size: float) -> Table:
        small = ParagraphStyle(f"photo{size}", parent=self.st.sign, fontSize=size, leading=size * 1.3)
        taken = str(photo.get("taken_at") or "")
        pairs = [("照片", f"第 {n} 张"), ("拍摄时间", fmt.cn_datetime(taken) if taken else ""),
                 ("拍摄地点", photo.get("place")), ("拍摄人", photo.get("photographer"))]
        pairs.append(("证明对象", caption if caption is not None else "见下"))
        info = [[self.st.p(label, small), self.st.p(value or fmt.UNUSED, small)] for label, value in pairs]
        info.append([self.st.p("SHA-256", small), Paragraph(str(photo.get("sha256", "")), ParagraphStyle(
            "hash", fontName="Courier", fontSize=6.5, leading=8, wordWrap="CJK"))])
        inner = Table(info, colWidths=[22 * mm, 42 * mm])  # 22 mm: four characters at 12 pt on one line
        inner.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
        return inner

    def _photo_block(self, image: Flowable, inner: Table, below: Flowable | None) -> Table:
        rows: list[list[Any]] = [[image, inner]]
        heights: list[float | None] = [PHOTO_BLOCK]
        style = [("BOX", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                 ("ALIGN", (0, 0), (0, 0), "CENTER"), ("LINEAFTER", (0, 0), (0, 0), 0.6, colors.black),
                 ("LEFTPADDING", (1, 0), (1, 0), 1), ("RIGHTPADDING", (1, 0), (1, 0), 1)]
        if below is not None:
            rows.append([below, ""])
            heights.append(None)
            style += [("SPAN", (0, 1), (1, 1)), ("LINEABOVE", (0, 1), (-1, 1), 0.6, colors.black)]
        outer = Table(rows, colWidths=[90 * mm, 66 * mm], rowHeights=heights)
        outer.setStyle(TableStyle(style))
        return outer

    def _image(self, photo: dict[str, Any]) -> Flowable:
        digest = str(photo.get("sha256", ""))
        path = self.photo_paths.get(digest) or (Path(photo["path"]) if photo.get("path") else None)
        problem = None
        if path is None or not path.is_file():
            problem = ("照片文件缺失", "photo file missing")
        elif self.verify_photos and hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            # Never print a picture other than the one the signed hash covers.
            problem = ("照片文件与记录的 SHA-256 不符，未打印", "photo file does not match its SHA-256; not printed")
        if problem:
            self.warnings.append(Msg(f"{problem[0]}：{digest[:12]}", f"{problem[1]}: {digest[:12]}", "photo_problem"))
            return self.st.p(problem[0], self.st.label)
        assert path is not None
        with PILImage.open(path) as img:
            pic = ImageOps.exif_transpose(img).convert("RGB")
            pic.thumbnail((1000, 1000))  # ~300 dpi at print size; keeps the PDF small
            buf = io.BytesIO()
            pic.save(buf, "JPEG", quality=82, optimize=True)
        buf.seek(0)
        w, h = pic.size
        scale = min(86 * mm / w, 72 * mm / h)
        return Image(buf, width=w * scale, height=h * scale)

    # -- closing blocks --------------------------------------------------------
    def _signatures(self, closing: list[Flowable] | None = None) -> list[Flowable]:
        st = self.st
        rows: list[list[Any]] = []
        line = "________________"
        for sig in self.spec.signatures:
            if sig.role in ("officers", "server"):
                for o in self.content.get("officers") or [{}, {}]:
                    rows.append([st.p(f"{sig.label}：{line}", st.sign),
                                 st.p(f"执法证号 {o.get('cert_no') or '__________'}", st.sign)])
            else:
                rows.append([st.p(f"{sig.label}：{line}", st.sign), st.p("____年___月___日" if sig.date else "", st.sign)])
                if sig.refusal:
                    rows.append([st.p(f"拒绝签名的，见证人签名：{line}", st.sign), st.p("拒签情况：__________", st.sign)])
        if not rows:
            return list(closing or [])
        table = Table(rows, colWidths=[100 * mm, 56 * mm], hAlign="LEFT")
        # ~8 mm a row: room for a handwritten signature above the line.
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 3 if self.compact else 6),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        space = Spacer(1, 1 * mm if self.compact else 3 * mm)
        if closing:
            return [KeepTogether([*closing, space, table])]
        return [space, KeepTogether([table])]

    def _seal(self) -> list[Flowable]:
        if not self.spec.seal:
            return []
        style = ParagraphStyle("seal", parent=self.st.body, alignment=TA_RIGHT, firstLineIndent=0)
        issued = self.context.get("issued_date") or "    年   月   日"
        return [Spacer(1, 4 * mm), KeepTogether([self.st.p(f"{self.context.get('subject_name', '')}（印章）", style),
                                                  self.st.p(issued, style)])]
