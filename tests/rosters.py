"""Rosters for both programmes, built to meet every rule so a test changes one thing and sees one breach.

Shared by the county core tests and the county server tests.
"""

from __future__ import annotations

from datetime import date
from itertools import count

from fieldapp.county.roster import RosterEntry
from fieldapp.jurisdiction import Jurisdiction

VALID = date(2027, 12, 31)
_serial = count(1)


def officer(name: str, department: str | None, *, area: str | None = None, township: str | None = None,
            mode: str = "none", certified: bool = True, valid: date | None = VALID, oid: str | None = None,
            conflicts: frozenset[str] = frozenset()) -> RosterEntry:
    n = next(_serial)
    return RosterEntry(oid or f"o{n:04d}", name, department, f"3505{n:06d}", valid, area, township,
                       mode, certified, conflicts=conflicts)  # type: ignore[arg-type]


def shaxian_roster(jur: Jurisdiction) -> list[RosterEntry]:
    """Two qualified officers in every township body, plus county officers sent to each area."""
    out = []
    for t in jur.townships.values():
        out += [officer(f"{t.short_name}甲", None, township=t.name), officer(f"{t.short_name}乙", None, township=t.name)]
    for key, area in jur.areas.items():
        out.append(officer(f"{area.name}片长", area.head_department, area=key, mode="stationed"))
        out.append(officer(f"{area.name}市监", "market", area=key, township=area.townships[-1], mode="stationed"))
    return out


NANAN_SPLIT = {  # department -> areas of its stationed officers: 5:5:10 overall (1:1:2)
    "market": ["central", "nanyi", "luncang", "honglai"],
    "transport": ["central", "nanyi", "luodong", "shishan"],
    "culture": ["central", "nanyi", "luncang", "honglai"],
    "agri": ["central", "nanyi", "luodong", "shishan"],
    "emergency": ["central", "nanyi", "luncang", "honglai"],
}


def nanan_roster(jur: Jurisdiction) -> list[RosterEntry]:
    """Each team sends 4 of 5 (80 %), split 5:5:10; 城管 one per area; 自然资源局 links 2 per area."""
    out = []
    for dept, areas in NANAN_SPLIT.items():
        out += [officer(f"{dept}{i}", dept, area=a, mode="stationed") for i, a in enumerate(areas)]
        out.append(officer(f"{dept}留守", dept))
    out += [officer(f"城管{k}", "urban", area=k, mode="stationed") for k in jur.areas]
    for k in jur.areas:
        out += [officer(f"自然{k}{i}", "natres", area=k, mode="linked") for i in range(2)]
    out += [officer("仑苍甲", None, township="仑苍镇"), officer("仑苍乙", None, township="仑苍镇")]
    return out
