"""Statutory deadlines.

行政处罚法 §85: its "二日 三日 五日 七日" are WORKING days, not counting
statutory holidays; every other period (15-day payment, 90-day decision,
60-day reconsideration, 6-month lawsuit) is in natural days. Periods start
the day after the event (民法典 §201). A party's natural-day deadline that
ends on a day off moves to the next working day (民法典 §203); the agency's
own deadlines do not, so the office is never told it has more time than the
strictest reading allows.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from fieldapp.jurisdiction import Jurisdiction
from fieldapp.messages import Msg
from fieldapp.resources import ResourceFileError, TomlDoc, resource_path


class CalendarError(ResourceFileError):
    """The holiday calendar file is malformed."""


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = frozenset()
    workdays: frozenset[date] = frozenset()  # make-up working days on weekends
    years: frozenset[int] = frozenset()
    source: Path | None = field(default=None, compare=False)

    @classmethod
    def load(cls, path: str | Path | None = None) -> WorkCalendar:
        src = Path(path) if path is not None else resource_path("calendar", "holidays.toml")
        doc = TomlDoc(src, CalendarError)
        holidays: set[date] = set()
        workdays: set[date] = set()
        years = doc.get_table(doc.data, (), "years")
        for y in years:
            where = ("years", y)
            doc.require(y.isdigit(), ("years",), f"年份“{y}”应为数字", f"year '{y}' must be digits", key=y)
            t = doc.get_table(years, ("years",), y)
            for key, bucket in (("holidays", holidays), ("workdays", workdays)):
                values = t.get(key, [])
                doc.require(isinstance(values, list), where, f"{key} 应为日期列表", f"{key} must be a list of dates",
                            key=key)
                for v in values:
                    ok = isinstance(v, date) and v.year == int(y)
                    doc.require(ok, where, f"{key} 中的 {v} 不是 {y} 年的日期", f"{v} in {key} is not a date in {y}",
                                key=key, value=str(v))
                    bucket.add(v)
        for d in sorted(workdays):
            doc.require(d.weekday() >= 5, ("years", str(d.year)), f"调休上班日 {d} 不是周末",
                        f"make-up working day {d} is not a weekend day", key="workdays")
            doc.require(d not in holidays, ("years", str(d.year)), f"{d} 同时列为节假日和上班日",
                        f"{d} is listed both as holiday and working day", key="workdays")
        return cls(frozenset(holidays), frozenset(workdays), frozenset(int(y) for y in years), src)

    def covers(self, d: date) -> bool:
        return d.year in self.years

    def is_workday(self, d: date) -> bool:
        if d in self.workdays:
            return True
        return d.weekday() < 5 and d not in self.holidays

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted); n < 0 counts back."""
        step = timedelta(days=1 if n >= 0 else -1)
        d, left = start, abs(n)
        while left:
            d += step
            left -= self.is_workday(d)
        return d

    def next_workday(self, d: date) -> date:
        while not self.is_workday(d):
            d += timedelta(days=1)
        return d

    def notes(self, start: date, end: date) -> tuple[Msg, ...]:
        missing = sorted({y for y in range(min(start, end).year, max(start, end).year + 1) if y not in self.years})
        if not missing:
            return ()
        ys = "、".join(str(y) for y in missing)
        return (Msg(f"节假日表未包含 {ys} 年，仅按周末计算，请人工核对", f"The holiday calendar has no data for "
                    f"{', '.join(str(y) for y in missing)}: weekends only were used; check by hand",
                    "deadline.calendar_gap", {"years": missing}),)


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    return WorkCalendar.load()


@dataclass(frozen=True)
class Deadline:
    due: date
    rule: Msg
    working_days: bool
    notes: tuple[Msg, ...] = ()


def _working(start: date, n: int, zh: str, en: str, code: str, cal: WorkCalendar | None) -> Deadline:
    c = cal or default_calendar()
    due = c.add_workdays(start, n)
    return Deadline(due, Msg(f"{zh}：{abs(n)}个工作日，至 {due.isoformat()}",
                             f"{en}: {abs(n)} working days, by {due.isoformat()}", code,
                             {"due": due.isoformat(), "days": abs(n)}), True, c.notes(start, due))


def _natural(start: date, due: date, zh: str, en: str, code: str, cal: WorkCalendar | None,
             party: bool) -> Deadline:
    c = cal or default_calendar()
    notes = list(c.notes(start, due))
    if party and not c.is_workday(due):
        moved = c.next_workday(due)
        notes.append(Msg(f"期限末日 {due.isoformat()} 为休息日，顺延至 {moved.isoformat()}（民法典第二百零三条）",
                         f"The last day {due.isoformat()} is a day off; extended to {moved.isoformat()} "
                         "(Civil Code art. 203)", "deadline.extended"))
        due = moved
    return Deadline(due, Msg(f"{zh}，至 {due.isoformat()}", f"{en}, by {due.isoformat()}", code,
                             {"due": due.isoformat()}), False, tuple(notes))


