"""What a laptop pulls (docs/sync-protocol.md §8) and number-block leases (§9)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import new_id, now_iso
from fieldapp.sync import protocol as p
from fieldapp.sync.protocol import refuse
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.db import next_feed
from fieldapp.sync.server.devices import Device, revocations_of

MAX_LEASE = 1000


def pull(server: Server, device: Device, cursor: int, limit: int = 500) -> dict[str, Any]:
    limit = max(1, min(limit, 2000))
    with server.db.read() as conn:
        top = int(conn.execute(select(t.counters.c.value).where(t.counters.c.name == "feed")).scalar_one())
        query = (select(t.records.c.entity, t.records.c.entity_id, t.records.c.revision, t.records.c.township,
                        t.records.c.payload, t.records.c.feed_seq)
                 .where(t.records.c.feed_seq > cursor, t.records.c.feed_seq <= top,
                        t.records.c.entity.in_(p.PULLED), t.records.c.author_key != device.key_id)
                 .order_by(t.records.c.feed_seq).limit(limit))
        if device.township is not None:
            towns = sorted(device.scope.area_townships | {device.township})
            query = query.where(or_(t.records.c.township.is_(None), t.records.c.township.in_(towns)))
        rows = conn.execute(query).all()
        more = len(rows) == limit
        upto = int(rows[-1][5]) if more else top
        items = []
        for entity, entity_id, revision, township, payload, feed_seq in rows:
            data = json.loads(payload)
            if p.allowed(entity, township, data, device.scope):
                items.append({"entity": entity, "id": entity_id, "revision": int(revision), "payload": data,
                              "feed_seq": int(feed_seq)})
        ref = [dict(r) for r in conn.execute(
            select(t.reference.c.kind, t.reference.c.key, t.reference.c.version, t.reference.c.sha256,
                   t.reference.c.text).where(t.reference.c.feed_seq > cursor, t.reference.c.feed_seq <= upto)
        ).mappings()]
        leases = [dict(r) for r in conn.execute(
            select(t.number_ranges.c.id, t.number_ranges.c.subject_key, t.number_ranges.c.doc_code,
                   t.number_ranges.c.year, t.number_ranges.c.first, t.number_ranges.c.last)
            .where(t.number_ranges.c.key_id == device.key_id, t.number_ranges.c.source == "lease",
                   t.number_ranges.c.feed_seq > cursor, t.number_ranges.c.feed_seq <= upto)).mappings()]
        revocations = revocations_of(conn)
        certs = [json.loads(c) for c in conn.execute(select(t.devices.c.cert).where(
            t.devices.c.feed_seq > cursor, t.devices.c.feed_seq <= upto)).scalars()]
    return {"cursor": upto, "more": more, "records": items, "reference": ref, "leases": leases,
            "revoked": sorted(revocations), "revocations": revocations, "certs": certs}


def _subjects(server: Server) -> set[str]:
    raw = server.meta("departments")
    return set(json.loads(raw)) if raw else set()


def lease(server: Server, kid: str, subject_key: str, doc_code: str, year: int | None = None,
          count: int = 50) -> dict[str, Any]:
    """Lease the next `count` numbers after every number leased or seen in use."""
    with server.db.write() as conn:
        leases, failure = _lease(server, conn, kid, [(subject_key, doc_code, year or date.today().year, count)])
    if failure is not None:
        raise failure
    return leases[0]


Want = tuple[str, str, int, int]  # subject, document code, year, count


def _lease(server: Server, conn: Connection, kid: str, wants: list[Want]
           ) -> tuple[list[dict[str, Any]], FieldappError | None]:
    """Lease a block for each want, in order, in the caller's transaction, with a handful of statements for
    all of them; a refused want ends the list there and is returned with the blocks leased before it."""
    if not wants:
        return [], None
    township = conn.execute(select(t.devices.c.township).where(t.devices.c.key_id == kid,
                                                               t.devices.c.revoked_at.is_(None))).first()
    if township is None:
        return [], FieldappError(Msg(f"没有有效的设备 {kid}。", f"No active device {kid}.", "device_unknown"))
    granted: list[Want] = []
    failure: FieldappError | None = None
    subjects: set[str] | None = None
    for subject_key, doc_code, year, count in wants:
        if not (1 <= count <= MAX_LEASE) or not doc_code or not subject_key:
            failure = FieldappError(Msg(f"号段请求无效（1–{MAX_LEASE} 个）。", f"Invalid block request (1–{MAX_LEASE}).",
                                        "block_invalid"))
            break
        if township[0] is not None and subject_key != township[0]:
            subjects = _subjects(server) if subjects is None else subjects
            if subject_key not in subjects:
                failure = refuse(403, "subject_forbidden", f"本机不能领取“{subject_key}”的文书号。",
                                 f"This laptop may not lease numbers for '{subject_key}'.")
                break
        granted.append((subject_key, doc_code, year, count))
    if not granted:
        return [], failure
    nr = t.number_ranges.c
    keys = sorted({w[:3] for w in granted})
    tops = {(str(r[0]), str(r[1]), int(r[2])): int(r[3] or 0) for r in conn.execute(
        select(nr.subject_key, nr.doc_code, nr.year, func.max(nr.last))
        .where(or_(*[and_(nr.subject_key == k[0], nr.doc_code == k[1], nr.year == k[2]) for k in keys]))
        .group_by(nr.subject_key, nr.doc_code, nr.year)).all()}
    feed, now = next_feed(conn, len(granted)), now_iso()
    rows = []
    for n, (subject_key, doc_code, year, count) in enumerate(granted):
        first = tops.get((subject_key, doc_code, year), 0) + 1
        tops[(subject_key, doc_code, year)] = first + count - 1
        rows.append({"id": new_id(), "subject_key": subject_key, "doc_code": doc_code, "year": year, "first": first,
                     "last": first + count - 1, "key_id": kid, "source": "lease", "at": now, "feed_seq": feed + n})
    conn.execute(insert(t.number_ranges), rows)
    server.events_in(conn, "block_leased", [f"{r['subject_key']}/{r['doc_code']}/{r['year']} {r['first']}-{r['last']}"
                                            for r in rows], kid, level="info")
    return [{k: row[k] for k in ("id", "subject_key", "doc_code", "year", "first", "last")} for row in rows], failure


def request_blocks(server: Server, device: Device, wants: Any) -> dict[str, Any]:
    """Lease a block for each want, in order, in one transaction (one commit, not two per block). A want that
    is refused ends the list there: the blocks leased before it are kept, as when each had its own commit."""
    if not isinstance(wants, list) or len(wants) > 50:
        raise refuse(400, "bad_request", "号段请求格式错误。", "Malformed block request.")
    asked: list[Want] = []
    failure: FieldappError | None = None
    for want in wants:
        try:
            asked.append((str(want["subject_key"]), str(want["doc_code"]), int(want.get("year") or date.today().year),
                          int(want.get("count", 50))))
        except (KeyError, TypeError, ValueError, AttributeError):
            failure = refuse(400, "bad_request", "号段请求格式错误。", "Malformed block request.")
            break
    with server.db.write() as conn:
        leases, refused = _lease(server, conn, device.key_id, asked)
    failure = refused or failure
    if failure is not None:
        raise failure
    return {"leases": leases}


def set_reference(conn: Connection, kind: str, key: str, version: str, sha: str, text: str) -> bool:
    """Store a jurisdiction or catalogue file for laptops to pull; False if unchanged."""
    current = conn.execute(select(t.reference.c.sha256).where(t.reference.c.kind == kind)).scalar()
    if current == sha:
        return False
    values = {"key": key, "version": version, "sha256": sha, "text": text, "feed_seq": next_feed(conn),
              "loaded_at": now_iso()}
    if current is None:
        conn.execute(insert(t.reference).values(kind=kind, **values))
    else:
        conn.execute(update(t.reference).where(t.reference.c.kind == kind).values(**values))
    return True
