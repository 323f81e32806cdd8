"""Bilingual messages for the core.

The core never decides the user's language: it returns a `Msg` carrying both
Chinese and English, and the CLI or UI picks one. Chinese is the default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

_lang = os.environ.get("FIELDAPP_LANG", "zh")


def set_lang(lang: str) -> None:
    global _lang
    _lang = "en" if lang.lower().startswith("en") else "zh"


def get_lang() -> str:
    return _lang


@dataclass(frozen=True)
class Msg:
    """A message in both languages, with an optional machine-readable code."""

    zh: str
    en: str
    code: str = ""
    data: dict[str, Any] = field(default_factory=dict, compare=False)

    def text(self, lang: str | None = None) -> str:
        return self.en if (lang or _lang) == "en" else self.zh

    def __str__(self) -> str:
        return self.text()

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "zh": self.zh, "en": self.en, **({"data": self.data} if self.data else {})}


class FieldappError(Exception):
    """An expected failure with a message a person can act on."""

    def __init__(self, msg: Msg) -> None:
        super().__init__(msg.en)
        self.msg = msg

    def __str__(self) -> str:
        return self.msg.text()
