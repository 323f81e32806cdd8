"""Blob bookkeeping: which photos the server lacks, and what a finished upload completes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from fieldapp.store.store import now_iso
from fieldapp.sync.protocol import is_blob_name, refuse
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server


def missing(server: Server, items: Any, kid: str | None) -> dict[str, Any]:
    """The listed blobs the server does not hold, with the offset of any partial upload."""
    if not isinstance(items, list) or len(items) > 20_000:
        raise refuse(400, "bad_request", "照片清单格式错误。", "Malformed blob list.")
    wanted: dict[str, int] = {}
    for item in items:
        sha, size = (item.get("sha256"), item.get("size")) if isinstance(item, dict) else (None, None)
        if not isinstance(sha, str) or not is_blob_name(sha) or not isinstance(size, int) or size < 0:
            raise refuse(400, "bad_blob_name", "照片名称无效（应为 64 位十六进制 SHA-256）。",
                         "Invalid blob name (must be a 64-character hex SHA-256).")
        if size > server.limits.max_blob:
            raise refuse(413, "too_large", f"照片过大（{size} 字节）。", f"Blob too large ({size} bytes).")
        wanted[sha] = size
    held: set[str] = set()
    keys = sorted(wanted)
    with server.db.read() as conn:
        for clause in server.db.where_in(t.blobs.c.sha256, keys):
            held |= set(conn.execute(select(t.blobs.c.sha256).where(clause)).scalars())
    out = []
    lacking = [sha for sha in keys if sha not in held]
    on_disk = server.blobs.held(lacking)
    partial = server.blobs.offsets() if lacking else {}
    for sha in lacking:
        if sha in on_disk and server.blobs.verify_file(server.blobs.path(sha), sha):
            complete(server, sha, wanted[sha], kid)  # the file landed but its row did not (killed in between)
            continue
        out.append({"sha256": sha, "size": wanted[sha], "offset": min(partial.get(sha, 0), wanted[sha])})
    return {"missing": out}


def complete(server: Server, sha: str, size: int, kid: str | None) -> None:
    """Record a stored blob and tell every record waiting for it."""
    with server.db.write() as conn:
        added = conn.execute(server.db.insert(t.blobs).values(sha256=sha, size=size, stored_at=now_iso(), key_id=kid)
                             .on_conflict_do_nothing()).rowcount
        if added:
            waiting = select(t.record_blobs.c.rkey).where(t.record_blobs.c.sha256 == sha)
            conn.execute(update(t.records).where(t.records.c.rkey.in_(waiting), t.records.c.missing > 0)
                         .values(missing=t.records.c.missing - 1))
