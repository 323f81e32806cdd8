"""Tables out: CSV (UTF-8 with BOM, so Excel on a county PC opens the Chinese
right), XLSX (one sheet per table) and PDF (reportlab, embedded CJK font).

Published lists and quarterly reports share these writers. PDFs are built
with reportlab's `invariant=1`, so the same table gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Cell = str | int | float | None
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""  # printed under the title: what the table is, its date, "示例数据"
    sheet: str = ""  # XLSX sheet name; the title when blank


def _text(v: Cell) -> str:
    return "" if v is None else str(v)


def to_csv(table: Table) -> bytes:
    """Header row then data rows; CRLF line ends and a BOM, as Excel expects."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(table.columns)
    w.writerows([[_text(v) for v in row] for row in table.rows])
    return buf.getvalue().encode("utf-8-sig")


def write_csv(table: Table, path: str | Path) -> Path:
    out = Path(path)
    out.write_bytes(to_csv(table))
    return out


def _sheet_names(tables: Sequence[Table]) -> list[str]:
    names: list[str] = []
    for t in tables:
        base = _SHEET_BAD.sub("_", t.sheet or t.title)[:31] or "Sheet"
        name, n = base, 2
        while name in names:
            suffix = f"({n})"
            name, n = base[:31 - len(suffix)] + suffix, n + 1
        names.append(name)
    return names


def _width(values: list[str]) -> float:
    # A CJK character is about two Latin characters wide in Excel's units.
    longest = max((sum(2 if ord(c) > 0x2E80 else 1 for c in v) for v in values), default=4)
    return float(min(max(longest + 2, 6), 60))


def _pdf_widths(columns: list[list[str]], usable: float) -> list[float]:
    """Column widths in points: short columns (序号, 编码, 类别) keep their natural width so
    they never wrap mid-code; the long text columns share what is left."""
    # 9 pt type: a Latin character is about 4.7 pt, a CJK one twice that; 12 pt of cell padding.
    natural = [_width(values) * 4.7 + 12 for values in columns]
    if sum(natural) <= usable:
        return [w * usable / sum(natural) for w in natural]
    short = [w if w <= 72 else 0.0 for w in natural]
    long_total = sum(w for w in natural if w > 72)
    room = max(usable - sum(short), 0.0)
    return [w if w <= 72 else w * room / long_total for w in natural]


def write_xlsx(tables: Sequence[Table], path: str | Path) -> Path:
    """One sheet per table: row 1 the title, row 2 the note, row 3 the header, data from row 4."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for table, name in zip(tables, _sheet_names(tables), strict=True):
        ws = wb.create_sheet(name)
        ws.cell(1, 1, table.title).font = Font(bold=True, size=14)
        if table.note:
            ws.cell(2, 1, table.note)
        for c, col in enumerate(table.columns, 1):
            cell = ws.cell(3, c, col)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for r, row in enumerate(table.rows, 4):
            for c, value in enumerate(row, 1):
                cell = ws.cell(r, c, value)
                if isinstance(value, str):
                    # A name or basis starting with "=" is text, never a formula.
                    cell.data_type = "s"
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        for c, col in enumerate(table.columns, 1):
            ws.column_dimensions[get_column_letter(c)].width = _width([col, *(_text(r[c - 1]) for r in table.rows)])
        ws.freeze_panes = "A4"
    out = Path(path)
    wb.save(out)
    return out


def write_pdf(tables: Sequence[Table], path: str | Path, *, title: str, subtitle: str = "",
              landscape_pages: bool = True) -> Path:
    """A4 (landscape by default: the lists are wide) with the CJK font found by fieldapp.forms.fonts."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    from fieldapp.forms.fonts import get_fonts

    fonts = get_fonts()
    size = landscape(A4) if landscape_pages else A4
    doc = SimpleDocTemplate(str(path), pagesize=size, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=15 * mm, invariant=1, title=title)
    h1 = ParagraphStyle("h1", fontName=fonts.title, fontSize=16, leading=22, alignment=1, wordWrap="CJK")
    h2 = ParagraphStyle("h2", fontName=fonts.title, fontSize=12, leading=18, spaceBefore=6, wordWrap="CJK")
    body = ParagraphStyle("body", fontName=fonts.body, fontSize=9, leading=12, wordWrap="CJK")
    story: list[object] = [Paragraph(fonts.markup(title), h1)]
    if subtitle:
        story.append(Paragraph(fonts.markup(subtitle), body))
    usable = size[0] - 30 * mm
    for table in tables:
        story += [Spacer(1, 4 * mm), Paragraph(fonts.markup(table.title), h2)]
        if table.note:
            story.append(Paragraph(fonts.markup(table.note), body))
        if not table.rows:
            story.append(Paragraph(fonts.markup("（无）"), body))
            continue
        widths = _pdf_widths([[c, *(_text(r[i]) for r in table.rows)] for i, c in enumerate(table.columns)], usable)
        data = [[Paragraph(fonts.markup(_text(v)), body) for v in row] for row in (table.columns, *table.rows)]
        grid = LongTable(data, colWidths=widths, repeatRows=1)
        grid.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8"))]))
        story.append(grid)
    doc.build(story)  # type: ignore[arg-type]
    return Path(path)
