"""Published lists of an area: the joint team's personnel and the joint-enforcement matters.

沙政〔2023〕76号 五(三) and 南政办〔2024〕31号 四(四): each area publishes its
联合执法人员名单; 南安 四(四) also a 联合执法事项清单, and 四(五): a matter outside
the base list joins only after the 市城市管理和综合执法局 approves it.

A list's content hash is over its canonical JSON (fieldapp.store.store.canonical),
so the server can audit "list published, hash …" and anyone can check a
printed or downloaded copy against the record. The hash covers what is
published, not when the file was made.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from fieldapp.catalogue import Catalogue, Matter
from fieldapp.county.entries import MODES, RosterEntry, unit_name
from fieldapp.county.export import Table, write_csv, write_pdf, write_xlsx
from fieldapp.county.roster import team_members
from fieldapp.jurisdiction import CATEGORIES, Jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import canonical

ListKind = Literal["personnel", "matters"]
_TITLES = {"personnel": ("联合执法人员名单", "joint team personnel list"),
           "matters": ("联合执法事项清单", "joint-enforcement matter list")}


@dataclass(frozen=True)
class ListAddition:
    """A matter outside the base list, taken in after the lead unit's approval (南安 四(五))."""

    code: str
    requested_by: str  # the 主管部门 (department key) that asked
    approved_by: str  # who approved for the lead unit
    approved_on: date
    reference: str = ""  # the approval's document number (审查同意的文号), printed with the matter


@dataclass(frozen=True)
class PublishedList:
    kind: ListKind
    jurisdiction: str
    area_key: str
    title: str
    on_date: date
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    catalogue_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "jurisdiction": self.jurisdiction, "area": self.area_key, "title": self.title,
                "on_date": self.on_date.isoformat(), "catalogue_version": self.catalogue_version,
                "columns": list(self.columns), "rows": [list(r) for r in self.rows]}

    def content_hash(self) -> str:
        return hashlib.sha256(canonical(self.as_dict()).encode("utf-8")).hexdigest()

    def audit_record(self) -> dict[str, Any]:
        """What the server appends to its audit log when it publishes this list."""
        return {"action": "list_published", "list": self.kind, "jurisdiction": self.jurisdiction,
                "area": self.area_key, "on_date": self.on_date.isoformat(), "rows": len(self.rows),
                "catalogue_version": self.catalogue_version, "hash": self.content_hash()}

    def table(self) -> Table:
        note = f"{self.on_date.isoformat()} · 共{len(self.rows)}项 · sha256 {self.content_hash()[:16]}"
        return Table(self.title, self.columns, self.rows, note=note, sheet=_TITLES[self.kind][0])


def personnel_list(jur: Jurisdiction, entries: Sequence[RosterEntry], area_key: str, on_date: date) -> PublishedList:
    """The area's joint team on `on_date`: names, units and 执法证号 of its qualified members."""
    area = _area(jur, area_key)
    rows = []
    for i, e in enumerate(team_members(jur, entries, area_key, on_date), 1):
        how = MODES[e.mode][0] if e.department is not None else "乡镇（街道）执法人员"
        rows.append((str(i), e.name, unit_name(jur, e), e.cert_no, how, e.township or ""))
    return PublishedList("personnel", jur.key, area_key, f"{jur.name}{area.name}{_TITLES['personnel'][0]}", on_date,
                         ("序号", "姓名", "单位", "执法证号", "下沉方式", "所在乡镇（街道）"), tuple(rows))


def base_matters(jur: Jurisdiction, catalogue: Catalogue, area_key: str, on_date: date) -> list[str]:
    """The default base list: matters delegated to townships on the date, plus statutory township powers
    where the area has a 乡 or 镇 (the 省级赋权清单 the programmes build on)."""
    area = _area(jur, area_key)
    has_town = any(jur.townships[t].kind in ("镇", "乡") for t in area.townships)
    return [m.code for m in catalogue if m.delegated_in(jur.key, on_date) or (m.township_power and has_town)]


