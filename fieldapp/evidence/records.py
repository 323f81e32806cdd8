"""Evidence records: photo files, their links to inspections and cases, custody rules.

Every change here is an audit entry (``Store.change`` + ``ch.record``) that
carries the photo's SHA-256: the file's own entry ("evidence_file") when it is
first imported, and the link's before/after images (whose ``sha256`` column
names the photo) for each link, caption change, unlink and purge.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from fieldapp.evidence import storage
from fieldapp.evidence.imaging import EXTENSION
from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities
from fieldapp.store.cases import not_found, update_row
from fieldapp.store.store import Changes, Store, new_id

_FILE_COLUMNS = ("sha256", "size", "mime", "width", "height", "taken_at", "gps_lat", "gps_lon", "camera",
                 "orientation", "original_name", "imported_at", "exif_note")
_LINK_COLUMNS = ("id", "sha256", "inspection_id", "case_id", "caption", "place", "photographer", "linked_by",
                 "linked_at", "unlinked_at", "revision", "created_at", "updated_at")


def target(store: Store, inspection_id: str | None, case_id: str | None) -> dict[str, Any]:
    """The record photos go to: exactly one live inspection or case."""
    if (inspection_id is None) == (case_id is None):
        raise FieldappError(Msg("请指定一个检查记录或一个案件（二选一）。",
                                "Give either an inspection or a case (exactly one).", "target_required"))
    if inspection_id is not None:
        row = store.one("SELECT id, place, status FROM inspections WHERE id = ?", (inspection_id,))
        if row is None:
            raise not_found("inspection", inspection_id)
        if row["status"] == "voided":
            raise FieldappError(Msg(f"检查记录 {inspection_id} 已作废，不能再添加照片；请添加到替代它的记录。",
                                    f"Inspection {inspection_id} is void; add photos to the record that supersedes it.",
                                    "target_void"))
        return {"inspection_id": inspection_id, "case_id": None, "place": row["place"] or ""}
    row = store.one("SELECT c.id, i.place FROM cases c LEFT JOIN inspections i ON i.id = c.inspection_id "
                    "WHERE c.id = ?", (case_id,))
    if row is None:
        raise not_found("case", str(case_id))
    # A case opened from a visit was seen at that visit's place; the officer may give another.
    return {"inspection_id": None, "case_id": case_id, "place": row["place"] or ""}


def file_row(store: Store, sha256: str) -> dict[str, Any] | None:
    return store.one("SELECT * FROM evidence_files WHERE sha256 = ?", (sha256,))


def original_of(data_dir: Path, row: dict[str, Any]) -> Path:
    return storage.original_path(data_dir, row["sha256"], EXTENSION.get(row["mime"], "bin"))


def insert_file(ch: Changes, row: dict[str, Any]) -> bool:
    """Record a durable original as evidence; False if it already was."""
    if ch.execute("SELECT 1 FROM evidence_files WHERE sha256 = ?", (row["sha256"],)).fetchone():
        return False
    full = {c: row.get(c) for c in _FILE_COLUMNS}
    full["imported_at"] = ch.ts
    ch.execute(f"INSERT INTO evidence_files({', '.join(_FILE_COLUMNS)}) VALUES ({', '.join('?' * len(full))})",
               tuple(full.values()))
    snap = entities.snapshot(ch.conn, "evidence_file", row["sha256"])
    ch.record("evidence_file", row["sha256"], "import", None, snap)
    return True


def live_link(ch: Changes, sha256: str, tgt: dict[str, Any]) -> str | None:
    column, value = ("inspection_id", tgt["inspection_id"]) if tgt["inspection_id"] else ("case_id", tgt["case_id"])
    found = ch.execute(f"SELECT id FROM evidence_links WHERE sha256 = ? AND {column} = ? AND unlinked_at IS NULL",
                       (sha256, value)).fetchone()
    return str(found[0]) if found else None


def insert_link(ch: Changes, sha256: str, tgt: dict[str, Any], *, caption: str, place: str, photographer: str,
                action: str) -> str:
    row = {"id": new_id(), "sha256": sha256, "inspection_id": tgt["inspection_id"], "case_id": tgt["case_id"],
           "caption": caption, "place": place, "photographer": photographer, "linked_by": ch.actor,
           "linked_at": ch.ts, "unlinked_at": None, "revision": 1, "created_at": ch.ts, "updated_at": ch.ts}
    ch.execute(f"INSERT INTO evidence_links({', '.join(_LINK_COLUMNS)}) VALUES ({', '.join('?' * len(row))})",
               tuple(row[c] for c in _LINK_COLUMNS))
    ch.record("evidence", row["id"], action, None, entities.plain(row))
    return str(row["id"])


def link_existing(store: Store, sha256: str, *, inspection_id: str | None = None, case_id: str | None = None,
                  caption: str = "", place: str | None = None, photographer: str = "",
                  actor: str | None = None) -> str:
    """Link a photo already in the evidence folder to another record (e.g. the case opened from an inspection)."""
    tgt = target(store, inspection_id, case_id)
    if file_row(store, sha256) is None:
        raise FieldappError(Msg(f"证据库中没有照片 {sha256[:12]}…", f"No photo {sha256[:12]}… in the evidence store.",
                                "photo_unknown"))
    with store.change(actor) as ch:
        if live_link(ch, sha256, tgt):
            raise FieldappError(Msg("该照片已在该记录中。", "The photo is already linked to this record.",
                                    "already_linked"))
        return insert_link(ch, sha256, tgt, caption=caption, place=tgt["place"] if place is None else place,
                           photographer=photographer, action="link")


def _select(where: str) -> str:
    return ("SELECT l.id, l.sha256, l.inspection_id, l.case_id, l.caption, l.place, l.photographer, l.linked_by,"
            " l.linked_at, l.unlinked_at, l.revision, f.size, f.mime, f.width, f.height, f.taken_at, f.gps_lat,"
            " f.gps_lon, f.camera, f.orientation, f.original_name, f.exif_note"
            " FROM evidence_links l JOIN evidence_files f ON f.sha256 = l.sha256"
            f" WHERE {where} ORDER BY f.taken_at IS NULL, f.taken_at, l.linked_at, l.id")


def list_evidence(store: Store, *, inspection_id: str | None = None, case_id: str | None = None,
                  include_unlinked: bool = False) -> list[dict[str, Any]]:
    """Photos of one record in a stable order: by time taken, then by time linked."""
    where, params = [], []
    for column, value in (("l.inspection_id", inspection_id), ("l.case_id", case_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    if not where:
        raise FieldappError(Msg("请指定检查记录或案件。", "Give an inspection or a case.", "target_required"))
    clause = "(" + " OR ".join(where) + ")" + ("" if include_unlinked else " AND l.unlinked_at IS NULL")
    rows = store.query(_select(clause), tuple(params))
    for row in rows:
        row["path"] = os.path.abspath(original_of(store.data_dir, row))
        row["thumbnail"] = os.path.abspath(storage.thumb_path(store.data_dir, row["sha256"]))
        row["exif_notes"] = json.loads(row.pop("exif_note") or "[]")
    return rows


def get_link(store: Store, ident: str) -> dict[str, Any]:
    """A link by its id, or an unambiguous start or end of it.

    Ids are UUIDv7, so links made in one import share their first characters
    (the time); people read and type the random end instead.
    """
    ident = ident.strip()
    rows = store.query("SELECT * FROM evidence_links WHERE id = ?", (ident,)) if len(ident) == 36 else []
    if not rows and len(ident) >= 4:
        rows = store.query("SELECT * FROM evidence_links WHERE id LIKE ? OR id LIKE ? LIMIT 2",
                           (ident + "%", "%" + ident))
    if len(rows) != 1:
        raise FieldappError(Msg(f"找不到照片链接 {ident}。", f"No photo link {ident}.", "not_found"))
    return rows[0]


def _live(link: dict[str, Any]) -> None:
    if link["unlinked_at"] is not None:
        raise FieldappError(Msg("该照片已从记录中移除，不能再修改。",
                                "The photo was unlinked; it can no longer change.", "link_unlinked"))


def edit_link(store: Store, link_id: str, *, caption: str | None = None, place: str | None = None,
              photographer: str | None = None, actor: str | None = None) -> dict[str, Any]:
    """Change the officer's description of a linked photo (说明, 地点, 拍摄人); audited."""
    link = get_link(store, link_id)
    _live(link)
    changes = {k: v.strip() for k, v in (("caption", caption), ("place", place), ("photographer", photographer))
               if v is not None and v.strip() != link[k]}
    if not changes:
        return entities.plain(link)
    with store.change(actor) as ch:
        return update_row(ch, "evidence", link["id"], "caption" if set(changes) == {"caption"} else "edit", **changes)


