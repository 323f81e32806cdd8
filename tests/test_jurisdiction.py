from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldapp.jurisdiction import (
    CATEGORIES,
    Jurisdiction,
    JurisdictionError,
    available_jurisdictions,
    jurisdiction_as_dict,
    load_jurisdiction,
)
from fieldapp.messages import FieldappError
from fieldapp.resources import resource_path

SHAXIAN_TEXT = resource_path("jurisdictions", "shaxian.toml").read_text(encoding="utf-8")
NANAN_TEXT = resource_path("jurisdictions", "nanan.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def shaxian() -> Jurisdiction:
    return load_jurisdiction("shaxian")


@pytest.fixture(scope="module")
def nanan() -> Jurisdiction:
    return load_jurisdiction("nanan")


def test_available() -> None:
    assert {"shaxian", "nanan"} <= set(available_jurisdictions())


def test_shaxian_facts(shaxian: Jurisdiction) -> None:
    assert shaxian.division_code == "350405"
    assert shaxian.former_division_codes == ("350427",)
    assert shaxian.programme_number == "沙政〔2023〕76号"
    assert shaxian.programme_date.isoformat() == "2023-09-04"
    assert shaxian.department(shaxian.lead_unit).name == "区城市管理局"
    assert len(shaxian.townships) == 12
    assert [a.name for a in shaxian.areas.values()] == ["第一片区", "第二片区", "第三片区", "第四片区"]
    heads = {a.name: shaxian.department(a.head_department).name for a in shaxian.areas.values()}
    assert heads == {"第一片区": "区城市管理局", "第二片区": "区应急管理局", "第三片区": "区农业农村局",
                     "第四片区": "区市场监督管理局"}
    assert all("协作组长" in a.deputy_head_rule for a in shaxian.areas.values())
    assert shaxian.rules.min_officers_per_township == 2


def test_huyuan_in_area_four_headed_by_market(shaxian: Jurisdiction) -> None:
    area = shaxian.area_of("湖源乡")
    assert area.name == "第四片区"
    assert area.townships == ("大洛镇", "南霞乡", "南阳乡", "湖源乡")
    assert shaxian.department(area.head_department).full_name == "三明市沙县区市场监督管理局"
    t = shaxian.township("湖源乡")
    assert (t.full_name, t.short_name, t.kind, t.division_code) == (
        "三明市沙县区湖源乡人民政府", "湖源", "乡", "350405203")
    assert shaxian.township("湖源") == t  # by short name
    assert shaxian.township("凤岗街道").full_name == "三明市沙县区凤岗街道办事处"


def test_nanan_facts(nanan: Jurisdiction) -> None:
    assert nanan.division_code == "350583"
    assert nanan.programme_number == "南政办〔2024〕31号"
    assert nanan.department(nanan.lead_unit).name == "市城市管理和综合执法局"
    assert len(nanan.areas) == 6 and len(nanan.townships) == 26
    assert {a.head_department for a in nanan.areas.values()} == {"urban"}
    stations = {a.name: a.station for a in nanan.areas.values()}
    assert stations == {"中心城区": None, "南翼新城片区": None, "仑苍片区": "仑苍镇", "洪濑片区": "洪濑镇",
                        "罗东片区": "罗东镇", "诗山片区": "诗山镇"}
    r = nanan.rules
    assert r.sent_down_ratio == 0.8
    assert r.min_linked_per_area == 2
    assert [(s.areas, s.share) for s in r.split] == [
        (("central",), 1), (("nanyi",), 1), (("luncang", "honglai", "luodong", "shishan"), 2)]
    assert set(r.split_departments) == {"market", "transport", "culture", "agri", "emergency"}
    assert nanan.department(r.dispute_resolver).name == "市司法局"
    assert r.evaluation_period == "quarter"


def test_luncang_station_and_ximei_no_station(nanan: Jurisdiction) -> None:
    area = nanan.area_of("仑苍镇")
    assert area.name == "仑苍片区" and area.station == "仑苍镇"
    assert "副片长" in area.deputy_head_rule
    central = nanan.area_of("溪美街道")
    assert central.name == "中心城区" and central.station is None
    assert nanan.township("溪美街道").full_name == "南安市溪美街道办事处"


@pytest.mark.parametrize("key", ["shaxian", "nanan"])
def test_each_township_in_exactly_one_area(key: str) -> None:
    j = load_jurisdiction(key)
    listed = [t for a in j.areas.values() for t in a.townships]
    assert sorted(listed) == sorted(j.townships)
    assert len(listed) == len(set(listed))
    for t in j.townships.values():
        assert t.name in j.areas[t.area].townships
    assert set(CATEGORIES) <= set(j.categories)
    assert j.rules.on_the_spot_fine_max_person == 200 and j.rules.on_the_spot_fine_max_organisation == 3000


def test_unknown_township_raises(shaxian: Jurisdiction) -> None:
    with pytest.raises(FieldappError) as e:
        shaxian.township("仑苍镇")
    assert e.value.msg.code == "jurisdiction.unknown_township"


def test_as_dict_is_json(shaxian: Jurisdiction) -> None:
    d = jurisdiction_as_dict(shaxian)
    text = json.dumps(d, ensure_ascii=False)
    assert d["programme_date"] == "2023-09-04"
    assert d["areas"]["area4"]["townships"][-1] == "湖源乡"
    assert "湖源乡" in text


# ---- invalid files: every error names the file and the line ----

def _write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _line(text: str, needle: str, nth: int = 0) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[nth]


def _fails(path: Path) -> JurisdictionError:
    with pytest.raises(JurisdictionError) as e:
        load_jurisdiction(path)
    err = e.value
    assert str(path) in err.msg.zh and str(path) in err.msg.en
    return err


def test_syntax_error_names_line(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('short_name = "湖源"', 'short_name = "湖源', 1)
    err = _fails(_write(tmp_path, text))
    assert err.line == _line(text, 'short_name = "湖源')
    assert f":{err.line}:" in err.msg.en and "TOML" in err.msg.en and "语法" in err.msg.zh


def test_township_in_two_areas(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('"高桥镇", "富口镇"]', '"高桥镇", "富口镇", "湖源乡"]')
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "jurisdiction.township_twice"
    assert err.line == _line(text, '"南阳乡", "湖源乡"]')  # the second claim, in 第四片区
    assert "湖源乡" in err.msg.zh and "two areas" in err.msg.en


def test_township_in_no_area(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('townships = ["大洛镇", "南霞乡", "南阳乡", "湖源乡"]',
                                'townships = ["大洛镇", "南霞乡", "南阳乡"]')
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "jurisdiction.township_unassigned"
    assert err.line == _line(text, '[townships."湖源乡"]')


def test_unknown_department(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('head_department = "agri"', 'head_department = "forestry"')
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "jurisdiction.unknown_department"
    assert err.line == _line(text, 'head_department = "forestry"')
    assert "forestry" in err.msg.en


def test_station_outside_area(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('station = ""\ntownships = ["大洛镇"', 'station = "夏茂镇"\ntownships = ["大洛镇"')
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "jurisdiction.station_outside"
    assert err.line == _line(text, 'station = "夏茂镇"')


def test_missing_required_key(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('full_name = "三明市沙县区农业农村局"\n', "")
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "resource.missing"
    assert "departments.agri.full_name" in err.msg.en
    assert err.line == _line(text, "[departments.agri]")


def test_missing_category(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('"文化市场" = "culture"\n', "")
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "jurisdiction.category_missing"
    assert err.line == _line(text, "[categories]")
    assert "文化市场" in err.msg.zh


def test_wrong_type(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace("cash_on_the_spot_max = 100", 'cash_on_the_spot_max = "100"')
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "resource.type"
    assert err.line == _line(text, 'cash_on_the_spot_max = "100"')
    assert "integer" in err.msg.en


def test_bad_kind_and_pattern(tmp_path: Path) -> None:
    text = SHAXIAN_TEXT.replace('kind = "乡"', 'kind = "村"', 1)
    err = _fails(_write(tmp_path, text))
    assert err.line == _line(text, 'kind = "村"')
    text = SHAXIAN_TEXT.replace("{n}号", "{num}号")
    err = _fails(_write(tmp_path, text, "p.toml"))
    assert err.line == _line(text, "document_number_pattern")
    assert "num" in err.msg.en


def test_missing_file() -> None:
    with pytest.raises(JurisdictionError) as e:
        load_jurisdiction("nosuchcounty")
    assert "shaxian" in e.value.msg.en and e.value.msg.code == "jurisdiction.not_found"


THIRD = """
schema = 1
key = "youxi"
name = "尤溪县"
full_name = "三明市尤溪县"
division_code = "350426"
programme_title = "测试方案"
programme_number = "测〔2026〕1号"
programme_date = 2026-01-05
lead_unit = "urban"

[departments.urban]
name = "县城市管理局"
full_name = "尤溪县城市管理局"
short_name = "尤城管"

[departments.forestry]
name = "县林业局"
full_name = "尤溪县林业局"
short_name = "尤林"

[townships."西城镇"]
full_name = "尤溪县西城镇人民政府"
short_name = "西城"
kind = "镇"

[townships."台溪乡"]
full_name = "尤溪县台溪乡人民政府"
short_name = "台溪"
kind = "乡"

[areas.west]
name = "西片区"
head_department = "forestry"
station = "西城镇"
townships = ["西城镇", "台溪乡"]

[categories]
"市场监管" = "urban"
"交通运输" = "urban"
"文化市场" = "urban"
"生态环保" = "forestry"
"农业" = "forestry"
"应急管理" = "urban"
"综合执法" = "urban"
"林业" = "forestry"

[rules]
major_fine_person = 5000
"""


def test_third_jurisdiction_needs_no_code(tmp_path: Path) -> None:
    j = load_jurisdiction(_write(tmp_path, THIRD, "youxi.toml"))
    assert j.key == "youxi"
    assert j.area_of("台溪乡").station == "西城镇"
    assert j.department(j.areas["west"].head_department).name == "县林业局"
    assert j.categories["林业"] == "forestry"
    assert j.rules.major_fine_person == 5000
    assert j.rules.on_the_spot_fine_max_person == 200  # statutory default
    assert j.township("西城").division_code is None


def test_third_jurisdiction_without_rules_table(tmp_path: Path) -> None:
    j = load_jurisdiction(_write(tmp_path, THIRD.replace("[rules]\nmajor_fine_person = 5000\n", ""), "y.toml"))
    assert j.rules.major_fine_person == 10000


def test_resource_path_source_and_frozen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    assert resource_path("jurisdictions", "shaxian.toml").is_file()
    assert resource_path().parent == Path(__file__).resolve().parent.parent
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("matters", "catalogue.toml") == tmp_path / "resources" / "matters" / "catalogue.toml"


def test_misspelt_key_is_refused_with_its_line(tmp_path: Path) -> None:
    text = NANAN_TEXT.replace('station = "仑苍镇"', 'staton = "仑苍镇"', 1)
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "resource.unknown_key" and "staton" in err.msg.en and "station" in err.msg.en
    assert err.line == _line(text, 'staton = "仑苍镇"')
    text = SHAXIAN_TEXT.replace("cash_on_the_spot_max = 100", "cash_on_spot_max = 100")
    err = _fails(_write(tmp_path, text, "r.toml"))
    assert err.msg.code == "resource.unknown_key" and err.line == _line(text, "cash_on_spot_max")


@pytest.mark.parametrize(("key", "value"), [("on_the_spot_fine_max_person", 2000),
                                            ("on_the_spot_fine_max_organisation", 5000),
                                            ("cash_on_the_spot_max", 500)])
def test_a_county_cannot_raise_the_statutory_on_the_spot_ceilings(tmp_path: Path, key: str, value: int) -> None:
    old = next(line for line in SHAXIAN_TEXT.splitlines() if line.startswith(f"{key} ="))
    text = SHAXIAN_TEXT.replace(old, f"{key} = {value}")
    err = _fails(_write(tmp_path, text))
    assert err.msg.code == "jurisdiction.over_statute" and err.line == _line(text, f"{key} = {value}")
    assert "行政处罚法" in err.msg.zh
    lower = SHAXIAN_TEXT.replace(old, f"{key} = 50")  # tightening is the county's right
    assert getattr(load_jurisdiction(_write(tmp_path, lower, "ok.toml")).rules, key) == 50
