"""Pre-filling a document from its record, following each field's `source` in the spec.

A source is a dotted path into the context built here ("party.name",
"inspection.findings", "matter.legal_basis", "deadline.payment", "now"); a
"|" separates alternatives tried in order ("inspection.findings|case.summary").
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

from fieldapp.forms.spec import DocSpec
from fieldapp.forms.validate import is_empty
from fieldapp.ids import birth_date_of, sex_of
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules import deadlines
from fieldapp.rules.penalty import hearing_right
from fieldapp.store.cases import get_case, not_found
from fieldapp.store.inspections import get_inspection
from fieldapp.workspace import Workspace

CORRECT_DAYS = 7  # default 改正期限 offered in the form; the officer sets the real one
PHOTO_KEYS = ("sha256", "taken_at", "place", "photographer", "caption")


def _age(id_number: str | None, today: date) -> int | None:
    born = birth_date_of(id_number) if id_number else None
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _party(row: dict[str, Any] | None, today: date) -> dict[str, Any]:
    if not row:
        return {}
    party = dict(row)
    person = party.get("kind") == "person"
    idn = party.get("id_number")
    party.update({
        "sex": sex_of(idn) if idn else None, "age": _age(idn, today),
        # The person questioned: the citizen, or an organisation's legal representative.
        "contact_name": party["name"] if person else party.get("legal_rep"),
        "contact_id_number": idn if person else None, "contact_sex": sex_of(idn) if person and idn else None,
        "contact_age": _age(idn, today) if person else None,
        "present": party["name"] if person else party.get("legal_rep"),
        "relation": "本人" if person else "法定代表人（负责人）"})
    return party


def _officers(ws: Workspace, ids: list[str]) -> list[dict[str, Any]]:
    return [{"id": r.id, "name": r.name, "cert_no": r.cert_no} for r in ws.officer_refs(ids)]


def _matter(ws: Workspace, code: str | None) -> dict[str, Any]:
    if not code:
        return {}
    m = ws.matter(code)
    return {"code": m.code, "name": m.name, "legal_basis": m.legal_basis, "penalty_basis": m.penalty_basis,
            "penalty_text": m.penalty_text}


def _documents(ws: Workspace, column: str, record_id: str) -> list[dict[str, Any]]:
    return ws.store.query(f"SELECT id, doc_type, number, status FROM documents WHERE {column} = ? AND status = 'issued'"
                          " ORDER BY issued_at", (record_id,))


def record_context(ws: Workspace, *, inspection_id: str | None = None, case_id: str | None = None,
                   now: datetime | None = None) -> dict[str, Any]:
    """Everything a spec's sources may name, from an inspection or a case."""
    from fieldapp.forms.spec import all_specs

    now = (now or datetime.now()).replace(second=0, microsecond=0)
    today = now.date()
    ctx: dict[str, Any] = {"now": now.isoformat(timespec="minutes"), "today": today.isoformat()}
    inspection = case = None
    if case_id:
        case = get_case(ws.store, case_id)
        if case is None:
            raise not_found("case", case_id)
        inspection_id = inspection_id or case.get("inspection_id")
    if inspection_id:
        inspection = get_inspection(ws.store, inspection_id)
        if inspection is None:
            raise not_found("inspection", inspection_id)
    if inspection is None and case is None:
        raise FieldappError(Msg("请指定检查记录（--inspection）或案件（--case）。",
                                "Name an inspection (--inspection) or a case (--case).", "record_missing"))
    titles = {s.code: s.title for s in all_specs().values()}
    docs: list[dict[str, Any]] = []
    matter_code = None
    if inspection is not None:
        matters = inspection["matters"]
        bad = [m for m in matters if m.get("compliant") == 0] or matters
        matter_code = bad[0]["matter_code"] if bad else None
        ctx["inspection"] = {**inspection, "findings": "\n".join(m["finding"] for m in bad if m.get("finding")),
                             "matters": "；".join(f"{ws.matter(m['matter_code']).name}" for m in matters)}
        ctx["subject"] = {"key": bad[0]["subject_key"], "full_name": bad[0]["subject_name"]} if bad else {}
        ctx["officers"] = _officers(ws, [o["officer_id"] for o in inspection["officers"]])
        ctx["party"] = _party(inspection.get("party"), today)
        ctx["photos_of"] = {"inspection_id": inspection["id"]}
        docs = _documents(ws, "inspection_id", inspection["id"])
    if case is not None:
        codes = [m["matter_code"] for m in case["matters"]]
        matter_code = codes[0] if codes else matter_code
        party = _party(case.get("party"), today)
        fine = case.get("proposed_fine")
        issued = _documents(ws, "case_id", case["id"])
        decision = next((d for d in issued if d["doc_type"] == "penalty_decision"), None)
        ctx["case"] = {**case, "penalty_text": f"罚款人民币{fine}元。" if fine else "",
                       "evidence": "、".join(dict.fromkeys(titles.get(d["doc_type"], d["doc_type"]) for d in issued
                                                          if d["doc_type"] in ("inspection_record", "interview_record",
                                                                               "photo_sheet", "evidence_preservation"))),
                       "hearing_right": bool(hearing_right(ws.jurisdiction, party.get("kind") or "person", fine,
                                                           json.loads(case["penalties"]) if isinstance(
                                                               case.get("penalties"), str) else case.get("penalties") or [])),
                       "decision_number": decision["number"] if decision else None}
        if case.get("subject_key"):
            ctx["subject"] = {"key": case["subject_key"], "full_name": case["subject_name"]}
        elif matter_code:
            on = date.fromisoformat(case.get("filed_on") or case.get("accepted_on") or today.isoformat())
            s = ws.subject_for(matter_code, case["township"], on)
            ctx["subject"] = {"key": s.key, "full_name": s.full_name}
        ctx["officers"] = _officers(ws, [o["officer_id"] for o in case["officers"]]) or ctx.get("officers", [])
        ctx["party"] = party or ctx.get("party", {})
        ctx["photos_of"] = {"case_id": case["id"], **ctx.get("photos_of", {})}
        docs = issued + docs
    ctx["matter"] = _matter(ws, matter_code)
    officers = ctx.get("officers") or []
    ctx["recorder"] = officers[1]["name"] if len(officers) > 1 else None
    ctx["contact"] = officers[0]["name"] if officers else None
    served = next((d for d in reversed(docs) if d["doc_type"] != "service_receipt"), None)
    ctx["served"] = {"title": titles.get(served["doc_type"]), "number": served["number"]} if served else {}
    ctx["deadline"] = {"correct": (today + timedelta(days=CORRECT_DAYS)).isoformat(),
                       "payment": deadlines.payment_deadline(today).due.isoformat(),
                       "preservation": deadlines.preservation_deadline(today).due.isoformat()}
    return ctx


def photos(ws: Workspace, inspection_id: str | None = None, case_id: str | None = None) -> list[dict[str, Any]]:
    """Photos from the evidence package (issue 7), when it is installed; the path stays out of the content."""
    try:
        from fieldapp.evidence import sheet_photos  # type: ignore[attr-defined]
    except ImportError:
        return []
    rows = sheet_photos(ws.store, inspection_id=inspection_id, case_id=case_id)
    return [{k: p.get(k) for k in PHOTO_KEYS} for p in rows]


def lookup(ctx: dict[str, Any], source: str) -> Any:
    for path in source.split("|"):
        value: Any = ctx
        for part in path.strip().split("."):
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                value = None
            if value is None:
                break
        if not is_empty(value):
            return value
    return None


def prefill(spec: DocSpec, ctx: dict[str, Any]) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for f in spec.fields.values():
        value = lookup(ctx, f.source) if f.source else None
        if is_empty(value) and f.default is not None:
            value = f.default
        if f.type == "money" and value is not None and not is_empty(value):
            value = str(value)
        if not is_empty(value):
            content[f.key] = value
    party = ctx.get("party") or {}
    if party.get("id"):
        content["party_id"] = party["id"]  # for the recusal check (§43); not printed
    return content
