"""Printing results: tables for people, JSON for scripts."""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str]]) -> None:
    """Print rows as an aligned table; columns are (key, heading)."""
    cells = [[("" if r.get(k) is None else str(r.get(k))) for k, _ in columns] for r in rows]
    heads = [h for _, h in columns]
    sizes = [max([width(h)] + [width(c[i]) for c in cells]) for i, h in enumerate(heads)]
    print("  ".join(pad(h, s) for h, s in zip(heads, sizes, strict=True)).rstrip())
    for row in cells:
        print("  ".join(pad(c, s) for c, s in zip(row, sizes, strict=True)).rstrip())


def t(lang: str, zh: str, en: str) -> str:
    return en if lang == "en" else zh
