"""The county server's read-only county reports (docs/county-records.md, docs/server.md).

The laptops write county records (roster entries, draws, attendance, joint
actions …) through their own audit chain; the server holds their latest
payloads in `records` and only reads them here. Every rule is the pure
function of `fieldapp.county`; this module only turns stored payloads into
their inputs, with the jurisdiction and catalogue the server was set up with
(`fieldapp-server init`, the `reference` table the laptops also pull).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fieldapp.catalogue import Catalogue, load_catalogue
from fieldapp.county import draws as county_draws
from fieldapp.county import queues
from fieldapp.county.entries import Breach, RosterEntry
from fieldapp.county.lists import PublishedList, export_list, matter_list, personnel_list
from fieldapp.county.quarterly import QuarterlyReport, export_quarterly, quarterly_report
from fieldapp.county.roster import check_roster
from fieldapp.county.split import SplitReport, split_report
from fieldapp.jurisdiction import Jurisdiction, load_jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server, not_initialised

LIST_KINDS = ("personnel", "matters")
_JSON_LISTS = ("conflicts", "officers", "departments", "items", "townships", "matters", "roles", "flags")


def _decode(payload: dict[str, Any]) -> dict[str, Any]:
    """Payloads come JSON-decoded from `entities.snapshot`; tolerate a JSON column left as text."""
    for key in (*_JSON_LISTS, "record", "inputs", "content"):
        value = payload.get(key)
        if isinstance(value, str) and value[:1] in ("[", "{"):
            with contextlib.suppress(ValueError):
                payload[key] = json.loads(value)
    return payload


def _true(value: Any) -> bool:
    return value not in (None, 0, "0", False, "", "false")


@dataclass
class CountyView:
    """What the server knows, as the county rules want it. Loaded once per command."""

    server: Server
    _jur: Jurisdiction | None = None
    _cat: Catalogue | None = None
    _cache: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    # -- reference files ------------------------------------------------------------
    def _reference(self, kind: str) -> Path:
        with self.server.db.read() as conn:
            row = conn.execute(select(t.reference.c.sha256, t.reference.c.text)
                               .where(t.reference.c.kind == kind)).first()
        if row is None:
            raise not_initialised(self.server.data_dir)
        folder = self.server.data_dir / "reference"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{kind}-{row[0][:16]}.toml"  # the loaders read files; name by content
        if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != row[0]:
            path.write_bytes(row[1].encode("utf-8"))
        return path

    @property
    def jur(self) -> Jurisdiction:
        if self._jur is None:
            self._jur = load_jurisdiction(self._reference("jurisdiction"))
        return self._jur

    @property
    def catalogue(self) -> Catalogue:
        if self._cat is None:
            self._cat = load_catalogue(self._reference("catalogue"))
        return self._cat

    # -- records -----------------------------------------------------------------------
    def records(self, entity: str) -> list[dict[str, Any]]:
        """The latest payload of every live record of `entity` (deleted ones left out)."""
        if entity not in self._cache:
            with self.server.db.read() as conn:
                rows = conn.execute(select(t.records.c.payload, t.records.c.township)
                                    .where(t.records.c.entity == entity).order_by(t.records.c.entity_id)).all()
            out = []
            for raw, township in rows:
                data = json.loads(raw)
                if isinstance(data, dict) and not data.get("deleted"):
                    if township and not data.get("township"):  # a document: its case's or inspection's township
                        data["township"] = township
                    out.append(_decode(data))
            self._cache[entity] = out
        return self._cache[entity]

    def roster(self) -> tuple[list[RosterEntry], list[Breach]]:
        """Active roster entries, and a `roster_data` breach for each stored entry the rules cannot read."""
        entries: list[RosterEntry] = []
        unreadable: list[Breach] = []
        for row in self.records("roster_entry"):
            if "active" in row and not _true(row["active"]):
                continue
            try:
                entries.append(RosterEntry.from_dict(row))
            except (FieldappError, KeyError, ValueError, TypeError) as exc:
                msg = exc.msg if isinstance(exc, FieldappError) else Msg(
                    f"名册记录 {row.get('id')} 无法读取：{exc}", f"Roster record {row.get('id')} is unreadable: {exc}",
                    "roster.unreadable")
                unreadable.append(Breach("roster_data", msg, area=row.get("area_key"), township=row.get("township"),
                                         department=row.get("department")))
        # The county laptop's order (records.roster_entries: department, area, township, name; NULLs as SQLite
        # sorts them), so both print the same tables.
        entries.sort(key=lambda e: (e.department is None, e.department or "", e.area_key is not None, e.area_key or "",
                                    e.township is not None, e.township or "", e.name, e.officer_id))
        return entries, unreadable


def _area(jur: Jurisdiction, key: str) -> None:
    if key not in jur.areas:
        known = "、".join(jur.areas) or "-"
        raise FieldappError(Msg(f"{jur.name}没有片区“{key}”（可选：{known}）。",
                                f"{jur.name} has no area '{key}' (known: {', '.join(jur.areas)}).",
                                "area_unknown", {"area": key}))


# -- roster check ------------------------------------------------------------------------
def roster_check(server: Server, on_date: date) -> tuple[list[Breach], SplitReport | None]:
    view = CountyView(server)
    entries, unreadable = view.roster()
    return [*unreadable, *check_roster(view.jur, entries, on_date)], split_report(view.jur, entries, on_date)


# -- published lists -----------------------------------------------------------------------
def area_list(server: Server, area_key: str, kind: str, on_date: date) -> tuple[CountyView, PublishedList]:
    view = CountyView(server)
    _area(view.jur, area_key)
    if kind == "personnel":
        entries, _ = view.roster()
        return view, personnel_list(view.jur, entries, area_key, on_date)
    if kind == "matters":
        return view, matter_list(view.jur, view.catalogue, area_key, on_date)
    raise FieldappError(Msg(f"清单种类应为 personnel 或 matters，而不是“{kind}”。",
                            f"The list kind is personnel or matters, not '{kind}'.", "lists.kind"))


def export_area_list(server: Server, area_key: str, kind: str, on_date: date, out: Path) -> dict[str, Any]:
    """Write the area's list for publication; say whether a laptop already published the same content."""
    view, lst = area_list(server, area_key, kind, on_date)
    path = export_list(view.jur, lst, out)
    sha = lst.content_hash()
    published = [r for r in view.records("published_list") if r.get("area_key") == area_key and r.get("kind") == kind]
    published.sort(key=lambda r: (str(r.get("on_date") or ""), str(r.get("id"))))
    latest = published[-1] if published else None
    return {"file": str(path), "area": area_key, "kind": kind, "on_date": on_date.isoformat(), "rows": len(lst.rows),
            "sha256": sha, "title": lst.title,
            "published": None if latest is None else {
                "id": latest.get("id"), "on_date": latest.get("on_date"), "sha256": latest.get("content_sha"),
                "same": latest.get("content_sha") == sha}}


