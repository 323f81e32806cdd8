"""County records on the laptop: the county rules of `fieldapp.county` meet the store.

docs/county-records.md is the contract. Every writer goes through
`Store.change(actor)`, so each roster change, joint action, draw, review and
rating is in the hash-chained audit log and the sync outbox; a rule that
refuses raises `FieldappError` before anything is written. The pure rules
(queues, draws, plans, lists, quarterly, evaluation) decide; this module only
loads their inputs and stores their results.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp import casework
from fieldapp.county import permissions, queues
from fieldapp.county.draws import Draw, Inspector, inspectors_from_roster, recusal_from_roster, seed_commitment
from fieldapp.county.draws import verify_problems as _verify_problems
from fieldapp.county.entries import MODES, Breach, RosterEntry, dept_name
from fieldapp.county.evaluation import EXCELLENT, PERSONAL_GRADES, allowed_personal_grades, evaluation_check, rule_applies
from fieldapp.county.export import Table
from fieldapp.county.lists import ListAddition, export_list, matter_list, personnel_list
from fieldapp.county.plans import (
    InspectionPlan,
    PlanItem,
    PlannedVisit,
    Target,
    check_plan,
    count_visits,
    matter_department,
    merge_plans,
    over_limit,
    plan_round,
    yearly_limit,
)
from fieldapp.county.quarterly import QuarterlyReport, quarter_range, quarterly_report
from fieldapp.county.quarterly import export_quarterly as _export_quarterly
from fieldapp.county.roster import check_roster
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.penalty import Verdict
from fieldapp.store import cases as case_store
from fieldapp.store import entities
from fieldapp.store import inspections as insp
from fieldapp.store.cases import not_found, update_row
from fieldapp.store.officers import officer_uuid
from fieldapp.store.store import Changes, canonical, new_id
from fieldapp.workspace import Workspace

AREA_RATINGS = ("优秀", "良好", "合格", "基本合格", "不合格")
ROSTER_PASSWORD = "!roster"  # an officer first known from the roster signs in on their own laptop, not here
_TABLE = {e: entities.ENTITIES[e][0] for e in entities.COUNTY_ENTITIES}


def _fail(zh: str, en: str, code: str, **data: Any) -> FieldappError:
    return FieldappError(Msg(zh, en, code, data))


def _insert(ch: Changes, entity: str, row: dict[str, Any], action: str = "create") -> dict[str, Any]:
    values = {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v for k, v in row.items()}
    values.update(revision=1, created_at=ch.ts, updated_at=ch.ts)
    cols = list(values)
    ch.execute(f"INSERT INTO {_TABLE[entity]}({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})", values)
    after = entities.snapshot(ch.conn, entity, str(values["id"]))
    assert after is not None
    ch.record(entity, str(values["id"]), action, None, after)
    return after


def _check_area(ws: Workspace, area_key: str) -> None:
    if area_key not in ws.jurisdiction.areas:
        known = "、".join(ws.jurisdiction.areas)
        raise _fail(f"片区“{area_key}”不存在（可选：{known}）", f"Unknown area '{area_key}' (known: {known})",
                    "area_unknown", area=area_key)


def _authorize(ws: Workspace, actor: str | None, action: str, area_key: str | None = None) -> None:
    """Refuse unless `actor` is an officer holding the role `action` needs (fieldapp.county.permissions)."""
    officer = ws.store.one("SELECT * FROM officers WHERE id = ?", (actor,)) if actor else None
    entries = roster_entries(ws) if area_key is not None and officer is not None else []
    msg = permissions.refusal(ws.jurisdiction, action, actor, dict(officer) if officer else None, entries, area_key)
    if msg is not None:
        raise FieldappError(msg)


def _case(ws: Workspace, case_id: str) -> dict[str, Any]:
    data = case_store.get_case(ws.store, case_id)
    if data is None:
        raise not_found("case", case_id)
    return data


# -- roster ------------------------------------------------------------------------------------------

def _entry(row: dict[str, Any]) -> RosterEntry:
    return RosterEntry.from_dict(row)


def roster_entries(ws: Workspace) -> list[RosterEntry]:
    """The active roster, in a stable order (department, area, name)."""
    rows = ws.store.query("SELECT * FROM roster_entries WHERE active = 1 ORDER BY department IS NULL, department,"
                          " area_key, township, name, officer_id")
    return [_entry(entities.plain(r)) for r in rows]


def _validate_entry(ws: Workspace, e: RosterEntry) -> None:
    jur = ws.jurisdiction
    if not e.name.strip():
        raise _fail("花名册人员须有姓名", "A roster entry needs a name", "roster.name_missing")
    if e.department is not None and e.department not in jur.departments:
        raise _fail(f"部门“{e.department}”不在{jur.name}辖区文件中", f"Unknown department '{e.department}'",
                    "roster.unknown_department")
    if e.area_key is not None:
        _check_area(ws, e.area_key)
    if e.township is not None:
        ws.check_township(e.township)
    if e.mode not in MODES:
        raise _fail(f"下沉方式“{e.mode}”无效", f"Invalid mode '{e.mode}'", "roster.bad_mode")
    if e.department is None and e.township is None:
        raise _fail(f"{e.name}：乡镇（街道）执法人员须写明所在乡镇", f"{e.name}: township staff need their township",
                    "roster.township_missing")
    if e.mode != "none" and e.department is not None and e.area_key is None:
        raise _fail(f"{e.name}：下沉人员须写明片区", f"{e.name}: an officer sent down needs an area",
                    "roster.area_missing")


def _ensure_officer(ch: Changes, ws: Workspace, e: RosterEntry) -> RosterEntry:
    """The roster names officers of the county's directory: link by id or certificate, else add one."""
    if e.officer_id and ch.execute("SELECT 1 FROM officers WHERE id = ?", (e.officer_id,)).fetchone():
        return e
    if e.cert_no.strip():
        row = ch.execute("SELECT id FROM officers WHERE cert_no = ?", (e.cert_no.strip(),)).fetchone()
        if row is not None:
            return replace(e, officer_id=str(row[0]))
    if not e.cert_no.strip():
        raise _fail(f"{e.name}：新登记的执法人员须有执法证号", f"{e.name}: a new officer needs a certificate number",
                    "roster.cert_missing")
    # An id the roster gives is the one the officer has elsewhere; else the id the township laptop gives
    # them too (officers.officer_uuid), so a roster entry made before the township's officer was pulled
    # names the same person rather than a second one with the same 执法证号.
    oid = e.officer_id or officer_uuid(ws.jurisdiction.key, e.cert_no)
    row = {"id": oid, "name": e.name, "cert_no": e.cert_no.strip(),
           "cert_valid_until": e.cert_valid_until.isoformat() if e.cert_valid_until else None,
           "unit": e.unit or _unit(ws, e), "department": e.department, "township": e.township,
           "roles": '["officer"]', "password_hash": ROSTER_PASSWORD, "active": 1,
           "conflicts": json.dumps(sorted(e.conflicts), ensure_ascii=False), "revision": 1,
           "created_at": ch.ts, "updated_at": ch.ts}
    ch.execute(f"INSERT INTO officers({', '.join(row)}) VALUES ({', '.join(':' + c for c in row)})", row)
    ch.record("officer", oid, "create", None, entities.officer(row))
    return replace(e, officer_id=oid)


