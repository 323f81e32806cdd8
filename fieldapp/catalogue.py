"""The matter catalogue (事项清单): what can be enforced, on what basis, and
where and when it is delegated to townships.

Delegation changes over time (沙县区 took back 194 matters in 2025) and a
case keeps the subject of its 立案 date, so each matter carries dated
delegation periods per jurisdiction rather than a yes/no flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fieldapp.jurisdiction import CATEGORIES, Jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.resources import ResourceFileError, TomlDoc, Where, plain_data, resource_path

SCHEMA = 1
_CODE = re.compile(r"[A-Z]{1,4}-\d{1,4}")
_KEY = re.compile(r"[a-z][a-z0-9_]*")


class CatalogueError(ResourceFileError):
    """The catalogue file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Delegation:
    """One period; `end` is the last day in force (inclusive), None if open."""

    jurisdiction: str
    delegated: bool
    start: date
    end: date | None

    def covers(self, on_date: date) -> bool:
        return self.start <= on_date and (self.end is None or on_date <= self.end)


@dataclass(frozen=True)
class Matter:
    code: str
    name: str
    category: str
    department: str
    legal_basis: str
    penalty_basis: str
    penalty_min: int | None
    penalty_max: int | None
    penalty_text: str
    life_safety: bool
    delegations: tuple[Delegation, ...] = ()
    # A power the statute gives 乡、镇 governments directly (城乡规划法 §65):
    # no delegation needed, but it does not extend to 街道.
    township_power: bool = False
    note: str = ""
    line: int | None = field(default=None, compare=False)

    def delegation_on(self, jurisdiction_key: str, on_date: date) -> Delegation | None:
        for d in self.delegations:
            if d.jurisdiction == jurisdiction_key and d.covers(on_date):
                return d
        return None

    def delegated_in(self, jurisdiction_key: str, on_date: date) -> bool:
        period = self.delegation_on(jurisdiction_key, on_date)
        return period is not None and period.delegated


@dataclass(frozen=True)
class Catalogue:
    version: str
    effective_from: date
    sample: bool
    matters: dict[str, Matter]
    source: Path = field(compare=False)

    def __iter__(self) -> Iterator[Matter]:
        return iter(self.matters.values())

    def matter(self, code: str) -> Matter:
        if code not in self.matters:
            raise FieldappError(Msg(f"事项清单中没有事项“{code}”", f"no matter '{code}' in the catalogue",
                                    "catalogue.unknown_matter", {"code": code}))
        return self.matters[code]

    def by_category(self, category: str) -> list[Matter]:
        return [m for m in self.matters.values() if m.category == category]


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    src = Path(path) if path is not None else resource_path("matters", "catalogue.toml")
    if not src.is_file():
        raise CatalogueError(Msg(f"{src}: 找不到事项清单文件", f"{src}: matter catalogue not found",
                                 "catalogue.not_found", {"file": str(src)}), src, None)
    doc = TomlDoc(src, CatalogueError)
    d = doc.data
    schema = doc.get_int(d, (), "schema")
    doc.require(schema == SCHEMA, (), f"不支持的 schema {schema}（应为 {SCHEMA}）",
                f"unsupported schema {schema} (expected {SCHEMA})", "resource.schema", key="schema")
    matters: dict[str, Matter] = {}
    for i, raw in enumerate(doc.get_table_list(d, (), "matters")):
        m = _matter(doc, ("matters", i), raw)
        doc.require(m.code not in matters, ("matters", i), f"事项编码“{m.code}”重复", f"duplicate matter code "
                    f"'{m.code}'", "catalogue.duplicate", key="code")
        matters[m.code] = m
    doc.require(bool(matters), (), "事项清单为空", "the catalogue has no [[matters]]", "catalogue.empty")
    return Catalogue(doc.get_str(d, (), "version"), doc.get_required_date(d, (), "effective_from"),
                     doc.get_bool(d, (), "sample", False), matters, src)


