"""Documents through their life: new from a record, issue, render, print, void, supersede.

The record rules (numbers, immutability, audit) live in
`fieldapp.store.documents`; this module adds what the paper needs: the spec's
validation and procedure checks before a number is taken, the signed QR, and
counted, audited (re)prints marked as copies.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fieldapp.forms import payload as qrp
from fieldapp.forms.prefill import photos, prefill, record_context
from fieldapp.forms.render import RenderJob, RenderResult, context_for, render, set_labels
from fieldapp.forms.spec import DocSpec, load_spec
from fieldapp.forms.trust import remember_cert
from fieldapp.forms.validate import check_content, is_empty, money, parse_value
from fieldapp.keys import DeviceKeys, verify_cert
from fieldapp.messages import FieldappError, Msg
from fieldapp.rules.penalty import on_the_spot_allowed
from fieldapp.store import documents
from fieldapp.workspace import Workspace

VERIFY_URL_META = "verify_base_url"


@dataclass
class Outcome:
    document: dict[str, Any]
    warnings: list[Msg] = field(default_factory=list)


def verify_base_url(ws: Workspace) -> str:
    """The county verification page the QR points to: env, then the store's setting, then a placeholder."""
    return os.environ.get("FIELDAPP_VERIFY_URL") or ws.store.meta(VERIFY_URL_META) or qrp.DEFAULT_VERIFY_BASE


def set_verify_base_url(ws: Workspace, url: str) -> None:
    if not url.startswith(("https://", "http://")):
        raise FieldappError(Msg("核验网址须以 https:// 开头。", "The verification URL must start with https://.",
                                "url_invalid"))
    ws.store.set_meta(VERIFY_URL_META, url.rstrip("/"))


def apply_values(spec: DocSpec, content: dict[str, Any], values: dict[str, str]) -> dict[str, Any]:
    out = dict(content)
    for key, text in values.items():
        if key not in spec.fields:
            raise FieldappError(Msg(f"《{spec.title}》没有字段“{key}”。可用：{'、'.join(spec.fields)}",
                                    f"{spec.title} has no field '{key}'. Known: {', '.join(spec.fields)}",
                                    "field_unknown"))
        value = parse_value(spec.fields[key], text)
        if is_empty(value):
            out.pop(key, None)
        else:
            out[key] = value
    return out


def new_document(ws: Workspace, doc_type: str, *, inspection_id: str | None = None, case_id: str | None = None,
                 values: dict[str, str] | None = None, actor: str | None = None) -> Outcome:
    """A draft pre-filled from the record per the spec's sources, plus `values` typed by the officer."""
    spec = load_spec(doc_type)
    if spec.record == "case" and not case_id:
        raise FieldappError(Msg(f"《{spec.title}》须由案件生成（--case）。", f"{spec.title} is made from a case (--case).",
                                "record_kind"))
    ctx = record_context(ws, inspection_id=inspection_id, case_id=case_id)
    if any(f.type == "photos" for f in spec.fields.values()):
        ctx["photos"] = photos(ws, **ctx.get("photos_of", {}))  # the evidence package checks each original
    content = apply_values(spec, prefill(spec, ctx), values or {})
    subject = ctx.get("subject") or {}
    doc_id = documents.create_draft(ws.store, doc_type=spec.code, content=content, case_id=case_id,
                                    inspection_id=inspection_id or (ctx.get("inspection") or {}).get("id"),
                                    subject_key=subject.get("key"), subject_name=subject.get("full_name"), actor=actor)
    return Outcome(documents.get_document(ws.store, doc_id), check_content(spec, content).warnings)


def edit_document(ws: Workspace, doc_id: str, values: dict[str, str], actor: str | None = None) -> Outcome:
    doc = documents.get_document(ws.store, doc_id)
    spec = load_spec(doc["doc_type"])
    content = apply_values(spec, doc["content"], values)
    documents.update_draft(ws.store, doc_id, content, actor)
    return Outcome(documents.get_document(ws.store, doc_id), check_content(spec, content).warnings)


# -- checks before a number is taken ---------------------------------------------------------------

