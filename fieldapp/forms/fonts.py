"""Chinese fonts for the PDF: embed (subset) a TrueType CJK font, fall back per glyph.

Order: any TrueType font in resources/fonts/, then common system fonts
(Windows 仿宋/宋体/黑体/微软雅黑, Linux WenQuanYi/AR PL/Droid, macOS Arial
Unicode), and only as a last resort reportlab's STSong-Light CID font, which
is not embedded (a viewer without it substitutes; poppler needs poppler-data).
reportlab embeds TrueType outlines only: Noto CJK (.otf/.ttc with CFF
outlines) fails to register and is skipped. A character the body font lacks
(生僻字 such as 𠮷) is drawn with the first other font that has it; fonts are
opened lazily because a big Ext-B font costs a few hundred ms to parse.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from fieldapp.resources import resource_path

CID_FALLBACK = "STSong-Light"
# Preference order by file name (lower case). Body text is 仿宋 in GB/T 9704.
BODY_NAMES = ("simfang.ttf", "fangsong.ttf", "fzfsk.ttf", "fzfsjw.ttf", "simsun.ttc", "simsun.ttf", "nsimsun.ttf",
              "wqy-microhei.ttc", "wqy-zenhei.ttc", "uming.ttc", "ukai.ttc", "simhei.ttf", "msyh.ttc", "msyh.ttf",
              "droidsansfallbackfull.ttf", "droidsansfallback.ttf", "arial unicode.ttf", "arialuni.ttf")
# Titles are 小标宋 in GB/T 9704; 黑体 is the usual substitute.
TITLE_NAMES = ("fzxbsk.ttf", "fzxbsjw.ttf", "方正小标宋简体.ttf", "simhei.ttf", "msyhbd.ttc", "msyhbd.ttf", "msyh.ttc",
               "wqy-microhei.ttc", "wqy-zenhei.ttc")
# Extra fonts tried for rare characters only (Ext-A/B coverage).
RARE_NAMES = ("hanaminb.ttf", "hanamina.ttf", "babelstonehan.ttf", "simsunb.ttf", "simsun-extb.ttf", "mingliub.ttc",
              "simsun-extg.ttf", "sun-extb.ttf", "sun-exta.ttf")
FONT_SUFFIXES = (".ttf", ".ttc")


def _patch_to_unicode() -> None:
    """reportlab writes code points above U+FFFF into the ToUnicode map as 5 hex digits,
    so pdftotext (and a court's copy-paste) loses 𠮷; write UTF-16 surrogate pairs instead."""
    original = ttfonts.makeToUnicodeCMap
    if getattr(original, "_fieldapp", False):
        return

    def make(fontname: str, subset: list[int]) -> str:
        text = original(fontname, subset)
        if all(v <= 0xFFFF for v in subset):
            return text
        for i, v in enumerate(subset):
            if v > 0xFFFF:
                hi, lo = 0xD800 + ((v - 0x10000) >> 10), 0xDC00 + ((v - 0x10000) & 0x3FF)
                text = text.replace(f"<{i:02X}> <{v:04X}>", f"<{i:02X}> <{hi:04X}{lo:04X}>")
        return text

    make._fieldapp = True  # type: ignore[attr-defined]
    ttfonts.makeToUnicodeCMap = make


_patch_to_unicode()


def system_font_dirs() -> list[Path]:
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        dirs.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path("/Library/Fonts"), Path("/System/Library/Fonts"), Path.home() / "Library" / "Fonts",
                 Path("/System/Library/Fonts/Supplemental")]
    else:
        dirs += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".local" / "share" / "fonts",
                 Path.home() / ".fonts"]
    return [d for d in dirs if d.is_dir()]


def _index(dirs: list[Path]) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for d in dirs:
        for path in sorted(d.rglob("*")):
            if path.suffix.lower() in FONT_SUFFIXES:
                found.setdefault(path.name.lower(), path)
    return found