def _unit(ws: Workspace, e: RosterEntry) -> str:
    from fieldapp.county.entries import unit_name

    return unit_name(ws.jurisdiction, e)


def _entry_row(e: RosterEntry) -> dict[str, Any]:
    d = e.as_dict()
    d["certified"] = int(bool(e.certified))
    return d


def _save_entry(ch: Changes, ws: Workspace, entry: RosterEntry) -> str:
    _validate_entry(ws, entry)
    entry = _ensure_officer(ch, ws, entry)
    rows = [entities.plain(dict(r)) for r in ch.execute(
        "SELECT * FROM roster_entries WHERE officer_id = ? ORDER BY active DESC, created_at", (entry.officer_id,))]
    # One entry per officer, except a linked officer: one per area (docs/county.md).
    same = [r for r in rows if r["area_key"] == entry.area_key]
    if entry.mode == "linked":
        target = same[0] if same else next((r for r in rows if r["mode"] != "linked"), None)
    else:
        target = same[0] if same else (rows[0] if rows else None)
    values = {**_entry_row(entry), "active": 1}
    if target is None:
        row_id = new_id()
        _insert(ch, "roster_entry", {"id": row_id, **values})
    else:
        row_id = str(target["id"])
        current = {k: target.get(k) for k in values}
        if canonical(current) != canonical(values):
            update_row(ch, "roster_entry", row_id, "edit", **values)
    if entry.mode != "linked":
        for r in rows:
            if str(r["id"]) != row_id and r["active"]:
                update_row(ch, "roster_entry", str(r["id"]), "deactivate", active=0)
    return row_id


def save_roster_entry(ws: Workspace, entry: RosterEntry, actor: str | None) -> str:
    """Insert or update the officer's entry (a linked officer: the entry for that area); returns its id."""
    with ws.store.change(actor) as ch:
        return _save_entry(ch, ws, entry)


_ROSTER_HEADERS = {
    "officer_id": {"officer_id", "id", "人员编号", "编号"}, "name": {"name", "姓名"},
    "department": {"department", "部门", "派出部门"}, "cert_no": {"cert_no", "执法证号", "证号"},
    "cert_valid_until": {"cert_valid_until", "valid_until", "有效期至", "证件有效期"},
    "area_key": {"area", "area_key", "片区"}, "township": {"township", "乡镇", "乡镇（街道）", "所在乡镇"},
    "mode": {"mode", "下沉方式"}, "certified": {"certified", "持证", "取得执法资格"},
    "unit": {"unit", "单位"}, "conflicts": {"conflicts", "回避对象", "回避"},
}
_MODE_WORDS = {"stationed": "stationed", "常驻": "stationed", "linked": "linked", "挂钩": "linked",
               "none": "none", "未下沉": "none", "": "none"}
_NO = {"0", "否", "no", "false", "n", "无"}


def _lookup(table: dict[str, Any], text: str, what: tuple[str, str], extra: dict[str, str] | None = None) -> str | None:
    text = text.strip()
    if not text or text in ("乡镇", "township", "-", "/"):
        return None
    if text in table:
        return text
    for key, item in table.items():
        if text in {getattr(item, a, None) for a in ("name", "full_name", "short_name")}:
            return str(key)
    if extra and text in extra:
        return extra[text]
    # "自然资源" for 市自然资源局: accepted when it names exactly one.
    partial = [str(k) for k, item in table.items() if text in str(getattr(item, "full_name", ""))]
    if len(partial) == 1:
        return partial[0]
    raise _fail(f"{what[0]}“{text}”不存在", f"Unknown {what[1]} '{text}'", f"roster.unknown_{what[1]}")


