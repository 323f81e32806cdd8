"""doc types|new|list|show|edit|issue|render|print|void|supersede|verify-url|cert, and verify FILE."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from fieldapp.cli.output import emit_json, t, table
from fieldapp.forms import lifecycle
from fieldapp.forms.spec import all_specs, load_spec
from fieldapp.forms.trust import import_cert, remember_cert
from fieldapp.forms.validate import check_content
from fieldapp.keys import DeviceKeys, unb64
from fieldapp.messages import FieldappError, Msg
from fieldapp.store import documents
from fieldapp.workspace import Workspace

STATUS_ZH = {"draft": "草稿", "issued": "已出具", "voided": "已作废"}


def _set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--set", dest="values", action="append", default=[], metavar="FIELD=VALUE",
                        help="set a field (repeatable); lists: qa 'Q|A;;Q|A', items 'a|b|c;;a|b|c'")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("doc", parents=[common], help="enforcement documents (执法文书)")
    dsub = p.add_subparsers(dest="action", required=True)
    dsub.add_parser("types", parents=[common], help="the document types").set_defaults(func=cmd_types)
    s = dsub.add_parser("new", parents=[common], help="a draft pre-filled from an inspection or a case")
    s.add_argument("type", help="document type code or Chinese title")
    src = s.add_mutually_exclusive_group(required=True)
    src.add_argument("--inspection")
    src.add_argument("--case")
    _set(s)
    s.set_defaults(func=cmd_new)
    s = dsub.add_parser("list", parents=[common])
    for opt in ("--case", "--inspection", "--type"):
        s.add_argument(opt)
    s.add_argument("--status", choices=list(STATUS_ZH))
    s.add_argument("--limit", type=int, default=100)
    s.set_defaults(func=cmd_list)
    for verb, func, helptext in (("show", cmd_show, "fields and problems"), ("issue", cmd_issue,
                                 "take the number and freeze the content")):
        s = dsub.add_parser(verb, parents=[common], help=helptext)
        _id(s)
        if verb == "issue":
            _officer_arg(s)
        s.set_defaults(func=func)
    s = dsub.add_parser("edit", parents=[common], help="change fields of a draft")
    _id(s)
    _set(s)
    s.set_defaults(func=cmd_edit)
    s = dsub.add_parser("render", parents=[common], help="a preview PDF (not counted as a print)")
    _id(s)
    s.add_argument("--out", type=Path, required=True)
    s.set_defaults(func=cmd_render)
    s = dsub.add_parser("print", parents=[common], help="print (CUPS) or write the official PDF; reprints are copies")
    _id(s)
    target = s.add_mutually_exclusive_group(required=True)
    target.add_argument("--printer", metavar="NAME")
    target.add_argument("--to-pdf", type=Path, metavar="FILE")
    _officer_arg(s)
    s.set_defaults(func=cmd_print)
    s = dsub.add_parser("void", parents=[common])
    _id(s)
    s.add_argument("--reason", required=True)
    _officer_arg(s)
    s.set_defaults(func=cmd_void)
    s = dsub.add_parser("supersede", parents=[common], help="void and start a corrected draft that references it")
    _id(s)
    s.add_argument("--reason", required=True)
    _officer_arg(s)
    _set(s)
    s.set_defaults(func=cmd_supersede)
    s = dsub.add_parser("verify-url", parents=[common], help="show or set the county verification page base URL")
    s.add_argument("url", nargs="?")
    s.set_defaults(func=cmd_verify_url)
    s = dsub.add_parser("cert", parents=[common], help="device certificates for offline verification")
    s.add_argument("cert_action", choices=["export", "import"])
    s.add_argument("file", type=Path)
    s.set_defaults(func=cmd_cert)

    v = sub.add_parser("verify", parents=[common], help="verify a printed document: PDF, photo or scan")
    v.add_argument("file", type=Path)
    v.add_argument("--county-pub", type=Path, help="county public key file (default: the data dir's keys)")
    v.set_defaults(func=cmd_verify)


def _id(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="document id, its last 8 characters (as `doc list` shows) or its number")


def _officer_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--officer", metavar="CERT_NO", help="acting officer's 执法证号 (or officer id), for the audit log")


def _officer(ws: Workspace, ident: str | None) -> str | None:
    """The officer id recorded as the actor of the change; an unknown 执法证号 is an error, not an anonymous change."""
    if ident is None:
        return None
    row = ws.store.one("SELECT id FROM officers WHERE cert_no = ? OR id = ?", (ident.strip(), ident.strip()))
    if row is None:
        raise FieldappError(Msg(f"找不到执法证号为 {ident} 的执法人员。请核对证号（fieldapp officer list 列出本机人员）。",
                                f"No officer with certificate number {ident}. Check it (fieldapp officer list).",
                                "officer_unknown"))
    return str(row["id"])


SHORT_ID = 8


def _doc(ws: Workspace, ident: str) -> str:
    """Full id from a full id, the short id `doc list` shows (last 8 characters) or the document number."""
    ident = ident.strip()
    if ws.store.one("SELECT id FROM documents WHERE id = ?", (ident,)):
        return ident
    rows = ws.store.query("SELECT id FROM documents WHERE number = ?", (ident,))
    if not rows and re.fullmatch(r"[0-9a-fA-F-]{6,36}", ident):
        rows = ws.store.query("SELECT id FROM documents WHERE lower(id) LIKE ?", ("%" + ident.lower(),))
    if len(rows) == 1:
        return str(rows[0]["id"])
    if len(rows) > 1:
        raise FieldappError(Msg(f"“{ident}”对应多份文书，请写完整的文书编号（id）。",
                                f"'{ident}' matches several documents; give the full id.", "ambiguous_id"))
    return ident  # not found: get_document names it


def _values(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep:
            raise FieldappError(Msg(f"--set 须写成 字段=值，而不是“{pair}”。", f"--set needs FIELD=VALUE, not '{pair}'.",
                                    "set_syntax"))
        out[key.strip()] = value
    return out


def _warn(args: argparse.Namespace, warnings: list[Msg]) -> None:
    for w in warnings:
        print(t(args.lang, "注意：", "Warning: ") + w.text(args.lang), file=sys.stderr)


def _report(args: argparse.Namespace, out: lifecycle.Outcome, zh: str, en: str) -> int:
    doc = out.document
    if args.json:
        emit_json({"document": doc, "warnings": [w.as_dict() for w in out.warnings]})
    else:
        print(t(args.lang, zh, en).format(id=doc["id"], number=doc.get("number") or "", count=doc.get("print_count")))
    _warn(args, out.warnings)
    return 0


def cmd_types(args: argparse.Namespace) -> int:
    rows = [{"type_no": s.type_no, "code": s.code, "title": s.title, "number_code": s.number_code, "stage": s.stage,
             "record": s.record} for s in all_specs().values()]
    if args.json:
        emit_json(rows)
    else:
        table(rows, [("type_no", "#"), ("code", "code"), ("title", "文书"), ("number_code", "代字"),
                     ("stage", "stage"), ("record", "record")])
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        out = lifecycle.new_document(ws, args.type, inspection_id=args.inspection, case_id=args.case,
                                     values=_values(args.values))
    return _report(args, out, "已建立草稿 {id}", "Draft {id} created")


def cmd_edit(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        out = lifecycle.edit_document(ws, _doc(ws, args.id), _values(args.values))
    return _report(args, out, "已修改草稿 {id}", "Draft {id} changed")


def cmd_list(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        rows = lifecycle.list_documents(ws, case_id=args.case, inspection_id=args.inspection, status=args.status,
                                        doc_type=args.type, limit=args.limit)
    titles = {s.code: s.title for s in all_specs().values()}
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        r["title"] = titles.get(r["doc_type"], r["doc_type"])
        r["status_zh"] = STATUS_ZH.get(r["status"], r["status"]) if args.lang != "en" else r["status"]
        r["short"] = r["id"][-SHORT_ID:]  # UUIDv7: the end is random, the start is the time
    table(rows, [("short", "id"), ("title", "文书"), ("number", "文号"), ("status_zh", "状态"), ("print_count", "打印"),
                 ("issued_at", "出具时间")])
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        doc = documents.get_document(ws.store, _doc(ws, args.id))
    spec = load_spec(doc["doc_type"])
    checked = check_content(spec, doc["content"])
    if args.json:
        emit_json({"document": doc, "errors": [m.as_dict() for m in checked.errors],
                   "warnings": [m.as_dict() for m in checked.warnings]})
        return 0
    print(f"{spec.title}  {doc['number'] or t(args.lang, '（未编号）', '(no number)')}  "
          f"{STATUS_ZH.get(doc['status'], doc['status'])}  {doc['subject_name'] or ''}")
    for f in spec.fields.values():
        mark = "*" if f.is_required(doc["content"]) else " "
        print(f"{mark} {f.label}（{f.key}）: {doc['content'].get(f.key, '')}")
    for m in checked.errors:
        print(t(args.lang, "缺陷：", "Problem: ") + m.text(args.lang))
    _warn(args, checked.warnings)
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        out = lifecycle.issue_document(ws, _doc(ws, args.id), actor=_officer(ws, args.officer))
    return _report(args, out, "已出具 {number}", "Issued {number}")


def cmd_render(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        doc = documents.get_document(ws.store, _doc(ws, args.id))
        result = lifecycle.render_document(ws, doc["id"], watermark="样张" if doc["status"] == "issued" else None)
    args.out.write_bytes(result.pdf)
    if args.json:
        emit_json({"file": str(args.out), "pages": result.pages, "warnings": [w.as_dict() for w in result.warnings]})
    else:
        print(t(args.lang, f"预览已写入 {args.out}（{result.pages} 页）", f"Preview written to {args.out} "
                f"({result.pages} pages)"))
    _warn(args, result.warnings if not args.json else [])
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        out = lifecycle.print_document(ws, _doc(ws, args.id), printer=args.printer, to_pdf=args.to_pdf,
                                       actor=_officer(ws, args.officer))
    return _report(args, out, "已打印 {number}（第 {count} 次）", "Printed {number} (print {count})")


def cmd_void(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        out = lifecycle.void_document(ws, _doc(ws, args.id), args.reason, actor=_officer(ws, args.officer))
    return _report(args, out, "已作废 {number}", "Voided {number}")


def cmd_supersede(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        old_id = _doc(ws, args.id)
        old = documents.get_document(ws.store, old_id)
        out = lifecycle.supersede_document(ws, old_id, args.reason, _values(args.values),
                                           actor=_officer(ws, args.officer))
    replaced = old["number"] or old_id[-SHORT_ID:]
    return _report(args, out, f"已作废原文书 {replaced}，建立更正草稿 {{id}}（更正 {replaced}）",
                   f"Voided {replaced}; corrected draft {{id}} created (replaces {replaced})")


def cmd_verify_url(args: argparse.Namespace) -> int:
    with Workspace.open(args.data_dir) as ws:
        if args.url:
            lifecycle.set_verify_base_url(ws, args.url)
        url = lifecycle.verify_base_url(ws)
    if args.json:
        emit_json({"verify_base_url": url})
    else:
        print(url)
    return 0


def cmd_cert(args: argparse.Namespace) -> int:
    keys = DeviceKeys(args.data_dir)
    if args.cert_action == "export":
        cert = keys.cert()
        remember_cert(args.data_dir, cert)
        args.file.write_text(json.dumps(cert.as_dict(), ensure_ascii=False, indent=1), "utf-8")
        print(t(args.lang, f"本机证书 {cert.device_key_id} 已导出到 {args.file}",
                f"Certificate {cert.device_key_id} exported to {args.file}"))
    else:
        cert = import_cert(args.data_dir, args.file)
        print(t(args.lang, f"已导入设备证书 {cert.device_key_id}（{cert.body.get('township') or ''}）",
                f"Imported device certificate {cert.device_key_id}"))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from fieldapp.forms.verify import verify_file

    county = unb64(args.county_pub.read_text("ascii").strip()) if args.county_pub else None
    result = verify_file(args.file, args.data_dir, county_public=county)
    if args.json:
        emit_json(result.as_dict())
        return result.exit_code
    word = {"valid": ("有效", "VALID"), "invalid": ("无效", "INVALID"), "no_qr": ("未找到二维码", "NO QR FOUND")}
    print(t(args.lang, *word[result.status]))
    if result.payload is not None:
        for key, value in result.as_dict()["document"].items():
            if value is not None and key != "content_hash":
                print(f"  {key}: {value}")
    for m in result.reasons:
        print(t(args.lang, "原因：", "Reason: ") + m.text(args.lang))
    for m in result.notes:
        print("  " + m.text(args.lang))
    return result.exit_code
