"""EXIF facts a photo carries: when, where, with what camera, which way up.

Pillow reads damaged EXIF leniently (it often returns an empty mapping and a
warning). An officer must know when the time or place of a photo could not
be read, so each problem becomes a note on the import result; the photo is
still imported.
"""

from __future__ import annotations

import math
import re
import struct
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import ExifTags, Image

from fieldapp.evidence.problems import exif_problem
from fieldapp.messages import Msg

_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132
_MAKE, _MODEL, _ORIENTATION = 0x010F, 0x0110, 0x0112
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")


@dataclass
class ExifInfo:
    taken_at: str | None = None
    gps_lat: float | None = None
    gps_lon: float | None = None
    camera: str | None = None
    orientation: int | None = None
    notes: list[Msg] = field(default_factory=list)


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def check_structure(raw: bytes) -> Msg | None:
    """A cheap look at the TIFF structure inside an EXIF block, which Pillow skips over silently."""
    data = raw[6:] if raw.startswith(b"Exif\x00\x00") else raw
    if len(data) < 8 or data[:4] not in (b"II*\x00", b"MM\x00*"):
        return exif_problem("header", "EXIF 数据头损坏", "the EXIF header is damaged")
    order = "<" if data[:2] == b"II" else ">"
    offset = struct.unpack(order + "I", data[4:8])[0]
    if offset < 8 or offset + 2 > len(data):
        return exif_problem("offset", "EXIF 目录位置超出数据范围", "the EXIF directory points outside the data")
    count = struct.unpack(order + "H", data[offset:offset + 2])[0]
    if offset + 2 + 12 * count > len(data):
        return exif_problem("directory", "EXIF 目录被截断", "the EXIF directory is truncated")
    return None


def parse_datetime(value: Any, offset: Any = None) -> str | None:
    text = _text(value)
    match = _EXIF_DATE.match(text or "")
    if not match:
        return None
    year, month, day, hour, minute, second = (int(part) for part in match.groups())
    try:
        when = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    iso = when.isoformat(timespec="seconds")
    zone = _text(offset)
    return iso + zone if zone and _OFFSET.match(zone) else iso


def _dms(value: Any, ref: Any, positive: str, negative: str, limit: float) -> float | None:
    ref_text = (_text(ref) or "").upper()
    if ref_text not in (positive, negative) or not isinstance(value, tuple | list) or len(value) != 3:
        return None
    try:
        deg, minutes, seconds = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    if not all(math.isfinite(x) and x >= 0 for x in (deg, minutes, seconds)) or minutes >= 60 or seconds >= 60:
        return None
    result = deg + minutes / 60 + seconds / 3600
    if result > limit:
        return None
    return round(-result if ref_text == negative else result, 7)


def read_exif(im: Image.Image) -> ExifInfo:
    info = ExifInfo()
    raw = im.info.get("exif")
    if isinstance(raw, bytes) and raw and (problem := check_structure(raw)) is not None:
        info.notes.append(problem)
    try:
        exif = im.getexif()
    except Exception:  # Pillow raises many types on hostile metadata; the pixels may still be fine.
        info.notes.append(exif_problem("unreadable", "EXIF 无法读取", "the EXIF block cannot be read"))
        return info
    _read_orientation(im, exif, info)
    info.camera = _camera(exif)
    _read_time(exif, info)
    _read_gps(exif, info)
    return info


def _read_orientation(im: Image.Image, exif: Image.Exif, info: ExifInfo) -> None:
    # pillow-heif applies the rotation itself and resets the tag to 1; it keeps the original here.
    value = im.info.get("original_orientation", exif.get(_ORIENTATION))
    if value is None:
        return
    if isinstance(value, int) and 1 <= value <= 8:
        info.orientation = value
    else:
        info.notes.append(exif_problem("orientation", f"方向标记无效（{value!r}）",
                                       f"the orientation tag is invalid ({value!r})"))


def _camera(exif: Image.Exif) -> str | None:
    make, model = _text(exif.get(_MAKE)), _text(exif.get(_MODEL))
    if make and model and model.lower().startswith(make.lower()):
        return model
    return " ".join(part for part in (make, model) if part) or None


def _read_time(exif: Image.Exif, info: ExifInfo) -> None:
    try:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
    except Exception:
        sub = {}
        info.notes.append(exif_problem("exif_ifd", "EXIF 子目录无法读取", "the EXIF sub-directory cannot be read"))
    raw = sub.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if raw is None:
        return
    info.taken_at = parse_datetime(raw, sub.get(_OFFSET_TIME_ORIGINAL))
    if info.taken_at is None:
        info.notes.append(exif_problem("time", f"拍摄时间无效（{_text(raw)!r}）",
                                       f"the time taken is invalid ({_text(raw)!r})"))


def _read_gps(exif: Image.Exif, info: ExifInfo) -> None:
    try:
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except Exception:
        info.notes.append(exif_problem("gps", "GPS 信息无法读取", "the GPS block cannot be read"))
        return
    if not gps or (2 not in gps and 4 not in gps):
        return
    lat = _dms(gps.get(2), gps.get(1), "N", "S", 90.0)
    lon = _dms(gps.get(4), gps.get(3), "E", "W", 180.0)
    if lat is None or lon is None:
        info.notes.append(exif_problem("gps", "GPS 坐标无效", "the GPS position is invalid"))
        return
    info.gps_lat, info.gps_lon = lat, lon
