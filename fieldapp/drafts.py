"""Editing a draft (or planned) inspection in place: the editor saves the same record again.

`Workspace.create_inspection` makes a record; this replaces the columns, officers and
matters of one that is still a draft, as one audited change. A final or voided
inspection never changes (the triggers refuse it too): void and supersede it.
"""

from __future__ import annotations

from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities
from fieldapp.store import inspections as insp
from fieldapp.store.cases import not_found
from fieldapp.workspace import Workspace

EDITABLE = ("draft", "planned")


def save_draft(ws: Workspace, inp: insp.InspectionInput, inspection_id: str | None = None,
               actor: str | None = None) -> str:
    """Create the draft, or rewrite the one named; returns its id."""
    if inp.status not in EDITABLE:
        raise FieldappError(Msg("只能保存草稿；定稿请用“定稿”。", "Only a draft can be saved here; finalize it instead.",
                                "not_draft"))
    if inp.result is not None and inp.result not in insp.RESULTS:
        raise FieldappError(Msg(f"检查结果“{inp.result}”无效。", f"Unknown inspection result '{inp.result}'.",
                                "result_unknown"))
    if inspection_id is None:
        return ws.create_inspection(inp, actor)
    rows = ws._matter_rows(inp)  # the subject of each matter, by the same rule as a new record
    with ws.store.change(actor) as ch:
        before = entities.snapshot(ch.conn, "inspection", inspection_id)
        if before is None:
            raise not_found("inspection", inspection_id)
        if before["status"] not in EDITABLE:
            raise FieldappError(Msg("该检查记录已定稿，不能修改；如有错误请作废后重新记录。",
                                    "This inspection is final and cannot change; void it and record it again.",
                                    "inspection_final"))
        ch.execute("DELETE FROM inspection_officers WHERE inspection_id = ?", (inspection_id,))
        ch.execute("DELETE FROM inspection_matters WHERE inspection_id = ?", (inspection_id,))
        ch.executemany("INSERT INTO inspection_officers(inspection_id, officer_id, role) VALUES (?, ?, ?)",
                       [(inspection_id, oid, inp.roles.get(oid, "lead" if i == 0 else "member"))
                        for i, oid in enumerate(dict.fromkeys(inp.officers))])
        ch.executemany("INSERT INTO inspection_matters(inspection_id, matter_code, catalogue_version, category,"
                       " subject_key, subject_name, finding, compliant) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       [(inspection_id, m.code, m.catalogue_version, m.category, m.subject_key, m.subject_name,
                         m.finding, None if m.compliant is None else int(m.compliant)) for m in rows])
        revision = int(before["revision"]) + 1
        values: dict[str, Any] = {"township": inp.township, "place": inp.place, "party_id": inp.party_id,
                                  "planned_for": inp.planned_for, "started_at": inp.started_at,
                                  "ended_at": inp.ended_at, "result": inp.result, "summary": inp.summary,
                                  "status": inp.status, "revision": revision, "ts": ch.ts, "id": inspection_id}
        ch.execute("UPDATE inspections SET township = :township, place = :place, party_id = :party_id,"
                   " planned_for = :planned_for, started_at = :started_at, ended_at = :ended_at, result = :result,"
                   " summary = :summary, status = :status, revision = :revision, updated_at = :ts WHERE id = :id",
                   values)
        after = entities.snapshot(ch.conn, "inspection", inspection_id)
        ch.record("inspection", inspection_id, "edit", before, after, revision)
    return inspection_id