def _on_the_spot_limit(ws: Workspace, spec: DocSpec, content: dict[str, Any]) -> Msg | None:
    penalty = "warning" if content.get("penalty_kind") == "warning" else "fine"
    kind = "organisation" if content.get("party_kind") == "organisation" else "person"
    amount = money(content.get("fine") or 0)
    verdict = on_the_spot_allowed(ws.jurisdiction.rules, kind, penalty, amount if amount is not None else 0)
    if verdict.ok:
        return None
    return Msg(f"不能出具《{spec.title}》：{verdict.msg.zh}", f"Cannot issue {spec.title}: {verdict.msg.en}",
               verdict.msg.code, verdict.msg.data)


CHECKS: dict[str, Callable[[Workspace, DocSpec, dict[str, Any]], Msg | None]] = {
    "on_the_spot_limit": _on_the_spot_limit}


def check_officers(ws: Workspace, spec: DocSpec, content: dict[str, Any], on: date) -> None:
    """§42: documents that need two certified officers; officers typed by hand count as unverified."""
    if spec.officers_required <= 0:
        return
    listed = [o for o in content.get("officers") or [] if isinstance(o, dict)]
    ids = [str(o["id"]) for o in listed if o.get("id")]
    problems: list[Msg] = []
    try:
        ws.require_officers(ids, on, content.get("party_id"))
    except FieldappError as exc:
        problems.append(exc.msg)
    if problems:
        raise FieldappError(Msg(f"不能出具《{spec.title}》：{problems[0].zh}", f"Cannot issue {spec.title}: "
                                f"{problems[0].en}", "officers_invalid"))


DECISION_TYPES = frozenset({"penalty_decision"})


def check_decision_gate(ws: Workspace, doc: dict[str, Any]) -> None:
    """A penalty decision waits for legal review to pass when review is required (行政处罚法第五十八条)."""
    if doc["doc_type"] not in DECISION_TYPES or not doc.get("case_id"):
        return
    from fieldapp.county.records import can_issue_decision

    verdict = can_issue_decision(ws, str(doc["case_id"]))
    if not verdict.ok:
        raise FieldappError(Msg(f"不能出具《行政处罚决定书》：{verdict.msg.zh}",
                                f"Cannot issue the penalty decision: {verdict.msg.en}", verdict.msg.code,
                                verdict.msg.data))


def issue_document(ws: Workspace, doc_id: str, *, actor: str | None = None, on: date | None = None,
                   keys: DeviceKeys | None = None) -> Outcome:
    doc = documents.get_document(ws.store, doc_id)
    spec = load_spec(doc["doc_type"])
    check_decision_gate(ws, doc)  # first: no amount of editing the paper helps before review passes
    checked = check_content(spec, doc["content"])
    if checked.errors:
        first = checked.errors[0]
        raise FieldappError(Msg(f"不能出具《{spec.title}》：" + "；".join(e.zh for e in checked.errors),
                                f"Cannot issue {spec.title}: " + "; ".join(e.en for e in checked.errors),
                                first.code, first.data))
    for name in spec.checks:
        problem = CHECKS[name](ws, spec, doc["content"])
        if problem:
            raise FieldappError(problem)
    on = on or date.today()
    check_officers(ws, spec, doc["content"], on)
    # Sign-ability first: an issued paper without a valid QR would be worthless.
    keys = keys or DeviceKeys(ws.store.data_dir)
    cert = keys.cert()
    verify_cert(cert, keys.county_public(), keys.revoked())
    remember_cert(ws.store.data_dir, cert)
    key = doc["subject_key"]
    jur = ws.jurisdiction
    kind = "township" if key in jur.townships else "department"
    short = jur.townships[key].short_name if kind == "township" else jur.department(str(key)).short_name
    result = documents.issue(ws.store, doc_id, code=spec.number_code_for(kind), subject_short=short, on=on,
                             pattern=jur.rules.document_number_pattern, low_water=jur.rules.number_block_low_water,
                             actor=actor)
    return Outcome(result.document, checked.warnings + ([result.warning] if result.warning else []))


# -- QR, rendering, printing ------------------------------------------------------------------------

