from __future__ import annotations

from datetime import date

from fieldapp.rules.officers import OfficerRef, check_officers

DAY = date(2026, 3, 10)
A = OfficerRef("o1", "张三", "35040520001", date(2027, 1, 1), frozenset())
B = OfficerRef("o2", "李四", "35040520002", date(2026, 3, 10), frozenset({"party-9"}))


def codes(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.code for p in problems]


def test_two_valid_officers_ok() -> None:
    assert check_officers([A, B], DAY) == []
    assert check_officers([A, B], DAY, party_id="party-1") == []


def test_one_officer_is_too_few() -> None:
    problems = check_officers([A], DAY)
    assert codes(problems) == ["officers.too_few"]
    assert "第四十二条" in problems[0].zh and problems[0].data == {"qualified": 1, "required": 2}


def test_expired_certificate_names_officer() -> None:
    problems = check_officers([A, B], date(2026, 3, 11))
    assert codes(problems) == ["officers.expired", "officers.too_few"]
    assert "李四" in problems[0].zh and "2026-03-10" in problems[0].en


def test_missing_cert_and_validity() -> None:
    no_cert = OfficerRef("o3", "王五", " ", date(2030, 1, 1))
    no_date = OfficerRef("o4", "赵六", "35040520004", None)
    problems = check_officers([A, no_cert, no_date], DAY)
    assert codes(problems) == ["officers.no_cert", "officers.no_validity", "officers.too_few"]
    assert "王五" in problems[0].zh and "赵六" in problems[1].zh


def test_recusal() -> None:
    problems = check_officers([A, B], DAY, party_id="party-9")
    assert codes(problems) == ["officers.recusal", "officers.too_few"]
    assert "第四十三条" in problems[0].zh and "李四" in problems[0].zh


def test_duplicate_officer() -> None:
    problems = check_officers([A, A], DAY)
    assert codes(problems) == ["officers.duplicate", "officers.too_few"]
