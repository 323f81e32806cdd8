"""The public page `/v/<payload>`: is this printed notice genuine?

A phone scans the QR on a notice and opens `<server>/v/<payload>`. The QR
format and its offline check belong to the documents engineer
(`fieldapp.forms.verify.verify_text(text, data_dir, county_public=,
revoked=) -> Verification` with `.status`, `.reasons`, `.notes`,
`.payload.doc_id`, `.as_dict()`). The server adds what only it knows: the
document's current status in the county's records (valid, voided 作废,
superseded 已被更正) and the full name of the issuing body.
If `fieldapp.forms.verify` is not importable the page says so (503).

The page is public: it shows the issuing body, number, title, date and status
and nothing private about the party. The QR payload carries the party's name
(and an amount), so the answer is built from a whitelist, never by echoing
the payload (the JSON form too); a void reason, free text, is not shown.
"""

from __future__ import annotations

import html
import importlib
import json
import time
from typing import Any

from sqlalchemy import select

from fieldapp.messages import Msg
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.devices import revocations_of

MAX_PAYLOAD = 2000


def _verifier() -> Any:
    try:
        module = importlib.import_module("fieldapp.forms.verify")
    except ImportError:
        return None
    return getattr(module, "verify_text", None)


STATUS_TEXT = {
    "valid": ("有效", "valid"),
    "voided": ("已作废", "voided"),
    "superseded": ("已被更正（作废后另行出具更正文书）", "superseded by a corrected notice"),
    "not_synced": ("县局尚无该文书记录（可能尚未同步）", "not yet synced to the county"),
    "not_issued": ("未出具", "not issued"),
}
TITLES = {
    "valid": ("文书真实有效", "Genuine notice, in force"),
    "voided": ("文书真实，但已作废", "Genuine notice, but VOIDED"),
    "superseded": ("文书真实，但已被更正", "Genuine notice, but SUPERSEDED"),
    "invalid": ("文书无效或被改动", "NOT genuine"),
    "unavailable": ("暂时无法核验", "Cannot verify now"),
}
_DROP_NOTES = {"no_record", "record_absent"}  # the laptop's own-store notes mean nothing on the server


def _answer(status: str, reasons: list[Msg], notes: list[dict[str, Any]] | None = None,
            document: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"status": status, "valid": status == "valid", "genuine": status in ("valid", "voided", "superseded"),
            "title": dict(zip(("zh", "en"), TITLES[status], strict=True)), "document": document,
            "reasons": [m.as_dict() for m in reasons], "notes": list(notes or [])}


def verify_qr(server: Server, text: str) -> dict[str, Any]:
    """The public answer for one scanned QR: a whitelist of facts, never the payload itself."""
    verifier = _verifier()
    if verifier is None:
        return _answer("unavailable", [Msg("本服务器暂不能核验文书（缺少文书模块）。",
                                           "This server cannot verify documents yet (forms module missing).",
                                           "verify_unavailable")])
    if len(text) > MAX_PAYLOAD:
        return _answer("invalid", [Msg("二维码内容过长，不是本县文书。",
                                       "The QR content is too long to be one of our notices.", "qr_malformed")])
    with server.db.read() as conn:
        revoked = revocations_of(conn)
    result = verifier(text, server.data_dir, county_public=server.county.public, revoked=revoked)
    payload = getattr(result, "payload", None)
    signed: dict[str, Any] = result.as_dict()
    private = [str(v) for v in (getattr(payload, "party", None),) if v]
    notes = [m for m in signed.get("notes", []) if m.get("code") not in _DROP_NOTES]
    reasons = [Msg(m.get("zh", ""), m.get("en", ""), m.get("code", "")) for m in signed.get("reasons", [])]
    if signed.get("status") != "valid" or payload is None:
        return _scrub(_answer("invalid", reasons, notes), private)
    document = {"number": payload.number, "title": (signed.get("document") or {}).get("title"),
                "issuing_body": None, "issued_on": payload.issued_on.isoformat()}
    status, more, record = _server_record(server, payload)
    document["issuing_body"] = _issuing_body(server, payload.subject_key, record)
    document["status"] = status if status != "invalid" else None
    label = STATUS_TEXT.get(status)
    if label:
        document["status_zh"], document["status_en"] = label
    if status == "superseded" and record is not None:
        document["corrected_number"] = _corrected_number(server, record)
    if status == "invalid":
        return _scrub(_answer("invalid", more, notes, document), private)
    overall = "valid" if status in ("valid", "not_synced") else status
    if status == "valid":
        notes.append(Msg("与县局记录一致。", "Matches the county's record.", "record_ok").as_dict())
    elif status == "not_synced":
        notes.append(Msg("县局尚未收到该文书的记录（可能尚未同步）；签名有效。",
                         "The county has not received this document's record yet (perhaps not synced); "
                         "the signature is valid.", "record_not_synced").as_dict())
    return _scrub(_answer(overall, more, notes, document), private)


