"""Quarterly figures, their exports, and 南安's linked-officer evaluation rule."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from fieldapp.catalogue import Catalogue
from fieldapp.county.evaluation import allowed_personal_grades, evaluation_check
from fieldapp.county.export import Table
from fieldapp.county.quarterly import export_quarterly, quarter_of, quarter_range, quarterly_report
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError
from fieldapp.rules.deadlines import service_deadline
from tests.rosters import nanan_roster, officer

ROSTER = [officer("湖源甲", None, township="湖源乡", oid="h1"), officer("湖源乙", None, township="湖源乡", oid="h2"),
          officer("市监常驻", "market", area="area4", township="湖源乡", mode="stationed", oid="m1"),
          officer("农业留守", "agri", oid="a1")]
CASES: list[dict[str, Any]] = [
    {"id": "c1", "township": "湖源乡", "state": "closed", "filed_on": "2025-04-10", "decided_on": "2025-05-25",
     "served_on": "2025-05-26", "closed_on": "2025-06-20", "escalated": 1, "review_required": 1,
     "review_outcome": "passed", "reviewed_on": "2025-05-20", "matters": [{"matter_code": "SC-002"}],
     "officers": [{"officer_id": "h1"}, {"officer_id": "m1"}]},
    # Filed in Q1, still undecided: the 90-day limit fell on 2025-05-02, in Q2.
    {"id": "c2", "township": "湖源乡", "state": "investigating", "filed_on": "2025-02-01", "escalated": 0,
     "matters": [{"matter_code": "ZH-002"}], "officers": [{"officer_id": "h1"}, {"officer_id": "h2"}]},
    {"id": "c3", "township": "南霞乡", "state": "filed", "filed_on": "2025-05-01", "escalated": 0,
     "matters": ["ZH-002"], "officers": ["h2"]},
]
ATTENDANCE = [{"officer_id": "m1", "date": "2025-04-01", "area_key": "area4"},
              {"officer_id": "m1", "date": "2025-04-01T16:00", "area_key": "area4"},  # same day twice
              {"officer_id": "m1", "date": "2025-04-02", "area_key": "area4"},
              {"officer_id": "m1", "date": "2025-04-03", "area_key": "area1"},  # not their area
              {"officer_id": "m1", "date": "2025-03-31", "area_key": "area4"}]  # Q1
ACTIONS = [{"id": "a1", "date": "2025-04-15", "area_key": "area4", "officers": ["m1", "h1"]}]
INSPECTIONS: list[dict[str, Any]] = [{"id": "i1", "township": "湖源乡", "status": "final", "started_at": "2025-04-05T09:00",
                "officers": [{"officer_id": "h1"}, {"officer_id": "m1"}]},
               {"id": "i2", "township": "湖源乡", "status": "draft", "started_at": "2025-04-06T09:00", "officers": ["h1"]},
               {"id": "i3", "township": "湖源乡", "status": "final", "started_at": "2025-03-06T09:00", "officers": ["h1"]}]
DOCUMENTS: list[dict[str, Any]] = [{"id": "d1", "status": "issued", "issued_at": "2025-05-25T10:00", "issued_by": "h1", "case_id": "c1"},
             {"id": "d2", "status": "draft", "issued_at": None, "issued_by": "h1", "case_id": "c1"}]


def test_quarters() -> None:
    assert quarter_of(date(2025, 4, 1)) == (2025, 2) and quarter_of(date(2025, 12, 31)) == (2025, 4)
    assert quarter_range(2025, 1) == (date(2025, 1, 1), date(2025, 3, 31))
    assert quarter_range(2024, 4) == (date(2024, 10, 1), date(2024, 12, 31))
    with pytest.raises(FieldappError):
        quarter_range(2025, 5)


def _report(jur: Jurisdiction, catalogue: Catalogue, q: int = 2):  # type: ignore[no-untyped-def]
    return quarterly_report(jur, ROSTER, 2025, q, attendance=ATTENDANCE, actions=ACTIONS, inspections=INSPECTIONS,
                            cases=CASES, documents=DOCUMENTS, catalogue=catalogue)


def test_quarterly_counts_per_officer(shaxian: Jurisdiction, catalogue: Catalogue) -> None:
    r = _report(shaxian, catalogue)
    assert r.row("officers", "湖源甲") == {"姓名": "湖源甲", "单位": "三明市沙县区湖源乡综合执法队", "下沉方式": "乡镇（街道）",
                                          "片区": "第四片区", "出勤天数": 0, "参加联合行动": 1, "检查": 1, "承办案件": 1,
                                          "制发文书": 1, "逾期": 1}
    m = r.row("officers", "市监常驻")
    assert (m["出勤天数"], m["参加联合行动"], m["检查"], m["承办案件"], m["制发文书"], m["逾期"]) == (2, 1, 1, 1, 0, 0)
    assert r.row("officers", "湖源乙")["承办案件"] == 1 and r.row("officers", "湖源乙")["逾期"] == 1  # c3, c2
    assert r.row("officers", "农业留守")["下沉方式"] == "未下沉"


def test_quarterly_counts_per_area_and_township(shaxian: Jurisdiction, catalogue: Catalogue) -> None:
    r = _report(shaxian, catalogue)
    assert r.row("areas", "第四片区") == {"片区": "第四片区", "下沉人员": 1, "出勤人日": 2, "联合行动": 1, "检查": 1, "立案": 2,
                                        "结案": 1, "报片长": 1, "制发文书": 1, "逾期": 1}
    assert r.row("areas", "第一片区")["出勤人日"] == 1
    # Townships in the jurisdiction file's order, categories in the programme's order.
    assert r.townships == (("南霞乡", "综合执法", 1, 0, 0, 0), ("湖源乡", "市场监管", 1, 1, 1, 1))
    q1 = _report(shaxian, catalogue, 1)
    assert q1.row("areas", "第四片区")["立案"] == 1 and q1.row("areas", "第四片区")["逾期"] == 0
    assert q1.townships == (("湖源乡", "综合执法", 1, 0, 0, 0),)
    # A decision made late (after the 90 days) still counts as overdue in the quarter it fell due.
    late = [{**CASES[1], "decided_on": "2025-05-09", "served_on": "2025-05-10"}]
    assert quarterly_report(shaxian, ROSTER, 2025, 2, cases=late).row("areas", "第四片区")["逾期"] == 1
    # Decided on the last day but never served: the 7-working-day service limit (§61) is missed instead.
    unserved = [{**CASES[1], "decided_on": "2025-05-02"}]
    assert quarterly_report(shaxian, ROSTER, 2025, 2, cases=unserved).row("areas", "第四片区")["逾期"] == 1
    assert quarterly_report(shaxian, ROSTER, 2025, 2, cases=unserved, as_of=date(2025, 5, 12)).row(
        "areas", "第四片区")["逾期"] == 0
    on_time = [{**CASES[1], "decided_on": "2025-05-02", "served_on": "2025-05-06"}]
    assert quarterly_report(shaxian, ROSTER, 2025, 2, cases=on_time).row("areas", "第四片区")["逾期"] == 0



def test_running_quarter_counts_only_deadlines_already_missed(shaxian: Jurisdiction) -> None:
    """A quarter still running is reported as of today: a decision issued today is not yet 逾期 for want of
    service. The report is of the quarter in which the service deadline falls, so the deadline is inside it
    (whatever today's date) and the quarter's end is after today."""
    today = date.today()
    due = service_deadline(today).due
    year, q = quarter_of(due)
    running = [{**CASES[1], "id": "c9", "filed_on": (today - timedelta(days=30)).isoformat(),
                "decided_on": today.isoformat()}]
    report = quarterly_report(shaxian, ROSTER, year, q, cases=running)
    assert report.as_of == today
    assert report.row("areas", "第四片区")["逾期"] == 0 and report.row("officers", "湖源甲")["逾期"] == 0
    # Seen after the deadline, the same case is overdue; a past quarter keeps its own end as the default.
    later = quarterly_report(shaxian, ROSTER, year, q, cases=running, as_of=due + timedelta(days=1))
    assert later.row("areas", "第四片区")["逾期"] == 1
    assert quarterly_report(shaxian, ROSTER, 2025, 2).as_of == date(2025, 6, 30)

def test_quarterly_exports(tmp_path: Path, shaxian: Jurisdiction, catalogue: Catalogue) -> None:
    r = _report(shaxian, catalogue)
    wb = load_workbook(export_quarterly(shaxian, r, tmp_path / "q.xlsx"))
    assert wb.sheetnames == ["执法人员", "片区", "乡镇案件"]
    assert wb["执法人员"]["A1"].value == "2025年第2季度执法人员情况" and wb["执法人员"]["A4"].value == "湖源甲"
    assert wb["片区"]["F3"].value == "立案" and wb["片区"]["F7"].value == 2  # 第四片区 is the fourth row
    assert [c.value for c in wb["乡镇案件"][5]] == ["湖源乡", "市场监管", 1, 1, 1, 1]
    extra = Table("考核提示", ("说明",), (("无",),))
    pdf = export_quarterly(shaxian, r, tmp_path / "q.pdf", extra=[extra])
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "沙县区片区联合执法2025年第2季度统计" in text and "湖源甲" in text and "考核提示" in text
    with pytest.raises(FieldappError):
        export_quarterly(shaxian, r, tmp_path / "q.csv")


# ---- 南安: 挂钩执法人员季度评价未能优秀的，个人季度平时考核不得评为“好”等次 ----

def _linked(roster: list) -> list:  # type: ignore[type-arg]
    return [e for e in roster if e.mode == "linked"]


def test_linked_officer_not_excellent_cannot_be_good(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    a, b = _linked(roster)[:2]
    stationed = next(e for e in roster if e.mode == "stationed")
    ratings = {a.officer_id: "合格", b.officer_id: "优秀", stationed.officer_id: "合格"}
    personal = {a.officer_id: "好", b.officer_id: "好", stationed.officer_id: "好"}
    breaches = evaluation_check(nanan, roster, ratings, personal, quarter="2025年第2季度")
    assert [(x.rule, x.actual) for x in breaches] == [("linked_evaluation", "合格")]
    assert breaches[0].msg.zh.startswith(f"2025年第2季度挂钩执法人员{a.name}（市自然资源局）片区季度评价为“合格”，未能优秀")
    assert "不得评为“好”等次" in breaches[0].msg.zh
    # No area evaluation at all is also "未能优秀"; a lower grade is allowed.
    c = _linked(roster)[2]
    assert [x.msg.data["officer"] for x in evaluation_check(nanan, roster, {}, {c.officer_id: "好"})] == [c.officer_id]
    assert evaluation_check(nanan, roster, {}, {c.officer_id: "较好"}) == []
    assert allowed_personal_grades(nanan, c, "合格") == ("较好", "一般", "较差")
    assert allowed_personal_grades(nanan, c, "优秀")[0] == "好"
    assert allowed_personal_grades(nanan, stationed, "合格")[0] == "好"


def test_department_with_fewer_than_half_excellent(nanan: Jurisdiction) -> None:
    roster = nanan_roster(nanan)
    ids = [e.officer_id for e in _linked(roster)]  # 12 linked officers of 市自然资源局
    five = {oid: "优秀" for oid in ids[:5]}
    breaches = evaluation_check(nanan, roster, five, {}, {"natres": "优秀"})
    assert [(x.rule, x.department, x.actual) for x in breaches] == [("department_evaluation", "natres", 5)]
    assert "挂钩执法人员12人中评价优秀5人，低于一半" in breaches[0].msg.zh
    six = {oid: "优秀" for oid in ids[:6]}  # exactly half is not below half
    assert evaluation_check(nanan, roster, six, {}, {"natres": "优秀"}) == []
    assert evaluation_check(nanan, roster, five, {}, {"natres": "良好"}) == []


def test_shaxian_has_no_quarterly_linked_rule(shaxian: Jurisdiction) -> None:
    e = officer("挂钩", "market", area="area1", mode="linked")
    assert evaluation_check(shaxian, [e], {}, {e.officer_id: "好"}) == []
    assert allowed_personal_grades(shaxian, e, None)[0] == "好"