# -- draws -------------------------------------------------------------------------------------
def verify_draws(server: Server, draw_id: str | None = None) -> list[dict[str, Any]]:
    """Re-run stored draws on their recorded inputs (docs/county-records.md: the draw's `inputs`)."""
    view = CountyView(server)
    rows = view.records("draw")
    if draw_id is not None:
        rows = [r for r in rows if str(r.get("id")) == draw_id]
        if not rows:
            raise FieldappError(Msg(f"服务器上没有抽取记录 {draw_id}（可能尚未同步）。",
                                    f"No draw record {draw_id} on the server (perhaps not synced yet).",
                                    "draw_unknown", {"draw": draw_id}))
    parties = {str(p.get("id")) for p in view.records("party")}
    entries, _ = view.roster()
    roster_ids = {e.officer_id for e in entries} | {str(o.get("id")) for o in view.records("officer")}
    return [_verify_one(row, parties, roster_ids) for row in rows]


def _verify_one(row: Mapping[str, Any], parties: set[str], roster_ids: set[str]) -> dict[str, Any]:
    problems: list[Msg] = []
    notes: list[Msg] = []
    record = row.get("record")
    out = {"id": row.get("id"), "plan_id": row.get("plan_id"), "area_key": row.get("area_key"),
           "period": row.get("period"), "round_no": row.get("round_no"), "drawn_by": row.get("drawn_by")}
    if not isinstance(record, Mapping):
        problems.append(Msg("抽取记录缺少审计内容（record）。", "The draw has no audit record.", "draw.no_record"))
        return {**out, "reproducible": False, "problems": [m.as_dict() for m in problems], "notes": []}
    if row.get("result_sha") and row.get("result_sha") != record.get("result_hash"):
        problems.append(Msg("抽取记录的结果哈希与审计内容不符（记录被改动）。",
                            "The draw's result hash differs from its audit record (the record was altered).",
                            "draw.result_sha"))
    if row.get("seed") and row.get("seed") != record.get("seed"):
        problems.append(Msg("抽取记录的种子与审计内容不符。", "The draw's seed differs from its audit record.",
                            "draw.seed_mismatch"))
    inputs = row.get("inputs") or record.get("inputs")  # the draw row's `inputs` column (records.run_round)
    if not isinstance(inputs, Mapping) or not isinstance(inputs.get("targets"), list) \
            or not isinstance(inputs.get("inspectors"), list):
        problems.append(Msg("抽取记录未载明抽取时的检查对象和执法人员名录，无法重新抽取核验。",
                            "The draw record does not carry the target and inspector lists it was drawn from; "
                            "it cannot be re-run.", "draw.no_inputs"))
    else:
        try:
            inspectors = [county_draws.Inspector(str(i[0]), str(i[1])) if isinstance(i, list | tuple)
                          else county_draws.Inspector(str(i["id"]), str(i["unit"]), str(i.get("name", "")))
                          for i in inputs["inspectors"]]
            targets = [str(x["id"]) if isinstance(x, Mapping) else str(x) for x in inputs["targets"]]
        except (KeyError, IndexError, TypeError):
            problems.append(Msg("抽取记录中的名录格式错误。", "The draw record's input lists are malformed.",
                                "draw.bad_inputs"))
        else:
            problems += county_draws.verify_problems(record, targets, inspectors)
            unknown_t = sorted(set(targets) - parties) if parties else []
            unknown_i = sorted({i.id for i in inspectors} - roster_ids) if roster_ids else []
            if unknown_t:
                notes.append(Msg(f"{len(unknown_t)} 个检查对象不在服务器的当事人名录中（可能尚未同步）。",
                                 f"{len(unknown_t)} target(s) are not among the server's parties (perhaps not synced).",
                                 "draw.unknown_targets", {"targets": unknown_t[:20]}))
            if unknown_i:
                notes.append(Msg(f"{len(unknown_i)} 名执法人员不在服务器的名册中。",
                                 f"{len(unknown_i)} inspector(s) are not on the server's roster.",
                                 "draw.unknown_inspectors", {"inspectors": unknown_i[:20]}))
    return {**out, "seed": record.get("seed"), "result_hash": record.get("result_hash"),
            "reproducible": not problems, "problems": [m.as_dict() for m in problems],
            "notes": [m.as_dict() for m in notes]}


