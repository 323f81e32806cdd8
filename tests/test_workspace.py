"""Inspections through the workspace: rules enforced where records are saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldapp.messages import FieldappError
from fieldapp.store import inspections
from fieldapp.store.audit import verify_chain
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer
from fieldapp.workspace import Workspace


def _officers(ws: Workspace, expired: bool = False) -> list[str]:
    today = date.today()
    return [add_officer(ws.store, name=name, cert_no=f"3504050{i}", unit="湖源乡综合执法队", password="secret1",
                        cert_valid_until=today + timedelta(days=-5 if expired and i == 2 else 300))
            for i, name in enumerate(["陈志明", "林秀英", "郑国平"], start=1)]


def _two_categories(ws: Workspace) -> list[str]:
    seen: dict[str, str] = {}
    for matter in ws.catalogue.matters.values():
        seen.setdefault(matter.category, matter.code)
    return list(seen.values())[:2]


def _input(ws: Workspace, officers: list[str], status: str = "final") -> InspectionInput:
    a, b = _two_categories(ws)
    return InspectionInput(township="湖源乡", officers=officers, matters=[MatterFinding(a, "无违法", True),
                                                                          MatterFinding(b, "占道经营", False)],
                           place="湖源集镇3号", started_at=f"{date.today()}T09:05", ended_at=f"{date.today()}T09:50",
                           result="order_to_correct", status=status)


def test_joint_inspection_covers_several_categories_and_subjects(ws: Workspace) -> None:
    officers = _officers(ws)
    inspection_id = ws.create_inspection(_input(ws, officers[:2]))
    data = inspections.get_inspection(ws.store, inspection_id)
    assert data is not None
    assert len({m["category"] for m in data["matters"]}) == 2
    assert {o["name"] for o in data["officers"]} == {"陈志明", "林秀英"}
    for matter in data["matters"]:
        expected = ws.subject_for(matter["matter_code"], "湖源乡", date.today())
        assert matter["subject_name"] == expected.full_name
    assert verify_chain(ws.store).ok


def test_final_inspection_needs_two_valid_officers(ws: Workspace) -> None:
    officers = _officers(ws, expired=True)
    with pytest.raises(FieldappError) as info:
        ws.create_inspection(_input(ws, officers[:1]))
    assert "第四十二条" in info.value.msg.zh
    with pytest.raises(FieldappError) as info:
        ws.create_inspection(_input(ws, [officers[0], officers[1]]))  # officer 2 expired
    assert "林秀英" in info.value.msg.zh
    assert ws.store.one("SELECT count(*) AS n FROM inspections") == {"n": 0}


def test_draft_is_finalized_then_immutable_and_voidable(ws: Workspace) -> None:
    import sqlite3

    officers = _officers(ws)
    inspection_id = ws.create_inspection(_input(ws, officers[:2], status="draft"))
    after = ws.finalize_inspection(inspection_id)
    assert after["status"] == "final" and after["revision"] == 2
    with pytest.raises(FieldappError):
        ws.finalize_inspection(inspection_id)
    with pytest.raises(sqlite3.IntegrityError, match="immutable"):
        ws.store.conn.execute("UPDATE inspections SET summary = 'changed' WHERE id = ?", (inspection_id,))
    with pytest.raises(FieldappError):
        ws.void_inspection(inspection_id, "  ")
    voided = ws.void_inspection(inspection_id, "当事人信息录错")
    assert voided["status"] == "voided" and voided["void_reason"] == "当事人信息录错"
    actions = [r["action"] for r in ws.store.query("SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq",
                                                   (inspection_id,))]
    assert actions == ["create", "finalize", "void"]
    assert verify_chain(ws.store).ok


def test_unknown_township_or_matter_is_refused(ws: Workspace) -> None:
    officers = _officers(ws)
    bad = _input(ws, officers[:2])
    bad.township = "溪美街道"  # a 南安 township
    with pytest.raises(FieldappError, match="溪美街道"):
        ws.create_inspection(bad)
    bad = _input(ws, officers[:2])
    bad.matters = [MatterFinding("NOPE-999")]
    with pytest.raises(FieldappError, match="NOPE-999"):
        ws.create_inspection(bad)


def test_list_filters(ws: Workspace) -> None:
    officers = _officers(ws)
    ws.create_inspection(_input(ws, officers[:2]))
    ws.create_inspection(_input(ws, officers[:2], status="draft"))
    assert len(inspections.list_inspections(ws.store, township="湖源乡")) == 2
    assert len(inspections.list_inspections(ws.store, status="draft")) == 1
    today = date.today().isoformat()
    assert len(inspections.list_inspections(ws.store, date_from=today, date_to=today)) == 2
    assert inspections.list_inspections(ws.store, township="南霞乡") == []


def test_nanan_store_uses_its_own_programme(nanan_ws: Workspace) -> None:
    area = nanan_ws.jurisdiction.area_of("仑苍镇")
    assert area.station == "仑苍镇"
    assert nanan_ws.jurisdiction.area_of("溪美街道").station is None


def test_a_final_inspection_is_corrected_by_void_and_supersede_and_both_stay(ws: Workspace) -> None:
    officers = _officers(ws)
    old = ws.create_inspection(_input(ws, officers[:2]))
    fixed = _input(ws, officers[:2])
    fixed.place = "湖源集镇5号"
    with pytest.raises(FieldappError) as info:
        ws.supersede_inspection(old, fixed, " ")
    assert info.value.msg.code == "reason_missing"
    bad = _input(ws, officers[:1])  # the correction must itself be lawful; the old record stays as it was
    with pytest.raises(FieldappError):
        ws.supersede_inspection(old, bad, "地点录错")
    assert inspections.get_inspection(ws.store, old)["status"] == "final"  # type: ignore[index]
    new = ws.supersede_inspection(old, fixed, "地点录错")
    before, after = inspections.get_inspection(ws.store, old), inspections.get_inspection(ws.store, new)
    assert before is not None and after is not None
    assert before["status"] == "voided" and "地点录错" in before["void_reason"] and before["place"] == "湖源集镇3号"
    assert after["supersedes"] == old and after["place"] == "湖源集镇5号" and after["status"] == "final"
    draft = ws.create_inspection(_input(ws, officers[:2], status="draft"))
    with pytest.raises(FieldappError) as info:
        ws.supersede_inspection(draft, fixed, "x")
    assert info.value.msg.code == "not_final"
    assert verify_chain(ws.store).ok