def unlink(store: Store, link_id: str, *, reason: str = "", actor: str | None = None) -> dict[str, Any]:
    """Take a photo off a record. The original and the history stay; only the link ends."""
    link = get_link(store, link_id)
    _live(link)
    action = "unlink" + (f": {reason.strip()}" if reason.strip() else "")
    with store.change(actor) as ch:
        return update_row(ch, "evidence", link["id"], action, unlinked_at=ch.ts)


def issued_citations(store: Store, sha256: str) -> list[str]:
    """Issued (or voided: they stay on file) documents of any record the photo was linked to, or naming it."""
    rows = store.query(
        "SELECT DISTINCT COALESCE(d.number, d.id) AS ref FROM documents d WHERE d.status != 'draft' AND ("
        " d.inspection_id IN (SELECT inspection_id FROM evidence_links WHERE sha256 = ?)"
        " OR d.case_id IN (SELECT case_id FROM evidence_links WHERE sha256 = ?)"
        " OR instr(d.content, ?) > 0) ORDER BY ref", (sha256, sha256, sha256))
    return [str(r["ref"]) for r in rows]


def purge(store: Store, sha256: str, *, reason: str, actor: str | None = None) -> None:
    """Delete a photo imported by mistake: only when no record holds it and no issued document cites it."""
    if not reason.strip():
        raise FieldappError(Msg("删除证据照片须写明理由。", "Deleting an evidence photo needs a reason.",
                                "reason_missing"))
    # Under the import lock, so an import cannot re-add these bytes while they are being removed.
    with storage.ImportLock(store.data_dir):
        _purge(store, sha256, reason.strip(), actor)