def _row_entry(ws: Workspace, values: dict[str, str]) -> RosterEntry:
    jur = ws.jurisdiction
    mode = _MODE_WORDS.get(values.get("mode", "").strip().lower(), _MODE_WORDS.get(values.get("mode", "").strip()))
    if mode is None:
        raise _fail(f"下沉方式“{values.get('mode')}”无效（常驻/挂钩/未下沉）",
                    f"Invalid mode '{values.get('mode')}' (stationed/linked/none)", "roster.bad_mode")
    until = values.get("cert_valid_until", "").strip()
    try:
        valid = date.fromisoformat(until.replace("/", "-")) if until else None
    except ValueError:
        raise _fail(f"有效期“{until}”不是日期（YYYY-MM-DD）", f"Validity '{until}' is not a date (YYYY-MM-DD)",
                    "roster.bad_date") from None
    township = values.get("township", "").strip() or None
    if township is not None:
        township = jur.township(township).name
    conflicts = frozenset(c.strip() for c in values.get("conflicts", "").replace("、", ";").replace(",", ";").split(";")
                          if c.strip())
    return RosterEntry(officer_id=values.get("officer_id", "").strip(), name=values.get("name", "").strip(),
                       department=_lookup(jur.departments, values.get("department", ""), ("部门", "department"),
                                          jur.categories),
                       cert_no=values.get("cert_no", "").strip(), cert_valid_until=valid,
                       area_key=_lookup(jur.areas, values.get("area_key", ""), ("片区", "area")), township=township,
                       mode=mode,  # type: ignore[arg-type]
                       certified=values.get("certified", "").strip().lower() not in _NO,
                       unit=values.get("unit", "").strip(), conflicts=conflicts)


def import_roster(ws: Workspace, path: Path, actor: str | None) -> dict[str, Any]:
    """A roster CSV (UTF-8 or GBK): good rows saved in one change, bad rows reported by line."""
    from fieldapp.store.party_import import _decode

    _authorize(ws, actor, "roster_import")
    path = Path(path)
    text = _decode(path.read_bytes(), path)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise _fail(f"{path}：CSV 格式错误：{exc}", f"{path}: malformed CSV: {exc}", "csv_malformed") from exc
    if not rows:
        raise _fail(f"{path}：文件是空的。", f"{path}: the file is empty.", "csv_empty")
    cols: dict[str, int] = {}
    for i, name in enumerate(rows[0]):
        for key, names in _ROSTER_HEADERS.items():
            if name.strip().lower() in names:
                cols[key] = i
    if "name" not in cols:
        raise _fail(f"{path} 第 1 行：缺少“姓名”列", f"{path} line 1: no name column", "csv_header")
    report: dict[str, Any] = {"imported": 0, "errors": [], "ids": []}
    with ws.store.change(actor) as ch:
        for line, row in enumerate(rows[1:], start=2):
            if not any(cell.strip() for cell in row):
                continue
            values = {k: (row[i] if i < len(row) else "") for k, i in cols.items()}
            ch.execute("SAVEPOINT roster_row")
            try:
                report["ids"].append(_save_entry(ch, ws, _row_entry(ws, values)))
            except FieldappError as exc:
                ch.execute("ROLLBACK TO roster_row")
                report["errors"].append({"line": line, **exc.msg.as_dict()})
            ch.execute("RELEASE roster_row")
        report["imported"] = len(report["ids"])
    return report


def roster_check(ws: Workspace, on_date: date) -> list[Breach]:
    return check_roster(ws.jurisdiction, roster_entries(ws), on_date)


# -- queues, joint actions, review, disputes --------------------------------------------------------

