"""Document benchmark: 现场检查笔录 with a signed QR, warm and cold, against a bare reportlab page.

Prints figures; it is not a test. Run: .venv/bin/python bench/documents.py [--n 60]
Targets (issue 3): ≥ 20 documents/s warm on one core; first document ≤ 1.5 s (cold font load);
PDF ≤ 300 KB with the font subset. The ceiling is a bare reportlab canvas drawing the same text
with the same embedded font (no tables, no wrapping rules, no QR, no record): ratio = ours / ceiling.
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from fieldapp.demo import build_demo
from fieldapp.forms import lifecycle
from fieldapp.forms.fmt import show
from fieldapp.forms.fonts import get_fonts
from fieldapp.forms.qr import qr_matrix
from fieldapp.forms.spec import load_spec
from fieldapp.store import documents
from fieldapp.workspace import Workspace

COLD = """
import sys, time
t0 = time.perf_counter()
from pathlib import Path
from fieldapp.forms import lifecycle
from fieldapp.workspace import Workspace
t1 = time.perf_counter()
with Workspace.open(Path(sys.argv[1])) as ws:
    pdf = lifecycle.render_document(ws, sys.argv[2]).pdf
t2 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {len(pdf)}")
"""


def setup(folder: Path) -> tuple[Workspace, str]:
    build_demo(folder, "shaxian", "湖源乡", inspections=12)
    ws = Workspace.open(folder)  # the demo enrols this laptop with a local county key (signed QR)
    insp = ws.store.one("SELECT id FROM inspections WHERE status = 'final' AND party_id IS NOT NULL"
                        " ORDER BY result = 'compliant' LIMIT 1")
    assert insp is not None
    doc = lifecycle.new_document(ws, "inspection_record", inspection_id=str(insp["id"]),
                                 values={"party_opinion": "对检查情况无异议，愿意在三日内整改。"}).document
    lifecycle.issue_document(ws, doc["id"])
    return ws, str(doc["id"])


def bare_page(lines: list[str]) -> bytes:
    """The ceiling: the same words on an A4 canvas with the same embedded font, nothing else."""
    fonts = get_fonts()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    y = 297 * mm - 37 * mm
    for line in lines:
        for part in textwrap.wrap(line, 27) or [""]:
            if y < 35 * mm:
                c.showPage()
                y = 297 * mm - 37 * mm
            c.setFont(fonts.body, 16)
            c.drawString(28 * mm, y, part)
            y -= 29
    c.showPage()
    c.save()
    return buf.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=60)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        ws, doc_id = setup(folder)
        ws.close()
        cold = subprocess.run([sys.executable, "-c", COLD, str(folder), doc_id], capture_output=True, text=True,
                              check=True).stdout.split()
        imports, first, size_cold = float(cold[0]), float(cold[1]), int(cold[2])
        ws = Workspace.open(folder)
        doc = documents.get_document(ws.store, doc_id)
        spec = load_spec(doc["doc_type"])
        lifecycle.render_document(ws, doc_id)  # warm the fonts in this process
        t = time.perf_counter()
        for _ in range(args.n):
            qr_matrix.cache_clear()  # every real document has its own QR: encode it each time
            pdf = lifecycle.render_document(ws, doc_id).pdf
        ours = args.n / (time.perf_counter() - t)
        lines = [doc["subject_name"], spec.title, doc["number"]]
        lines += [f"{f.label}：{show(f, doc['content'].get(f.key))}" for f in spec.fields.values()]
        t = time.perf_counter()
        for _ in range(args.n):
            bare = bare_page(lines)
        ceiling = args.n / (time.perf_counter() - t)
        ws.close()
    print("fieldapp document benchmark — 现场检查（勘验）笔录 with signed QR")
    print(f"  warm: {ours:7.1f} documents/s (one core, {args.n} renders incl. record read, Ed25519 signature,"
          f" QR encode)    target >= 20")
    print(f"  cold: {first:7.3f} s to the first document after imports ({imports:.3f} s of imports; font discovery"
          f" and registration included)    target <= 1.5")
    print(f"  size: {len(pdf) / 1024:7.1f} KB (font subset embedded; cold run {size_cold / 1024:.1f} KB)"
          f"    target <= 300")
    print(f"  ceiling: bare reportlab page, same text and font: {ceiling:7.1f} pages/s, {len(bare) / 1024:.1f} KB")
    print(f"  ratio ours / ceiling: {ours / ceiling:.2f}")


if __name__ == "__main__":
    main()
