from __future__ import annotations

from decimal import Decimal

import pytest

from fieldapp.jurisdiction import Jurisdiction, load_jurisdiction
from fieldapp.rules.escalation import escalation


@pytest.fixture(scope="module")
def sx() -> Jurisdiction:
    return load_jurisdiction("shaxian")


@pytest.fixture(scope="module")
def na() -> Jurisdiction:
    return load_jurisdiction("nanan")


def test_ordinary_case_stays(sx: Jurisdiction) -> None:
    d = escalation(sx, townships=["湖源乡"], party_kind="person", proposed_fine=500)
    assert (d.required, d.area_key, d.head_department, d.reasons) == (False, "area4", "market", [])


def test_cross_township_same_area(sx: Jurisdiction) -> None:
    d = escalation(sx, townships=["湖源乡", "南阳乡"], party_kind="person")
    assert d.required and d.area_key == "area4" and d.head_department == "market"
    assert [r.code for r in d.reasons] == ["escalation.cross_township"]


def test_cross_area_picks_primary_and_says_so(sx: Jurisdiction) -> None:
    d = escalation(sx, townships=["夏茂镇", "湖源乡"], party_kind="organisation")
    assert (d.area_key, d.head_department, d.areas) == ("area3", "agri", ("area3", "area4"))
    assert [r.code for r in d.reasons] == ["escalation.cross_township", "escalation.primary_area"]
    assert "第三片区" in d.reasons[1].zh and "夏茂镇" in d.reasons[1].zh
    d2 = escalation(sx, townships=["夏茂镇", "湖源乡"], party_kind="organisation", primary="湖源乡")
    assert (d2.area_key, d2.head_department) == ("area4", "market")


def test_set_input_is_deterministic(sx: Jurisdiction) -> None:
    d = escalation(sx, townships={"湖源乡", "凤岗街道"}, party_kind="person")
    assert d.area_key == "area1"  # file order: 凤岗街道 comes first


@pytest.mark.parametrize(("kind", "fine", "required"), [
    ("person", 9999, False), ("person", 10000, True), ("organisation", 99999, False),
    ("organisation", Decimal("100000"), True)])
def test_major_fine_threshold(sx: Jurisdiction, kind: str, fine: int | Decimal, required: bool) -> None:
    d = escalation(sx, townships=["湖源乡"], party_kind=kind, proposed_fine=fine)  # type: ignore[arg-type]
    assert d.required is required


def test_flags_and_penalties(na: Jurisdiction) -> None:
    d = escalation(na, townships=["仑苍镇"], party_kind="person", flags={"complex", "urgent"})
    assert d.required and [r.data["flag"] for r in d.reasons] == ["complex"]
    assert (d.area_key, d.head_department) == ("luncang", "urban")
    d = escalation(na, townships=["溪美街道"], party_kind="organisation", penalties={"吊销许可证"})
    assert d.required and d.area_key == "central"


def test_nanan_cross_area(na: Jurisdiction) -> None:
    d = escalation(na, townships=["水头镇", "溪美街道"], party_kind="person")
    assert d.required and d.areas == ("nanyi", "central") and d.area_key == "nanyi"