def _cases_where(ws: Workspace, where: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    ids = [r["id"] for r in ws.store.query(f"SELECT id FROM cases WHERE {where}", params)]
    out = []
    with ws.store.lock:
        for cid in ids:
            snap = entities.snapshot(ws.store.conn, "case", cid)
            if snap is not None:
                out.append(snap)
    party_ids = sorted({str(c["party_id"]) for c in out if c.get("party_id")})
    names: dict[str, str] = {}
    for i in range(0, len(party_ids), 500):
        chunk = party_ids[i:i + 500]
        names.update({r["id"]: r["name"] for r in ws.store.query(
            f"SELECT id, name FROM parties WHERE id IN ({','.join('?' * len(chunk))})", tuple(chunk))})
    for c in out:
        c["party_name"] = names.get(c.get("party_id"))
    return out


def area_queue(ws: Workspace, area_key: str) -> list[dict[str, Any]]:
    """Open escalated cases for the 片长 of the area, oldest first."""
    _check_area(ws, area_key)
    return [dict(c) for c in queues.area_queue(ws.jurisdiction, _cases_where(ws, "escalated = 1"), area_key)]


def review_queue(ws: Workspace) -> list[dict[str, Any]]:
    """Cases waiting for the legal reviewer, oldest first."""
    found = _cases_where(ws, "review_required = 1 AND state = 'legal_review'")
    return [dict(c) for c in queues.review_queue(found)]


def escalate(ws: Workspace, case_id: str, reason: str, actor: str | None) -> dict[str, Any]:
    return casework.escalate(ws, case_id, reason, actor=actor)


def _officer_entries(ws: Workspace, officer_ids: Sequence[str], area_key: str | None) -> list[RosterEntry]:
    """Each officer as on the roster (the entry for this area first), else as in the officer directory."""
    roster: dict[str, list[RosterEntry]] = {}
    for e in roster_entries(ws):
        roster.setdefault(e.officer_id, []).append(e)
    out = []
    for oid in dict.fromkeys(officer_ids):
        found = sorted(roster.get(oid, []), key=lambda e: e.area_key != area_key)
        if found:
            out.append(found[0])
            continue
        row = ws.store.one("SELECT * FROM officers WHERE id = ? OR cert_no = ?", (oid, oid))
        if row is None:
            raise _fail(f"找不到执法人员 {oid}", f"No officer {oid}", "officer_unknown", officer=oid)
        until = row["cert_valid_until"]
        out.append(RosterEntry(str(row["id"]), str(row["name"]), row["department"] or None, str(row["cert_no"]),
                               date.fromisoformat(until) if until else None, None, row["township"] or None,
                               "none", True, str(row["unit"] or ""), frozenset(json.loads(row["conflicts"] or "[]"))))
    return out


def assign_joint_action(ws: Workspace, case_id: str, officer_ids: Sequence[str], departments: Iterable[str],
                        on_date: date, actor: str | None, note: str = "") -> dict[str, Any]:
    """The 片长 schedules a joint action on a case: officers of several departments (queues rules)."""
    jur = ws.jurisdiction
    case = _case(ws, case_id)
    area = queues.case_area(jur, case)
    _authorize(ws, actor, "joint_action", area)
    depts = sorted(set(departments))
    for d in depts:
        jur.department(d)
    entries = _officer_entries(ws, officer_ids, area)
    action = queues.assign_joint_action(case, entries, depts, on_date, jur)
    with ws.store.change(actor) as ch:
        row = _insert(ch, "joint_action", {
            "id": new_id(), "case_id": case_id, "area_key": area, "township": case["township"],
            "on_date": on_date.isoformat(), "officers": list(action.officers), "departments": depts,
            "note": note.strip(), "assigned_by": actor})
        update_row(ch, "case", case_id, "joint_action", joint_action_id=row["id"])
        case_store.record_transition(ch, case_id, case["state"], case["state"],
                                     f"joint action {on_date.isoformat()}: {', '.join(action.units)}")
    return row


def joint_actions(ws: Workspace, case_id: str | None = None) -> list[dict[str, Any]]:
    sql, params = "SELECT * FROM joint_actions", ()
    if case_id:
        sql, params = sql + " WHERE case_id = ?", (case_id,)
    return [entities.snapshot(ws.store.conn, "joint_action", r["id"]) or {}
            for r in ws.store.query(sql + " ORDER BY on_date, id", params)]


def review(ws: Workspace, case_id: str, outcome: str, note: str, actor: str | None,
           on_date: date | None = None) -> dict[str, Any]:
    """The legal reviewer's conclusion (queues.review_decision); returned sends the case back to investigation.

    Only an officer with the legal_reviewer role may conclude a review (行政处罚法第五十八条)."""
    _authorize(ws, actor, "legal_review")
    return casework.record_review(ws, case_id, outcome, note, actor=actor, on_date=on_date)


def can_issue_decision(ws: Workspace, case_id: str) -> Verdict:
    return queues.can_issue_decision(_case(ws, case_id))


def record_subject_dispute(ws: Workspace, case_id: str, claimed: Sequence[str], determination: str, decided_by: str,
                           reference: str, actor: str | None, on_date: date | None = None) -> dict[str, Any]:
    """The resolver's determination of a disputed enforcement subject (南安 四(一): 由片区商市司法局明确)."""
    case = _case(ws, case_id)
    result = queues.record_subject_dispute(ws.jurisdiction, case, claimed, determination, decided_by,
                                           on_date=on_date or date.today(), reference=reference)
    with ws.store.change(actor) as ch:
        after = update_row(ch, "case", case_id, "subject_dispute", subject_dispute=result.as_dict(), **result.changes)
        case_store.record_transition(ch, case_id, case["state"], case["state"],
                                     f"subject determined by {decided_by}: {result.subject_name} {reference}".strip())
    return after


# -- published lists --------------------------------------------------------------------------------

def publish_list(ws: Workspace, area_key: str, kind: str, on_date: date, actor: str | None,
                 out: Path | None = None, *, additions: Sequence[ListAddition] = ()) -> dict[str, Any]:
    """Publish the area's personnel or matter list: recorded with its content hash, optionally exported.

    `additions`: matters outside the base list that the lead unit approved (南安 四(五)), each with the
    requesting department and the approval; they join the matter list marked as approved additions.
    """
    _check_area(ws, area_key)
    if additions and kind != "matters":
        raise _fail("只有联合执法事项清单可以增列清单外事项", "Only the matter list takes approved additions",
                    "lists.additions_kind")
    for a in additions:
        ws.catalogue.matter(a.code)  # an unknown code is refused with the catalogue's own message
    if kind == "personnel":
        lst = personnel_list(ws.jurisdiction, roster_entries(ws), area_key, on_date)
    elif kind == "matters":
        lst = matter_list(ws.jurisdiction, ws.catalogue, area_key, on_date, additions=additions)
    else:
        raise _fail(f"清单种类“{kind}”无效（personnel 或 matters）", f"Unknown list kind '{kind}' (personnel or matters)",
                    "lists.kind")
    if out is not None:
        suffix = Path(out).suffix.lower()
        if suffix not in (".csv", ".xlsx", ".pdf"):
            raise _fail(f"不支持的导出格式“{suffix}”（可用 .csv .xlsx .pdf）",
                        f"Unsupported export format '{suffix}' (use .csv, .xlsx or .pdf)", "lists.format")
    with ws.store.change(actor) as ch:
        row = _insert(ch, "published_list", {
            "id": new_id(), "area_key": area_key, "kind": kind, "on_date": on_date.isoformat(),
            "content": lst.as_dict(), "content_sha": lst.content_hash(), "published_by": actor})
    if out is not None:
        row["file"] = str(export_list(ws.jurisdiction, lst, out))
    row["rows"] = len(lst.rows)
    return row


# -- plans and draws ---------------------------------------------------------------------------------

def _plan_from_row(row: dict[str, Any]) -> InspectionPlan:
    items = row["items"] if isinstance(row["items"], list) else json.loads(row["items"])
    return InspectionPlan(str(row["area_key"]), int(row["year"]), str(row["department"]),
                          tuple(PlanItem(**i) for i in items))


def plans(ws: Workspace, year: int | None = None) -> list[dict[str, Any]]:
    sql, params = "SELECT id FROM plans", ()
    if year:
        sql, params = sql + " WHERE year = ?", (year,)
    return [entities.snapshot(ws.store.conn, "plan", r["id"]) or {}
            for r in ws.store.query(sql + " ORDER BY year, area_key, department", params)]


def save_plan(ws: Workspace, plan: InspectionPlan, actor: str | None, *, seed: str | None = None) -> str:
    """Save the area's annual plan (one per area, year and department; a later save is a new revision).

    With `seed`, its commitment is published with the plan, and the round must reveal that seed.
    """
    _authorize(ws, actor, "plan")
    problems = check_plan(ws.jurisdiction, ws.catalogue, plan)
    if problems:
        raise FieldappError(Msg("；".join(p.zh for p in problems), "; ".join(p.en for p in problems),
                                problems[0].code, {"problems": [p.as_dict() for p in problems]}))
    values: dict[str, Any] = {"area_key": plan.area_key, "year": plan.year, "department": plan.department,
                              "items": [asdict(i) for i in plan.items]}
    if seed is not None:
        values["seed_commitment"] = seed_commitment(seed)
    with ws.store.change(actor) as ch:
        old = ch.execute("SELECT id FROM plans WHERE area_key = ? AND year = ? AND department = ?",
                         (plan.area_key, plan.year, plan.department)).fetchone()
        if old is None:
            return str(_insert(ch, "plan", {"id": new_id(), "seed_commitment": None, **values})["id"])
        update_row(ch, "plan", str(old[0]), "edit", **values)
        return str(old[0])


def _targets(ws: Workspace, area_key: str, codes: Sequence[str]) -> list[Target]:
    """The area's parties as draw targets. The directory records no business scope, so every
    plan matter applies to every party; complaints raise the frequency (DOMAIN.md)."""
    towns = list(ws.jurisdiction.areas[area_key].townships)
    marks = ",".join("?" * len(towns))
    complaints = {r["party_id"]: int(r["n"]) for r in ws.store.query(
        "SELECT party_id, count(*) AS n FROM complaints WHERE party_id IS NOT NULL GROUP BY party_id")}
    rows = ws.store.query(f"SELECT id, name, township FROM parties WHERE township IN ({marks}) ORDER BY id", tuple(towns))
    return [Target(r["id"], r["name"], r["township"], tuple(codes), complaints.get(r["id"], 0)) for r in rows]


def _split(draw_seed: str) -> tuple[str, str, str]:
    base, code, stratum = draw_seed.rsplit("/", 2)
    return base, code, stratum


def _draw_inputs(ws: Workspace, code: str, stratum: str, targets: Sequence[Target],
                 inspectors: Sequence[Inspector]) -> tuple[list[Target], list[Inspector]]:
    """The exact lists `plan_round` drew one item and stratum from (same selection rules)."""
    dept = matter_department(ws.jurisdiction, ws.catalogue, code)
    members = [t for t in targets if code in t.matters and t.raised == (stratum == "raised")]
    own = [i for i in inspectors if i.unit == dept or i.unit.startswith("township:")]
    team = own if len({i.unit for i in own}) >= 2 else list(inspectors)
    return members, team


def _period_start(period: str, year: int) -> date | None:
    text = period.strip().upper().replace("-", "")
    if len(text) == 6 and text[4] == "Q" and text[:4].isdigit() and text[5] in "1234":
        return quarter_range(int(text[:4]), int(text[5]))[0]
    return date(year, 1, 1) if not text else None


def run_round(ws: Workspace, plan_ids: Sequence[str], seed: str, period: str, round_no: int, actor: str | None,
              on_date: date) -> dict[str, Any]:
    """One round of the plans: draws recorded, merged planned inspections made (综合查一次).

    A re-run of the same plans, period and round is a second record: the first
    stays, and its planned inspections not yet started are voided.
    """
    _authorize(ws, actor, "draw")
    if not plan_ids:
        raise _fail("请至少指定一个检查计划", "Name at least one plan", "plan.none")
    if not seed.strip():
        raise _fail("须给出抽取种子", "A seed is required", "draw.seed_missing")
    jur = ws.jurisdiction
    rows = []
    for pid in dict.fromkeys(plan_ids):
        snap = entities.snapshot(ws.store.conn, "plan", pid)
        if snap is None:
            raise _fail(f"找不到检查计划 {pid}", f"No plan {pid}", "plan.not_found", plan=pid)
        if snap.get("seed_commitment") and seed_commitment(seed) != snap["seed_commitment"]:
            raise _fail("抽取种子与计划公布的种子承诺不符（不得事后另选种子）",
                        "The seed does not match the commitment published with the plan (no picking a seed afterwards)",
                        "draw.seed_commitment", plan=pid)
        rows.append(snap)
    entries = roster_entries(ws)
    recusal = recusal_from_roster(entries)
    drawn: list[tuple[str, dict[str, Any], Draw, list[Target], list[Inspector]]] = []
    visits: list[PlannedVisit] = []
    plans_by_area: dict[str, list[InspectionPlan]] = {}
    targets_by_id: dict[str, Target] = {}
    for row in rows:
        plan = _plan_from_row(row)
        plans_by_area.setdefault(plan.area_key, []).append(plan)
        area = jur.areas[plan.area_key]
        targets = _targets(ws, plan.area_key, [i.matter_code for i in plan.items])
        targets_by_id.update({t.id: t for t in targets})
        inspectors = inspectors_from_roster(entries, on_date, plan.area_key, area.townships)
        draws, planned = plan_round(jur, ws.catalogue, plan, targets, inspectors, seed=seed, period=period,
                                    round_no=round_no, recusal=recusal)
        for d in draws:
            _, code, stratum = _split(d.seed)
            members, team = _draw_inputs(ws, code, stratum, targets, inspectors)
            drawn.append((str(row["id"]), row, d, members, team))
        visits += planned
    merged = merge_plans([visits])
    start = _period_start(period, int(rows[0]["year"])) or on_date
    planned_for = max(on_date, start).isoformat()
    party_town = {r["id"]: r["township"] for r in ws.store.query("SELECT id, township FROM parties")}
    result: dict[str, Any] = {"period": period, "round_no": round_no, "draws": [], "inspections": [], "visits": [],
                              "over_limit": [], "problems": [], "redraw_of": []}
    with ws.store.change(actor) as ch:
        marks = ",".join("?" * len(rows))
        earlier = [str(r[0]) for r in ch.execute(
            f"SELECT id FROM draws WHERE plan_id IN ({marks}) AND period = ? AND round_no = ? ORDER BY created_at, id",
            (*[r["id"] for r in rows], period, round_no))]
        result["redraw_of"] = earlier
        # Draw ids first: the planned inspections name their draw, and the draw rows are written last, once
        # the yearly limits are known, because a draw row is never edited after it is made (verify_draw).
        draw_ids = [new_id() for _ in drawn]
        hash_to_draw: dict[str, str] = {}
        for did, (_, _, d, _, _) in zip(draw_ids, drawn, strict=True):
            hash_to_draw.setdefault(d.result_hash(), did)
            result["problems"] += [p.as_dict() for p in d.problems]
        if earlier:
            for r in ch.execute(f"SELECT id FROM inspections WHERE status = 'planned' AND plan_id IN "
                                f"({','.join('?' * len(earlier))})", earlier).fetchall():
                insp.update_status(ch, str(r[0]), "void", status="voided",
                                   void_reason=f"重新抽取（{period} 第{round_no}轮）/ re-drawn")
        prepared = []
        for v in merged:
            township = party_town.get(v.target_id)
            if not township:
                result["problems"].append(Msg(f"检查对象{v.target_id}没有所属乡镇，未生成检查任务",
                                              f"Target {v.target_id} has no township; no inspection made",
                                              "draw.no_township", {"target": v.target_id}).as_dict())
                continue
            draw_id = next((hash_to_draw[h] for h in v.draw_hashes if h in hash_to_draw), None)
            names = "、".join(dept_name(jur, d) for d in v.departments)
            inp = insp.InspectionInput(
                township=township, officers=list(v.inspectors), party_id=v.target_id, status="planned",
                matters=[insp.MatterFinding(code) for code in dict.fromkeys(v.matters)], planned_for=planned_for,
                plan_id=draw_id, place="", summary=f"双随机联合检查 {period} 第{round_no}轮（{names}，综合查一次）")
            prepared.append((inp, ws._matter_rows(inp)))
            result["visits"].append(v.as_dict())
        made = insp.insert_many(ch, prepared) if prepared else []
        for visit, iid in zip(result["visits"], made, strict=True):
            visit["inspection_id"] = iid
        result["inspections"] = made
        # A target may be visited no more than its plan allows (计划之外无检查).
        year = int(rows[0]["year"])
        done = count_visits((dict(r) for r in ch.execute(
            "SELECT party_id, started_at, planned_for, status FROM inspections WHERE party_id IS NOT NULL")), year)
        planned_n: dict[str, int] = {}
        for r in ch.execute("SELECT party_id, count(*) FROM inspections WHERE status = 'planned' AND party_id IS NOT NULL"
                            " AND substr(planned_for, 1, 4) = ? GROUP BY party_id", (str(year),)):
            planned_n[str(r[0])] = int(r[1])
        visited = {t: done.get(t, 0) + planned_n.get(t, 0) for t in {v.target_id for v in merged}}
        # The limit comes from every plan of the target's area for the year, not only this round's.
        area_plans = {k: [_plan_from_row(entities.plain(dict(r))) for r in ch.execute(
            "SELECT * FROM plans WHERE area_key = ? AND year = ?", (k, year))] for k in plans_by_area}
        limits = {t: yearly_limit(area_plans.get(jur.area_of(targets_by_id[t].township).key, []), targets_by_id[t])
                  for t in visited if t in targets_by_id}
        result["over_limit"] = [{"target": o.target_id, "visits": o.visits, "limit": o.limit, **o.msg.as_dict()}
                                for o in over_limit(visited, limits)]
        flagged = {o["target"]: o for o in result["over_limit"]}
        for did, (pid, row, d, members, team) in zip(draw_ids, drawn, strict=True):
            # The draw's record says which of its targets this round takes over their yearly limit
            # (计划之外无检查), so the flag stays with the draw, not only in this call's output.
            over = [{k: flagged[t.target][k] for k in ("target", "visits", "limit")}
                    for t in d.drawn if t.target in flagged]
            _insert(ch, "draw", {
                "id": did, "plan_id": pid, "area_key": row["area_key"], "period": period, "round_no": round_no,
                "seed": d.seed, "record": {**d.audit_record(), "over_limit": over}, "result_sha": d.result_hash(),
                "drawn_by": actor, "inputs": {"targets": [asdict(t) for t in members],
                                              "inspectors": [[i.id, i.unit, i.name] for i in team]}})
            result["draws"].append({"id": did, "plan_id": pid, "seed": d.seed, "result_sha": d.result_hash(),
                                    "eligible": d.eligible, "drawn": len(d.drawn), "over_limit": over})
    return result


def draws_of(ws: Workspace, plan_id: str | None = None) -> list[dict[str, Any]]:
    sql, params = "SELECT id FROM draws", ()
    if plan_id:
        sql, params = sql + " WHERE plan_id = ?", (plan_id,)
    return [entities.snapshot(ws.store.conn, "draw", r["id"]) or {}
            for r in ws.store.query(sql + " ORDER BY created_at, id", params)]


def verify_draw(ws: Workspace, draw_id: str) -> list[str]:
    """Re-run the recorded draw on its recorded inputs; [] when it reproduces, else the problems."""
    from fieldapp.messages import get_lang

    lang = get_lang()
    row = entities.snapshot(ws.store.conn, "draw", draw_id)
    if row is None:
        raise _fail(f"找不到抽取记录 {draw_id}", f"No draw {draw_id}", "draw.not_found")
    problems: list[Msg] = []
    record = row["record"]
    if record.get("seed") != row["seed"] or record.get("result_hash") != row["result_sha"]:
        problems.append(Msg("抽取记录的种子或结果哈希与其登记不符", "The draw's seed or result hash differs from its record",
                            "draw.row_altered"))
    created = ws.store.one("SELECT after FROM audit_log WHERE entity = 'draw' AND entity_id = ? ORDER BY seq LIMIT 1",
                           (draw_id,))
    if created is None or canonical(json.loads(created["after"])) != canonical(row):
        problems.append(Msg("抽取记录与其审计记录不符（记录被改动）", "The draw differs from its audit entry (it was altered)",
                            "draw.audit_mismatch"))
    inputs = row.get("inputs") or {}
    targets = [Target(**{**t, "matters": tuple(t.get("matters") or ())}) for t in inputs.get("targets", [])]
    inspectors = [Inspector(*i) for i in inputs.get("inspectors", [])]
    problems += _verify_problems(record, targets, inspectors)
    return [p.text(lang) for p in problems]


# -- attendance, quarterly figures, ratings ----------------------------------------------------------

def record_attendance(ws: Workspace, officer_id: str, on_date: date, area_key: str, actor: str | None) -> str:
    """An officer present in an area on a day (once per day and area)."""
    _check_area(ws, area_key)
    entry = _officer_entries(ws, [officer_id], area_key)[0]
    with ws.store.change(actor) as ch:
        old = ch.execute("SELECT id FROM attendance WHERE officer_id = ? AND on_date = ? AND area_key = ?",
                         (entry.officer_id, on_date.isoformat(), area_key)).fetchone()
        if old is not None:
            return str(old[0])
        town = entry.township if entry.township in ws.jurisdiction.areas[area_key].townships else None
        return str(_insert(ch, "attendance", {"id": new_id(), "officer_id": entry.officer_id,
                                              "on_date": on_date.isoformat(), "area_key": area_key,
                                              "township": town})["id"])


def _quarter_inputs(ws: Workspace) -> dict[str, Any]:
    conn = ws.store.conn
    with ws.store.lock:
        attendance = [{"officer_id": r["officer_id"], "date": r["on_date"], "area_key": r["area_key"]}
                      for r in conn.execute("SELECT officer_id, on_date, area_key FROM attendance")]
        actions = [{"date": s["on_date"], "area_key": s["area_key"], "officers": s["officers"]}
                   for _, s in entities.all_snapshots(conn, "joint_action")]
        inspections = [s for _, s in entities.all_snapshots(conn, "inspection") if s.get("status") == "final"]
        cases = [s for _, s in entities.all_snapshots(conn, "case")]
        documents = [dict(r) for r in conn.execute(
            "SELECT d.id, d.status, d.issued_at, d.issued_by, d.case_id, i.township FROM documents d"
            " LEFT JOIN inspections i ON i.id = d.inspection_id WHERE d.status != 'draft'")]
    return {"attendance": attendance, "actions": actions, "inspections": inspections, "cases": cases,
            "documents": documents}


def quarterly(ws: Workspace, year: int, q: int, as_of: date | None = None) -> QuarterlyReport:
    return quarterly_report(ws.jurisdiction, roster_entries(ws), year, q, catalogue=ws.catalogue, as_of=as_of,
                            **_quarter_inputs(ws))


# A department's own quarterly grade is a `ratings` row with no officer: officer_id is '' (the column is
# NOT NULL and migrations are not edited), `department` names it, `area_rating` holds the grade.
DEPARTMENT_ROW = ""


def ratings(ws: Workspace, year: int, q: int) -> list[dict[str, Any]]:
    """The officers' ratings of the quarter (department rows left out: see `department_ratings`)."""
    return [entities.plain(r) for r in ws.store.query(
        "SELECT * FROM ratings WHERE year = ? AND quarter = ? AND officer_id != ? ORDER BY department, officer_id",
        (year, q, DEPARTMENT_ROW))]


def department_ratings(ws: Workspace, year: int, q: int) -> dict[str, str]:
    """Department key → its quarterly grade."""
    return {str(r["department"]): str(r["area_rating"]) for r in ws.store.query(
        "SELECT department, area_rating FROM ratings WHERE year = ? AND quarter = ? AND officer_id = ?"
        " ORDER BY updated_at", (year, q, DEPARTMENT_ROW))}


def _evaluation_table(ws: Workspace, year: int, q: int) -> list[Table]:
    if not rule_applies(ws.jurisdiction):
        return []
    rows = ratings(ws, year, q)
    found = evaluation_check(ws.jurisdiction, roster_entries(ws), {r["officer_id"]: r["area_rating"] for r in rows},
                             {r["officer_id"]: r["personal_grade"] for r in rows if r["personal_grade"]},
                             department_ratings(ws, year, q), quarter=f"{year}年第{q}季度")
    names = {e.officer_id: e.name for e in roster_entries(ws)}
    body = [(names.get(r["officer_id"], r["officer_id"]), dept_name(ws.jurisdiction, r["department"] or ""),
             r["area_rating"], r["personal_grade"] or "") for r in rows]
    out = [Table(f"{year}年第{q}季度挂钩执法人员评价", ("姓名", "部门", "片区评价", "平时考核"), tuple(body),
                 ws.jurisdiction.rules.evaluation_rule, "评价")]
    depts = department_ratings(ws, year, q)
    if depts:
        out.append(Table(f"{year}年第{q}季度部门考评", ("部门", "考评等次"),
                         tuple((dept_name(ws.jurisdiction, d), g) for d, g in sorted(depts.items())),
                         ws.jurisdiction.rules.evaluation_rule, "部门考评"))
    if found:
        out.append(Table("评价规则提示", ("规则", "说明"), tuple((b.rule, b.msg.zh) for b in found), "", "评价提示"))
    return out


def export_quarterly(ws: Workspace, year: int, q: int, path: Path) -> Path:
    """XLSX (a sheet per table) or PDF for the departments, with 南安's evaluation table."""
    return _export_quarterly(ws.jurisdiction, quarterly(ws, year, q), path, extra=_evaluation_table(ws, year, q))


def rate_department(ws: Workspace, department: str, year: int, q: int, rating: str,
                    actor: str | None) -> dict[str, Any]:
    """The bureau's quarterly grade of a department (南安 四(三)): 优秀 is refused while fewer than half of the
    department's linked officers were rated 优秀 by their areas this quarter. 沙县 has no such rule."""
    _authorize(ws, actor, "department_rating")
    ws.jurisdiction.department(department)
    if rating not in AREA_RATINGS:
        raise _fail(f"部门季度考评应为{'、'.join(AREA_RATINGS)}之一", f"The department grade is one of {', '.join(AREA_RATINGS)}",
                    "evaluation.bad_rating")
    if q not in (1, 2, 3, 4):
        raise _fail(f"季度应为1到4，而不是{q}", f"A quarter is 1 to 4, not {q}", "quarterly.bad_quarter")
    officers = {r["officer_id"]: r["area_rating"] for r in ratings(ws, year, q)}
    found = [b for b in evaluation_check(ws.jurisdiction, roster_entries(ws), officers, {}, {department: rating},
                                         quarter=f"{year}年第{q}季度") if b.rule == "department_evaluation"]
    if found:
        raise FieldappError(found[0].msg)
    values = {"officer_id": DEPARTMENT_ROW, "department": department, "area_key": None, "year": year, "quarter": q,
              "area_rating": rating, "personal_grade": None, "rated_by": actor}
    with ws.store.change(actor) as ch:
        old = ch.execute("SELECT id FROM ratings WHERE officer_id = ? AND department = ? AND year = ? AND quarter = ?",
                         (DEPARTMENT_ROW, department, year, q)).fetchone()
        if old is None:
            return _insert(ch, "rating", {"id": new_id(), **values})
        return update_row(ch, "rating", str(old[0]), "edit", **values)


def rate(ws: Workspace, officer_id: str, year: int, q: int, area_rating: str, personal_grade: str | None,
         actor: str | None) -> dict[str, Any]:
    """The area's quarterly rating of an officer and the proposed personal grade (南安 四(三) evaluation rule)."""
    if area_rating not in AREA_RATINGS:
        raise _fail(f"片区评价应为{'、'.join(AREA_RATINGS)}之一", f"The area rating is one of {', '.join(AREA_RATINGS)}",
                    "evaluation.bad_rating")
    if q not in (1, 2, 3, 4):
        raise _fail(f"季度应为1到4，而不是{q}", f"A quarter is 1 to 4, not {q}", "quarterly.bad_quarter")
    grade = (personal_grade or "").strip() or None
    if grade is not None and grade not in PERSONAL_GRADES:
        raise _fail(f"平时考核等次应为{'、'.join(PERSONAL_GRADES)}之一", f"The grade is one of {', '.join(PERSONAL_GRADES)}",
                    "evaluation.bad_grade")
    found = [e for e in roster_entries(ws) if e.officer_id == officer_id]
    if not found:
        raise _fail(f"花名册中没有执法人员 {officer_id}", f"Officer {officer_id} is not on the roster", "roster.not_listed")
    entry = next((e for e in found if e.mode == "linked"), found[0])
    if grade is not None and grade not in allowed_personal_grades(ws.jurisdiction, entry, area_rating):
        breach = evaluation_check(ws.jurisdiction, [entry], {officer_id: area_rating}, {officer_id: grade},
                                  quarter=f"{year}年第{q}季度")
        raise FieldappError(breach[0].msg if breach else Msg("该等次不允许", "This grade is not allowed",
                                                             "evaluation.linked_officer"))
    values = {"officer_id": officer_id, "department": entry.department, "area_key": entry.area_key, "year": year,
              "quarter": q, "area_rating": area_rating, "personal_grade": grade, "rated_by": actor}
    with ws.store.change(actor) as ch:
        old = ch.execute("SELECT id FROM ratings WHERE officer_id = ? AND year = ? AND quarter = ?",
                         (officer_id, year, q)).fetchone()
        if old is None:
            return _insert(ch, "rating", {"id": new_id(), **values})
        return update_row(ch, "rating", str(old[0]), "edit", **values)


__all__ = ["AREA_RATINGS", "DEPARTMENT_ROW", "EXCELLENT", "area_queue", "assign_joint_action", "can_issue_decision",
           "department_ratings", "draws_of", "escalate", "export_quarterly", "import_roster", "joint_actions", "plans",
           "publish_list", "quarterly", "rate", "rate_department", "ratings", "record_attendance",
           "record_subject_dispute", "review", "review_queue", "roster_check", "roster_entries", "run_round", "save_plan",
           "save_roster_entry", "verify_draw"]