def build_payload(doc: dict[str, Any], spec: DocSpec, keys: DeviceKeys) -> qrp.Payload:
    content = doc["content"]
    amount_field, deadline_field = spec.figures.get("amount"), spec.figures.get("deadline")
    amount = money(content.get(amount_field)) if amount_field and not is_empty(content.get(amount_field)) else None
    deadline = content.get(deadline_field) if deadline_field else None
    party = content.get("party_name") or content.get("recipient") or ""
    unsigned = qrp.Payload(
        type_no=spec.type_no, doc_id=doc["id"], key_id=keys.cert().device_key_id,
        issued_on=date.fromisoformat(str(doc["issued_at"])[:10]), number=str(doc["number"]),
        subject_key=str(doc["subject_key"]), party=str(party),
        amount_fen=int(amount * 100) if amount is not None else None,
        deadline=date.fromisoformat(str(deadline)[:10]) if not is_empty(deadline) else None,
        content_hash=str(doc["content_hash"]))
    # Ed25519 is deterministic: a reprint carries the same signature as the first print.
    return qrp.sign(unsigned, keys.sign)


def qr_text(ws: Workspace, doc: dict[str, Any], spec: DocSpec, keys: DeviceKeys) -> str:
    return qrp.url(verify_base_url(ws), build_payload(doc, spec, keys).pack())


def render_document(ws: Workspace, doc_id: str, *, watermark: str | None = None, copy_label: str | None = None,
                    keys: DeviceKeys | None = None, photo_paths: dict[str, Path] | None = None,
                    copies: bool = False, qr: str | None = None) -> RenderResult:
    """The document's PDF; `copies` prints one set per 联 of the spec, `qr` reuses a QR text already signed
    (the verifier re-renders a paper without this laptop's key)."""
    doc = documents.get_document(ws.store, doc_id)
    spec = load_spec(doc["doc_type"])
    issued_on = date.fromisoformat(str(doc["issued_at"])[:10]) if doc["issued_at"] else None
    text = None
    if doc["status"] != "draft":
        text = qr or qr_text(ws, doc, spec, keys or DeviceKeys(ws.store.data_dir))
    if doc["status"] == "draft":
        watermark = watermark or "草稿"
    elif doc["status"] == "voided":
        watermark = "已作废"
    subject = str(doc["subject_name"] or "")
    ctx = context_for(subject, ws.jurisdiction.full_name, doc["number"], issued_on,
                      str(doc["content"].get("party_name") or ""))
    vouched = photo_paths is None and any(f.type == "photos" for f in spec.fields.values())
    paths = photo_paths if photo_paths is not None else (_photo_paths(ws, doc) if vouched else {})
    # Paths from fieldapp.evidence are display copies (JPEG, rotated): their bytes differ from the
    # original, whose hash sheet_photos has just checked; only paths given by a caller are hashed here.
    job = RenderJob(spec, doc["content"], subject, doc["number"], issued_on, ctx, text, watermark, copy_label,
                    set_labels(spec.copies) if copies else (), doc_id, paths, verify_photos=not vouched)
    return render(job)


def _photo_paths(ws: Workspace, doc: dict[str, Any]) -> dict[str, Path]:
    try:
        from fieldapp.evidence import sheet_photos  # type: ignore[attr-defined]
    except ImportError:
        return {}
    named = [str(p.get("sha256")) for p in (doc["content"].get("photos") or []) if isinstance(p, dict)]
    only = named if doc["status"] != "draft" else None
    rows = sheet_photos(ws.store, inspection_id=doc.get("inspection_id"), case_id=doc.get("case_id"), only=only)
    return {p["sha256"]: Path(p["path"]) for p in rows if p.get("path")}


def copy_label(n: int) -> str | None:
    """The label of the n-th print: the first is the original, every later one a marked copy."""
    return f"副本（第 {n} 次打印）" if n > 1 else None


def check_signing_device(keys: DeviceKeys) -> None:
    """A revoked (lost, stolen) laptop must not put out more papers that look genuine."""
    verify_cert(keys.cert(), keys.county_public(), keys.revoked())


