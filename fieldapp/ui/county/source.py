"""What the county tabs load and do, run in background operations (no Qt here).

Writes and rule checks go through `fieldapp.county.records` (docs/county-records.md);
plain lists that the records API does not offer (plans, draws, published lists,
ratings, names) are read-only queries on the `Reader`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from datetime import date
from types import ModuleType
from typing import Any

from fieldapp import queries
from fieldapp.county.entries import RosterEntry
from fieldapp.rules.penalty import Verdict
from fieldapp.workspace import Workspace


def records() -> ModuleType:
    from fieldapp.county import records as mod

    return mod


def has_records() -> bool:
    try:
        records()
    except ImportError:
        return False
    return True


def _table(r: queries.Reader, name: str) -> bool:
    return r.one("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)) is not None


def _decode(row: dict[str, Any], *cols: str) -> dict[str, Any]:
    for c in cols:
        if isinstance(row.get(c), str):
            with contextlib.suppress(ValueError):
                row[c] = json.loads(row[c])
    return row


# -- people --------------------------------------------------------------------------------------

def officer_entries(r: queries.Reader) -> list[RosterEntry]:
    """Officers of the laptop as roster entries (for those not on the county roster)."""
    out = []
    for o in r.query("SELECT id, name, cert_no, cert_valid_until, unit, department, township, conflicts"
                     " FROM officers WHERE active = 1 ORDER BY name"):
        until = date.fromisoformat(o["cert_valid_until"]) if o["cert_valid_until"] else None
        out.append(RosterEntry(str(o["id"]), o["name"], o["department"] or None, o["cert_no"] or "", until, None,
                               o["township"], "none", bool(o["cert_no"]), o["unit"] or "",
                               frozenset(json.loads(o["conflicts"] or "[]"))))
    return out


def roster(ws: Workspace) -> list[RosterEntry]:
    return list(records().roster_entries(ws)) if has_records() else []


def people(ws: Workspace, r: queries.Reader) -> list[RosterEntry]:
    """Everyone who can be picked for a joint action: the roster, then officers not on it."""
    entries = roster(ws)
    seen = {e.officer_id for e in entries}
    return entries + [e for e in officer_entries(r) if e.officer_id not in seen]


def names(r: queries.Reader) -> dict[str, str]:
    out = queries.officer_names(r)
    out.update({row["id"]: row["name"] for row in r.query("SELECT id, name FROM parties")})
    return out


# -- queues --------------------------------------------------------------------------------------

def area_queue(ws: Workspace, area_keys: Sequence[str]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for key in area_keys:
        rows += records().area_queue(ws, key)
    return sorted(rows, key=lambda c: (str(c.get("filed_on") or c.get("accepted_on") or ""), str(c["id"])))


def decision_verdict(ws: Workspace, case: Mapping[str, Any]) -> Verdict:
    """May the penalty decision be issued? Exactly the verdict `issue_document` enforces (no second copy of the
    rule here: the button and the core must never disagree)."""
    verdict: Verdict = records().can_issue_decision(ws, str(case["id"]))
    return verdict


# -- plain lists ---------------------------------------------------------------------------------

def plans(r: queries.Reader) -> list[dict[str, Any]]:
    if not _table(r, "plans"):
        return []
    return [_decode(p, "items") for p in r.query("SELECT * FROM plans ORDER BY year DESC, area_key, department")]


def draws(r: queries.Reader) -> list[dict[str, Any]]:
    if not _table(r, "draws"):
        return []
    return [_decode(d, "record") for d in r.query("SELECT * FROM draws ORDER BY created_at DESC, round_no DESC")]


def published(r: queries.Reader) -> list[dict[str, Any]]:
    if not _table(r, "published_lists"):
        return []
    return [_decode(row, "content") for row in r.query(
        "SELECT id, area_key, kind, on_date, content, content_sha, published_by, created_at FROM published_lists"
        " ORDER BY created_at DESC")]


def ratings(r: queries.Reader, year: int, q: int) -> dict[str, dict[str, Any]]:
    """Officer id → the latest rating of the quarter."""
    if not _table(r, "ratings"):
        return {}
    rows = r.query("SELECT * FROM ratings WHERE year = ? AND quarter = ? ORDER BY updated_at", (year, q))
    return {str(row["officer_id"]): row for row in rows}
