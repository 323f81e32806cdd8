"""Joint inspections (综合查一次): one visit, several matters, at least two officers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities
from fieldapp.store.store import Changes, Store, new_id

RESULTS = ("compliant", "order_to_correct", "on_the_spot_penalty", "open_case")
_COLUMNS = ("id", "township", "place", "party_id", "planned_for", "started_at", "ended_at", "status", "result",
            "summary", "plan_id", "supersedes", "void_reason", "created_by", "revision", "created_at", "updated_at")
_INSERT = f"INSERT INTO inspections({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)})"


@dataclass
class MatterFinding:
    code: str
    finding: str = ""
    compliant: bool | None = None


@dataclass
class InspectionInput:
    township: str
    officers: list[str]
    matters: list[MatterFinding]
    party_id: str | None = None
    place: str = ""
    started_at: str | None = None
    ended_at: str | None = None
    result: str | None = None
    summary: str = ""
    status: str = "draft"
    planned_for: str | None = None
    plan_id: str | None = None
    roles: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MatterRow:
    """A matter with the enforcement subject decided for this visit."""

    code: str
    catalogue_version: str
    category: str
    subject_key: str
    subject_name: str
    finding: str
    compliant: bool | None


def insert(ch: Changes, inp: InspectionInput, matters: list[MatterRow], inspection_id: str | None = None,
           supersedes: str | None = None) -> str:
    return insert_many(ch, [(inp, matters)], [inspection_id], supersedes)[0]


def insert_many(ch: Changes, items: list[tuple[InspectionInput, list[MatterRow]]],
                ids: list[str | None] | None = None, supersedes: str | None = None) -> list[str]:
    """Insert inspections with their officers and matters using one statement per table."""
    rows, officer_rows, matter_rows, snaps = [], [], [], []
    for k, (inp, matters) in enumerate(items):
        if inp.result is not None and inp.result not in RESULTS:
            raise FieldappError(Msg(f"检查结果“{inp.result}”无效。", f"Unknown inspection result '{inp.result}'.",
                                    "result_unknown"))
        row = {"id": (ids[k] if ids else None) or new_id(), "township": inp.township, "place": inp.place,
               "party_id": inp.party_id, "planned_for": inp.planned_for, "started_at": inp.started_at,
               "ended_at": inp.ended_at, "status": inp.status, "result": inp.result, "summary": inp.summary,
               "plan_id": inp.plan_id, "supersedes": supersedes, "void_reason": None, "created_by": ch.actor,
               "revision": 1, "created_at": ch.ts, "updated_at": ch.ts}
        officers = [{"officer_id": oid, "role": inp.roles.get(oid, "lead" if i == 0 else "member")}
                    for i, oid in enumerate(dict.fromkeys(inp.officers))]
        found = [{"matter_code": m.code, "catalogue_version": m.catalogue_version, "category": m.category,
                  "subject_key": m.subject_key, "subject_name": m.subject_name, "finding": m.finding,
                  "compliant": None if m.compliant is None else int(m.compliant)} for m in matters]
        rows.append(row)
        officer_rows += [(row["id"], o["officer_id"], o["role"]) for o in officers]
        matter_rows += [(row["id"], *m.values()) for m in found]
        snaps.append(entities.with_children(row, {
            "officers": sorted(officers, key=lambda o: o["officer_id"]),
            "matters": sorted(found, key=lambda m: m["matter_code"])}))
    ch.executemany(_INSERT, rows)
    ch.executemany("INSERT INTO inspection_officers(inspection_id, officer_id, role) VALUES (?, ?, ?)", officer_rows)
    ch.executemany("INSERT INTO inspection_matters(inspection_id, matter_code, catalogue_version, category,"
                   " subject_key, subject_name, finding, compliant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", matter_rows)
    for snap in snaps:
        ch.record("inspection", snap["id"], "create", None, snap)
    return [str(r["id"]) for r in rows]


def update_status(ch: Changes, inspection_id: str, action: str, **changes: Any) -> dict[str, Any]:
    before = entities.snapshot(ch.conn, "inspection", inspection_id)
    if before is None:
        raise FieldappError(Msg(f"找不到检查记录 {inspection_id}。", f"No inspection {inspection_id}.", "not_found"))
    revision = int(before["revision"]) + 1
    sets = ", ".join(f"{k} = :{k}" for k in changes)
    ch.execute(f"UPDATE inspections SET {sets}, revision = :revision, updated_at = :ts WHERE id = :id",
               {**changes, "revision": revision, "ts": ch.ts, "id": inspection_id})
    after = entities.snapshot(ch.conn, "inspection", inspection_id)
    ch.record("inspection", inspection_id, action, before, after, revision)
    return after or {}


def list_inspections(
    store: Store, *, township: str | None = None, status: str | None = None, date_from: str | None = None,
    date_to: str | None = None, party_id: str | None = None, limit: int = 50, offset: int = 0,
) -> list[dict[str, Any]]:
    where, params = ["1"], []
    for column, value in (("i.township", township), ("i.status", status), ("i.party_id", party_id)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if date_from:
        where.append("i.started_at >= ?")
        params.append(date_from)
    if date_to:
        where.append("i.started_at < ?")
        params.append(date_to + "\uffff")
    sql = ("SELECT i.id, i.township, i.place, i.status, i.result, i.started_at, i.ended_at, i.planned_for,"
           " p.name AS party_name FROM inspections i LEFT JOIN parties p ON p.id = i.party_id"
           f" WHERE {' AND '.join(where)} ORDER BY i.started_at DESC, i.id LIMIT ? OFFSET ?")
    return store.query(sql, (*params, limit, offset))


def get_inspection(store: Store, inspection_id: str) -> dict[str, Any] | None:
    with store.lock:
        snap = entities.snapshot(store.conn, "inspection", inspection_id)
    if snap is None:
        return None
    names = {r["id"]: r for r in store.query(
        "SELECT o.id, o.name, o.cert_no, o.unit FROM officers o JOIN inspection_officers io"
        " ON io.officer_id = o.id WHERE io.inspection_id = ?", (inspection_id,))}
    for officer in snap["officers"]:
        info = names.get(officer["officer_id"], {})
        officer.update({"name": info.get("name"), "cert_no": info.get("cert_no"), "unit": info.get("unit")})
    party = store.one("SELECT * FROM parties WHERE id = ?", (snap["party_id"],)) if snap["party_id"] else None
    snap["party"] = party
    return snap