def render_print(ws: Workspace, doc: dict[str, Any], *, photo_paths: dict[str, Path] | None = None,
                 keys: DeviceKeys | None = None) -> RenderResult:
    """The official print of an issued document: one set per 联 the spec declares (一式两份 = two originals,
    each labelled), all as one counted print; a reprint is marked 副本 on every page."""
    if doc["status"] != "issued":
        raise FieldappError(Msg("只有已出具且未作废的文书可以打印正式文本。",
                                "Only an issued, not voided document can be printed.", "not_issued"))
    keys = keys or DeviceKeys(ws.store.data_dir)
    check_signing_device(keys)
    n = int(doc["print_count"]) + 1
    return render_document(ws, str(doc["id"]), watermark="副本" if n > 1 else None, copy_label=copy_label(n),
                           keys=keys, photo_paths=photo_paths, copies=True)


def print_document(ws: Workspace, doc_id: str, *, printer: str | None = None, to_pdf: Path | None = None,
                   actor: str | None = None, photo_paths: dict[str, Path] | None = None) -> Outcome:
    """Print (CUPS `lp -d`) or write the official PDF; every print after the first is a marked, counted copy."""
    doc = documents.get_document(ws.store, doc_id)
    if doc["status"] != "issued":
        raise FieldappError(Msg("只有已出具且未作废的文书可以打印正式文本。",
                                "Only an issued, not voided document can be printed.", "not_issued"))
    if printer is None and to_pdf is None:
        raise FieldappError(Msg("请指定 --printer 打印机名称或 --to-pdf 文件。", "Give --printer NAME or --to-pdf FILE.",
                                "print_target"))
    lp = shutil.which("lp")
    if printer is not None and lp is None:
        raise FieldappError(Msg(
            "本机没有 CUPS 打印服务（找不到 lp 命令），无法直接打印。请安装 cups，或用 --to-pdf 生成 PDF 后打印。",
            "No CUPS on this machine (no lp command): install cups, or write a PDF with --to-pdf and print that.",
            "cups_missing"))
    result = render_print(ws, doc, photo_paths=photo_paths)
    if to_pdf is not None:
        Path(to_pdf).write_bytes(result.pdf)
        target = f"pdf:{Path(to_pdf).name}"
    else:
        assert printer is not None and lp is not None
        with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as tmp:
            tmp.write(result.pdf)
        try:
            run = subprocess.run([lp, "-d", printer, "-t", str(doc["number"]), tmp.name], capture_output=True,
                                 text=True, timeout=60)
        finally:
            os.unlink(tmp.name)
        if run.returncode != 0:
            raise FieldappError(Msg(f"打印机“{printer}”打印失败：{run.stderr.strip()}",
                                    f"Printing on '{printer}' failed: {run.stderr.strip()}", "print_failed"))
        target = printer
    after = documents.record_print(ws.store, doc_id, target, actor)
    return Outcome(after, result.warnings)


def void_document(ws: Workspace, doc_id: str, reason: str, actor: str | None = None) -> Outcome:
    return Outcome(documents.void(ws.store, doc_id, reason, actor))


def supersede_document(ws: Workspace, doc_id: str, reason: str, values: dict[str, str] | None = None,
                       actor: str | None = None) -> Outcome:
    """Void (if issued) and start a corrected draft that references the old one; both stay."""
    old = documents.get_document(ws.store, doc_id)
    spec = load_spec(old["doc_type"])
    content = apply_values(spec, old["content"], values or {})
    new_id = documents.supersede(ws.store, doc_id, content, reason, actor)
    return Outcome(documents.get_document(ws.store, new_id), check_content(spec, content).warnings)


def list_documents(ws: Workspace, *, case_id: str | None = None, inspection_id: str | None = None,
                   status: str | None = None, doc_type: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    where, params = ["1"], []
    for column, value in (("case_id", case_id), ("inspection_id", inspection_id), ("status", status),
                          ("doc_type", doc_type)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    return ws.store.query(
        "SELECT id, doc_type, number, status, subject_name, case_id, inspection_id, issued_at, print_count,"
        f" supersedes, superseded_by, created_at FROM documents WHERE {' AND '.join(where)}"
        " ORDER BY created_at DESC, id LIMIT ?", (*params, limit))
