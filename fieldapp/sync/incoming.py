"""Applying what the laptop pulled: records, reference files, leases, revocations, certificates.

Pulled records go through `Store.change` (action `pull`), so the laptop's
audit chain says when the county changed a record; their outbox rows are
marked acknowledged at once (they came from the server). Each item runs in
its own savepoint: one that cannot be applied waits in `sync_inbox` and
never blocks the rest (docs/sync-protocol.md §8).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from fieldapp.keys import DeviceCert, DeviceKeys
from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities, numbers
from fieldapp.store.parties import grams
from fieldapp.store.store import Changes, Store, canonical
from fieldapp.sync.protocol import PULLED

# entity -> (table, {payload list key: (child table, parent column)})
TABLES: dict[str, tuple[str, dict[str, tuple[str, str]]]] = {
    "officer": ("officers", {}),
    "party": ("parties", {}),
    "complaint": ("complaints", {}),
    "inspection": ("inspections", {"officers": ("inspection_officers", "inspection_id"),
                                   "matters": ("inspection_matters", "inspection_id")}),
    "case": ("cases", {"matters": ("case_matters", "case_id"), "officers": ("case_officers", "case_id")}),
    "document": ("documents", {}),
    "roster_entry": ("roster_entries", {}),
    "plan": ("plans", {}),
    "draw": ("draws", {}),
    "joint_action": ("joint_actions", {}),
    "published_list": ("published_lists", {}),
    "attendance": ("attendance", {}),
    "rating": ("ratings", {}),
}
UNUSABLE_PASSWORD = "!pulled"  # an officer pulled from the county signs in on their own laptop, not here


def _columns(ch: Changes, table: str) -> list[str]:
    return [r[1] for r in ch.execute(f"PRAGMA table_info({table})").fetchall()]


def _value(v: Any) -> Any:
    return json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v


def _write(ch: Changes, entity: str, payload: dict[str, Any], local: dict[str, Any] | None) -> None:
    table, children = TABLES[entity]
    cols = [c for c in _columns(ch, table) if c in payload or c == "password_hash"]
    row = {c: _value(payload.get(c)) for c in cols}
    if entity == "document":
        # Stored as canonical JSON, as written by its laptop: the immutability
        # trigger compares the text, and an issued copy must match it exactly.
        row["content"] = canonical(payload.get("content") or {})
        if local is not None:
            cols = [c for c in cols if canonical(local.get(c)) != canonical(payload.get(c)) or c == "id"]
    if entity == "officer":
        old = ch.execute("SELECT password_hash FROM officers WHERE id = ?", (payload["id"],)).fetchone()
        row["password_hash"] = old[0] if old else UNUSABLE_PASSWORD
    if local is None:
        cursor = ch.execute(f"INSERT INTO {table}({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)})", row)
        if entity == "party":
            ch.execute("INSERT INTO parties_fts(rowid, grams) VALUES (?, ?)", (cursor.lastrowid, grams(row["name"])))
        _write_children(ch, children, payload, local)
    else:
        # Children first: a planned inspection that came back final must get its findings
        # while the local row is still planned; once final, its children are immutable.
        _write_children(ch, children, payload, local)
        sets = ", ".join(f"{c} = :{c}" for c in cols if c != "id")
        ch.execute(f"UPDATE {table} SET {sets} WHERE id = :id", row)
        if entity == "party" and local.get("name") != row.get("name"):
            rowid = ch.execute("SELECT rowid FROM parties WHERE id = ?", (row["id"],)).fetchone()[0]
            ch.execute("UPDATE parties_fts SET grams = ? WHERE rowid = ?", (grams(row["name"]), rowid))


def _write_children(ch: Changes, children: dict[str, tuple[str, str]], payload: dict[str, Any],
                    local: dict[str, Any] | None) -> None:
    for key, (child, parent_col) in children.items():
        wanted = payload.get(key)
        if not isinstance(wanted, list) or (local is not None and canonical(local.get(key)) == canonical(wanted)):
            continue
        ch.execute(f"DELETE FROM {child} WHERE {parent_col} = ?", (payload["id"],))
        for item in wanted:
            item = {**item, parent_col: payload["id"]}
            ch.execute(f"INSERT INTO {child}({', '.join(item)}) VALUES ({', '.join(':' + k for k in item)})", item)


def apply_records(store: Store, items: list[dict[str, Any]]) -> dict[str, int]:
    """Apply pulled records (and retry the inbox) in one transaction, item by item."""
    counts = {"applied": 0, "skipped": 0, "conflict": 0, "waiting": 0}
    waiting = [{"entity": r["entity"], "id": r["entity_id"], "revision": r["revision"], "payload": json.loads(r["payload"])}
               for r in store.query("SELECT * FROM sync_inbox ORDER BY id")]
    order = {e: i for i, e in enumerate(PULLED)}
    todo = sorted([*waiting, *items], key=lambda it: (order.get(it["entity"], 99), it.get("feed_seq", 0)))
    with store.change("sync") as ch:
        start = ch.seq
        for item in todo:
            counts[_apply_one(ch, item)] += 1
        ch.flush()
        ch.execute("UPDATE outbox SET status = 'acked', acked_at = ?, reason = 'pulled from the county server'"
                   " WHERE op = 'pull' AND status = 'pending' AND audit_seq > ?", (ch.ts, start))
    return counts


def _apply_one(ch: Changes, item: dict[str, Any]) -> str:
    entity, rid, revision, payload = item["entity"], str(item["id"]), int(item["revision"]), item["payload"]
    if entity not in TABLES or payload.get("id") != rid:
        return "skipped"
    if entity == "document" and _township_laptop(ch):
        return "skipped"  # documents stay on their township's laptop; only the county keeps copies
    local = entities.snapshot(ch.conn, entity, rid)
    if local is not None and int(local.get("revision", 0)) >= revision:
        ch.execute("DELETE FROM sync_inbox WHERE entity = ? AND entity_id = ?", (entity, rid))
        return "skipped"
    if ch.execute("SELECT 1 FROM outbox WHERE entity = ? AND entity_id = ? AND status IN ('pending', 'sent') LIMIT 1",
                  (entity, rid)).fetchone():
        _side_by_side(ch, entity, rid, local, revision, payload, "local change not yet acknowledged")
        return "conflict"
    if entity == "officer" and (twin := _cert_twin(ch, rid, payload)) is not None:
        # The same certificate under another id: one person entered twice (on two laptops) or a typo. The
        # UNIQUE cert_no would refuse it on every pull, so it is kept side by side for the county to merge.
        cert = payload.get("cert_no")
        msg = Msg(f"县局下发的执法人员“{payload.get('name')}”（执法证号 {cert}）与本机的执法人员“{twin[1]}”证号相同，"
                  "但不是同一条记录：两份都已保留，待县局核对合并。",
                  f"The officer '{payload.get('name')}' sent by the county has the same certificate number ({cert}) as "
                  f"this laptop's officer '{twin[1]}' but is a different record: both are kept for the county to merge.",
                  "officer_cert_duplicate", {"cert_no": cert, "local_id": twin[0]})
        _side_by_side(ch, entity, rid, local, revision, payload, canonical(msg.as_dict()))
        ch.execute("DELETE FROM sync_inbox WHERE entity = ? AND entity_id = ?", (entity, rid))
        return "conflict"
    ch.execute("SAVEPOINT pull_item")
    try:
        _write(ch, entity, payload, local)
        after = entities.snapshot(ch.conn, entity, rid)
    except sqlite3.Error as exc:
        ch.execute("ROLLBACK TO pull_item")
        ch.execute("RELEASE pull_item")
        ch.execute("INSERT INTO sync_inbox(entity, entity_id, revision, payload, reason, received_at) VALUES"
                   " (?,?,?,?,?,?) ON CONFLICT(entity, entity_id) DO UPDATE SET revision = excluded.revision,"
                   " payload = excluded.payload, reason = excluded.reason, tries = tries + 1",
                   (entity, rid, revision, canonical(payload), str(exc)[:500], ch.ts))
        return "waiting"
    ch.execute("RELEASE pull_item")
    ch.record(entity, rid, "pull", local, after, revision)
    ch.execute("DELETE FROM sync_inbox WHERE entity = ? AND entity_id = ?", (entity, rid))
    return "applied"


def _cert_twin(ch: Changes, rid: str, payload: dict[str, Any]) -> tuple[str, str] | None:
    row = ch.execute("SELECT id, name FROM officers WHERE cert_no = ? AND id != ?", (payload.get("cert_no"), rid)).fetchone()
    return (str(row[0]), str(row[1])) if row is not None else None


def _side_by_side(ch: Changes, entity: str, rid: str, local: dict[str, Any] | None, revision: int,
                  payload: dict[str, Any], reason: str) -> None:
    """Keep the server's version beside the local one in `sync_conflicts`: one open row per record and reason,
    brought up to the latest version, so a conflict pulled again does not pile up."""
    local_revision = local.get("revision") if local else None
    open_row = ch.execute("SELECT id FROM sync_conflicts WHERE entity = ? AND entity_id = ? AND source = 'pull'"
                          " AND reason = ? AND resolved_at IS NULL", (entity, rid, reason)).fetchone()
    if open_row is not None:
        ch.execute("UPDATE sync_conflicts SET local_revision = ?, server_revision = ?, payload = ? WHERE id = ?",
                   (local_revision, revision, canonical(payload), open_row[0]))
        return
    ch.execute("INSERT INTO sync_conflicts(entity, entity_id, source, local_revision, server_revision, payload,"
               " reason, detected_at) VALUES (?,?,?,?,?,?,?,?)",
               (entity, rid, "pull", local_revision, revision, canonical(payload), reason, ch.ts))


def waiting_notes(store: Store, limit: int = 20) -> list[Msg]:
    """One warning per pulled item still waiting in `sync_inbox`, with the reason it could not be applied."""
    rows = store.query("SELECT entity, entity_id, reason, tries FROM sync_inbox ORDER BY id LIMIT ?", (limit,))
    notes = [Msg(f"县局下发的{r['entity']} {r['entity_id']} 暂时无法应用（{r['reason']}），留在收件箱，每次同步重试"
                 f"（已试 {r['tries']} 次）。",
                 f"The {r['entity']} {r['entity_id']} sent by the county cannot be applied yet ({r['reason']}); it waits "
                 f"in the inbox and is retried on every sync ({r['tries']} tries so far).", "pull_waiting",
                 {"entity": r["entity"], "id": r["entity_id"], "reason": r["reason"], "tries": r["tries"]})
             for r in rows]
    total = store.one("SELECT count(*) AS n FROM sync_inbox")
    more = int(total["n"]) - len(rows) if total else 0
    if more > 0:
        notes.append(Msg(f"收件箱中另有 {more} 项等待应用。", f"{more} more items wait in the inbox.", "pull_waiting",
                         {"more": more}))
    return notes


def _township_laptop(ch: Changes) -> bool:
    row = ch.execute("SELECT value FROM meta WHERE key = 'township'").fetchone()
    return row is not None and bool(row[0])


def apply_leases(store: Store, leases: list[dict[str, Any]]) -> int:
    added = 0
    for lease in leases:
        source = f"county:{lease['id']}"
        if store.one("SELECT 1 FROM number_blocks WHERE source = ?", (source,)):
            continue
        numbers.add_block(store, subject_key=lease["subject_key"], doc_type=lease["doc_code"], year=int(lease["year"]),
                          first=int(lease["first"]), last=int(lease["last"]), source=source, actor="sync")
        added += 1
    return added


def apply_reference(store: Store, items: list[dict[str, Any]]) -> list[Msg]:
    """New jurisdiction / catalogue files: checked by loading them before they replace the old ones."""
    from fieldapp.catalogue import load_catalogue
    from fieldapp.jurisdiction import load_jurisdiction
    from fieldapp.workspace import REFERENCE_DIR, load_reference

    ref = store.data_dir / REFERENCE_DIR
    ref.mkdir(parents=True, exist_ok=True)
    warnings: list[Msg] = []
    changed = False
    for item in items:
        name = {"jurisdiction": "jurisdiction.toml", "catalogue": "catalogue.toml"}.get(item.get("kind", ""))
        if name is None:
            continue
        target = ref / name
        text = str(item["text"])
        if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == item.get("sha256"):
            continue
        tmp = target.with_suffix(".pulled.toml")
        tmp.write_text(text, "utf-8")
        try:
            (load_jurisdiction if name.startswith("jur") else load_catalogue)(tmp)
        except FieldappError as exc:
            tmp.unlink(missing_ok=True)
            warnings.append(Msg(f"县局下发的{name}无法使用，继续用原文件：{exc.msg.zh}",
                                f"The {name} sent by the county cannot be used; keeping the old one: {exc.msg.en}",
                                "reference_invalid"))
            continue
        os.replace(tmp, target)
        changed = True
    if changed and (ref / "jurisdiction.toml").exists() and (ref / "catalogue.toml").exists():
        load_reference(store, load_jurisdiction(ref / "jurisdiction.toml"), load_catalogue(ref / "catalogue.toml"))
    return warnings


def apply_trust(data_dir: Path, revoked: list[str], certs: list[dict[str, Any]],
                revocations: dict[str, str] | None = None) -> None:
    """Revoked keys with their time when the server sends it (`revocations`), else bare ids."""
    keys = DeviceKeys(data_dir)
    wanted: dict[str, str | None] = {k: None for k in revoked} | dict(revocations or {})
    known = keys.revoked()
    if {k: wanted[k] or known.get(k) for k in wanted} != known:
        keys.save_revoked(wanted)
    if certs:
        try:
            from fieldapp.forms.trust import remember_cert
        except ImportError:
            return
        for cert in certs:
            remember_cert(data_dir, DeviceCert.from_dict(cert))
