"""A county's 片区联合执法 set-up, loaded from a data file.

Everything that differs between counties (areas, 片长 departments, stations,
thresholds, numbering) lives in resources/jurisdictions/<key>.toml, so a new
county is a new file. Validation errors name the file and line to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.resources import ResourceFileError, TomlDoc, Where, plain_data, resource_path

SCHEMA = 1
# The seven categories of delegated matters fixed by the provincial scheme
# (闽政文〔2022〕3号 as classified in both programmes).
CATEGORIES = ("市场监管", "交通运输", "文化市场", "生态环保", "农业", "应急管理", "综合执法")
TOWNSHIP_KINDS = ("镇", "乡", "街道")
_KEY = re.compile(r"[a-z][a-z0-9_]*")
AreaOf = dict[str, str]  # township name -> area key


class JurisdictionError(ResourceFileError):
    """A jurisdiction file is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    full_name: str
    short_name: str


@dataclass(frozen=True)
class Township:
    name: str
    full_name: str
    short_name: str
    kind: str
    division_code: str | None
    area: str


@dataclass(frozen=True)
class Area:
    key: str
    name: str
    head_department: str
    deputy_head_rule: str
    station: str | None
    townships: tuple[str, ...]
    head_rule: str = ""


@dataclass(frozen=True)
class SplitShare:
    areas: tuple[str, ...]
    share: int


@dataclass(frozen=True)
class Rules:
    """Thresholds and local rules; defaults are the statutory values."""

    on_the_spot_fine_max_person: int = 200
    on_the_spot_fine_max_organisation: int = 3000
    cash_on_the_spot_max: int = 100
    cross_township_escalates: bool = True
    major_fine_person: int = 10000
    major_fine_organisation: int = 100000
    escalation_flags: frozenset[str] = frozenset({"major", "complex"})
    escalation_penalties: frozenset[str] = frozenset()
    review_fine_person: int = 10000
    review_fine_organisation: int = 100000
    review_penalties: frozenset[str] = frozenset()
    review_on_hearing: bool = True
    review_flags: frozenset[str] = frozenset({"public_interest", "complex", "major"})
    hearing_fine_person: int = 10000
    hearing_fine_organisation: int = 100000
    hearing_penalties: frozenset[str] = frozenset()
    on_the_spot_filing_working_days: int = 3
    number_block_low_water: int = 10
    document_number_pattern: str = "{subject}{code}〔{year}〕{n}号"
    min_officers_per_township: int = 2
    sent_down_ratio: float = 0.0
    split_departments: tuple[str, ...] = ()
    min_linked_per_area: int = 0
    evaluation_period: str = ""
    evaluation_rule: str = ""
    dispute_resolver: str = ""
    split: tuple[SplitShare, ...] = ()


@dataclass(frozen=True)
class Jurisdiction:
    key: str
    name: str
    full_name: str
    division_code: str
    former_division_codes: tuple[str, ...]
    programme_title: str
    programme_number: str
    programme_date: date
    lead_unit: str
    departments: dict[str, Department]
    areas: dict[str, Area]
    townships: dict[str, Township]
    categories: dict[str, str]
    rules: Rules
    source: Path = field(compare=False)

    def township(self, name: str) -> Township:
        """By name ("湖源乡") or short name ("湖源")."""
        if name in self.townships:
            return self.townships[name]
        for t in self.townships.values():
            if name in (t.short_name, t.full_name):
                return t
        raise FieldappError(Msg(f"{self.name}没有乡镇（街道）“{name}”", f"{self.name} has no township '{name}'",
                                "jurisdiction.unknown_township", {"township": name}))

    def area_of(self, township: str) -> Area:
        return self.areas[self.township(township).area]

    def department(self, key: str) -> Department:
        if key not in self.departments:
            raise FieldappError(Msg(f"{self.name}没有部门“{key}”", f"{self.name} has no department '{key}'",
                                    "jurisdiction.unknown_department", {"department": key}))
        return self.departments[key]


def available_jurisdictions() -> list[str]:
    folder = resource_path("jurisdictions")
    return sorted(p.stem for p in folder.glob("*.toml")) if folder.is_dir() else []


def load_jurisdiction(key_or_path: str | Path) -> Jurisdiction:
    """Load by bare key ("shaxian", looked up in resources/) or by file path."""
    text = str(key_or_path)
    by_key = not isinstance(key_or_path, Path) and _KEY.fullmatch(text) is not None
    path = resource_path("jurisdictions", f"{text}.toml") if by_key else Path(key_or_path)
    if not path.is_file():
        known = ", ".join(available_jurisdictions()) or "-"
        raise JurisdictionError(Msg(f"{path}: 找不到辖区文件（可用：{known}）",
                                    f"{path}: jurisdiction file not found (available: {known})",
                                    "jurisdiction.not_found", {"file": str(path)}), path, None)
    doc = TomlDoc(path, JurisdictionError)
    jur = _build(doc)
    if by_key and jur.key != text:
        raise doc.fail((), f"key “{jur.key}”与文件名“{text}”不一致", f"key '{jur.key}' does not match file name "
                       f"'{text}'", "jurisdiction.key_mismatch", key="key")
    return jur


