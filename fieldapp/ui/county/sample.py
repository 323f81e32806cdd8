"""Sample county records on a township demo store, for the county page's tests and screenshots.

The demo store is a township laptop; a county laptop would have pulled the roster,
plans and draws from the server. This writes a small, plausible set through
`fieldapp.county.records` (so every rule still applies): the demo officers on the
roster with their departments, a few more officers sent down, an escalated case,
a case in legal review and the area's annual plan.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from fieldapp import casework
from fieldapp.county.entries import Mode, RosterEntry
from fieldapp.county.plans import InspectionPlan, PlanItem
from fieldapp.workspace import Workspace

EXTRA: list[tuple[str, str, Mode, str, int]] = [  # name, department, mode, certificate suffix, valid days (negative: expired)
    ("刘海涛", "ecoenv", "linked", "31", 400), ("罗美玲", "natres", "linked", "32", 300),
    ("谢志强", "transport", "stationed", "33", 500), ("蔡丽君", "agri", "linked", "34", -20),
]


def _officers(ws: Workspace) -> dict[str, dict[str, Any]]:
    return {o["name"]: o for o in ws.store.query("SELECT * FROM officers")}


def seed_county(ws: Workspace, actor: str | None = None) -> dict[str, Any]:
    """Roster, an escalated case, a case in legal review and a plan for the demo township's area."""
    from fieldapp.county import records

    if actor is None:
        # The records API refuses an anonymous plan (county.permissions: "bureau"); the sample is written as
        # the demo's county-office officer when there is one (add_bureau_officer).
        row = ws.store.one("SELECT id FROM officers WHERE name = ?", (BUREAU,))
        actor = str(row["id"]) if row is not None else None
    jur, township = ws.jurisdiction, ws.township or next(iter(ws.jurisdiction.townships))
    area = jur.area_of(township)
    head, env = area.head_department, jur.categories.get("生态环保", area.head_department)
    today = date.today()
    people = _officers(ws)
    sent: dict[str, tuple[str | None, Mode]] = {"黄建华": (head, "stationed"), "吴文彬": (head, "stationed"),
                                         "张丽芳": (env, "linked")}
    for name, o in people.items():
        if {"legal_reviewer", "bureau"} & set(json.loads(o["roles"] or "[]")):
            continue
        staff: tuple[str | None, Mode] = (None, "none")  # township staff
        dept, mode = sent.get(name, staff)
        until = date.fromisoformat(o["cert_valid_until"]) if o["cert_valid_until"] else None
        records.save_roster_entry(ws, RosterEntry(o["id"], name, dept, o["cert_no"], until,
                                                  area.key if dept else None, township, mode), actor)
    prefix = "35" + (jur.division_code or "0000")[2:4] + "9000"
    for name, dept, mode, suffix, days in EXTRA:
        if dept in jur.departments:
            records.save_roster_entry(ws, RosterEntry("", name, dept, prefix + suffix, today + timedelta(days=days),
                                                      area.key, None, mode), actor)
    escalated = _escalate(ws, actor)
    reviewing = _to_review(ws, actor)
    code = next(m.code for m in ws.catalogue.matters.values() if m.department == head or
                jur.categories.get(m.category) == head)
    plan = records.save_plan(ws, InspectionPlan(area.key, today.year, head, (PlanItem(code, 4, 0.2, 4, 0.5),)), actor)
    return {"area": area.key, "escalated": escalated, "review": reviewing, "plan": plan}


def _escalate(ws: Workspace, actor: str | None) -> str | None:
    row = ws.store.one("SELECT id FROM cases WHERE state = 'investigating' AND escalated = 0 ORDER BY filed_on LIMIT 1")
    if row is None:
        return None
    casework.escalate(ws, row["id"], "涉及两个乡镇，需协调市场监管、生态环境联合执法", actor=actor)
    return str(row["id"])


def _to_review(ws: Workspace, actor: str | None) -> str | None:
    row = ws.store.one("SELECT id FROM cases WHERE state = 'legal_review' LIMIT 1") or ws.store.one(
        "SELECT id FROM cases WHERE state = 'notified' LIMIT 1")
    if row is None:
        return None
    case_id = str(row["id"])
    case = ws.store.one("SELECT state, review_required FROM cases WHERE id = ?", (case_id,))
    if case is not None and case["state"] == "notified":
        casework.propose_penalty(ws, case_id, fine=20000, penalties=["fine"], flags=["major"], actor=actor)
        casework.transition(ws, case_id, "legal_review", actor=actor)
    return case_id


BUREAU = "方志远"


def add_bureau_officer(ws: Workspace, password: str) -> str:
    """A county-office (bureau) officer who can sign in on this laptop."""
    from fieldapp.store.officers import add_officer

    old = ws.store.one("SELECT id FROM officers WHERE name = ?", (BUREAU,))
    if old is not None:
        return str(old["id"])
    jur = ws.jurisdiction
    unit = jur.departments[jur.lead_unit].full_name if jur.lead_unit in jur.departments else jur.full_name
    return add_officer(ws.store, name=BUREAU, cert_no="35" + (jur.division_code or "0000")[2:4] + "900099", unit=unit,
                       password=password, cert_valid_until=date.today() + timedelta(days=900), township=None,
                       department=jur.lead_unit if jur.lead_unit in jur.departments else None, roles=["bureau"])
