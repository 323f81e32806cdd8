"""The county roster's records: who is on it, where they are sent, and what a breach says.

Kept apart from the rules (roster.py, split.py) so every county module can
use them without import cycles. `fieldapp.county.roster` re-exports them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, cast

from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError, Msg

Mode = Literal["stationed", "linked", "none"]
# 常驻 (stationed in an area), 挂钩 (linked: attached to an area, works from the
# department), or not sent down at all.
MODES: dict[str, tuple[str, str]] = {"stationed": ("常驻", "stationed"), "linked": ("挂钩", "linked"),
                                     "none": ("未下沉", "not sent down")}


@dataclass(frozen=True)
class RosterEntry:
    """One officer on the county roster.

    `department` is the county department key ("market"); None means the
    officer belongs to the township's own 综合执法机构 named in `township`
    (the laptop store records township staff the same way).
    """

    officer_id: str
    name: str
    department: str | None
    cert_no: str
    cert_valid_until: date | None
    area_key: str | None
    township: str | None
    mode: Mode = "none"
    certified: bool = True
    unit: str = ""  # printed unit name; derived from the jurisdiction when blank
    conflicts: frozenset[str] = field(default_factory=frozenset)  # party / target ids to recuse from

    def qualified(self, on_date: date) -> bool:
        """Holds an enforcement certificate valid on `on_date` (行政处罚法 §42)."""
        return (self.certified and bool(self.cert_no.strip()) and self.cert_valid_until is not None
                and self.cert_valid_until >= on_date)

    @property
    def sent_down(self) -> bool:
        return self.department is not None and self.mode in ("stationed", "linked") and bool(self.area_key)

    @property
    def unit_key(self) -> str:
        """The unit that counts for "officers from two departments": a department or a township body."""
        return self.department or f"township:{self.township or ''}"

    def as_dict(self) -> dict[str, Any]:
        return {"officer_id": self.officer_id, "name": self.name, "department": self.department,
                "cert_no": self.cert_no,
                "cert_valid_until": self.cert_valid_until.isoformat() if self.cert_valid_until else None,
                "area_key": self.area_key, "township": self.township, "mode": self.mode,
                "certified": self.certified, "unit": self.unit, "conflicts": sorted(self.conflicts)}

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RosterEntry:
        """From the server's stored row (ISO dates, 0/1 flags, JSON lists already decoded)."""
        mode = str(d.get("mode") or "none")
        if mode not in MODES:
            raise FieldappError(Msg(f"执法人员{d.get('name', '')}的下沉方式“{mode}”无效（应为 stationed/linked/none）",
                                    f"Officer {d.get('name', '')} has an invalid mode '{mode}' (stationed/linked/none)",
                                    "roster.bad_mode", {"officer": d.get("officer_id"), "mode": mode}))
        until = d.get("cert_valid_until")
        return cls(officer_id=str(d["officer_id"]), name=str(d.get("name", "")), department=d.get("department") or None,
                   cert_no=str(d.get("cert_no") or ""),
                   cert_valid_until=until if isinstance(until, date) or until is None else date.fromisoformat(str(until)),
                   area_key=d.get("area_key") or None, township=d.get("township") or None, mode=cast(Mode, mode),
                   certified=bool(d.get("certified", True)), unit=str(d.get("unit") or ""),
                   conflicts=frozenset(d.get("conflicts") or ()))


def unit_name(jur: Jurisdiction, entry: RosterEntry) -> str:
    """The unit as published: the department's full name, or the township's enforcement team."""
    if entry.unit:
        return entry.unit
    if entry.department is not None:
        dept = jur.departments.get(entry.department)
        return dept.full_name if dept else entry.department
    if entry.township and entry.township in jur.townships:
        full = jur.townships[entry.township].full_name
        return full.replace("人民政府", "综合执法队").replace("办事处", "综合执法队")
    return entry.township or ""


def dept_name(jur: Jurisdiction, key: str) -> str:
    dept = jur.departments.get(key)
    return dept.name if dept else key


def area_name(jur: Jurisdiction, key: str) -> str:
    area = jur.areas.get(key)
    return area.name if area else key


@dataclass(frozen=True)
class Breach:
    """One rule of the programme not met. `actual`/`required` are the numbers the message cites."""

    rule: str
    msg: Msg
    area: str | None = None
    township: str | None = None
    department: str | None = None
    actual: int | float | str | None = None
    required: int | float | str | None = None

    def text(self, lang: str | None = None) -> str:
        return self.msg.text(lang)

    def as_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "area": self.area, "township": self.township, "department": self.department,
                "actual": self.actual, "required": self.required, **self.msg.as_dict()}