def _matter(doc: TomlDoc, where: Where, t: dict[str, object]) -> Matter:
    code = doc.get_str(t, where, "code")
    doc.require(_CODE.fullmatch(code) is not None, where, f"事项编码“{code}”格式应如 ZH-001",
                f"matter code '{code}' should look like ZH-001", key="code")
    category = doc.get_str(t, where, "category")
    doc.require(category in CATEGORIES, where, f"未知类别“{category}”（应为：{'、'.join(CATEGORIES)}）",
                f"unknown category '{category}' (expected one of: {', '.join(CATEGORIES)})",
                "catalogue.unknown_category", key="category")
    dept = doc.get_str(t, where, "department")
    doc.require(_KEY.fullmatch(dept) is not None, where, f"部门键“{dept}”只能用小写ASCII",
                f"department key '{dept}' must be lower-case ASCII", key="department")
    low, high = doc.get_opt_int(t, where, "penalty_min"), doc.get_opt_int(t, where, "penalty_max")
    doc.require((low or 0) >= 0 and (high or 0) >= 0 and (low is None or high is None or low <= high), where,
                "罚款幅度无效（下限不能大于上限，也不能为负）", "invalid penalty range (min above max, or negative)",
                key="penalty_max" if high is not None else "penalty_min")
    periods = tuple(_delegation(doc, (*where, "delegation", k), r)
                    for k, r in enumerate(doc.get_table_list(t, where, "delegation")))
    for k, a in enumerate(periods):
        for b in periods[:k]:
            overlap = a.jurisdiction == b.jurisdiction and (b.end is None or a.start <= b.end) and (
                a.end is None or b.start <= a.end)
            doc.require(not overlap, (*where, "delegation", k), f"{code} 在 {a.jurisdiction} 的赋权期间重叠",
                        f"{code} has overlapping delegation periods for {a.jurisdiction}", "catalogue.overlap")
    return Matter(code=code, name=doc.get_str(t, where, "name"), category=category, department=dept,
                  legal_basis=doc.get_str(t, where, "legal_basis"),
                  penalty_basis=doc.get_str(t, where, "penalty_basis"),
                  penalty_min=low, penalty_max=high, penalty_text=doc.get_str(t, where, "penalty_text"),
                  life_safety=doc.get_bool(t, where, "life_safety"), delegations=periods,
                  township_power=doc.get_bool(t, where, "township_power", False),
                  note=doc.get_str(t, where, "note", ""), line=doc.line_of(where))


def _delegation(doc: TomlDoc, where: Where, t: dict[str, object]) -> Delegation:
    jur = doc.get_str(t, where, "jurisdiction")
    doc.require(_KEY.fullmatch(jur) is not None, where, f"辖区键“{jur}”只能用小写ASCII",
                f"jurisdiction key '{jur}' must be lower-case ASCII", key="jurisdiction")
    start = doc.get_required_date(t, where, "from")
    end = doc.get_date(t, where, "to", required=False)
    doc.require(end is None or start <= end, where, f"赋权期间结束日 {end} 早于开始日 {start}",
                f"delegation period ends ({end}) before it starts ({start})", key="to")
    return Delegation(jur, doc.get_bool(t, where, "delegated"), start, end)


def validate_catalogue_against(catalogue: Catalogue, jurisdiction: Jurisdiction) -> list[Msg]:
    """Problems using this catalogue in this jurisdiction; empty means fine."""
    problems: list[Msg] = []
    for m in catalogue:
        loc = f"{catalogue.source}:{m.line}" if m.line else str(catalogue.source)
        if m.department not in jurisdiction.departments:
            problems.append(Msg(
                f"{loc}: 事项 {m.code} 的牵头部门“{m.department}”在{jurisdiction.name}不存在",
                f"{loc}: matter {m.code} names department '{m.department}', unknown in {jurisdiction.key}",
                "catalogue.unknown_department", {"code": m.code, "department": m.department}))
        if m.category not in jurisdiction.categories:
            problems.append(Msg(
                f"{loc}: 事项 {m.code} 的类别“{m.category}”在{jurisdiction.name}没有牵头部门",
                f"{loc}: matter {m.code} has category '{m.category}', which has no lead in {jurisdiction.key}",
                "catalogue.unknown_category", {"code": m.code, "category": m.category}))
    return problems


def catalogue_as_dict(catalogue: Catalogue) -> dict[str, object]:
    out: dict[str, object] = plain_data(catalogue)
    return out
