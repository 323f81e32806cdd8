"""Canonical snapshots of each audited entity.

The same snapshot is the audit entry's after-image, the outbox payload and
what `audit verify` rebuilds from the live tables; a row edited behind the
app's back therefore no longer matches its last audit entry.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

# Columns holding JSON text; a document's `content` is JSON, a complaint's is prose.
JSON_COLUMNS = {"roles", "conflicts", "townships", "penalties", "flags"}


def _row(row: sqlite3.Row | dict[str, Any], extra: frozenset[str] = frozenset()) -> dict[str, Any]:
    data = dict(row)
    for key in (JSON_COLUMNS | extra) & data.keys():
        if isinstance(data[key], str):
            data[key] = json.loads(data[key])
    return data


def officer(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    data = _row(row)
    # The hash itself never leaves the laptop in an audit entry; its digest
    # still lets verify notice a password swapped in by hand.
    secret = str(data.pop("password_hash", ""))
    data["password_digest"] = hashlib.sha256(secret.encode()).hexdigest()[:16]
    return data


def plain(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    return _row(row)


def document(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    return _row(row, frozenset({"content"}))


# Case columns added for the county (migration 5). Left out of the snapshot
# while NULL, so cases audited before the migration still verify.
CASE_COUNTY_COLUMNS = ("escalated_on", "escalate_reason", "reviewed_by", "reviewed_on", "review_note",
                       "subject_dispute", "joint_action_id")


def case(row: sqlite3.Row | dict[str, Any]) -> dict[str, Any]:
    data = _row(row, frozenset({"subject_dispute"}))
    for key in CASE_COUNTY_COLUMNS:
        if key in data and data[key] is None:
            del data[key]
    return data


def _json_of(*columns: str) -> Callable[[sqlite3.Row | dict[str, Any]], dict[str, Any]]:
    extra = frozenset(columns)
    return lambda row: _row(row, extra)


def with_children(row: sqlite3.Row | dict[str, Any], children: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    data = _row(row)
    data.update(children)
    return data


def _children(conn: sqlite3.Connection, sql: str, key: str, ids: list[str] | None) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if ids is None:
        rows = conn.execute(sql).fetchall()
    else:
        marks = ",".join("?" * len(ids))
        rows = conn.execute(sql.replace("WHERE 1", f"WHERE {key} IN ({marks})"), ids).fetchall()
    for row in rows:
        item = dict(row)
        grouped[item.pop(key)].append(item)
    return grouped


def _inspection_children(conn: sqlite3.Connection, ids: list[str] | None) -> Callable[[str], dict[str, list[dict[str, Any]]]]:
    officers = _children(conn, "SELECT inspection_id, officer_id, role FROM inspection_officers WHERE 1"
                         " ORDER BY officer_id", "inspection_id", ids)
    matters = _children(conn, "SELECT inspection_id, matter_code, catalogue_version, category, subject_key,"
                        " subject_name, finding, compliant FROM inspection_matters WHERE 1 ORDER BY matter_code",
                        "inspection_id", ids)
    return lambda i: {"officers": officers.get(i, []), "matters": matters.get(i, [])}


def _case_children(conn: sqlite3.Connection, ids: list[str] | None) -> Callable[[str], dict[str, list[dict[str, Any]]]]:
    matters = _children(conn, "SELECT case_id, matter_code FROM case_matters WHERE 1 ORDER BY matter_code",
                        "case_id", ids)
    officers = _children(conn, "SELECT case_id, officer_id FROM case_officers WHERE 1 ORDER BY officer_id",
                         "case_id", ids)
    return lambda i: {"matters": matters.get(i, []), "officers": officers.get(i, [])}


# entity -> (table, key column, children loader or None, row transform)
ENTITIES: dict[str, tuple[str, str, Any, Callable[..., dict[str, Any]]]] = {
    "officer": ("officers", "id", None, officer),
    "party": ("parties", "id", None, plain),
    "inspection": ("inspections", "id", _inspection_children, plain),
    "case": ("cases", "id", _case_children, case),
    "complaint": ("complaints", "id", None, plain),
    "document": ("documents", "id", None, document),
    "evidence": ("evidence_links", "id", None, plain),
    "evidence_file": ("evidence_files", "sha256", None, plain),
    "number_block": ("number_blocks", "id", None, plain),
    # Audited so `audit verify` sees a reason edited by hand; travels in the chain, not the outbox.
    "case_transition": ("case_transitions", "id", None, plain),
    # County records (docs/county-records.md).
    "roster_entry": ("roster_entries", "id", None, plain),
    "joint_action": ("joint_actions", "id", None, _json_of("officers", "departments")),
    "plan": ("plans", "id", None, _json_of("items")),
    "draw": ("draws", "id", None, _json_of("record", "inputs")),
    "published_list": ("published_lists", "id", None, _json_of("content")),
    "attendance": ("attendance", "id", None, plain),
    "rating": ("ratings", "id", None, plain),
}
COUNTY_ENTITIES = ("roster_entry", "plan", "draw", "joint_action", "published_list", "attendance", "rating")


def snapshot(conn: sqlite3.Connection, entity: str, entity_id: str) -> dict[str, Any] | None:
    table, key, children, transform = ENTITIES[entity]
    row = conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    data = transform(row)
    if children is not None:
        data.update(children(conn, [entity_id])(entity_id))
    return data


def all_snapshots(conn: sqlite3.Connection, entity: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every live row of an entity, in bulk (used by audit verify)."""
    table, key, children, transform = ENTITIES[entity]
    lookup = children(conn, None) if children is not None else None
    for row in conn.execute(f"SELECT * FROM {table}"):
        data = transform(row)
        if lookup is not None:
            data.update(lookup(data[key]))
        yield str(data[key]), data
