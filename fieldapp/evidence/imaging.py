"""Decoding policy, validation and derived images (thumbnail, display copy).

Policy, set once here on purpose:
- only JPEG (and camera MPO), PNG, TIFF and HEIF/HEIC are opened; Pillow's
  other decoders never see evidence input;
- the declared pixel count is checked from the header, before any decoding,
  against limits sized for this laptop (a JPEG decodes at 1/8 scale for the
  thumbnail, so it may be larger than formats that decode in full);
- truncated files are refused (ImageFile.LOAD_TRUNCATED_IMAGES stays off).
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from typing import cast

import pillow_heif
from PIL import Image, ImageFile, UnidentifiedImageError

from fieldapp.evidence import problems
from fieldapp.evidence.exif import ExifInfo, read_exif
from fieldapp.evidence.problems import PhotoError

# The JPEG opener also returns camera MPO files (format "MPO"), so MPO needs no entry of its own.
FORMATS = ("JPEG", "PNG", "TIFF", "HEIF")
MIME = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "TIFF": "image/tiff", "HEIF": "image/heic"}
EXTENSION = {"image/jpeg": "jpg", "image/png": "png", "image/tiff": "tif", "image/heic": "heic"}
# 250 MP covers today's 200 MP phone sensors; a JPEG that size costs ~12 MB at 1/8 scale.
MAX_PIXELS_JPEG = 250_000_000
# Formats without scaled decoding load in full: 100 MP RGB is ~300 MB.
MAX_PIXELS_OTHER = 100_000_000
THUMB_SIZE = 256
DISPLAY_SIZE = 1600
THUMB_QUALITY = 80
DISPLAY_QUALITY = 85

# Pillow's own guard (a warning above the limit, an error above twice it) is the
# backstop behind the explicit check in `analyse`.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS_JPEG
ImageFile.LOAD_TRUNCATED_IMAGES = False
pillow_heif.register_heif_opener()
Image.init()  # load the plugin registry now, not racily from two worker threads
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)
# Damaged EXIF is reported per file by fieldapp.evidence.exif; Pillow's generic
# warnings about it would only clutter the console.
warnings.filterwarnings("ignore", message=r"(Possibly )?[Cc]orrupt EXIF", category=UserWarning)
warnings.filterwarnings("ignore", message=r"Metadata Warning", category=UserWarning)

_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270,
              7: Image.Transpose.TRANSVERSE, 8: Image.Transpose.ROTATE_90}


@dataclass
class Analysis:
    format: str
    mime: str
    width: int
    height: int
    exif: ExifInfo
    thumbnail: bytes


def _open(data: bytes | str, name: str) -> Image.Image:
    try:
        return Image.open(io.BytesIO(data) if isinstance(data, bytes) else data, formats=FORMATS)
    except UnidentifiedImageError:
        raise PhotoError(problems.not_image(name)) from None
    except Image.DecompressionBombError as exc:
        # Pillow's backstop fired inside open(); its message carries the declared size.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise PhotoError(problems.too_many_pixels(name, int(found.group(1)) if found else 0, _limit_of(data))) from None
    except _DECODE_ERRORS as exc:
        raise PhotoError(problems.damaged(name, _detail(exc))) from None


def _limit_of(data: bytes | str) -> int:
    """The limit that applies, told from the magic bytes: open() failed before Pillow named the format."""
    if isinstance(data, str):
        with open(data, "rb") as fh:
            data = fh.read(3)
    return MAX_PIXELS_JPEG if data[:3] == b"\xff\xd8\xff" else MAX_PIXELS_OTHER


def _detail(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "…"


def _check_pixels(im: Image.Image, name: str) -> None:
    limit = MAX_PIXELS_JPEG if im.format in ("JPEG", "MPO") else MAX_PIXELS_OTHER
    pixels = im.width * im.height
    if pixels > limit:
        raise PhotoError(problems.too_many_pixels(name, pixels, limit))
    if pixels == 0:
        raise PhotoError(problems.damaged(name, "0 × 0"))


def _orientation_to_apply(im: Image.Image, exif: ExifInfo) -> int:
    # HEIF pixels arrive already rotated (pillow-heif), so the tag is history only.
    return 1 if im.format == "HEIF" else (exif.orientation or 1)


def _rgb(im: Image.Image) -> Image.Image:
    if im.mode == "RGB":
        return im
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if im.mode.startswith("I;16") or im.mode in ("I", "F"):
        # Scale 16-bit and float scans into 8 bits rather than clipping them white.
        lo, hi = cast(tuple[float, float], im.getextrema())
        span = (hi - lo) or 1
        return im.point(lambda v: (v - lo) * 255 / span).convert("L").convert("RGB")
    return im.convert("RGB")


def _reduced(im: Image.Image, size: int, orientation: int) -> Image.Image:
    """Decode at the smallest JPEG scale (1/2, 1/4, 1/8) that still covers `size`, then fit."""
    long_side = max(im.size)
    if long_side > size and im.format in ("JPEG", "MPO"):
        # draft() keeps both sides ≥ the request, so ask for the photo's own aspect.
        im.draft("RGB", (max(1, im.width * size // long_side), max(1, im.height * size // long_side)))
    im.load()
    out = _rgb(im)
    if orientation in _TRANSPOSE:
        out = out.transpose(_TRANSPOSE[orientation])
    if max(out.size) > size:
        out.thumbnail((size, size), Image.Resampling.BICUBIC, reducing_gap=None)
    return out


def _encode(im: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality, optimize=False)
    return buf.getvalue()


def analyse(data: bytes, name: str) -> Analysis:
    """Validate a photo fully (its whole data stream is decoded) and make its thumbnail."""
    im = _open(data, name)
    try:
        width, height = im.size  # before draft() shrinks them
        _check_pixels(im, name)
        exif = read_exif(im)
        try:
            thumb = _reduced(im, THUMB_SIZE, _orientation_to_apply(im, exif))
        except Image.DecompressionBombError:
            raise PhotoError(problems.too_many_pixels(name, width * height, MAX_PIXELS_JPEG)) from None
        except _DECODE_ERRORS as exc:
            detail = "文件被截断 / truncated" if "truncated" in str(exc).lower() else _detail(exc)
            raise PhotoError(problems.damaged(name, detail)) from None
        fmt = str(im.format)
        return Analysis(fmt, MIME[fmt], width, height, exif, _encode(thumb, THUMB_QUALITY))
    finally:
        im.close()


def derived_jpeg(original: str, size: int, orientation: int | None) -> bytes:
    """A JPEG of a stored original, fitted into `size` px, orientation applied."""
    im = _open(original, original)
    try:
        apply = 1 if im.format == "HEIF" else (orientation or 1)
        return _encode(_reduced(im, size, apply), DISPLAY_QUALITY if size > THUMB_SIZE else THUMB_QUALITY)
    finally:
        im.close()
