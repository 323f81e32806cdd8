"""QR symbols: drawn as vector modules in the PDF, found again in scans and photos.

The symbol is built with `qrcode` (mixed segments: the URL prefix in byte
mode, the Base32 payload in alphanumeric mode) at error-correction level M,
which survives a smudge or a fold on a cheap portable printer. Reading uses
zxing-cpp; a PDF is rasterised in-process with pypdfium2 when installed, else
with poppler's pdftoppm.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from functools import lru_cache
from pathlib import Path

import qrcode
import zxingcpp
from PIL import Image, ImageOps
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

from fieldapp.messages import FieldappError, Msg


@lru_cache(maxsize=64)
def qr_matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """Dark modules, row by row (level M, mixed byte/alphanumeric segments)."""
    create = getattr(zxingcpp, "create_barcode", None)
    if create is not None:  # zxing-cpp ≥ 3 encodes in C++: ~1 ms against ~55 ms for pure-Python qrcode
        img = memoryview(create(text, zxingcpp.BarcodeFormat.QRCode, ec_level="M").to_image(
            scale=1, add_quiet_zones=False))
        n, raw = img.shape[0], img.tobytes()
        return tuple(tuple(raw[r * n + c] == 0 for c in range(n)) for r in range(n))
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(text, optimize=20)
    code.make(fit=True)
    return tuple(tuple(bool(c) for c in row) for row in code.get_matrix())


def _form_ops(matrix: tuple[tuple[bool, ...], ...]) -> str:
    """PDF path operators in module units: one rectangle per run of dark modules."""
    n = len(matrix)
    ops = []
    for r, row in enumerate(matrix):
        c = 0
        while c < n:
            if row[c]:
                start = c
                while c < n and row[c]:
                    c += 1
                ops.append(f"{start} {n - 1 - r} {c - start} 1 re")
            else:
                c += 1
    return "0 g\n" + "\n".join(ops) + "\nf"


def draw_qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    """Draw the symbol with its lower-left corner at (x, y); the quiet zone is left to the caller.

    The symbol is a form XObject defined once per document and placed on every page:
    vector modules stay sharp on any printer and the PDF carries them once.
    """
    matrix = qr_matrix(text)
    n = len(matrix)
    name = "QR" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]
    defined = canvas.__dict__.setdefault("_fieldapp_forms", set())
    if name not in defined:
        canvas.beginForm(name, 0, 0, n, n)
        canvas._code.append(_form_ops(matrix))  # raw operators: 20× faster than one rect() call per run
        canvas.endForm()
        defined.add(name)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(size / n, size / n)
    canvas.doForm(name)
    canvas.restoreState()


def qr_version(text: str) -> int:
    return (len(qr_matrix(text)) - 17) // 4


def _variants(img: Image.Image) -> list[Image.Image]:
    gray = ImageOps.exif_transpose(img).convert("L")
    out = [gray]
    w, h = gray.size
    if max(w, h) > 2400:  # phone photos: the finder patterns are easier to see smaller
        scale = 2000 / max(w, h)
        out.append(gray.resize((int(w * scale), int(h * scale)), Image.Resampling.LANCZOS))
    if max(w, h) < 1200:
        out.append(gray.resize((w * 2, h * 2), Image.Resampling.LANCZOS))
    out.append(ImageOps.autocontrast(gray, cutoff=2))
    return out


def decode_image(img: Image.Image) -> list[str]:
    """Every QR text found in an image, trying a few clean-ups for photos."""
    for variant in _variants(img):
        found = zxingcpp.read_barcodes(variant, formats=zxingcpp.BarcodeFormat.QRCode)
        texts = [b.text for b in found if b.valid and b.text]
        if texts:
            return list(dict.fromkeys(texts))
    return []


def rasterise_pdf(path: Path, dpi: int = 200) -> list[Image.Image]:
    try:
        import pypdfium2 as pdfium
    except ImportError:
        pdfium = None
    if pdfium is not None:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return [pdf[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(pdf))]
        finally:
            pdf.close()
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise FieldappError(Msg(
            "无法读取 PDF：本机既没有 pypdfium2 也没有 pdftoppm（poppler-utils）。请安装其一，或核验照片/扫描件。",
            "Cannot read the PDF: neither pypdfium2 nor pdftoppm (poppler-utils) is installed. Install one, or "
            "verify a photo or scan instead.", "pdf_reader_missing"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([tool, "-r", str(dpi), "-gray", "-png", str(path), f"{tmp}/p"], check=True,
                       capture_output=True, timeout=120)
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        return [Image.open(p).copy() for p in pages]


def pdf_text(path: Path | bytes) -> list[str]:
    """The text of each page, for comparing what the paper says with what the QR says (a path or PDF bytes)."""
    try:
        import pypdfium2 as pdfium
    except ImportError:
        pdfium = None
    if pdfium is not None:
        pdf = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
        try:
            pages = []
            for i in range(len(pdf)):
                tp = pdf[i].get_textpage()
                pages.append(tp.get_text_range())
                tp.close()
            return pages
        finally:
            pdf.close()
    tool = shutil.which("pdftotext")
    if tool is None:
        return []
    if isinstance(path, bytes):
        out = subprocess.run([tool, "-enc", "UTF-8", "-", "-"], input=path, check=True, capture_output=True,
                             timeout=120)
    else:
        out = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, timeout=120)
    return out.stdout.decode("utf-8", "replace").split("\f")


def pdf_body_text(pdf: Path | bytes, box: tuple[float, float, float, float], max_size: float,
                  slack: float = 18.0) -> list[str] | None:
    """Per page, only the characters inside `box` (left, bottom, right, top in points) and at most `max_size`
    points tall, in content order, line breaks kept: the body of a document without its page furniture
    (QR label, 第 N 页 共 M 页, copy labels in the margins) or a large watermark, so two renders whose
    pagination differs still compare equal. `slack` admits punctuation hanging in the right margin.
    None when pypdfium2 is not installed (pdftotext cannot tell the characters apart)."""
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as pdfium_c
    except ImportError:
        return None
    left, bottom, right, top = box
    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        pages = []
        for i in range(len(doc)):
            tp = doc[i].get_textpage()
            chars = []
            for n in range(tp.count_chars()):
                ch = tp.get_text_range(n, 1)
                if ch in "\r\n":
                    chars.append("\n")
                    continue
                x0, y0, x1, y1 = tp.get_charbox(n)
                x, y = (x0 + x1) / 2, (y0 + y1) / 2
                if (pdfium_c.FPDFText_GetFontSize(tp.raw, n) <= max_size and left - 1 <= x <= right + slack
                        and bottom - 1 <= y <= top + 1):
                    chars.append(ch)
            tp.close()
            pages.append("".join(chars))
        return pages
    finally:
        doc.close()