# -- quarterly ------------------------------------------------------------------------------------
def _dated(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """`attendance` / `joint_action` rows store `on_date`; `quarterly_report` reads `date`."""
    return [{**r, "date": r.get("date") or r.get("on_date")} for r in rows]


def quarterly(server: Server, year: int, q: int, as_of: date | None = None) -> tuple[CountyView, QuarterlyReport]:
    view = CountyView(server)
    entries, _ = view.roster()  # the county roster, as on the county laptop (records.quarterly)
    report = quarterly_report(
        view.jur, entries, year, q, attendance=_dated(view.records("attendance")),
        actions=_dated(view.records("joint_action")), inspections=view.records("inspection"),
        cases=view.records("case"), documents=view.records("document"), catalogue=view.catalogue, as_of=as_of)
    return view, report


def quarterly_as_dict(report: QuarterlyReport) -> dict[str, Any]:
    return {"jurisdiction": report.jurisdiction, "year": report.year, "quarter": report.quarter,
            "label": report.label, "as_of": report.as_of.isoformat(),
            "tables": [{"title": tb.title, "columns": list(tb.columns), "rows": [list(r) for r in tb.rows]}
                       for tb in report.tables()]}


def export_quarterly_file(server: Server, year: int, q: int, out: Path, as_of: date | None = None) -> dict[str, Any]:
    view, report = quarterly(server, year, q, as_of)
    path = export_quarterly(view.jur, report, out)
    return {"file": str(path), "year": year, "quarter": q, "label": report.label, "officers": len(report.officers),
            "areas": len(report.areas), "township_rows": len(report.townships)}


# -- queues -----------------------------------------------------------------------------------
_CASE_FIELDS = ("id", "township", "area_key", "state", "title", "filed_on", "accepted_on", "escalated_on",
                "escalate_reason", "review_required", "review_outcome", "reviewed_by", "reviewed_on")


def _case_row(case: Mapping[str, Any]) -> dict[str, Any]:
    return {k: case.get(k) for k in _CASE_FIELDS}


def area_queue(server: Server, area_key: str) -> list[dict[str, Any]]:
    view = CountyView(server)
    _area(view.jur, area_key)
    cases = [c for c in view.records("case") if c.get("township")]
    return [_case_row(c) for c in queues.area_queue(view.jur, cases, area_key)]


def review_queue(server: Server) -> list[dict[str, Any]]:
    view = CountyView(server)
    return [_case_row(c) for c in queues.review_queue(view.records("case"))]
