from __future__ import annotations

from datetime import date

import pytest

from fieldapp.catalogue import Catalogue, load_catalogue
from fieldapp.jurisdiction import Jurisdiction, load_jurisdiction
from fieldapp.messages import FieldappError
from fieldapp.rules.subject import (
    case_subject,
    dispute_route,
    enforcement_subject,
    mixed_subjects_problem,
    subjects_for,
)


@pytest.fixture(scope="module")
def sx() -> Jurisdiction:
    return load_jurisdiction("shaxian")


@pytest.fixture(scope="module")
def na() -> Jurisdiction:
    return load_jurisdiction("nanan")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_delegated_matter_in_huyuan_is_township(sx: Jurisdiction, cat: Catalogue) -> None:
    s = enforcement_subject(sx, cat.matter("ZH-006"), "湖源乡", date(2024, 1, 1))
    assert (s.kind, s.key, s.full_name, s.short_name) == ("township", "湖源乡", "三明市沙县区湖源乡人民政府", "湖源")
    assert s.reason.code == "subject.delegated"


def test_after_take_back_is_county_department(sx: Jurisdiction, cat: Catalogue) -> None:
    s = enforcement_subject(sx, cat.matter("ZH-006"), "湖源乡", date(2025, 7, 1))
    assert (s.kind, s.key, s.full_name, s.short_name) == ("department", "urban", "三明市沙县区城市管理局", "沙城管")
    assert s.reason.code == "subject.department"
    dust = enforcement_subject(sx, cat.matter("ST-003"), "湖源乡", date(2025, 7, 1))
    assert dust.full_name == "三明市沙县区住房和城乡建设局"


def test_case_filed_before_take_back_keeps_township(sx: Jurisdiction, cat: Catalogue) -> None:
    s = case_subject(sx, cat.matter("ZH-006"), "湖源乡", date(2025, 6, 30))
    assert s.full_name == "三明市沙县区湖源乡人民政府"


def test_before_programme_is_department(sx: Jurisdiction, cat: Catalogue) -> None:
    s = enforcement_subject(sx, cat.matter("ZH-002"), "凤岗街道", date(2023, 9, 3))
    assert s.kind == "department"
    s = enforcement_subject(sx, cat.matter("ZH-002"), "凤岗街道", date(2023, 9, 4))
    assert s.full_name == "三明市沙县区凤岗街道办事处"


def test_nanan(na: Jurisdiction, cat: Catalogue) -> None:
    s = enforcement_subject(na, cat.matter("ZH-002"), "仑苍镇", date(2024, 6, 19))
    assert (s.full_name, s.short_name) == ("南安市仑苍镇人民政府", "仑苍")
    s = enforcement_subject(na, cat.matter("ZH-002"), "仑苍镇", date(2024, 6, 18))
    assert s.full_name == "南安市城市管理和综合执法局"
    # 沙县区 took ZH-006 back; 南安市 did not.
    day = date(2025, 8, 1)
    assert enforcement_subject(na, cat.matter("ZH-006"), "溪美街道", day).full_name == "南安市溪美街道办事处"
    assert enforcement_subject(na, cat.matter("JT-004"), "溪美街道", day).full_name == "南安市交通运输局"


def test_statutory_township_power_not_for_streets(sx: Jurisdiction, cat: Catalogue) -> None:
    plan = cat.matter("ZH-001")
    s = enforcement_subject(sx, plan, "湖源乡", date(2020, 1, 1))
    assert s.kind == "township" and s.reason.code == "subject.statutory"
    s = enforcement_subject(sx, plan, "凤岗街道", date(2024, 1, 1))
    assert (s.kind, s.key) == ("department", "urban")


def test_subjects_for_groups_mixed_case(sx: Jurisdiction, cat: Catalogue) -> None:
    ms = [cat.matter(c) for c in ("ZH-002", "ZH-006", "ST-001", "YJ-002")]
    groups = subjects_for(sx, ms, "湖源乡", date(2025, 8, 1))
    assert [(g.subject.key, [m.code for m in g.matters]) for g in groups] == [
        ("湖源乡", ["ZH-002", "ST-001"]), ("urban", ["ZH-006"]), ("emergency", ["YJ-002"])]
    problem = mixed_subjects_problem(groups)
    assert problem is not None and "三明市沙县区应急管理局" in problem.zh
    same = subjects_for(sx, ms, "湖源乡", date(2025, 1, 1))
    assert len(same) == 1 and mixed_subjects_problem(same) is None


def test_unknown_township(sx: Jurisdiction, cat: Catalogue) -> None:
    with pytest.raises(FieldappError):
        enforcement_subject(sx, cat.matter("ZH-002"), "仑苍镇", date(2024, 1, 1))


def test_dispute_route(sx: Jurisdiction, na: Jurisdiction) -> None:
    assert dispute_route(na).data == {"department": "justice"} and "南安市司法局" in dispute_route(na).zh
    assert dispute_route(sx).data == {"department": "urban"}
