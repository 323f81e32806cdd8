"""Finding bundled resource files, and reading TOML with errors that name a line.

Jurisdictions, the matter catalogue and the holiday calendar are data files
edited by county staff, not programmers, so every problem must point at the
file and line to fix, in both languages.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.messages import FieldappError, Msg

Where = tuple[str | int, ...]


def resource_root() -> Path:
    # A PyInstaller one-file build unpacks data under sys._MEIPASS; a source
    # checkout keeps resources/ next to the package directory.
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def plain_data(obj: Any) -> Any:
    """JSON-ready copy of dataclasses: dates as ISO text, sets as sorted lists."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: plain_data(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, dict):
        return {str(k): plain_data(v) for k, v in obj.items()}
    if isinstance(obj, frozenset | set):
        return sorted(plain_data(v) for v in obj)
    if isinstance(obj, list | tuple):
        return [plain_data(v) for v in obj]
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    return obj


class ResourceFileError(FieldappError):
    """A data file is unreadable or wrong; `path` and `line` locate the fix."""

    def __init__(self, msg: Msg, path: Path, line: int | None) -> None:
        super().__init__(msg)
        self.path = path
        self.line = line


def _split_header(header: str) -> list[str]:
    parts: list[str] = []
    for m in re.finditer(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_-]+)\s*(?:\.|$)', header):
        token = m.group(1)
        parts.append(token[1:-1] if token[0] in "\"'" else token)
    return parts


_HEADER = re.compile(r"^\s*(\[\[?)\s*(.+?)\s*\]\]?\s*(?:#.*)?$")
_SYNTAX_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


