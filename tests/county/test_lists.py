"""Published lists: personnel and matters, their content hash, and the three export formats."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fieldapp.catalogue import Catalogue
from fieldapp.county.lists import ListAddition, export_list, matter_list, personnel_list
from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import FieldappError
from tests.county.conftest import DAY
from tests.rosters import nanan_roster, officer, shaxian_roster


def test_personnel_list_of_an_area(shaxian: Jurisdiction) -> None:
    roster = shaxian_roster(shaxian)
    roster.append(officer("过期者", None, township="湖源乡", valid=date(2025, 1, 1)))
    roster.append(officer("他片区", "agri", area="area3", mode="stationed"))
    lst = personnel_list(shaxian, roster, "area4", DAY)
    names = [r[1] for r in lst.rows]
    # County officers first (department order), then the four townships' staff in the programme's order.
    assert names == ["第四片区市监", "第四片区片长", "大洛甲", "大洛乙", "南霞甲", "南霞乙", "南阳甲", "南阳乙", "湖源甲", "湖源乙"]
    assert lst.columns[:4] == ("序号", "姓名", "单位", "执法证号")
    hu = next(r for r in lst.rows if r[1] == "湖源甲")
    assert hu[2] == "三明市沙县区湖源乡综合执法队" and hu[4] == "乡镇（街道）执法人员" and hu[3].startswith("3505")
    assert lst.rows[0][2] == "三明市沙县区市场监督管理局" and lst.rows[0][4] == "常驻"
    assert lst.title == "沙县区第四片区联合执法人员名单"


def test_list_hash_is_content_only(shaxian: Jurisdiction) -> None:
    roster = shaxian_roster(shaxian)
    a = personnel_list(shaxian, roster, "area4", DAY)
    b = personnel_list(shaxian, list(reversed(roster)), "area4", DAY)
    assert a.content_hash() == b.content_hash() and len(a.content_hash()) == 64
    renamed = [replace(e, name="湖源丙") if e.name == "湖源乙" else e for e in roster]
    assert personnel_list(shaxian, renamed, "area4", DAY).content_hash() != a.content_hash()
    record = a.audit_record()
    assert record == {"action": "list_published", "list": "personnel", "jurisdiction": "shaxian", "area": "area4",
                      "on_date": "2025-05-10", "rows": 10, "catalogue_version": "", "hash": a.content_hash()}


def test_matter_list_follows_delegation_dates(shaxian: Jurisdiction, catalogue: Catalogue) -> None:
    before = matter_list(shaxian, catalogue, "area4", date(2025, 3, 1))
    after = matter_list(shaxian, catalogue, "area4", date(2025, 8, 1))
    codes_before, codes_after = [r[1] for r in before.rows], [r[1] for r in after.rows]
    # SC-002 was taken back by 沙县区 (catalogue sample: 2025-07-01).
    assert "SC-002" in codes_before and "SC-002" not in codes_after
    assert "ZH-001" in codes_after  # a statutory 乡镇 power; area4 has 乡 and 镇
    row = dict(zip(before.columns, next(r for r in before.rows if r[1] == "SC-002"), strict=True))
    assert row["类别"] == "市场监管" and row["主管部门"] == "区市场监督管理局" and row["赋权情况（2025-03-01）"] == "已赋权"
    assert row["执法主体"] == "所在乡镇（街道）" and "食品安全法" in row["设定依据"] and row["纳入方式"] == "基础清单"
    assert before.content_hash() != after.content_hash() and before.catalogue_version == catalogue.version


def test_matter_outside_the_base_list_needs_approval(nanan: Jurisdiction, catalogue: Catalogue) -> None:
    base = [r[1] for r in matter_list(nanan, catalogue, "central", DAY).rows]
    assert "JT-004" not in base and "ZH-001" in base  # 中心城区 has 镇 as well as 街道
    zh1 = next(r for r in matter_list(nanan, catalogue, "central", DAY).rows if r[1] == "ZH-001")
    assert zh1[5] == "法定乡镇职权（街道不适用）" and zh1[6] == "所在乡、镇；街道由市城市管理和综合执法局"
    add = ListAddition("JT-004", "transport", "市城管局 王某", date(2025, 5, 1))
    lst = matter_list(nanan, catalogue, "central", DAY, additions=[add])
    row = next(r for r in lst.rows if r[1] == "JT-004")
    assert row[5] == "未赋权" and row[6] == "市交通运输局"
    assert row[9] == "由市交通运输局提请，经市城市管理和综合执法局审查同意纳入（2025-05-01，市城管局 王某）"
    ref = next(r for r in matter_list(nanan, catalogue, "central", DAY, additions=[
        replace(add, reference="南城执函〔2025〕12号")]).rows if r[1] == "JT-004")
    assert ref[9].endswith("（2025-05-01，市城管局 王某，南城执函〔2025〕12号）")
    with pytest.raises(FieldappError) as late:
        matter_list(nanan, catalogue, "central", DAY, additions=[replace(add, approved_on=date(2025, 6, 1))])
    assert late.value.msg.code == "lists.not_yet_approved"
    with pytest.raises(FieldappError) as unsigned:
        matter_list(nanan, catalogue, "central", DAY, additions=[replace(add, approved_by=" ")])
    assert unsigned.value.msg.code == "lists.approval_missing"
    with pytest.raises(FieldappError):
        matter_list(nanan, catalogue, "nowhere", DAY)


def test_exports(tmp_path: Path, nanan: Jurisdiction, catalogue: Catalogue) -> None:
    people = personnel_list(nanan, nanan_roster(nanan), "luncang", DAY)
    csv_bytes = export_list(nanan, people, tmp_path / "p.csv").read_bytes()
    assert csv_bytes.startswith(b"\xef\xbb\xbf")
    lines = csv_bytes.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "序号,姓名,单位,执法证号,下沉方式,所在乡镇（街道）"
    assert lines[1].startswith("1,城管luncang,南安市城市管理和综合执法局,3505") and lines[2].startswith("2,market2,")

    matters = matter_list(nanan, catalogue, "luncang", DAY)
    ws = load_workbook(export_list(nanan, matters, tmp_path / "m.xlsx")).active
    assert ws.title == "联合执法事项清单" and ws["A1"].value == "南安市仑苍片区联合执法事项清单"
    assert ws["B3"].value == "事项编码" and ws["B4"].value == "SC-001" and ws["D4"].value == "市场监管"
    assert matters.content_hash()[:16] in ws["A2"].value

    pdf = export_list(nanan, people, tmp_path / "p.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "南安市仑苍片区联合执法人员名单" in text and "仑苍甲" in text and "南安市城市管理和综合执法局" in text
    assert people.content_hash()[:16] in text.replace("\n", "").replace(" ", "")
    with pytest.raises(FieldappError):
        export_list(nanan, people, tmp_path / "p.docx")


def test_formula_like_text_stays_text(tmp_path: Path, nanan: Jurisdiction) -> None:
    roster = [officer("=HYPERLINK(1)", None, township="仑苍镇")]
    ws = load_workbook(export_list(nanan, personnel_list(nanan, roster, "luncang", DAY), tmp_path / "x.xlsx")).active
    assert ws["B4"].value == "=HYPERLINK(1)" and ws["B4"].data_type == "s"