@dataclass
class FontSet:
    """Registered fonts for one process; `markup` switches fonts per glyph."""

    body: str
    title: str
    body_path: Path | None
    cmap: frozenset[int] | None  # code points the body font has; None for the CID fallback
    rare_paths: list[Path] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    _rare: list[tuple[str, frozenset[int]]] = field(default_factory=list)
    _opened: int = 0
    _by_char: dict[str, str | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def font_for(self, ch: str) -> str | None:
        """The font that draws `ch`, or None when the body font does."""
        if self.cmap is None or ord(ch) in self.cmap or ch in "\n\t\r":
            return None
        if ch in self._by_char:
            return self._by_char[ch]
        with self._lock:
            choice = self._search(ord(ch))
            if choice is None:
                self.missing.add(ch)
                # Last resort: the CID font covers the BMP CJK of GB 18030 (not embedded).
                choice = _cid() if ord(ch) <= 0xFFFF else None
            self._by_char[ch] = choice
        return choice

    def _search(self, cp: int) -> str | None:
        for name, cmap in self._rare:
            if cp in cmap:
                return name
        while self._opened < len(self.rare_paths):
            path = self.rare_paths[self._opened]
            self._opened += 1
            font = _register(path, f"FieldappRare{self._opened}")
            if font is None:
                continue
            cmap = frozenset(font.face.charToGlyph)
            self._rare.append((font.fontName, cmap))
            if cp in cmap:
                return font.fontName
        return None

    def markup(self, text: str) -> str:
        """Paragraph markup for `text`: escaped, with <font> runs for glyphs the body lacks."""
        if self.cmap is None or all(ord(c) in self.cmap or c in "\n\t\r" for c in text):
            return escape(text)
        out: list[str] = []
        run: list[str] = []
        current: str | None = None
        for ch in text:
            name = self.font_for(ch)
            if name != current:
                _flush(out, run, current)
                run, current = [], name
            run.append(ch)
        _flush(out, run, current)
        return "".join(out)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """(font, text) runs for drawing straight on a canvas."""
        out: list[tuple[str, str]] = []
        for ch in text:
            name = self.font_for(ch) or self.body
            if out and out[-1][0] == name:
                out[-1] = (name, out[-1][1] + ch)
            else:
                out.append((name, ch))
        return out


def _flush(out: list[str], run: list[str], font: str | None) -> None:
    if not run:
        return
    text = escape("".join(run))
    out.append(f'<font name="{font}">{text}</font>' if font else text)


def _cid() -> str:
    if CID_FALLBACK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def _register(path: Path, name: str) -> TTFont | None:
    try:
        font = TTFont(name, str(path), subfontIndex=0) if path.suffix.lower() == ".ttc" else TTFont(name, str(path))
    except (TTFError, OSError, ValueError, KeyError, AssertionError):
        return None  # CFF outlines, a broken file, or not a font at all
    if 0x4E2D not in font.face.charToGlyph:  # 中: not a Chinese font
        return None
    pdfmetrics.registerFont(font)
    return font


_FONTS: FontSet | None = None
_LOAD_LOCK = threading.Lock()


def find_fonts(extra_dirs: list[Path] | None = None) -> FontSet:
    """Discover and register the fonts (slow: parses a TrueType file); see `get_fonts`."""
    bundled = [resource_path("fonts"), *(extra_dirs or [])]
    env = os.environ.get("FIELDAPP_FONT_DIRS")
    if env:
        bundled += [Path(p) for p in env.split(os.pathsep) if p]
    own = [p for d in bundled if d.is_dir() for p in sorted(d.rglob("*")) if p.suffix.lower() in FONT_SUFFIXES]
    system = _index(system_font_dirs())
    body_order = own + [system[n] for n in BODY_NAMES if n in system]
    body, body_path = None, None
    for path in body_order:
        body = _register(path, "FieldappBody")
        if body is not None:
            body_path = path
            break
    if body is None or body_path is None:
        cid = _cid()
        return FontSet(cid, cid, None, None)
    title_name = body.fontName
    own_names = {p.name.lower() for p in own}
    for name in TITLE_NAMES:
        path = system.get(name)
        if path is None or path == body_path or name in own_names:
            continue
        title = _register(path, "FieldappTitle")
        if title is not None:
            title_name = title.fontName
            break
    rare = [p for p in own if p != body_path]
    rare += [system[n] for n in (*BODY_NAMES, *RARE_NAMES) if n in system and system[n] != body_path]
    rare += [p for n, p in sorted(system.items()) if p not in rare and p != body_path and "han" in n]
    return FontSet(body.fontName, title_name, body_path, frozenset(body.face.charToGlyph), list(dict.fromkeys(rare)))


def get_fonts() -> FontSet:
    """The process-wide font set, loaded on first use (the cold start of the first document)."""
    global _FONTS
    if _FONTS is None:
        with _LOAD_LOCK:
            if _FONTS is None:
                _FONTS = find_fonts()
    return _FONTS


def reset_fonts() -> None:
    """Forget the discovered fonts (tests and the benchmark's cold start)."""
    global _FONTS
    _FONTS = None
