"""Importing a township's directory of businesses and people from CSV.

Good rows are imported, bad rows reported with their line numbers; rows go in
batches, each its own transaction, so a crash keeps every finished batch.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import parties
from fieldapp.store.store import Store

HEADERS = {
    "kind": {"kind", "类型", "当事人类型"}, "name": {"name", "名称", "姓名", "名称/姓名"},
    "uscc": {"uscc", "统一社会信用代码", "信用代码"}, "id_number": {"id_number", "公民身份号码", "身份证号", "身份证号码"},
    "legal_rep": {"legal_rep", "法定代表人", "负责人"}, "address": {"address", "地址", "住所"},
    "phone": {"phone", "电话", "联系电话"}, "township": {"township", "乡镇", "所属乡镇"},
}
KINDS = {"person": "person", "个人": "person", "自然人": "person", "organisation": "organisation",
         "organization": "organisation", "单位": "organisation", "企业": "organisation", "个体工商户": "organisation",
         "法人": "organisation", "其他组织": "organisation"}


@dataclass
class ImportReport:
    imported: int = 0
    warnings: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"imported": self.imported, "warnings": self.warnings, "errors": self.errors}


def _decode(raw: bytes, path: Path) -> str:
    # Excel on Chinese Windows saves CSV as GBK; everything else is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FieldappError(Msg(f"{path}：无法识别文件编码（应为 UTF-8 或 GBK）。",
                            f"{path}: unknown text encoding (expected UTF-8 or GBK).", "csv_encoding"))


def _columns(header: list[str], path: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        for key, names in HEADERS.items():
            if name.strip().lower() in names:
                found[key] = index
    if "name" not in found:
        raise FieldappError(Msg(
            f"{path} 第 1 行：缺少“名称”列（可用列名：{'、'.join(sorted(HEADERS['name']))}）。",
            f"{path} line 1: no name column (accepted headings: {', '.join(sorted(HEADERS['name']))}).",
            "csv_header"))
    return found


def import_csv(store: Store, path: Path, *, actor: str | None = None, batch_size: int = 500,
               progress: Callable[[int, int, str], None] | None = None) -> ImportReport:
    path = Path(path)
    text = _decode(path.read_bytes(), path)
    # strict: an unclosed quote is an error, not one party swallowing the rest of the file.
    reader = csv.reader(io.StringIO(text), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []  # the line each row starts on: a quoted cell may span lines
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FieldappError(Msg(f"{path} 第 {start} 行：CSV 格式错误：{exc}（请检查引号是否成对）",
                                f"{path} line {start}: malformed CSV: {exc} (check that quotes are paired)",
                                "csv_malformed", {"line": start})) from exc
    if not rows:
        raise FieldappError(Msg(f"{path}：文件是空的。", f"{path}: the file is empty.", "csv_empty"))
    cols = _columns(rows[0], path)
    report = ImportReport()
    known_ids = {r["uscc"] for r in store.query("SELECT uscc FROM parties WHERE uscc IS NOT NULL")}
    known_ids |= {r["id_number"] for r in store.query("SELECT id_number FROM parties WHERE id_number IS NOT NULL")}
    pending: list[dict[str, Any]] = []
    total = len(rows) - 1

    def flush() -> None:
        if not pending:
            return
        with store.change(actor) as ch:
            parties.insert_many(ch, pending)
        report.imported += len(pending)
        pending.clear()
        if progress:
            progress(report.imported + len(report.errors), total, str(path))

    for line, row in zip(lines[1:], rows[1:], strict=True):
        if not any(cell.strip() for cell in row):
            continue
        try:
            values = {key: (row[i].strip() if i < len(row) else "") for key, i in cols.items()}
            # An address may span lines in a quoted cell; a name or an identifier never does:
            # that is a quote left open, pulling the next rows into this one.
            if any("\n" in values.get(k, "") or "\r" in values.get(k, "") for k in ("name", "uscc", "id_number")):
                raise FieldappError(Msg("名称或证件号码内有换行（可能是引号未成对）", "a name or identifier holds a line break (unpaired quote?)",
                                        "csv_newline_in_cell"))
            kind_text = values.get("kind") or ("organisation" if values.get("uscc") else "person")
            kind = KINDS.get(kind_text.lower(), KINDS.get(kind_text))
            if kind is None:
                raise FieldappError(Msg(f"当事人类型“{kind_text}”无法识别（个人 / 单位）",
                                        f"unknown party kind '{kind_text}' (person / organisation)", "party_kind"))
            fields, warnings = parties.validate(parties.PartyInput(kind=kind, **{
                k: v or None for k, v in values.items() if k != "kind"} | {"name": values.get("name", "")}))
            for key in ("uscc", "id_number"):
                if fields[key] and fields[key] in known_ids:
                    raise FieldappError(Msg(f"{fields[key]} 已登记，未重复导入", f"{fields[key]} is already registered",
                                            "party_duplicate"))
            known_ids.update(v for v in (fields["uscc"], fields["id_number"]) if v)
            for warning in warnings:
                report.warnings.append({"line": line, **warning.as_dict()})
            pending.append(fields)
        except FieldappError as exc:
            report.errors.append({"line": line, **exc.msg.as_dict()})
        if len(pending) >= batch_size:
            flush()
    flush()
    return report