def service_deadline(decision_date: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _working(decision_date, 7, "决定书未当场交付的，应在七日内送达（行政处罚法第六十一条）",
                    "Serve the decision within 7 days if not handed over (art. 61)", "deadline.service", cal)


def preservation_deadline(preserved_on: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _working(preserved_on, 7, "先行登记保存后应在七日内作出处理决定（第五十六条）",
                    "Decide on preserved evidence within 7 days (art. 56)", "deadline.preservation", cal)


def hearing_request_deadline(notice_served: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _working(notice_served, 5, "当事人要求听证的，应在告知后五日内提出（第六十四条）",
                    "The party must ask for a hearing within 5 days of the notice (art. 64)",
                    "deadline.hearing_request", cal)


def hearing_notice_deadline(hearing_date: date, *, cal: WorkCalendar | None = None) -> Deadline:
    """The latest day to notify the party: seven working days before the hearing."""
    return _working(hearing_date, -7, "应在举行听证的七日前通知当事人（第六十四条）",
                    "Notify the party at least 7 days before the hearing (art. 64)", "deadline.hearing_notice", cal)


def publication_deadline(decision_date: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _working(decision_date, 7, "行政处罚决定信息应在七个工作日内公开（三项制度，国办发〔2018〕118号）",
                    "Publish the penalty decision within 7 working days (three systems, 国办发〔2018〕118号)",
                    "deadline.publication", cal)


def on_the_spot_filing_deadline(jur: Jurisdiction, decided_on: date, *, cal: WorkCalendar | None = None) -> Deadline:
    n = jur.rules.on_the_spot_filing_working_days
    return _working(decided_on, n, f"当场处罚决定书应在{n}日内报所属行政机关备案（第五十二条）",
                    f"File the on-the-spot decision with the agency within {n} days (art. 52)",
                    "deadline.spot_filing", cal)


def decision_deadline(filing_date: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _natural(filing_date, filing_date + timedelta(days=90), "应自立案之日起九十日内作出决定（第六十条）",
                    "Decide within 90 days of filing (art. 60)", "deadline.decision", cal, party=False)


def payment_deadline(served_on: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _natural(served_on, served_on + timedelta(days=15), "应自收到决定书之日起十五日内缴纳罚款（第六十七条）",
                    "Pay within 15 days of receiving the decision (art. 67)", "deadline.payment", cal, party=True)


def reconsideration_deadline(served_on: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _natural(served_on, served_on + timedelta(days=60), "可在六十日内申请行政复议（行政复议法第二十条）",
                    "Apply for reconsideration within 60 days (Administrative Reconsideration Law art. 20)",
                    "deadline.reconsideration", cal, party=True)


def add_months(d: date, months: int) -> date:
    # 民法典 §202: no matching day in the final month means its last day.
    y, m = divmod(d.month - 1 + months, 12)
    return date(d.year + y, m + 1, min(d.day, _cal.monthrange(d.year + y, m + 1)[1]))


def lawsuit_deadline(served_on: date, *, cal: WorkCalendar | None = None) -> Deadline:
    return _natural(served_on, add_months(served_on, 6), "可在六个月内提起行政诉讼（行政诉讼法第四十六条）",
                    "File a lawsuit within 6 months (Administrative Litigation Law art. 46)", "deadline.lawsuit",
                    cal, party=True)


def seizure_deadline(seized_on: date, *, extended: bool = False, cal: WorkCalendar | None = None) -> Deadline:
    days = 60 if extended else 30
    return _natural(seized_on, seized_on + timedelta(days=days),
                    f"查封、扣押期限不得超过{days}日（行政强制法第二十五条）",
                    f"Sealing or seizure may not exceed {days} days (Administrative Compulsion Law art. 25)",
                    "deadline.seizure", cal, party=False)


def late_surcharge(fine: int | Decimal, due_date: date, on_date: date) -> Decimal:
    """§72: 3 % of the fine per day after `due_date`, never more than the fine (yuan, to the fen)."""
    if isinstance(fine, float):
        raise TypeError("fine must be int or Decimal, not float")
    amount = Decimal(fine)
    days = (on_date - due_date).days
    if days <= 0 or amount <= 0:
        return Decimal("0.00")
    return min(amount * Decimal(3) * days / 100, amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
