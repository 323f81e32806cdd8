"""A township's working context: the store plus its jurisdiction and catalogue.

The domain rules are pure functions; this is where they meet the store, so a
record can only be saved or finalized when the rules allow it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, is_dataclass
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.catalogue import Catalogue, Matter, load_catalogue
from fieldapp.jurisdiction import Jurisdiction, load_jurisdiction
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.officers import OfficerRef, check_officers
from fieldapp.rules.subject import Subject, enforcement_subject
from fieldapp.store import inspections as insp
from fieldapp.store.db import STORE_FILENAME
from fieldapp.store.store import Store

REFERENCE_DIR = "reference"


def _jsonable(obj: Any) -> Any:
    if is_dataclass(obj) and not isinstance(obj, type):
        return {k: _jsonable(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set | frozenset):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, Path | date):
        return str(obj)
    return obj


def not_initialised(data_dir: Path) -> FieldappError:
    return FieldappError(Msg(
        f"数据目录 {data_dir} 尚未初始化。请先运行 fieldapp init --jurisdiction shaxian --township 湖源乡，"
        "或 fieldapp demo 建立演示数据。",
        f"The data directory {data_dir} is not set up. Run fieldapp init --jurisdiction shaxian --township 湖源乡 "
        "first, or fieldapp demo for a demo store.", "not_initialised"))


class Workspace:
    def __init__(self, store: Store, jurisdiction: Jurisdiction, catalogue: Catalogue, township: str | None) -> None:
        self.store = store
        self.jurisdiction = jurisdiction
        self.catalogue = catalogue
        self.township = township

    # -- opening -----------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path) -> Workspace:
        data_dir = Path(data_dir)
        ref = data_dir / REFERENCE_DIR
        if not (data_dir / STORE_FILENAME).exists() or not (ref / "jurisdiction.toml").exists():
            raise not_initialised(data_dir)
        store = Store.in_dir(data_dir)
        try:
            jurisdiction = load_jurisdiction(ref / "jurisdiction.toml")
            catalogue = load_catalogue(ref / "catalogue.toml")
        except BaseException:
            store.close()
            raise
        return cls(store, jurisdiction, catalogue, store.meta("township"))

    @classmethod
    def init(cls, data_dir: Path, jurisdiction: str | Path, township: str | None,
             catalogue: Path | None = None) -> Workspace:
        data_dir = Path(data_dir)
        jur = load_jurisdiction(jurisdiction)
        cat = load_catalogue(catalogue)
        if township is not None and township not in jur.townships:
            raise FieldappError(Msg(
                f"{jur.full_name}没有“{township}”。可选：{'、'.join(jur.townships)}",
                f"{township} is not a township of {jur.full_name}. Choose one of: {', '.join(jur.townships)}",
                "township_unknown"))
        existing = data_dir / REFERENCE_DIR / "jurisdiction.toml"
        if existing.exists():
            current = load_jurisdiction(existing)
            if current.key != jur.key:
                raise FieldappError(Msg(
                    f"该数据目录已属于{current.full_name}，不能改为{jur.full_name}。请使用新的数据目录。",
                    f"This data directory already belongs to {current.full_name}; use a new one for {jur.full_name}.",
                    "jurisdiction_mismatch"))
        ref = data_dir / REFERENCE_DIR
        ref.mkdir(parents=True, exist_ok=True)
        store = Store.in_dir(data_dir)
        try:
            load_reference(store, jur, cat)
            shutil.copyfile(jur.source, ref / "jurisdiction.toml")
            shutil.copyfile(cat.source, ref / "catalogue.toml")
            store.set_meta("jurisdiction", jur.key)
            if township:
                store.set_meta("township", township)
        except BaseException:
            store.close()
            raise
        return cls(store, jur, cat, township)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reference data ----------------------------------------------------
    def matter(self, code: str) -> Matter:
        try:
            return self.catalogue.matters[code]
        except KeyError:
            raise FieldappError(Msg(f"执法事项目录中没有“{code}”。", f"No matter '{code}' in the catalogue.",
                                    "matter_unknown")) from None

    def check_township(self, township: str) -> None:
        if township not in self.jurisdiction.townships:
            raise FieldappError(Msg(f"{self.jurisdiction.full_name}没有“{township}”。",
                                    f"{township} is not a township of {self.jurisdiction.full_name}.",
                                    "township_unknown"))

    def subject_for(self, matter_code: str, township: str, on: date) -> Subject:
        return enforcement_subject(self.jurisdiction, self.matter(matter_code), township, on)

    def officer_refs(self, ids: list[str]) -> list[OfficerRef]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = {r["id"]: r for r in self.store.query(
            f"SELECT id, name, cert_no, cert_valid_until, conflicts FROM officers WHERE id IN ({marks})", tuple(ids))}
        refs = []
        for oid in ids:
            row = rows.get(oid)
            if row is None:
                raise FieldappError(Msg(f"找不到执法人员 {oid}。", f"No officer {oid}.", "officer_unknown"))
            refs.append(OfficerRef(
                id=row["id"], name=row["name"], cert_no=row["cert_no"],
                cert_valid_until=date.fromisoformat(row["cert_valid_until"]) if row["cert_valid_until"] else None,
                conflicts=frozenset(json.loads(row["conflicts"]))))
        return refs

    def require_officers(self, ids: list[str], on: date, party_id: str | None,
                         known: dict[str, OfficerRef] | None = None) -> None:
        unique = list(dict.fromkeys(ids))
        refs = [known[i] for i in unique] if known is not None else self.officer_refs(unique)
        problems = check_officers(refs, on, party_id)
        if problems:
            raise FieldappError(Msg("；".join(p.zh for p in problems), "; ".join(p.en for p in problems),
                                    problems[0].code or "officers_invalid"))

    # -- inspections -------------------------------------------------------
    def _matter_rows(self, inp: insp.InspectionInput) -> list[insp.MatterRow]:
        self.check_township(inp.township)
        if not inp.matters:
            raise FieldappError(Msg("检查至少要有一项执法事项。", "An inspection needs at least one matter.",
                                    "matters_empty"))
        on = _day(inp.started_at or inp.planned_for)
        rows = []
        for finding in inp.matters:
            matter = self.matter(finding.code)
            subject = self.subject_for(finding.code, inp.township, on)
            rows.append(insp.MatterRow(finding.code, self.catalogue.version, matter.category, subject.key,
                                       subject.full_name, finding.finding, finding.compliant))
        return rows

    def create_inspection(self, inp: insp.InspectionInput, actor: str | None = None) -> str:
        rows = self._matter_rows(inp)
        if inp.status == "final":
            self.require_officers(inp.officers, _day(inp.started_at), inp.party_id)
        with self.store.change(actor) as ch:
            return insp.insert(ch, inp, rows)

    def create_inspections(self, inputs: list[insp.InspectionInput], actor: str | None = None) -> list[str]:
        """Many inspections in one transaction: the bulk path of imports and the benchmark."""
        everyone = list(dict.fromkeys(oid for inp in inputs for oid in inp.officers))
        known = {ref.id: ref for ref in self.officer_refs(everyone)}
        prepared = []
        for inp in inputs:
            rows = self._matter_rows(inp)
            if inp.status == "final":
                self.require_officers(inp.officers, _day(inp.started_at), inp.party_id, known)
            prepared.append((inp, rows))
        with self.store.change(actor) as ch:
            return insp.insert_many(ch, prepared)

    def finalize_inspection(self, inspection_id: str, actor: str | None = None) -> dict[str, Any]:
        current = insp.get_inspection(self.store, inspection_id)
        if current is None:
            raise FieldappError(Msg(f"找不到检查记录 {inspection_id}。", f"No inspection {inspection_id}.",
                                    "not_found"))
        if current["status"] != "draft":
            raise FieldappError(Msg("只有草稿可以定稿。", "Only a draft can be finalized.", "not_draft"))
        if not current["started_at"] or not current["ended_at"]:
            raise FieldappError(Msg("定稿前须填写检查开始和结束时间（精确到分钟）。",
                                    "Set the start and end time (to the minute) before finalizing.", "times_missing"))
        self.require_officers([o["officer_id"] for o in current["officers"]], _day(current["started_at"]),
                              current["party_id"])
        with self.store.change(actor) as ch:
            return insp.update_status(ch, inspection_id, "finalize", status="final")

    def void_inspection(self, inspection_id: str, reason: str, actor: str | None = None) -> dict[str, Any]:
        if not reason.strip():
            raise FieldappError(Msg("作废须写明理由。", "Voiding needs a reason.", "reason_missing"))
        with self.store.change(actor) as ch:
            return insp.update_status(ch, inspection_id, "void", status="voided", void_reason=reason.strip())

    def supersede_inspection(self, inspection_id: str, inp: insp.InspectionInput, reason: str,
                             actor: str | None = None) -> str:
        """Correct a finalized record: the old one is voided with the reason, the new one names it; both stay."""
        if not reason.strip():
            raise FieldappError(Msg("更正须写明理由。", "A correction needs a reason.", "reason_missing"))
        old = insp.get_inspection(self.store, inspection_id)
        if old is None:
            raise FieldappError(Msg(f"找不到检查记录 {inspection_id}。", f"No inspection {inspection_id}.", "not_found"))
        if old["status"] != "final":
            raise FieldappError(Msg("只有已定稿的检查记录需要更正；草稿可以直接修改。",
                                    "Only a finalized inspection is corrected this way; a draft can be edited.",
                                    "not_final"))
        rows = self._matter_rows(inp)
        if inp.status == "final":
            self.require_officers(inp.officers, _day(inp.started_at), inp.party_id)
        with self.store.change(actor) as ch:  # one transaction: never a void without its replacement
            insp.update_status(ch, inspection_id, "void", status="voided", void_reason=f"更正：{reason.strip()}")
            return insp.insert(ch, inp, rows, supersedes=inspection_id)


def _day(value: str | None) -> date:
    return date.fromisoformat(value[:10]) if value else date.today()


def load_reference(store: Store, jur: Jurisdiction, cat: Catalogue) -> None:
    """Jurisdiction and catalogue into their tables (reference data, not audited records)."""
    with store.database.write() as conn:
        ts = store.clock()
        data = json.dumps(_jsonable(jur), ensure_ascii=False, default=str)
        conn.execute("INSERT INTO jurisdictions(key, name, full_name, division_code, data, loaded_at)"
                     " VALUES (?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET name=excluded.name,"
                     " full_name=excluded.full_name, division_code=excluded.division_code, data=excluded.data,"
                     " loaded_at=excluded.loaded_at", (jur.key, jur.name, jur.full_name, jur.division_code, data, ts))
        for table in ("departments", "areas", "townships"):
            conn.execute(f"DELETE FROM {table} WHERE jurisdiction = ?", (jur.key,))
        conn.executemany("INSERT INTO departments VALUES (?,?,?,?,?)",
                         [(jur.key, d.key, d.name, d.full_name, d.short_name) for d in jur.departments.values()])
        conn.executemany("INSERT INTO areas VALUES (?,?,?,?,?)",
                         [(jur.key, a.key, a.name, a.head_department, a.station) for a in jur.areas.values()])
        conn.executemany("INSERT INTO townships VALUES (?,?,?,?,?,?,?)",
                         [(jur.key, t.name, t.full_name, t.short_name, t.kind, t.division_code, t.area)
                          for t in jur.townships.values()])
        if conn.execute("SELECT 1 FROM catalogue_versions WHERE version = ?", (cat.version,)).fetchone():
            return
        conn.execute("INSERT INTO catalogue_versions VALUES (?,?,?,?)",
                     (cat.version, str(cat.effective_from), int(cat.sample), ts))
        conn.executemany(
            "INSERT INTO matters VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(cat.version, m.code, m.name, m.category, m.department, m.legal_basis, m.penalty_basis,
              m.penalty_min, m.penalty_max, m.penalty_text, int(m.life_safety)) for m in cat.matters.values()])
        conn.executemany(
            "INSERT INTO matter_delegations VALUES (?,?,?,?,?,?)",
            [(cat.version, m.code, d.jurisdiction, int(d.delegated), str(d.start),
              str(d.end) if d.end else None) for m in cat.matters.values() for d in m.delegations])