_TOP_KEYS = ("schema", "key", "name", "full_name", "division_code", "former_division_codes", "programme_title",
             "programme_number", "programme_date", "lead_unit", "departments", "areas", "townships", "categories",
             "rules")


def _build(doc: TomlDoc) -> Jurisdiction:
    d = doc.data
    doc.only_keys(d, (), _TOP_KEYS)
    schema = doc.get_int(d, (), "schema")
    doc.require(schema == SCHEMA, (), f"不支持的 schema {schema}（应为 {SCHEMA}）",
                f"unsupported schema {schema} (expected {SCHEMA})", "resource.schema", key="schema")
    key = doc.get_str(d, (), "key")
    doc.require(_KEY.fullmatch(key) is not None, (), "key 只能用小写字母、数字和下划线",
                "key must be lower-case ASCII letters, digits, _", key="key")
    depts = _departments(doc)
    townships_raw = doc.get_table(d, (), "townships")
    areas, area_of = _areas(doc, depts, townships_raw)
    townships: dict[str, Township] = {}
    for name in townships_raw:
        where: Where = ("townships", name)
        t = doc.get_table(townships_raw, ("townships",), name)
        doc.only_keys(t, where, ("kind", "division_code", "full_name", "short_name"))
        kind = doc.get_str(t, where, "kind")
        doc.require(kind in TOWNSHIP_KINDS, where, f"kind 应为 镇/乡/街道，而不是“{kind}”",
                    f"kind must be 镇/乡/街道, not '{kind}'", key="kind")
        code = doc.get_str(t, where, "division_code", "") or None
        doc.require(code is None or re.fullmatch(r"\d{9}(\d{3})?", code) is not None, where,
                    "区划代码应为9或12位数字", "division_code must be 9 or 12 digits", key="division_code")
        doc.require(name in area_of, where, f"乡镇“{name}”不属于任何片区", f"township '{name}' is in no area",
                    "jurisdiction.township_unassigned")
        townships[name] = Township(name, doc.get_str(t, where, "full_name"), doc.get_str(t, where, "short_name"),
                                   kind, code, area_of[name])
    categories = doc.get_table(d, (), "categories")
    for cat in CATEGORIES:
        doc.require(cat in categories, ("categories",), f"缺少类别“{cat}”的牵头部门",
                    f"category '{cat}' has no lead department", "jurisdiction.category_missing")
    cats = {c: _dept_ref(doc, depts, categories, ("categories",), c) for c in categories}
    lead = _dept_ref(doc, depts, d, (), "lead_unit")
    programme_date = doc.get_required_date(d, (), "programme_date")
    return Jurisdiction(
        key=key, name=doc.get_str(d, (), "name"), full_name=doc.get_str(d, (), "full_name"),
        division_code=doc.get_str(d, (), "division_code"),
        former_division_codes=doc.get_str_list(d, (), "former_division_codes", ()),
        programme_title=doc.get_str(d, (), "programme_title"), programme_number=doc.get_str(d, (), "programme_number"),
        programme_date=programme_date, lead_unit=lead, departments=depts, areas=areas, townships=townships,
        categories=cats, rules=_rules(doc, depts, areas), source=doc.path)


def _dept_ref(doc: TomlDoc, depts: dict[str, Department], tbl: dict[str, Any], where: Where, key: str) -> str:
    ref = doc.get_str(tbl, where, key)
    if ref not in depts:
        raise doc.fail(where, f"{key} 引用了不存在的部门“{ref}”", f"{key} names unknown department '{ref}'",
                       "jurisdiction.unknown_department", key=key, value=ref)
    return ref


def _departments(doc: TomlDoc) -> dict[str, Department]:
    out: dict[str, Department] = {}
    raw = doc.get_table(doc.data, (), "departments")
    for k in raw:
        where: Where = ("departments", k)
        t = doc.get_table(raw, ("departments",), k)
        doc.only_keys(t, where, ("name", "full_name", "short_name"))
        doc.require(_KEY.fullmatch(k) is not None, where, f"部门键“{k}”只能用小写ASCII",
                    f"department key '{k}' must be lower-case ASCII")
        out[k] = Department(k, doc.get_str(t, where, "name"), doc.get_str(t, where, "full_name"),
                            doc.get_str(t, where, "short_name"))
    return out


