from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fieldapp.jurisdiction import load_jurisdiction
from fieldapp.rules.deadlines import (
    CalendarError,
    WorkCalendar,
    add_months,
    decision_deadline,
    default_calendar,
    hearing_notice_deadline,
    hearing_request_deadline,
    late_surcharge,
    lawsuit_deadline,
    on_the_spot_filing_deadline,
    payment_deadline,
    preservation_deadline,
    publication_deadline,
    reconsideration_deadline,
    seizure_deadline,
    service_deadline,
)


def test_calendar_facts() -> None:
    cal = default_calendar()
    assert cal.years == {2025, 2026}
    assert not cal.is_workday(date(2025, 10, 8))  # 国庆中秋
    assert cal.is_workday(date(2025, 10, 11))  # Saturday make-up day
    assert cal.is_workday(date(2026, 2, 14)) and not cal.is_workday(date(2026, 2, 23))
    assert not cal.is_workday(date(2026, 3, 7))  # ordinary Saturday


def test_service_deadline_crosses_national_day() -> None:
    d = service_deadline(date(2025, 9, 30))
    assert d.due == date(2025, 10, 16) and d.working_days
    assert "第六十一条" in d.rule.zh and d.notes == ()


def test_preservation_deadline_crosses_spring_festival() -> None:
    assert preservation_deadline(date(2026, 2, 12)).due == date(2026, 2, 28)  # ends on a make-up Saturday


def test_hearing_request_deadline_crosses_labour_day() -> None:
    d = hearing_request_deadline(date(2026, 4, 30))
    assert d.due == date(2026, 5, 11)
    assert "第六十四条" in d.rule.zh


def test_hearing_notice_counts_back() -> None:
    assert hearing_notice_deadline(date(2026, 10, 12)).due == date(2026, 9, 24)


def test_on_the_spot_filing_both_jurisdictions() -> None:
    for key in ("shaxian", "nanan"):
        d = on_the_spot_filing_deadline(load_jurisdiction(key), date(2025, 12, 31))
        assert d.due == date(2026, 1, 6)  # 1 Jan–3 Jan off, Sunday 4 Jan is a working day
        assert d.notes == ()


def test_publication_deadline() -> None:
    assert publication_deadline(date(2026, 6, 18)).due == date(2026, 6, 30)


def test_decision_deadline_natural_days_not_extended() -> None:
    d = decision_deadline(date(2026, 1, 5))
    assert d.due == date(2026, 4, 5) and not d.working_days  # 清明 Sunday: the agency gets no extra day
    assert "第六十条" in d.rule.zh


def test_payment_deadline_extends_past_holiday() -> None:
    d = payment_deadline(date(2026, 9, 10))
    assert d.due == date(2026, 9, 28)
    assert [n.code for n in d.notes] == ["deadline.extended"]
    assert payment_deadline(date(2026, 3, 2)).due == date(2026, 3, 17)


def test_reconsideration_and_lawsuit() -> None:
    assert reconsideration_deadline(date(2025, 8, 2)).due == date(2025, 10, 9)
    assert lawsuit_deadline(date(2025, 8, 31)).due == date(2026, 2, 28)  # month end, a make-up Saturday
    assert lawsuit_deadline(date(2025, 4, 30)).due == date(2025, 10, 30)
    assert add_months(date(2024, 8, 31), 6) == date(2025, 2, 28)


def test_seizure() -> None:
    assert seizure_deadline(date(2026, 1, 10)).due == date(2026, 2, 9)
    assert seizure_deadline(date(2026, 1, 10), extended=True).due == date(2026, 3, 11)


def test_outside_calendar_falls_back_and_says_so() -> None:
    d = service_deadline(date(2027, 1, 29))
    assert d.due == date(2027, 2, 9)
    assert [n.code for n in d.notes] == ["deadline.calendar_gap"] and d.notes[0].data == {"years": [2027]}
    crossing = service_deadline(date(2026, 12, 28))
    assert crossing.due == date(2027, 1, 6) and crossing.notes[0].data == {"years": [2027]}


def test_weekends_only_calendar_differs() -> None:
    plain = WorkCalendar()
    assert service_deadline(date(2025, 9, 30), cal=plain).due == date(2025, 10, 9)


@pytest.mark.parametrize(("on", "expected"), [
    (date(2026, 1, 10), "0.00"), (date(2026, 1, 9), "0.00"), (date(2026, 1, 11), "30.00"),
    (date(2026, 2, 12), "990.00"), (date(2026, 2, 13), "1000.00"), (date(2026, 6, 1), "1000.00")])
def test_late_surcharge_capped(on: date, expected: str) -> None:
    assert late_surcharge(1000, date(2026, 1, 10), on) == Decimal(expected)


def test_late_surcharge_exact() -> None:
    assert late_surcharge(Decimal("333"), date(2026, 1, 10), date(2026, 1, 11)) == Decimal("9.99")
    assert late_surcharge(50, date(2026, 1, 10), date(2026, 1, 12)) == Decimal("3.00")
    with pytest.raises(TypeError):
        late_surcharge(100.0, date(2026, 1, 10), date(2026, 1, 12))  # type: ignore[arg-type]


def test_bad_calendar_file(tmp_path: Path) -> None:
    p = tmp_path / "h.toml"
    p.write_text("schema = 1\n[years.2027]\nholidays = [2027-01-01]\nworkdays = [2027-01-05]\n", encoding="utf-8")
    with pytest.raises(CalendarError) as e:
        WorkCalendar.load(p)
    assert e.value.line == 4 and "2027-01-05" in e.value.msg.en
    p.write_text("schema = 1\n[years.2027]\nholidays = [2026-01-01]\n", encoding="utf-8")
    with pytest.raises(CalendarError) as e:
        WorkCalendar.load(p)
    assert e.value.line == 3
