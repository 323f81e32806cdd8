"""Document records: drafts, issuing with a leased number, voiding, superseding.

Rendering and signing live in `fieldapp.forms`; this module keeps the record
rules: an issued document's content and number never change; it is voided and
superseded, both stay, and its number is never reused.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities, numbers
from fieldapp.store.cases import not_found, update_row
from fieldapp.store.store import Store, canonical, new_id


@dataclass(frozen=True)
class IssueResult:
    document: dict[str, Any]
    warning: Msg | None


def content_hash(doc: dict[str, Any]) -> str:
    """SHA-256 over what the paper says: type, number, subject, dates and content."""
    frozen = {k: doc.get(k) for k in ("id", "doc_type", "number", "subject_key", "subject_name", "issued_at",
                                      "case_id", "inspection_id", "supersedes")}
    content = doc.get("content")
    frozen["content"] = json.loads(content) if isinstance(content, str) else content
    return hashlib.sha256(canonical(frozen).encode("utf-8")).hexdigest()


def create_draft(store: Store, *, doc_type: str, content: dict[str, Any], case_id: str | None = None,
                 inspection_id: str | None = None, subject_key: str | None = None, subject_name: str | None = None,
                 supersedes: str | None = None, actor: str | None = None) -> str:
    with store.change(actor) as ch:
        row = {"id": new_id(), "doc_type": doc_type, "case_id": case_id, "inspection_id": inspection_id,
               "subject_key": subject_key, "subject_name": subject_name, "status": "draft",
               "content": canonical(content), "supersedes": supersedes, "print_count": 0, "revision": 1,
               "created_at": ch.ts, "updated_at": ch.ts}
        ch.execute("INSERT INTO documents(id, doc_type, case_id, inspection_id, subject_key, subject_name, status,"
                   " content, supersedes, print_count, revision, created_at, updated_at) VALUES (:id, :doc_type,"
                   " :case_id, :inspection_id, :subject_key, :subject_name, :status, :content, :supersedes,"
                   " :print_count, :revision, :created_at, :updated_at)", row)
        ch.record("document", row["id"], "create", None, entities.snapshot(ch.conn, "document", row["id"]))
    return str(row["id"])


def update_draft(store: Store, doc_id: str, content: dict[str, Any], actor: str | None = None) -> dict[str, Any]:
    doc = get_document(store, doc_id)
    if doc["status"] != "draft":
        raise immutable(doc)
    with store.change(actor) as ch:
        return update_row(ch, "document", doc_id, "edit", content=canonical(content))


def immutable(doc: dict[str, Any]) -> FieldappError:
    return FieldappError(Msg(
        f"文书 {doc.get('number') or doc['id']} 已出具，不能修改；如有错误请作废并重新出具。",
        f"Document {doc.get('number') or doc['id']} has been issued and cannot change; void and supersede it.",
        "document_immutable"))


def get_document(store: Store, doc_id: str) -> dict[str, Any]:
    row = store.one("SELECT * FROM documents WHERE id = ?", (doc_id,))
    if row is None:
        raise not_found("document", doc_id)
    row["content"] = json.loads(row["content"])
    return row


def issue(store: Store, doc_id: str, *, code: str, subject_short: str, on: date | None = None,
          pattern: str = numbers.DEFAULT_PATTERN, low_water: int = numbers.DEFAULT_LOW_WATER,
          actor: str | None = None) -> IssueResult:
    """Take the next leased number and freeze the content, in one transaction."""
    doc = get_document(store, doc_id)
    if doc["status"] != "draft":
        raise immutable(doc)
    if not doc["subject_key"]:
        raise FieldappError(Msg("文书缺少执法主体，不能出具。", "The document has no enforcement subject.",
                                "subject_missing"))
    on = on or date.today()
    with store.change(actor) as ch:
        alloc = numbers.allocate(ch, subject_key=doc["subject_key"], subject_short=subject_short,
                                 doc_type=doc["doc_type"], code=code, year=on.year, document_id=doc_id,
                                 pattern=pattern, low_water=low_water)
        frozen = {**doc, "number": alloc.number, "issued_at": ch.ts}
        after = update_row(ch, "document", doc_id, "issue", status="issued", number=alloc.number,
                           number_seq=alloc.n, year=on.year, issued_at=ch.ts, issued_by=ch.actor,
                           content_hash=content_hash(frozen))
    return IssueResult(after, alloc.warning)


def void(store: Store, doc_id: str, reason: str, actor: str | None = None) -> dict[str, Any]:
    if not reason.strip():
        raise FieldappError(Msg("作废文书须写明理由。", "Voiding a document needs a reason.", "reason_missing"))
    doc = get_document(store, doc_id)
    if doc["status"] == "voided":
        raise FieldappError(Msg("该文书已作废。", "The document is already void.", "already_void"))
    with store.change(actor) as ch:
        return update_row(ch, "document", doc_id, "void", status="voided", voided_at=ch.ts, void_reason=reason.strip())


def supersede(store: Store, old_id: str, content: dict[str, Any], reason: str,
              actor: str | None = None) -> str:
    """Void the old document (if not yet void) and start a draft that references it."""
    old = get_document(store, old_id)
    if old["status"] == "issued":
        void(store, old_id, reason, actor)
    new_id_ = create_draft(store, doc_type=old["doc_type"], content=content, case_id=old["case_id"],
                           inspection_id=old["inspection_id"], subject_key=old["subject_key"],
                           subject_name=old["subject_name"], supersedes=old_id, actor=actor)
    with store.change(actor) as ch:
        update_row(ch, "document", old_id, "superseded", superseded_by=new_id_)
    return new_id_


def record_print(store: Store, doc_id: str, printer: str, actor: str | None = None) -> dict[str, Any]:
    doc = get_document(store, doc_id)
    if doc["status"] != "issued":
        raise FieldappError(Msg("只有已出具的文书可以打印正式文本。", "Only an issued document can be printed.",
                                "not_issued"))
    with store.change(actor) as ch:
        return update_row(ch, "document", doc_id, f"print:{printer}", print_count=int(doc["print_count"]) + 1)
