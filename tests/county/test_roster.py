"""Roster rules of both programmes: each test breaks one rule and checks the breach and its numbers."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

from fieldapp.county.roster import (
    RosterEntry,
    breaches_as_dict,
    check_roster,
    format_breaches,
    linked_departments,
    split_report,
)
from fieldapp.jurisdiction import Jurisdiction
from tests.county.conftest import DAY
from tests.rosters import nanan_roster, officer, shaxian_roster


def rules(breaches: list) -> list[str]:  # type: ignore[type-arg]
    return [b.rule for b in breaches]


def test_complete_rosters_meet_every_rule(shaxian: Jurisdiction, nanan: Jurisdiction) -> None:
    assert check_roster(shaxian, shaxian_roster(shaxian), DAY) == []
    assert check_roster(nanan, nanan_roster(nanan), DAY) == []


# ---- 沙县: 乡镇综合执法机构应配备两名以上具备资格的行政执法人员 ----

def test_shaxian_township_with_one_qualified_officer(shaxian: Jurisdiction) -> None:
    roster = shaxian_roster(shaxian)
    # 湖源乙's certificate expired the day before: one qualified officer left.
    roster = [replace(e, cert_valid_until=date(2025, 5, 9)) if e.name == "湖源乙" else e for e in roster]
    breaches = check_roster(shaxian, roster, DAY)
    assert rules(breaches) == ["township_minimum"]
    b = breaches[0]
    assert (b.township, b.area, b.actual, b.required) == ("湖源乡", "area4", 1, 2)
    assert "湖源乡" in b.msg.zh and "1人" in b.msg.zh and "另有1人无有效执法证" in b.msg.zh and "沙政〔2023〕76号" in b.msg.zh
    assert "at least 2 required" in b.msg.en


def test_shaxian_sent_down_officers_do_not_staff_the_township_body(shaxian: Jurisdiction) -> None:
    roster = [e for e in shaxian_roster(shaxian) if e.name != "湖源乙"]
    # area4's market officer is stationed in 湖源乡 but belongs to the county bureau.
    assert any(e.township == "湖源乡" and e.department == "market" for e in roster)
    breaches = check_roster(shaxian, roster, DAY)
    assert [(b.rule, b.township, b.actual) for b in breaches] == [("township_minimum", "湖源乡", 1)]


def test_shaxian_uncertified_officer_does_not_count(shaxian: Jurisdiction) -> None:
    roster = [replace(e, certified=False) if e.name == "郑湖甲" else e for e in shaxian_roster(shaxian)]
    assert [(b.township, b.actual) for b in check_roster(shaxian, roster, DAY)] == [("郑湖乡", 1)]


def test_shaxian_has_no_ratio_split_or_linked_rule(shaxian: Jurisdiction) -> None:
    # 沙县's programme sets no 80 % figure: a department that sends nobody is no breach there.
    roster = [*shaxian_roster(shaxian), *(officer(f"交通{i}", "transport") for i in range(5))]
    assert check_roster(shaxian, roster, DAY) == []


# ---- 南安: 下沉不少于在编执法人员的80% ----

def test_nanan_department_sending_7_of_10(nanan: Jurisdiction) -> None:
    roster = [e for e in nanan_roster(nanan) if e.department != "housing"]
    roster += [officer(f"住建{i}", "housing", area="luncang", mode="linked") for i in range(7)]
    roster += [officer(f"住建留守{i}", "housing") for i in range(3)]
    breaches = [b for b in check_roster(nanan, roster, DAY) if b.rule == "sent_down_ratio"]
    assert len(breaches) == 1
    b = breaches[0]
    assert (b.department, b.actual, b.required) == ("housing", 7, 8)
    assert "市住房和城乡建设局持证执法人员10人，下沉7人（70%），低于80%，至少应下沉8人" in b.msg.zh
    assert b.msg.data["certified"] == 10


def test_nanan_8_of_10_is_enough_and_expired_officers_are_not_counted(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    roster += [officer(f"住建{i}", "housing", area=k, mode="linked") for i, k in enumerate(list(nanan.areas) * 2)][:8]
    roster += [officer(f"住建留守{i}", "housing") for i in range(2)]
    ratio = [b for b in check_roster(nanan, roster, DAY) if b.rule == "sent_down_ratio"]
    assert ratio == []
    # Two more stay home with expired certificates: still 8 of 10 qualified.
    roster += [officer(f"住建过期{i}", "housing", valid=date(2024, 12, 31)) for i in range(2)]
    assert [b for b in check_roster(nanan, roster, DAY) if b.rule == "sent_down_ratio"] == []
    # A third stays home with a valid certificate: 8 of 11 is 73 %.
    roster.append(officer("住建留守X", "housing"))
    ratio = [b for b in check_roster(nanan, roster, DAY) if b.rule == "sent_down_ratio"]
    assert [(b.department, b.actual, b.required) for b in ratio] == [("housing", 8, 9)]


# ---- 南安: 五支综合执法队伍 1:1:2 ----

def test_nanan_split_3_1_2_is_a_breach(nanan: Jurisdiction) -> None:
    roster = [e for e in nanan_roster(nanan) if e.department not in ("market", "transport", "culture", "agri", "emergency")]
    plan = {"central": 9, "nanyi": 3, "luncang": 3, "honglai": 3}  # 9:3:6 = 3:1:2
    teams = ["market", "transport", "culture"]
    for area, n in plan.items():
        roster += [officer(f"{area}{i}", teams[i % 3], area=area, mode="stationed") for i in range(n)]
    breaches = [b for b in check_roster(nanan, roster, DAY) if b.rule == "split"]
    assert len(breaches) == 1
    b = breaches[0]
    assert (b.actual, b.required) == ("9:3:6", "1:1:2")
    assert "实际为9:3:6（共18人，每组允许偏差±1人）" in b.msg.zh
    assert "中心城区9人，按比例应为4.5人" in b.msg.zh and "南翼新城片区3人，按比例应为4.5人" in b.msg.zh
    report = split_report(nanan, roster, DAY)
    assert report is not None and [g.actual for g in report.groups] == [9, 3, 6]
    assert [g.expected for g in report.groups] == [4.5, 4.5, 9.0] and report.tolerance == 1.0 and not report.ok


def test_nanan_split_within_tolerance(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    roster.append(officer("市监加派", "market", area="central", mode="stationed"))  # 6:5:10
    assert [b for b in check_roster(nanan, roster, DAY) if b.rule == "split"] == []
    report = split_report(nanan, roster, DAY)
    assert report is not None and report.actual == "6:5:10" and report.ok
    assert report.as_dict()["groups"][0]["deviation"] == 0.75



def test_nanan_split_with_an_empty_group_is_a_breach(nanan: Jurisdiction) -> None:
    """0:2:2 lies within the tolerance of 1:1:2 (±1 officer) but leaves 中心城区 with nobody: a breach."""
    roster = [e for e in nanan_roster(nanan) if e.department not in ("market", "transport", "culture", "agri", "emergency")]
    roster += [officer("市监南翼", "market", area="nanyi", mode="stationed"),
               officer("交通南翼", "transport", area="nanyi", mode="stationed"),
               officer("文化仑苍", "culture", area="luncang", mode="stationed"),
               officer("农业洪濑", "agri", area="honglai", mode="stationed")]
    report = split_report(nanan, roster, DAY)
    assert report is not None and report.actual == "0:2:2" and report.tolerance == 1.0
    assert [g.deviation for g in report.groups] == [-1.0, 1.0, 0.0]  # each within ±1 …
    assert not report.ok and [g.label_zh for g in report.off] == ["中心城区"]  # … but 中心城区 has nobody
    breaches = [b for b in check_roster(nanan, roster, DAY) if b.rule == "split"]
    assert len(breaches) == 1 and breaches[0].actual == "0:2:2" and breaches[0].area == "central"
    assert "中心城区0人，按比例应为1人，该组无常驻人员" in breaches[0].msg.zh
    assert "nobody stationed" in breaches[0].msg.en
    # One officer in 中心城区 (1:2:2, within the tolerance) meets the rule.
    roster.append(officer("应急中心", "emergency", area="central", mode="stationed"))
    assert [b for b in check_roster(nanan, roster, DAY) if b.rule == "split"] == []


def test_nanan_split_counts_only_stationed_team_officers(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    roster.append(officer("农业挂钩", "agri", area="central", mode="linked"))
    breaches = check_roster(nanan, roster, DAY)
    assert rules(breaches) == ["split_mode"]
    assert "应采取常驻方式" in breaches[0].msg.zh
    report = split_report(nanan, roster, DAY)
    assert report is not None and report.actual == "5:5:10"


def test_shaxian_has_no_split_report(shaxian: Jurisdiction) -> None:
    assert split_report(shaxian, shaxian_roster(shaxian), DAY) is None


# ---- 南安: 挂钩联系人员每片区不少于2人且需持有执法资格证 ----

def test_nanan_linked_department_with_one_officer_in_an_area(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    drop = next(e for e in roster if e.department == "natres" and e.area_key == "luncang")
    roster.remove(drop)
    breaches = check_roster(nanan, roster, DAY)
    assert [(b.rule, b.department, b.area, b.actual, b.required) for b in breaches] == [
        ("linked_per_area", "natres", "luncang", 1, 2)]
    assert "市自然资源局挂钩仑苍片区的持证人员1人，少于2人" in breaches[0].msg.zh


def test_nanan_linked_officer_without_certificate(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    i = next(i for i, e in enumerate(roster) if e.department == "natres" and e.area_key == "honglai")
    roster[i] = replace(roster[i], certified=False)
    found = [(b.rule, b.area) for b in check_roster(nanan, roster, DAY)]
    assert ("linked_uncertified", "honglai") in found and ("linked_per_area", "honglai") in found


def test_linked_departments_are_the_others(nanan: Jurisdiction) -> None:
    roster = [*nanan_roster(nanan), officer("公安1", "police")]
    assert linked_departments(nanan, roster) == ["natres", "police"]
    police = [b for b in check_roster(nanan, roster, DAY) if b.department == "police" and b.rule == "linked_per_area"]
    assert len(police) == len(nanan.areas)
    # The caller may name the linked departments itself.
    assert [b for b in check_roster(nanan, roster, DAY, linked=["natres"]) if b.rule == "linked_per_area"] == []


def test_a_linked_officer_may_cover_two_areas(nanan: Jurisdiction) -> None:
    roster = [e for e in nanan_roster(nanan) if not (e.department == "natres" and e.area_key == "shishan")]
    two = [e for e in roster if e.department == "natres" and e.area_key == "luodong"]
    roster += [replace(e, area_key="shishan") for e in two]
    assert check_roster(nanan, roster, DAY) == []


# ---- data problems, output ----

def test_roster_data_problems(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    roster += [officer("无片区", "urban", mode="stationed"), officer("错乡镇", "urban", area="central", township="仑苍镇",
                                                                     mode="stationed")]
    roster.append(roster[0])
    codes = [b.msg.code for b in check_roster(nanan, roster, DAY) if b.rule == "roster_data"]
    assert codes == ["roster.no_area", "roster.township_outside_area", "roster.duplicate"]


def test_format_and_json(nanan: Jurisdiction) -> None:
    roster = [e for e in nanan_roster(nanan) if e.name != "自然central0"]
    breaches = check_roster(nanan, roster, DAY)
    zh, en = format_breaches(breaches, "zh"), format_breaches(breaches, "en")
    assert zh.startswith("共1项不符合规定：\n1. 市自然资源局挂钩中心城区") and en.startswith("1 breach(es):\n1. 市自然资源局 has 1")
    data = json.loads(json.dumps(breaches_as_dict(breaches, split_report(nanan, roster, DAY)), ensure_ascii=False))
    assert data["ok"] is False and data["breaches"][0]["code"] == "roster.linked_per_area"
    assert data["split"]["actual"] == "5:5:10" and data["split"]["tolerance"] == 1.0
    assert format_breaches([], "zh") == "未发现违反人员配置规定的情形。"


def test_entry_round_trips_through_a_dict() -> None:
    e = officer("张三", "market", area="central", mode="linked", conflicts=frozenset({"p1"}))
    assert RosterEntry.from_dict(json.loads(json.dumps(e.as_dict()))) == e