def _purge(store: Store, sha256: str, reason: str, actor: str | None) -> None:
    row = file_row(store, sha256)
    if row is None:
        raise FieldappError(Msg(f"证据库中没有照片 {sha256[:12]}…", f"No photo {sha256[:12]}… in the evidence store.",
                                "photo_unknown"))
    links = store.query("SELECT * FROM evidence_links WHERE sha256 = ?", (sha256,))
    if any(link["unlinked_at"] is None for link in links):
        raise FieldappError(Msg("该照片仍在记录中，须先移除链接才能删除。",
                                "The photo is still linked to a record; unlink it first.", "photo_linked"))
    cited = issued_citations(store, sha256)
    if cited:
        raise FieldappError(Msg(
            f"该照片关联的记录已出具文书（{'、'.join(cited)}），原件须永久保存，不能删除。",
            f"The photo belongs to records with issued documents ({', '.join(cited)}); the original is kept "
            "forever and cannot be deleted.", "photo_cited", {"documents": cited}))
    with store.change(actor) as ch:
        for link in links:
            ch.execute("DELETE FROM evidence_links WHERE id = ?", (link["id"],))
            ch.record("evidence", link["id"], f"purge: {reason}", entities.plain(link), None,
                      int(link["revision"]) + 1)
        ch.execute("DELETE FROM evidence_files WHERE sha256 = ?", (sha256,))
        ch.record("evidence_file", sha256, f"purge: {reason}", entities.plain(row), None)
    # After the commit: a crash here leaves files without a row, which are not evidence.
    for path in (original_of(store.data_dir, row), storage.thumb_path(store.data_dir, sha256),
                 storage.display_path(store.data_dir, sha256)):
        path.unlink(missing_ok=True)
