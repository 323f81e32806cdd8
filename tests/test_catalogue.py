from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from fieldapp.catalogue import Catalogue, CatalogueError, catalogue_as_dict, load_catalogue, validate_catalogue_against
from fieldapp.jurisdiction import CATEGORIES, load_jurisdiction
from fieldapp.messages import FieldappError
from fieldapp.resources import resource_path

TEXT = resource_path("matters", "catalogue.toml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return load_catalogue()


def test_sample_header(cat: Catalogue) -> None:
    assert cat.sample is True
    assert cat.version == "2026.1-sample"
    assert cat.effective_from == date(2023, 9, 4)
    assert "SAMPLE" in TEXT.splitlines()[0]


def test_coverage(cat: Catalogue) -> None:
    assert len(cat.matters) >= 36
    counts = Counter(m.category for m in cat)
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 4


def test_real_examples(cat: Catalogue) -> None:
    burn = cat.matter("ST-001")
    assert (burn.penalty_min, burn.penalty_max) == (500, 2000)
    assert "大气污染防治法" in burn.penalty_basis and "第一百一十九条" in burn.penalty_basis
    assert cat.matter("NY-001").penalty_basis.startswith("《中华人民共和国渔业法》第三十八条")
    assert "城乡规划法" in cat.matter("ZH-001").penalty_basis and cat.matter("ZH-001").township_power
    assert "第七十八条" in cat.matter("NY-004").penalty_basis
    assert "第四十二条" in cat.matter("ZH-005").penalty_basis
    assert "第七十七条" in cat.matter("ZH-006").penalty_basis
    assert "第三十六条" in cat.matter("YJ-001").penalty_basis
    assert cat.matter("YJ-001").life_safety and not cat.matter("ST-001").life_safety
    assert cat.matter("NY-004").penalty_min is None and cat.matter("NY-004").penalty_max is None


def test_delegation_periods(cat: Catalogue) -> None:
    posting = cat.matter("ZH-002")
    assert not posting.delegated_in("shaxian", date(2023, 9, 3))
    assert posting.delegated_in("shaxian", date(2023, 9, 4))
    assert posting.delegated_in("shaxian", date(2026, 11, 22))
    assert not posting.delegated_in("nanan", date(2024, 6, 18))
    assert posting.delegated_in("nanan", date(2024, 6, 19))
    assert not posting.delegated_in("youxi", date(2025, 1, 1))


def test_take_back(cat: Catalogue) -> None:
    noise = cat.matter("ZH-006")
    assert noise.delegated_in("shaxian", date(2025, 6, 30))
    assert not noise.delegated_in("shaxian", date(2025, 7, 1))
    assert noise.delegated_in("nanan", date(2025, 7, 1))  # only 沙县区 took it back
    taken = [m.code for m in cat if m.delegated_in("shaxian", date(2025, 6, 30))
             and not m.delegated_in("shaxian", date(2025, 7, 1))]
    assert len(taken) >= 5
    never = cat.matter("JT-004")
    assert not never.delegated_in("shaxian", date(2024, 1, 1)) and not never.delegated_in("nanan", date(2025, 1, 1))


def test_validates_against_both_jurisdictions(cat: Catalogue) -> None:
    for key in ("shaxian", "nanan"):
        assert validate_catalogue_against(cat, load_jurisdiction(key)) == []


def test_validate_against_thin_jurisdiction(cat: Catalogue, tmp_path: Path) -> None:
    text = resource_path("jurisdictions", "shaxian.toml").read_text(encoding="utf-8")
    start = text.index("[departments.housing]")
    end = text.index("[departments.police]")
    p = tmp_path / "thin.toml"
    p.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = validate_catalogue_against(cat, load_jurisdiction(p))
    assert [m.data["code"] for m in problems] == ["ST-003"]
    assert problems[0].code == "catalogue.unknown_department"
    assert f"catalogue.toml:{cat.matter('ST-003').line}:" in problems[0].en


def test_unknown_matter(cat: Catalogue) -> None:
    with pytest.raises(FieldappError):
        cat.matter("XX-999")


def test_as_dict(cat: Catalogue) -> None:
    d = catalogue_as_dict(cat)
    assert d["matters"]["ZH-006"]["delegations"][1]["start"] == "2025-07-01"  # type: ignore[index]


def _line(text: str, needle: str, nth: int = 0) -> int:
    return [i for i, s in enumerate(text.splitlines(), start=1) if needle in s][nth]


def _fails(tmp_path: Path, text: str) -> CatalogueError:
    p = tmp_path / "cat.toml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as e:
        load_catalogue(p)
    assert str(p) in e.value.msg.zh and str(p) in e.value.msg.en
    return e.value


def test_syntax_error(tmp_path: Path) -> None:
    text = TEXT.replace('code = "JT-002"', 'code = JT-002')
    err = _fails(tmp_path, text)
    assert err.line == _line(text, "code = JT-002")


def test_duplicate_code(tmp_path: Path) -> None:
    text = TEXT.replace('code = "JT-002"', 'code = "JT-001"')
    err = _fails(tmp_path, text)
    assert err.msg.code == "catalogue.duplicate"
    assert err.line == _line(text, 'code = "JT-001"', 1)


def test_unknown_category(tmp_path: Path) -> None:
    text = TEXT.replace('category = "交通运输"', 'category = "林业"', 1)
    err = _fails(tmp_path, text)
    assert err.msg.code == "catalogue.unknown_category"
    assert err.line == _line(text, 'category = "林业"')


def test_overlapping_periods(tmp_path: Path) -> None:
    text = TEXT.replace("to = 2025-06-30", "to = 2025-07-01", 1)
    err = _fails(tmp_path, text)
    assert err.msg.code == "catalogue.overlap"
    # The second period of ZH-006 (the false one) is where the overlap shows.
    assert err.line == _line(text, "from = 2025-07-01") - 3


def test_penalty_range(tmp_path: Path) -> None:
    text = TEXT.replace("penalty_min = 500\npenalty_max = 2000\n", "penalty_min = 5000\npenalty_max = 2000\n")
    err = _fails(tmp_path, text)
    lines = text.splitlines()
    assert err.line == lines.index("penalty_max = 2000", lines.index('code = "ST-001"')) + 1


def test_bad_date(tmp_path: Path) -> None:
    text = TEXT.replace('from = 2024-06-19\nto = ""', 'from = "19 June"\nto = ""', 1)
    err = _fails(tmp_path, text)
    assert err.msg.code == "resource.type"
    assert err.line == _line(text, 'from = "19 June"')