def _areas(doc: TomlDoc, depts: dict[str, Department], towns: dict[str, Any]) -> tuple[dict[str, Area], AreaOf]:
    areas: dict[str, Area] = {}
    area_of: dict[str, str] = {}
    raw = doc.get_table(doc.data, (), "areas")
    for k in raw:
        where: Where = ("areas", k)
        t = doc.get_table(raw, ("areas",), k)
        doc.only_keys(t, where, ("name", "head_department", "deputy_head_rule", "station", "townships", "head_rule"))
        members = doc.get_str_list(t, where, "townships")
        for name in members:
            if name not in towns:
                raise doc.fail(where, f"片区成员“{name}”未在 [townships] 中定义",
                               f"area member '{name}' is not defined under [townships]",
                               "jurisdiction.unknown_township", value=name)
            if name in area_of:
                raise doc.fail(where, f"乡镇“{name}”同时属于片区 {area_of[name]} 和 {k}",
                               f"township '{name}' is in two areas: {area_of[name]} and {k}",
                               "jurisdiction.township_twice", value=name)
            area_of[name] = k
        station = doc.get_str(t, where, "station", "") or None
        doc.require(station is None or station in members, where, f"驻点“{station}”不是本片区的乡镇",
                    f"station '{station}' is not one of this area's townships", "jurisdiction.station_outside",
                    key="station")
        areas[k] = Area(k, doc.get_str(t, where, "name"), _dept_ref(doc, depts, t, where, "head_department"),
                        doc.get_str(t, where, "deputy_head_rule", ""), station, members,
                        doc.get_str(t, where, "head_rule", ""))
    return areas, area_of


def _rules(doc: TomlDoc, depts: dict[str, Department], areas: dict[str, Area]) -> Rules:
    where: Where = ("rules",)
    raw = doc.get_table(doc.data, (), "rules", required=False)  # absent: statutory defaults
    doc.only_keys(raw, where, [f.name for f in fields(Rules)])
    values: dict[str, Any] = {}
    for f in fields(Rules):
        default: Any = f.default
        name = f.name
        if name == "split":
            continue
        if isinstance(default, bool):
            values[name] = doc.get_bool(raw, where, name, default)
        elif isinstance(default, int):
            values[name] = doc.get_int(raw, where, name, default)
        elif isinstance(default, float):
            values[name] = doc.get_float(raw, where, name, default)
        elif isinstance(default, str):
            values[name] = doc.get_str(raw, where, name, default)
        else:
            listed = doc.get_str_list(raw, where, name, sorted(default))
            values[name] = frozenset(listed) if isinstance(default, frozenset) else listed
        value = values[name]
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and (value < 0 or (isinstance(default, float) and value > 1)):
            raise doc.fail(where, f"{name} 超出允许范围", f"{name} is out of range", "resource.value", key=name)
    # The statute sets the on-the-spot ceilings (行政处罚法第五十一条, 第六十八条); a county may
    # only tighten them, never print a 当场处罚决定书 over them.
    for name, ceiling, article in (("on_the_spot_fine_max_person", 200, "第五十一条"),
                                   ("on_the_spot_fine_max_organisation", 3000, "第五十一条"),
                                   ("cash_on_the_spot_max", 100, "第六十八条")):
        doc.require(values[name] <= ceiling, where,
                    f"{name} = {values[name]} 超过法定上限 {ceiling} 元（行政处罚法{article}），只能调低",
                    f"{name} = {values[name]} is over the statutory ceiling of {ceiling} yuan "
                    f"(Administrative Penalty Law, {article}); it may only be lowered", "jurisdiction.over_statute",
                    key=name)
    for k in values["split_departments"]:
        doc.require(k in depts, where, f"split_departments 引用了不存在的部门“{k}”",
                    f"split_departments names unknown department '{k}'", "jurisdiction.unknown_department", value=k)
    if values["dispute_resolver"]:
        _dept_ref(doc, depts, raw, where, "dispute_resolver")
    try:
        values["document_number_pattern"].format(subject="湖源", code="综执罚", year=2026, n=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise doc.fail(where, f"文书编号格式无效（{exc}）；可用 {{subject}} {{code}} {{year}} {{n}}",
                       f"invalid document_number_pattern ({exc}); use {{subject}} {{code}} {{year}} {{n}}",
                       "resource.value", key="document_number_pattern") from exc
    shares: list[SplitShare] = []
    for i, s in enumerate(doc.get_table_list(raw, where, "split")):
        w: Where = ("rules", "split", i)
        doc.only_keys(s, w, ("areas", "share"))
        members = doc.get_str_list(s, w, "areas")
        for a in members:
            doc.require(a in areas, w, f"split 引用了不存在的片区“{a}”", f"split names unknown area '{a}'",
                        "jurisdiction.unknown_area", value=a)
        shares.append(SplitShare(members, doc.get_int(s, w, "share")))
    return Rules(**values, split=tuple(shares))


def jurisdiction_as_dict(j: Jurisdiction) -> dict[str, Any]:
    """Plain JSON-ready data (dates as ISO strings, sets as sorted lists)."""
    return plain_data(j)