class TomlDoc:
    """A parsed TOML file plus enough of its raw text to say where things are."""

    def __init__(self, path: Path, error_cls: type[ResourceFileError]) -> None:
        self.path = path
        self.error_cls = error_cls
        try:
            self.text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise error_cls(
                Msg(f"{path}: 无法读取文件（{exc}）", f"{path}: cannot read file ({exc})", "resource.unreadable",
                    {"file": str(path)}),
                path, None) from exc
        try:
            self.data: dict[str, Any] = tomllib.loads(self.text)
        except tomllib.TOMLDecodeError as exc:
            m = _SYNTAX_AT.search(str(exc))
            line = int(m.group(1)) if m else len(self.text.splitlines())
            raise self.error(line, f"TOML 语法错误：{exc}", f"TOML syntax error: {exc}", "resource.syntax") from exc
        self._lines = self.text.splitlines()
        self._tables = self._index_tables()

    def _index_tables(self) -> list[tuple[Where, int]]:
        """Map each [table] / [[array]] header to the concrete path it opens."""
        seen_arrays: dict[Where, int] = {}
        out: list[tuple[Where, int]] = []
        for no, raw in enumerate(self._lines, start=1):
            m = _HEADER.match(raw)
            # A comma means an array value on a continuation line, not a header.
            if not m or raw.lstrip().startswith("#") or "," in m.group(2):
                continue
            concrete: list[str | int] = []
            names = _split_header(m.group(2))
            for i, name in enumerate(names):
                concrete.append(name)
                key = tuple(concrete)
                if i == len(names) - 1 and m.group(1) == "[[":
                    seen_arrays[key] = seen_arrays.get(key, -1) + 1
                    concrete.append(seen_arrays[key])
                elif key in seen_arrays:
                    concrete.append(seen_arrays[key])
            out.append((tuple(concrete), no))
        return out

    def _table_span(self, where: Where) -> tuple[int, int] | None:
        for idx, (path, start) in enumerate(self._tables):
            if path == where:
                end = self._tables[idx + 1][1] - 1 if idx + 1 < len(self._tables) else len(self._lines)
                return start, end
        if not where:
            end = self._tables[0][1] - 1 if self._tables else len(self._lines)
            return 1, end
        return None

    def line_of(self, where: Where, key: str | None = None, value: str | None = None) -> int | None:
        """Best line for a problem: the value, else the key, else the nearest table header."""
        span = self._table_span(where)
        if span is not None:
            lines = range(span[0], span[1] + 1)
            if value is not None:
                for no in lines:
                    if f'"{value}"' in self._lines[no - 1].split("#")[0]:
                        return no
            if key is not None:
                pat = re.compile(rf'^\s*(?:"{re.escape(key)}"|\'{re.escape(key)}\'|{re.escape(key)})\s*=')
                for no in lines:
                    if pat.match(self._lines[no - 1]):
                        return no
        if key is not None:
            # A value written as its own header, e.g. [areas.a1] for key "a1".
            nested = self._table_span((*where, key))
            if nested is not None:
                return nested[0]
        if span is not None and where:
            return span[0]
        for path, start in self._tables:
            if where and path[: len(where)] == where:
                return start
        while where:
            where = where[:-1]
            span = self._table_span(where)
            if span is not None and where:
                return span[0]
        return None

    def error(self, line: int | None, zh: str, en: str, code: str) -> ResourceFileError:
        loc = f"{self.path}:{line}" if line else str(self.path)
        msg = Msg(f"{loc}: {zh}", f"{loc}: {en}", code, {"file": str(self.path), "line": line})
        return self.error_cls(msg, self.path, line)

    def fail(self, where: Where, zh: str, en: str, code: str, *, key: str | None = None,
             value: str | None = None) -> ResourceFileError:
        return self.error(self.line_of(where, key, value), zh, en, code)

    def require(self, ok: bool, where: Where, zh: str, en: str, code: str = "resource.value", *,
                key: str | None = None, value: str | None = None) -> None:
        if not ok:
            raise self.fail(where, zh, en, code, key=key, value=value)

    def only_keys(self, tbl: dict[str, Any], where: Where, allowed: Iterable[str]) -> None:
        """A misspelt key (`staton`) would silently fall back to its default: refuse it instead."""
        known = set(allowed)
        for k in tbl:
            if k not in known:
                raise self.fail(where, f"未知的键“{k}”（是否拼写错误？可用：{'、'.join(sorted(known))}）",
                                f"unknown key '{k}' (misspelt? allowed: {', '.join(sorted(known))})",
                                "resource.unknown_key", key=k)

    # Typed getters: the file is hand-edited, so every read checks its type.

    def _get(self, tbl: Mapping[str, Any], where: Where, key: str, required: bool) -> Any:
        if key not in tbl:
            if required:
                name = ".".join(str(p) for p in (*where, key))
                raise self.fail(where, f"缺少必填项 {name}", f"missing required key {name}", "resource.missing")
            return None
        return tbl[key]

    def _wrong(self, where: Where, key: str, want_zh: str, want_en: str) -> ResourceFileError:
        name = ".".join(str(p) for p in (*where, key))
        return self.fail(where, f"{name} 应为{want_zh}", f"{name} must be {want_en}", "resource.type", key=key)

    def get_str(self, tbl: Mapping[str, Any], where: Where, key: str, default: str | None = None) -> str:
        v = self._get(tbl, where, key, default is None)
        if v is None:
            return default or ""
        if not isinstance(v, str):
            raise self._wrong(where, key, "字符串", "a string")
        return v

    def get_int(self, tbl: Mapping[str, Any], where: Where, key: str, default: int | None = None) -> int:
        v = self._get(tbl, where, key, default is None)
        if v is None:
            return default or 0
        if isinstance(v, bool) or not isinstance(v, int):
            raise self._wrong(where, key, "整数", "an integer")
        return v

    def get_opt_int(self, tbl: Mapping[str, Any], where: Where, key: str) -> int | None:
        return self.get_int(tbl, where, key) if key in tbl else None

    def get_float(self, tbl: Mapping[str, Any], where: Where, key: str, default: float) -> float:
        v = self._get(tbl, where, key, False)
        if v is None:
            return default
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise self._wrong(where, key, "数字", "a number")
        return float(v)

    def get_bool(self, tbl: Mapping[str, Any], where: Where, key: str, default: bool | None = None) -> bool:
        v = self._get(tbl, where, key, default is None)
        if v is None:
            return bool(default)
        if not isinstance(v, bool):
            raise self._wrong(where, key, "布尔值（true/false）", "a boolean (true/false)")
        return v

    def get_str_list(self, tbl: Mapping[str, Any], where: Where, key: str,
                     default: Sequence[str] | None = None) -> tuple[str, ...]:
        v = self._get(tbl, where, key, default is None)
        if v is None:
            return tuple(default or ())
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise self._wrong(where, key, "字符串列表", "a list of strings")
        return tuple(v)

    def get_date(self, tbl: Mapping[str, Any], where: Where, key: str, required: bool = True) -> date | None:
        """A TOML date, or an ISO string; "" means open-ended."""
        v = self._get(tbl, where, key, required)
        if v is None or v == "":
            if required:
                raise self._wrong(where, key, "日期", "a date")
            return None
        if isinstance(v, date) and not hasattr(v, "hour"):
            return v
        if isinstance(v, str):
            try:
                return date.fromisoformat(v)
            except ValueError:
                pass
        raise self._wrong(where, key, "日期（YYYY-MM-DD）", "a date (YYYY-MM-DD)")

    def get_required_date(self, tbl: Mapping[str, Any], where: Where, key: str) -> date:
        got = self.get_date(tbl, where, key, True)
        assert got is not None  # required=True raises instead of returning None
        return got

    def get_table(self, tbl: Mapping[str, Any], where: Where, key: str, required: bool = True) -> dict[str, Any]:
        v = self._get(tbl, where, key, required)
        if v is None:
            return {}
        if not isinstance(v, dict):
            raise self._wrong(where, key, "表（[table]）", "a table")
        return v

    def get_table_list(self, tbl: Mapping[str, Any], where: Where, key: str) -> list[dict[str, Any]]:
        v = self._get(tbl, where, key, False)
        if v is None:
            return []
        if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
            raise self._wrong(where, key, "表数组（[[...]]）", "an array of tables ([[...]])")
        return v