def matter_list(jur: Jurisdiction, catalogue: Catalogue, area_key: str, on_date: date, *,
                codes: Iterable[str] | None = None, additions: Sequence[ListAddition] = ()) -> PublishedList:
    """The area's 联合执法事项清单: category, department, delegated or not on `on_date`, basis."""
    area = _area(jur, area_key)
    base = list(dict.fromkeys(codes)) if codes is not None else base_matters(jur, catalogue, area_key, on_date)
    added: dict[str, ListAddition] = {}
    for a in additions:
        if a.code in base or a.code in added:
            raise FieldappError(Msg(f"事项{a.code}已在清单中", f"Matter {a.code} is already on the list",
                                    "lists.duplicate", {"code": a.code}))
        if a.approved_on > on_date:
            raise FieldappError(Msg(f"事项{a.code}于{a.approved_on.isoformat()}才获同意，不能列入{on_date.isoformat()}的清单",
                                    f"Matter {a.code} was approved on {a.approved_on.isoformat()}, after the list date "
                                    f"{on_date.isoformat()}", "lists.not_yet_approved", {"code": a.code}))
        if a.requested_by not in jur.departments or not a.approved_by.strip():
            raise FieldappError(Msg(f"清单外事项{a.code}须由主管部门提请、{jur.departments[jur.lead_unit].name}审查同意",
                                    f"Matter {a.code} outside the base list needs a requesting department and the "
                                    f"approval of {jur.departments[jur.lead_unit].name}", "lists.approval_missing",
                                    {"code": a.code}))
        added[a.code] = a
    matters = [catalogue.matter(c) for c in [*base, *added]]
    matters.sort(key=lambda m: (CATEGORIES.index(m.category) if m.category in CATEGORIES else 99, m.code))
    lead = jur.departments[jur.lead_unit].name
    rows = []
    for i, m in enumerate(matters, 1):
        extra = added.get(m.code)
        source = "基础清单"
        if extra:
            said = [extra.approved_on.isoformat(), *(x for x in (extra.approved_by.strip(), extra.reference.strip())
                                                     if x and x != lead)]
            # Who asked, who approved, when and under which document: the published content (and its hash)
            # carries the whole approval, so a printed list shows why a matter outside the base list is on it.
            source = f"由{jur.departments[extra.requested_by].name}提请，经{lead}审查同意纳入（{'，'.join(said)}）"
        status, subject = _delegation(jur, m, area.townships, on_date)
        rows.append((str(i), m.code, m.name, m.category, _dept(jur, m), status, subject, m.legal_basis,
                     m.penalty_basis, source))
    return PublishedList("matters", jur.key, area_key, f"{jur.name}{area.name}{_TITLES['matters'][0]}", on_date,
                         ("序号", "事项编码", "事项名称", "类别", "主管部门", f"赋权情况（{on_date.isoformat()}）", "执法主体",
                          "设定依据", "处罚依据", "纳入方式"), tuple(rows), catalogue.version)


def export_list(jur: Jurisdiction, lst: PublishedList, path: str | Path) -> Path:
    """Write by suffix: .csv, .xlsx or .pdf."""
    out = Path(path)
    suffix = out.suffix.lower()
    if suffix == ".csv":
        return write_csv(lst.table(), out)
    if suffix == ".xlsx":
        return write_xlsx([lst.table()], out)
    if suffix == ".pdf":
        sub = f"{jur.programme_title}（{jur.programme_number}） · {lst.on_date.isoformat()} · sha256 {lst.content_hash()}"
        return write_pdf([lst.table()], out, title=lst.title, subtitle=sub)
    raise FieldappError(Msg(f"不支持的导出格式“{suffix}”（可用 .csv .xlsx .pdf）",
                            f"Unsupported export format '{suffix}' (use .csv, .xlsx or .pdf)", "lists.format"))


def _area(jur: Jurisdiction, key: str) -> Any:
    if key not in jur.areas:
        raise FieldappError(Msg(f"{jur.name}没有片区“{key}”", f"{jur.name} has no area '{key}'", "jurisdiction.unknown_area",
                                {"area": key}))
    return jur.areas[key]


def _dept(jur: Jurisdiction, m: Matter) -> str:
    key = m.department if m.department in jur.departments else jur.categories.get(m.category, jur.lead_unit)
    return jur.departments[key].name


def _delegation(jur: Jurisdiction, m: Matter, townships: Sequence[str], on_date: date) -> tuple[str, str]:
    """(赋权情况, 执法主体) for the area: mirrors rules.subject.enforcement_subject without a township."""
    dept = _dept(jur, m)
    if m.township_power:
        streets = [t for t in townships if jur.townships[t].kind == "街道"]
        if streets and m.delegated_in(jur.key, on_date):
            return "法定乡镇职权；街道已赋权", "所在乡镇（街道）"
        if streets:
            return "法定乡镇职权（街道不适用）", f"所在乡、镇；街道由{dept}"
        return "法定乡镇职权", "所在乡、镇"
    if m.delegated_in(jur.key, on_date):
        return "已赋权", "所在乡镇（街道）"
    return "未赋权", dept
