"""Which county tabs an officer sees, and which areas are theirs (no Qt, no SQL)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fieldapp.county.entries import RosterEntry
from fieldapp.jurisdiction import Jurisdiction

COUNTY_ROLES = ("area_head", "team_lead", "legal_reviewer", "bureau")
# tab key -> the roles that use it, in the order the tabs are shown
TABS: dict[str, frozenset[str]] = {
    "queue": frozenset({"area_head", "team_lead"}),
    "review": frozenset({"legal_reviewer"}),
    "roster": frozenset({"bureau"}),
    "draws": frozenset({"bureau"}),
    "lists": frozenset({"bureau", "area_head"}),
    "quarterly": frozenset({"bureau", "area_head"}),
}


def county_roles(officer: Mapping[str, Any] | None) -> set[str]:
    return set(COUNTY_ROLES) & set((officer or {}).get("roles") or ())


def tabs_for(officer: Mapping[str, Any] | None) -> list[str]:
    roles = county_roles(officer)
    return [key for key, who in TABS.items() if roles & who]


def officer_areas(jur: Jurisdiction, officer: Mapping[str, Any] | None, entries: Iterable[RosterEntry] = ()) -> list[str]:
    """The areas an officer works for: every area for the bureau; else the roster's areas and their township's."""
    if officer is None:
        return []
    if "bureau" in county_roles(officer):
        return list(jur.areas)
    keys = {e.area_key for e in entries if e.officer_id == officer.get("id") and e.area_key}
    township = officer.get("township")
    if township and township in jur.townships:
        keys.add(jur.area_of(str(township)).key)
    return [k for k in jur.areas if k in keys]