def _server_record(server: Server, payload: Any) -> tuple[str, list[Msg], dict[str, Any] | None]:
    """The document's status in the county's records: valid, voided, superseded, not_synced or invalid."""
    with server.db.read() as conn:
        raw = conn.execute(select(t.records.c.payload)
                           .where(t.records.c.rkey == f"document:{payload.doc_id}")).scalar()
    if raw is None:
        return "not_synced", [], None
    doc = json.loads(raw)
    problems = []
    if doc.get("number") != payload.number:
        problems.append(Msg("县局记录中的文号与二维码不符。", "The county's record has a different number.",
                            "number_mismatch"))
    if doc.get("content_hash") and doc.get("content_hash") != payload.content_hash:
        problems.append(Msg("县局记录中的文书内容与二维码签名的内容不一致。",
                            "The county's record differs from the signed content.", "content_mismatch"))
    if problems:
        return "invalid", problems, doc
    if doc.get("status") == "voided":
        if doc.get("superseded_by"):
            return "superseded", [Msg("该文书已被更正：原文书作废，以更正后的文书为准。",
                                      "This notice was corrected: it is void and the corrected notice applies.",
                                      "document_superseded")], doc
        return "voided", [Msg("该文书已作废。", "This notice has been voided.", "document_voided")], doc
    if doc.get("status") != "issued":
        return "invalid", [Msg("该文书在县局记录中尚未出具。", "The document is not issued in the county's record.",
                               "document_not_issued")], doc
    return "valid", [], doc


_JUR_CACHE: dict[int, tuple[float, Any]] = {}


def _jurisdiction(server: Server) -> Any:
    """The server's jurisdiction, re-read at most every minute (a phone per scan must stay cheap)."""
    cached = _JUR_CACHE.get(id(server))
    if cached is not None and time.monotonic() - cached[0] < 60:
        return cached[1]
    try:
        from fieldapp.sync.server.county import CountyView

        jur = CountyView(server).jur
    except Exception:  # an unreadable reference file must not take the public page down
        jur = None
    _JUR_CACHE[id(server)] = (time.monotonic(), jur)
    return jur


def _issuing_body(server: Server, subject_key: str, record: dict[str, Any] | None) -> str:
    """The enforcement subject's full name (the township government or the county department)."""
    jur = _jurisdiction(server)
    if jur is not None:
        if subject_key in jur.townships:
            return jur.townships[subject_key].full_name
        if subject_key in jur.departments:
            return jur.departments[subject_key].full_name
    return str((record or {}).get("subject_name") or subject_key)


def _corrected_number(server: Server, record: dict[str, Any]) -> str | None:
    with server.db.read() as conn:
        raw = conn.execute(select(t.records.c.payload)
                           .where(t.records.c.rkey == f"document:{record['superseded_by']}")).scalar()
    if raw is None:
        return None
    new = json.loads(raw)
    return str(new["number"]) if new.get("status") == "issued" and new.get("number") else None


def _scrub(data: dict[str, Any], private: list[str]) -> dict[str, Any]:
    """Belt and braces: drop any message that would name the party."""
    if private:
        for key in ("reasons", "notes"):
            data[key] = [m for m in data[key] if not any(p in str(m.get("zh", "")) + str(m.get("en", ""))
                                                         for p in private)]
    return data


def render(data: dict[str, Any]) -> str:
    """A small page a phone can read: no script, no external resources, nothing about the party."""
    status = str(data.get("status") or "invalid")
    zh, en = TITLES.get(status, TITLES["invalid"])
    colour = {"valid": "#1b7f3b", "voided": "#b36b00", "superseded": "#b36b00"}.get(status, "#b00020")
    lines = "".join(f"<li>{html.escape(str(m.get('zh', '')))}<br><small>{html.escape(str(m.get('en', '')))}</small></li>"
                    for m in [*data.get("reasons", []), *data.get("notes", [])])
    doc = data.get("document") or {}
    rows = [("发文机关", "Issuing body", doc.get("issuing_body")), ("文书名称", "Title", doc.get("title")),
            ("文号", "Number", doc.get("number")), ("出具日期", "Date", doc.get("issued_on")),
            ("状态", "Status", f"{doc['status_zh']} / {doc['status_en']}" if doc.get("status_zh") else None),
            ("更正后文号", "Corrected notice", doc.get("corrected_number"))]
    facts = "".join(f"<tr><th style='text-align:left;padding-right:1em'>{z}<br><small>{e}</small></th>"
                    f"<td>{html.escape(str(v))}</td></tr>" for z, e, v in rows if v)
    return (f"<!doctype html><html lang='zh'><head><meta charset='utf-8'><meta name='viewport' "
            f"content='width=device-width,initial-scale=1'><meta name='robots' content='noindex'>"
            f"<title>{zh}</title></head>"
            f"<body style='font-family:sans-serif;max-width:40em;margin:1em auto;padding:0 1em'>"
            f"<h1 style='color:{colour}'>{zh}<br><small>{en}</small></h1>"
            f"<table>{facts}</table><ul>{lines}</ul></body></html>")
