"""The public page `/v/<payload>`: is this printed notice genuine?

A phone scans the QR on a notice and opens `<server>/v/<payload>`. The QR
format and its offline check belong to the documents engineer
(`fieldapp.forms.verify.verify_text(text, data_dir, county_public=,
revoked=) -> Verification` with `.status`, `.reasons`, `.notes`,
`.payload.doc_id`, `.as_dict()`). The server adds what only it knows: the
document's current status in the county's records (issued, voided).
If `fieldapp.forms.verify` is not importable the page says so (503).
"""

from __future__ import annotations

import html
import importlib
import json
from typing import Any

from sqlalchemy import select

from fieldapp.messages import Msg
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.devices import revoked_ids

MAX_PAYLOAD = 2000


def _verifier() -> Any:
    try:
        module = importlib.import_module("fieldapp.forms.verify")
    except ImportError:
        return None
    return getattr(module, "verify_text", None)


def verify_qr(server: Server, text: str) -> dict[str, Any]:
    verifier = _verifier()
    if verifier is None:
        return {"status": "unavailable", "valid": False, "reasons": [Msg(
            "本服务器暂不能核验文书（缺少文书模块）。", "This server cannot verify documents yet (forms module missing).",
            "verify_unavailable").as_dict()], "notes": []}
    if len(text) > MAX_PAYLOAD:
        return {"status": "invalid", "valid": False, "notes": [], "reasons": [Msg(
            "二维码内容过长，不是本县文书。", "The QR content is too long to be one of our notices.", "qr_malformed").as_dict()]}
    with server.db.read() as conn:
        revoked = set(revoked_ids(conn))
    result = verifier(text, server.data_dir, county_public=server.county.public, revoked=revoked)
    data: dict[str, Any] = result.as_dict()
    doc_id = getattr(getattr(result, "payload", None), "doc_id", None)
    if doc_id and data.get("status") == "valid":
        _check_server_record(server, data, str(doc_id), result.payload)
    return data


def _check_server_record(server: Server, data: dict[str, Any], doc_id: str, payload: Any) -> None:
    with server.db.read() as conn:
        raw = conn.execute(select(t.records.c.payload).where(t.records.c.rkey == f"document:{doc_id}")).scalar()
    if raw is None:
        data["notes"].append(Msg("县局尚未收到该文书的记录（可能尚未同步）；签名有效。",
                                 "The county has not received this document's record yet (perhaps not synced); "
                                 "the signature is valid.", "record_not_synced").as_dict())
        return
    doc = json.loads(raw)
    data["record"] = {k: doc.get(k) for k in ("number", "status", "issued_at", "void_reason", "superseded_by")}
    problems = []
    if doc.get("status") == "voided":
        problems.append(Msg(f"该文书已作废（{doc.get('void_reason') or ''}）。",
                            f"This document has been voided ({doc.get('void_reason') or ''}).", "document_voided"))
    if doc.get("number") != getattr(payload, "number", doc.get("number")):
        problems.append(Msg("县局记录中的文号与二维码不符。", "The county's record has a different number.",
                            "number_mismatch"))
    if doc.get("content_hash") and doc.get("content_hash") != getattr(payload, "content_hash", doc["content_hash"]):
        problems.append(Msg("县局记录中的文书内容与二维码签名的内容不一致。",
                            "The county's record differs from the signed content.", "content_mismatch"))
    if problems:
        data["status"], data["valid"] = "invalid", False
        data["reasons"] += [m.as_dict() for m in problems]
    else:
        data["notes"].append(Msg("与县局记录一致。", "Matches the county's record.", "record_ok").as_dict())


def render(data: dict[str, Any]) -> str:
    """A small page a phone can read: no script, no external resources."""
    ok = data.get("status") == "valid"
    title = ("文书真实有效", "Genuine notice") if ok else (
        ("暂时无法核验", "Cannot verify now") if data.get("status") == "unavailable" else ("文书无效或被改动", "NOT genuine"))
    colour = "#1b7f3b" if ok else "#b00020"
    lines = "".join(f"<li>{html.escape(m.get('zh', ''))}<br><small>{html.escape(m.get('en', ''))}</small></li>"
                    for m in [*data.get("reasons", []), *data.get("notes", [])])
    doc = data.get("document") or {}
    facts = "".join(f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
                    for k, v in doc.items() if k in ("number", "subject", "issued_on", "party", "amount", "deadline")
                    and v is not None)
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><meta name='viewport' "
            f"content='width=device-width,initial-scale=1'><title>{title[0]}</title></head>"
            f"<body style='font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em'>"
            f"<h1 style='color:{colour}'>{title[0]}<br><small>{title[1]}</small></h1>"
            f"<table>{facts}</table><ul>{lines}</ul></body></html>")
