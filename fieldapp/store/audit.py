"""Verifying the audit chain (执法全过程记录) and the records it covers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from fieldapp.messages import Msg
from fieldapp.store.entities import ENTITIES, all_snapshots
from fieldapp.store.store import GENESIS, Store, canonical, entry_hash


@dataclass
class AuditReport:
    ok: bool
    entries: int
    head: str
    problems: list[Msg] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "entries": self.entries, "head": self.head,
                "problems": [p.as_dict() for p in self.problems]}


def _problem(code: str, zh: str, en: str, **data: Any) -> Msg:
    return Msg(zh, en, code, data)


def verify_chain(store: Store, max_problems: int = 20) -> AuditReport:
    """Walk the chain; then check every audited row still matches its last entry."""
    problems: list[Msg] = []
    prev = GENESIS
    expected_seq = 1
    count = 0
    latest: dict[tuple[str, str], str | None] = {}
    with store.lock:
        cursor = store.conn.execute(
            "SELECT seq, ts, device_id, officer_id, entity, entity_id, action, before, after, prev_hash, hash"
            " FROM audit_log ORDER BY seq")
        for row in cursor:
            count += 1
            seq = int(row[0])
            if seq != expected_seq:
                problems.append(_problem(
                    "audit_gap", f"审计记录第 {expected_seq} 条缺失或顺序被改动（下一条为第 {seq} 条）。",
                    f"Audit entry {expected_seq} is missing or entries were reordered (next found: {seq}).",
                    seq=expected_seq))
                break
            if row[9] != prev:
                problems.append(_problem(
                    "audit_link", f"审计记录第 {seq} 条与前一条的链接不符：其前一条被改动、删除或调换。",
                    f"Audit entry {seq} does not link to the previous entry: that entry was altered, deleted or reordered.",
                    seq=seq))
                break
            if entry_hash(list(row[:10])) != row[10]:
                problems.append(_problem(
                    "audit_altered", f"审计记录第 {seq} 条的内容被改动。",
                    f"Audit entry {seq} was altered.", seq=seq))
                break
            prev = row[10]
            expected_seq += 1
            latest[(row[4], row[5])] = row[8]
        head_seq = store.meta("audit_head_seq")
        head_hash = store.meta("audit_head_hash")
        # The county already holds the chain this far: a shorter local chain lost its end, even
        # if the head in meta was rewritten to match (the server's copy is the proof).
        acked = [int(store.meta("sync_chain_seq") or 0)]
        row = store.conn.execute("SELECT max(last_seq) FROM sync_batches WHERE status = 'acked'").fetchone()
        acked.append(int(row[0] or 0) if row else 0)
    if not problems and max(acked) > count:
        problems.append(_problem(
            "audit_truncated", f"审计链末尾被截断：县级服务器已确认收到 {max(acked)} 条，本机只有 {count} 条。",
            f"The audit chain was cut from the end: the county acknowledged {max(acked)} entries, {count} are here.",
            expected=max(acked), found=count))
    if not problems and head_seq is not None and (int(head_seq) != count or head_hash != prev):
        problems.append(_problem(
            "audit_truncated", f"审计链末尾被截断：应有 {head_seq} 条，实有 {count} 条。",
            f"The audit chain was cut from the end: {head_seq} entries expected, {count} found.",
            expected=int(head_seq), found=count))
    if not problems:
        problems.extend(_check_records(store, latest, max_problems))
    return AuditReport(not problems, count, prev, problems[:max_problems])


def _legacy_transitions(store: Store) -> set[str]:
    """Case steps recorded before they were audited (schema 6), which carry no entry of their own."""
    row = store.conn.execute("SELECT value FROM meta WHERE key = 'case_transitions_unaudited_upto'").fetchone()
    if row is None or not int(row[0] or 0):
        return set()
    return {r[0] for r in store.conn.execute("SELECT id FROM case_transitions WHERE rowid <= ?", (int(row[0]),))}


def _check_records(store: Store, latest: dict[tuple[str, str], str | None], limit: int) -> list[Msg]:
    problems: list[Msg] = []
    with store.lock:
        legacy = _legacy_transitions(store)
        for entity in ENTITIES:
            seen: set[str] = set()
            for entity_id, snap in all_snapshots(store.conn, entity):
                seen.add(entity_id)
                if entity == "case_transition" and entity_id in legacy and (entity, entity_id) not in latest:
                    continue
                if (entity, entity_id) not in latest:
                    problems.append(_problem(
                        "record_unaudited", f"{entity} {entity_id} 没有审计记录：它是绕过本程序写入的。",
                        f"{entity} {entity_id} has no audit entry: it was written behind the app's back.",
                        entity=entity, id=entity_id))
                elif (recorded := latest[(entity, entity_id)]) is None or (
                        canonical(snap) != canonical(json.loads(recorded))):
                    problems.append(_problem(
                        "record_altered", f"{entity} {entity_id} 与其最后一条审计记录不一致：记录被私自改动。",
                        f"{entity} {entity_id} differs from its last audit entry: the record was edited by hand.",
                        entity=entity, id=entity_id))
                if len(problems) >= limit:
                    return problems
            for (kind, entity_id), recorded in latest.items():
                if kind == entity and recorded is not None and entity_id not in seen:
                    problems.append(_problem(
                        "record_deleted", f"{entity} {entity_id} 已被删除，但审计记录中仍存在。",
                        f"{entity} {entity_id} was deleted although the audit log still holds it.",
                        entity=entity, id=entity_id))
                    if len(problems) >= limit:
                        return problems
    return problems
