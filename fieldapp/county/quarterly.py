"""Quarterly figures per officer, per area and per township × category.

南政办〔2024〕31号 四(三): "执法人员出勤、参与执法行动等情况由片区进行统计，由市城市管理和
综合执法局汇总后每季度一次反馈主管部门". 沙县 has the same need for its yearly
evaluation (年终考核要有片长的签署意见), which the quarters add up to.

Inputs are plain dicts as the server stores them; dates are ISO strings
(a datetime string counts by its date). What is counted, and when:
- attendance: distinct days an officer is recorded present in one of their areas;
- actions: joint actions ({date, area_key, officers}) the officer took part in;
- inspections: final inspections started in the quarter, per officer on the team;
- cases: cases filed (立案) in the quarter, per case officer; closed by closed_on;
  escalated by escalated_on, else filed_on; reviewed by reviewed_on, else decided_on;
- documents: issued in the quarter (issued_by; the area from the document's township or its case's);
- overdue: a deadline that fell due in the quarter and was missed by `as_of`
  (the 90-day decision, §60; the 7-day service, §61), from fieldapp.rules.deadlines.
  `as_of` defaults to the quarter's end or today, whichever is earlier: a deadline
  still running today is not overdue.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.catalogue import Catalogue
from fieldapp.county.entries import RosterEntry, area_name, unit_name
from fieldapp.county.export import Table, write_pdf, write_xlsx
from fieldapp.jurisdiction import CATEGORIES, Jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.deadlines import WorkCalendar, decision_deadline, service_deadline

Rec = Mapping[str, Any]
OFFICER_COLUMNS = ("姓名", "单位", "下沉方式", "片区", "出勤天数", "参加联合行动", "检查", "承办案件", "制发文书", "逾期")
AREA_COLUMNS = ("片区", "下沉人员", "出勤人日", "联合行动", "检查", "立案", "结案", "报片长", "制发文书", "逾期")
TOWN_COLUMNS = ("乡镇（街道）", "类别", "立案", "结案", "报片长", "法制审核")


def quarter_of(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def quarter_range(year: int, q: int) -> tuple[date, date]:
    """First and last day (inclusive) of the quarter."""
    if q not in (1, 2, 3, 4):
        raise FieldappError(Msg(f"季度应为1到4，而不是{q}", f"A quarter is 1 to 4, not {q}", "quarterly.bad_quarter"))
    start = date(year, 3 * q - 2, 1)
    end = date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def _day(v: Any) -> date | None:
    if v in (None, ""):
        return None
    return v if isinstance(v, date) else date.fromisoformat(str(v)[:10])


def _ids(items: Iterable[Any] | None) -> list[str]:
    return [str(o["officer_id"]) if isinstance(o, Mapping) else str(o) for o in items or []]


def _true(v: Any) -> bool:
    return v not in (None, 0, "0", False, "", "false")


@dataclass(frozen=True)
class QuarterlyReport:
    jurisdiction: str
    year: int
    quarter: int
    as_of: date
    officers: tuple[tuple[Any, ...], ...]
    areas: tuple[tuple[Any, ...], ...]
    townships: tuple[tuple[Any, ...], ...]

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.quarter}季度"

    def row(self, table: str, first: str) -> dict[str, Any]:
        """One row as a dict by its first cell (tests and the UI)."""
        rows, cols = {"officers": (self.officers, OFFICER_COLUMNS), "areas": (self.areas, AREA_COLUMNS)}[table]
        for r in rows:
            if r[0] == first:
                return dict(zip(cols, r, strict=True))
        raise KeyError(first)

    def tables(self) -> list[Table]:
        note = f"{self.label}（统计至 {self.as_of.isoformat()}）"
        return [Table(f"{self.label}执法人员情况", OFFICER_COLUMNS, self.officers, note, "执法人员"),
                Table(f"{self.label}片区情况", AREA_COLUMNS, self.areas, note, "片区"),
                Table(f"{self.label}乡镇（街道）案件分类情况", TOWN_COLUMNS, self.townships, note, "乡镇案件")]


def _category(case: Rec, catalogue: Catalogue | None) -> str:
    if case.get("category"):
        return str(case["category"])
    for m in case.get("matters") or []:
        code = m["matter_code"] if isinstance(m, Mapping) else str(m)
        if catalogue is not None and code in catalogue.matters:
            return catalogue.matters[code].category
    return "未分类"


def _overdue(case: Rec, start: date, end: date, as_of: date, cal: WorkCalendar | None) -> int:
    """Missed deadlines of a case that fell due in [start, end]."""
    missed = 0
    filed, decided, served = _day(case.get("filed_on")), _day(case.get("decided_on")), _day(case.get("served_on"))
    for begun, done, rule in ((filed, decided, decision_deadline), (decided, served, service_deadline)):
        if begun is None:
            continue
        due = rule(begun, cal=cal).due
        if start <= due <= end and ((done is None and due < as_of) or (done is not None and done > due)):
            missed += 1
    return missed


def quarterly_report(jur: Jurisdiction, entries: Sequence[RosterEntry], year: int, quarter: int, *,
                     attendance: Iterable[Rec] = (), actions: Iterable[Rec] = (), inspections: Iterable[Rec] = (),
                     cases: Iterable[Rec] = (), documents: Iterable[Rec] = (), catalogue: Catalogue | None = None,
                     as_of: date | None = None, cal: WorkCalendar | None = None) -> QuarterlyReport:
    start, end = quarter_range(year, quarter)
    # A report of the running quarter is as of today: a deadline not yet due is not missed. Callers that
    # need a fixed date (tests, a re-printed past report) pass `as_of`.
    as_of = as_of or min(end, date.today())

    def inq(v: Any) -> bool:
        d = _day(v)
        return d is not None and start <= d <= end

    area_of_town = {t.name: t.area for t in jur.townships.values()}
    officer_areas: dict[str, set[str]] = {}
    for e in entries:
        a = e.area_key if e.sent_down else area_of_town.get(e.township or "")
        officer_areas.setdefault(e.officer_id, set()).update({a} if a else set())
    per: dict[str, Counter[str]] = {oid: Counter() for oid in officer_areas}
    area: dict[str, Counter[str]] = {k: Counter() for k in jur.areas}

    days = {(str(r["officer_id"]), _day(r["date"]), str(r.get("area_key") or "")) for r in attendance if inq(r.get("date"))}
    for oid, _d, a in days:
        if oid in per and a in officer_areas[oid]:
            per[oid]["attendance"] += 1
        if a in area:
            area[a]["attendance"] += 1
    for act in (a for a in actions if inq(a.get("date"))):
        for oid in set(_ids(act.get("officers"))) & per.keys():
            per[oid]["actions"] += 1
        if act.get("area_key") in area:
            area[str(act["area_key"])]["actions"] += 1
    for i in (i for i in inspections if i.get("status") == "final" and inq(i.get("started_at"))):
        for oid in set(_ids(i.get("officers"))) & per.keys():
            per[oid]["inspections"] += 1
        a = area_of_town.get(str(i.get("township")))
        if a is not None:
            area[a]["inspections"] += 1
    town: dict[tuple[str, str], Counter[str]] = {}
    case_town: dict[str, str] = {}
    for c in cases:
        case_town[str(c.get("id"))] = str(c.get("township"))
        a = area_of_town.get(str(c.get("township")))
        officers = set(_ids(c.get("officers"))) & per.keys()
        missed = _overdue(c, start, end, as_of, cal)
        counts = {"opened": inq(c.get("filed_on")), "closed": inq(c.get("closed_on")),
                  "escalated": _true(c.get("escalated")) and inq(c.get("escalated_on") or c.get("filed_on")),
                  "reviewed": bool(c.get("review_outcome")) and inq(c.get("reviewed_on") or c.get("decided_on"))}
        for oid in officers:
            per[oid]["cases"] += counts["opened"]
            per[oid]["overdue"] += missed
        if a is not None:
            area[a].update({k: int(v) for k, v in counts.items()})
            area[a]["overdue"] += missed
        if any(counts.values()):
            town.setdefault((str(c.get("township")), _category(c, catalogue)), Counter()).update(
                {k: int(v) for k, v in counts.items()})
    for d in (d for d in documents if d.get("status") in ("issued", "voided") and inq(d.get("issued_at"))):
        if d.get("issued_by") in per:
            per[str(d["issued_by"])]["documents"] += 1
        a = area_of_town.get(str(d.get("township") or case_town.get(str(d.get("case_id")))))
        if a is not None:
            area[a]["documents"] += 1

    first: dict[str, RosterEntry] = {}
    for e in entries:
        first.setdefault(e.officer_id, e)
    officer_rows = []
    for oid, e in first.items():
        c = per[oid]
        how = "乡镇（街道）" if e.department is None else {"stationed": "常驻", "linked": "挂钩"}.get(e.mode, "未下沉")
        officer_rows.append((e.name, unit_name(jur, e), how, "、".join(area_name(jur, a) for a in sorted(officer_areas[oid])),
                             c["attendance"], c["actions"], c["inspections"], c["cases"], c["documents"], c["overdue"]))
    sent = Counter(a for e in entries if e.sent_down for a in [e.area_key])
    area_rows = [(ar.name, sent[k], area[k]["attendance"], area[k]["actions"], area[k]["inspections"], area[k]["opened"],
                  area[k]["closed"], area[k]["escalated"], area[k]["documents"], area[k]["overdue"])
                 for k, ar in jur.areas.items()]
    towns = list(jur.townships)
    cats = list(CATEGORIES)
    town_rows = [(t, cat, n["opened"], n["closed"], n["escalated"], n["reviewed"]) for (t, cat), n in
                 sorted(town.items(), key=lambda kv: (towns.index(kv[0][0]) if kv[0][0] in towns else 999,
                                                      cats.index(kv[0][1]) if kv[0][1] in cats else 99))]
    return QuarterlyReport(jur.key, year, quarter, as_of, tuple(officer_rows), tuple(area_rows), tuple(town_rows))


def export_quarterly(jur: Jurisdiction, report: QuarterlyReport, path: str | Path,
                     extra: Sequence[Table] = ()) -> Path:
    """XLSX (a sheet per table) or PDF, by suffix; `extra` adds tables such as the evaluation breaches."""
    out = Path(path)
    tables = [*report.tables(), *extra]
    if out.suffix.lower() == ".xlsx":
        return write_xlsx(tables, out)
    if out.suffix.lower() == ".pdf":
        return write_pdf(tables, out, title=f"{jur.name}片区联合执法{report.label}统计",
                         subtitle=f"{jur.programme_title}（{jur.programme_number}）")
    raise FieldappError(Msg(f"不支持的导出格式“{out.suffix}”（可用 .xlsx .pdf）",
                            f"Unsupported export format '{out.suffix}' (use .xlsx or .pdf)", "quarterly.format"))
