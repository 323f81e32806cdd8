"""The laptop's side of pushing: chain segments, stored batches, photos, and the server's answers.

Pure local work on the store; no network. Batches are built once and kept
(`sync_batches`), so a resend after a cut is byte-for-byte the same batch
under the same id, and the server can acknowledge it without applying it
twice (docs/sync-protocol.md §6).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldapp.keys import b64
from fieldapp.messages import Msg
from fieldapp.store.store import Store, canonical, new_id
from fieldapp.sync import protocol as p

Signer = Callable[[bytes], bytes]


@dataclass(frozen=True)
class Identity:
    device_id: str
    key_id: str
    sign: Signer


def head(store: Store) -> dict[str, Any]:
    seq = store.meta("audit_head_seq")
    return {"seq": int(seq or 0), "hash": store.meta("audit_head_hash") or p.GENESIS}


def signed(doc: dict[str, Any], me: Identity) -> tuple[bytes, str]:
    data = p.pack(doc)
    return data, b64(me.sign(p.payload_string(data)))


@dataclass
class ReadPhotos:
    """The photos named by the audit entries a chain upload read (those after `start`, up to `end`): building the
    batches then need not read those after-images out of the store again (a tenth of a sync's packing)."""

    start: int
    end: int = 0
    named: dict[int, list[str]] = field(default_factory=dict)

    def of(self, audit_seq: int) -> list[str] | None:
        """The photos entry `audit_seq` names; None if it was not read."""
        return self.named.get(audit_seq, []) if self.start < audit_seq <= self.end else None


def chain_segments(store: Store, me: Identity, after_seq: int, max_entries: int = 2000,
                   max_bytes: int = p.SEGMENT_BYTES, first_entries: int = 250,
                   read: ReadPhotos | None = None) -> Iterator[tuple[bytes, str, int]]:
    """Audit entries after `after_seq`, as signed segments: (bytes, signature, last seq). The first segments are
    small and grow twofold, so the server starts checking while the next, larger ones are packed. `read` (its
    `start` = `after_seq`) notes the photos the entries name as they are read."""
    top = head(store)
    seq = after_seq
    limit = min(first_entries, max_entries)
    while seq < top["seq"]:
        rows = [list(r) for r in store.database.read(
            "SELECT seq, ts, device_id, officer_id, entity, entity_id, action, before, after, prev_hash, hash"
            " FROM audit_log WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?", (seq, top["seq"], limit))]
        limit = min(2 * limit, max_entries)
        if not rows:
            return
        size, cut = 0, len(rows)
        for i, row in enumerate(rows):
            size += len(row[7] or "") + len(row[8] or "") + 300  # the images, and the ids, hashes and time around them
            if size > max_bytes and i > 0:
                cut = i
                break
        rows = rows[:cut]
        if read is not None:
            for row in rows:
                if names := p.blobs_in_text(row[4], row[8]):
                    read.named[row[0]] = names
            read.end = int(rows[-1][0])
        doc = {"v": p.PROTOCOL, "kind": "chain", "device_id": me.device_id, "key_id": me.key_id, "head": top,
               "entries": rows}
        data, sig = signed(doc, me)
        seq = int(rows[-1][0])
        yield data, sig, seq


# Only these after-images can name a photo (`protocol.blobs_in_text`): the others are not read out of SQLite at all.
_MAY_NAME_BLOBS = "({entity} = 'evidence' OR instr(a.after, '\"blobs\"') > 0 OR instr(a.after, '\"photos\"') > 0)"


class _Raced(Exception):
    """Outbox rows frozen by someone else between reading and writing a batch: read them again."""


def build_batches(store: Store, me: Identity, max_records: int = 1000, photos: set[str] | None = None,
                  read: ReadPhotos | None = None) -> list[str]:
    """Freeze every pending outbox row into stored, signed batches; returns the new batch ids, and adds to
    `photos` the photos their records name (for `blobs_needed`, which then need not read them again). `read`:
    the photos named by audit entries the chain upload has just read.

    The batches are read and packed (JSON, zstd, signature) outside the store's lock, then all written in one
    transaction that takes their rows only if all are still pending (one sync to disk, not one a batch): the
    sync's other thread, reading and sending the audit chain meanwhile, is never made to wait for the packing."""
    while True:
        packed: list[tuple[str, str, bytes, str, list[dict[str, Any]]]] = []
        after = 0
        while rows := store.database.read("SELECT seq, entity, entity_id, revision, op, audit_seq FROM outbox"
                                          " WHERE status = 'pending' AND seq > ? ORDER BY seq LIMIT ?",
                                          (after, max_records)):
            records = []
            unread: list[int] = []
            for seq, entity, entity_id, revision, op, audit_seq in rows:
                audit_seq = int(audit_seq or 0)
                blobs = read.of(audit_seq) if read else None
                if blobs is None:
                    unread.append(audit_seq)
                records.append({"seq": int(seq), "entity": entity, "id": entity_id, "revision": int(revision),
                                "base_revision": 0 if entity == "number_block" else int(revision) - 1,
                                "op": op, "audit_seq": audit_seq, "blobs": blobs})
            named = _photos_named(store, unread) if unread else {}
            for rec in records:
                if rec["blobs"] is None:
                    rec["blobs"] = named.get(rec["audit_seq"], [])
            batch_id, created_at = new_id(), store.clock()
            doc = {"v": p.PROTOCOL, "kind": "batch", "batch_id": batch_id, "device_id": me.device_id,
                   "key_id": me.key_id, "created_at": created_at, "head": head(store), "records": records}
            data, sig = signed(doc, me)
            packed.append((batch_id, created_at, data, sig, records))
            after = records[-1]["seq"]
        if not packed:
            return []
        try:
            with store.database.write() as conn:
                for batch_id, created_at, data, sig, records in packed:
                    # Outbox numbers only grow, so rows added meanwhile fall after these ranges; fewer rows moved
                    # than read means another writer took some first (or the pull acknowledged them): build again.
                    moved = conn.execute("UPDATE outbox SET status = 'sent', batch_id = ? WHERE status = 'pending'"
                                         " AND seq BETWEEN ? AND ?",
                                         (batch_id, records[0]["seq"], records[-1]["seq"])).rowcount
                    if moved != len(records):
                        raise _Raced
                    conn.execute("INSERT INTO sync_batches(batch_id, created_at, body, sig, first_seq, last_seq,"
                                 " records) VALUES (?,?,?,?,?,?,?)", (batch_id, created_at, data, sig,
                                                                      records[0]["seq"], records[-1]["seq"],
                                                                      len(records)))
        except _Raced:
            continue
        if photos is not None:
            photos.update(b for *_, records in packed for r in records for b in r["blobs"])
        return [b[0] for b in packed]


def _photos_named(store: Store, audit_seqs: list[int]) -> dict[int, list[str]]:
    """audit seq -> the photos its after-image names; an after-image that cannot name one is not read out of
    SQLite at all."""
    found: dict[int, list[str]] = {}
    seqs = sorted(set(audit_seqs))
    for i in range(0, len(seqs), 900):
        part = seqs[i:i + 900]
        for r in store.database.read(
                f"SELECT a.seq, a.entity, a.after FROM audit_log a WHERE a.seq IN ({','.join('?' * len(part))})"
                f" AND {_MAY_NAME_BLOBS.format(entity='a.entity')}", tuple(part)):
            if names := p.blobs_in_text(str(r["entity"]), r["after"]):
                found[int(r["seq"])] = names
    return found


def unacked(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT batch_id, body, sig, records FROM sync_batches WHERE status = 'sent'"
                       " ORDER BY first_seq")


def apply_result(store: Store, result: dict[str, Any], via: str = "net", notes: list[Msg] | None = None
                 ) -> dict[str, int]:
    """The server's answer to one batch, into the outbox, in one transaction.

    Conflicts go to `sync_conflicts` (what the sync panel lists); a number-block overlap is also added to
    `notes`, because two documents may carry the same number until the county sorts it out."""
    batch_id = str(result["batch_id"])
    counts: dict[str, int] = {}
    ts = store.clock()
    with store.database.write() as conn:
        state = conn.execute("SELECT status FROM sync_batches WHERE batch_id = ?", (batch_id,)).fetchone()
        if state is None or state[0] == "acked":
            return counts
        acked, quarantined, conflicts = [], [], []
        for answer in result.get("records", []):
            outcome = answer.get("outcome")
            counts[outcome] = counts.get(outcome, 0) + 1
            seq = int(answer["seq"])
            if outcome == "rejected":
                quarantined.append((canonical(answer.get("reason")), seq, batch_id))
            else:
                acked.append((ts, seq, batch_id))
            if outcome == "conflict":
                conflicts.append((seq, answer))
                reason = answer.get("reason") or {}
                if notes is not None and isinstance(reason, dict) and reason.get("code") == "number_overlap":
                    notes.append(Msg(str(reason.get("zh", "")), str(reason.get("en", "")), "number_overlap",
                                     dict(reason.get("data") or {})))
        conn.executemany("UPDATE outbox SET status = 'acked', acked_at = ? WHERE seq = ? AND batch_id = ?", acked)
        conn.executemany("UPDATE outbox SET status = 'quarantined', reason = ? WHERE seq = ? AND batch_id = ?",
                         quarantined)
        for seq, answer in conflicts:
            row = conn.execute("SELECT entity, entity_id, revision FROM outbox WHERE seq = ?", (seq,)).fetchone()
            if row:
                conn.execute("INSERT INTO sync_conflicts(entity, entity_id, source, local_revision, server_revision,"
                             " reason, detected_at) VALUES (?,?,?,?,?,?,?)",
                             (row[0], row[1], "push", row[2], answer.get("server_revision"),
                              canonical(answer.get("reason")), ts))
        conn.execute("UPDATE sync_batches SET status = 'acked', acked_at = ?, body = NULL, via = ?, result = ?"
                     " WHERE batch_id = ?", (ts, via, canonical(result.get("counts", counts)), batch_id))
    return counts


# -- photos ------------------------------------------------------------------
def blob_path(store: Store, sha: str) -> Path | None:
    """Where the original of a photo is on this laptop (fieldapp.evidence's layout, then the bare contract)."""
    found = blob_files(store, [sha]).get(sha)
    return found[0] if found else None


def blob_files(store: Store, shas: list[str]) -> dict[str, tuple[Path, int] | None]:
    """`blob_path` and the file's size for many photos: one query per 900 of them, one stat per file."""
    data_dir = store.data_dir
    rows: dict[str, dict[str, Any]] = {}
    for i in range(0, len(shas), 900):
        part = shas[i:i + 900]
        rows.update((str(r["sha256"]), dict(r)) for r in store.database.read(
            f"SELECT * FROM evidence_files WHERE sha256 IN ({','.join('?' * len(part))})", tuple(part)))
    try:
        from fieldapp.evidence.records import original_of
    except ImportError:
        original_of = None  # type: ignore[assignment]

    def places(sha: str) -> Iterator[Path]:  # lazily: the first one is almost always it (pathlib is not cheap)
        if sha in rows and original_of is not None:
            yield Path(original_of(data_dir, rows[sha]))
        folder = data_dir / "evidence" / "originals" / sha[:2]
        if folder.is_dir():
            yield from sorted(folder.glob(f"{sha}.*"))[:1]
        yield data_dir / "evidence" / sha[:2] / sha

    return {sha: _first_file(places(sha)) for sha in shas}


def _first_file(candidates: Iterable[Path]) -> tuple[Path, int] | None:
    for path in candidates:
        try:
            return path, path.stat().st_size
        except OSError:
            continue
    return None


def blobs_needed(store: Store, built: list[str] | None = None, named: set[str] | None = None) -> list[str]:
    """Photos the server has not confirmed holding: those of records not yet acknowledged, and those of
    acknowledged evidence records too. A record whose original was missing at push time went up incomplete;
    once the original is back, this is what sends it (docs/sync-protocol.md §7).

    `built` and `named`: batches `build_batches` just made and the photos it found in them; their records'
    after-images are not read a second time (reading every after-image is most of the cost here)."""
    rows = store.database.read("SELECT o.entity, a.after FROM outbox o JOIN audit_log a ON a.seq = o.audit_seq"
                               " WHERE o.status IN ('pending', 'sent') AND (o.batch_id IS NULL OR o.batch_id NOT IN"
                               f" (SELECT value FROM json_each(?))) AND {_MAY_NAME_BLOBS.format(entity='o.entity')}",
                               (json.dumps(built or []),))
    wanted = {s for r in rows for s in p.blobs_in_text(r["entity"], r["after"])} | (named or set())
    listed = sorted(wanted)
    for i in range(0, len(listed), 900):  # (a laptop in step has nothing pending: no reading of every confirmed photo)
        part = listed[i:i + 900]
        wanted -= {r[0] for r in store.database.read(
            f"SELECT sha256 FROM sync_blobs WHERE sha256 IN ({','.join('?' * len(part))})", tuple(part))}
    # Every evidence link names its photo; once confirmed a photo leaves this list for good, so a laptop that
    # is in step costs one indexed anti-join here and no request.
    wanted |= {r[0] for r in store.database.read(
        "SELECT DISTINCT l.sha256 FROM evidence_links l WHERE NOT EXISTS"
        " (SELECT 1 FROM sync_blobs b WHERE b.sha256 = l.sha256)")}
    return sorted(s for s in wanted if p.is_blob_name(s))


def recorded_size(store: Store, sha: str) -> int | None:
    """The size this laptop recorded for a photo when it was imported (None if it has no file record)."""
    row = store.one("SELECT size FROM evidence_files WHERE sha256 = ?", (sha,))
    return int(row["size"]) if row is not None and row["size"] is not None else None


def confirm_blobs(store: Store, shas: list[str]) -> None:
    if shas:
        with store.database.write() as conn:
            conn.executemany("INSERT OR IGNORE INTO sync_blobs(sha256, confirmed_at) VALUES (?, ?)",
                             [(s, store.clock()) for s in shas])
