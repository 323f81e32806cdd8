"""Parties (当事人): people and organisations, with identifier checks and search."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from fieldapp.ids import check_citizen_id, check_uscc
from fieldapp.messages import FieldappError, Msg
from fieldapp.store import entities
from fieldapp.store.store import Changes, Store, new_id

_COLUMNS = ("id", "kind", "name", "uscc", "id_number", "legal_rep", "address", "phone", "township",
            "id_warning", "revision", "created_at", "updated_at")
_INSERT_ROWID = (f"INSERT INTO parties(rowid, {', '.join(_COLUMNS)})"
                 f" VALUES (:rowid, {', '.join(':' + c for c in _COLUMNS)})")
_ID_LIKE = re.compile(r"^[0-9A-Za-z]{4,18}$")


@dataclass
class PartyInput:
    kind: str
    name: str
    uscc: str | None = None
    id_number: str | None = None
    legal_rep: str | None = None
    address: str | None = None
    phone: str | None = None
    township: str | None = None


def _chars(text: str) -> list[str]:
    return [c.lower() for c in text if c.isalnum()]


def grams(name: str) -> str:
    """Unigram then bigram tokens: any substring query becomes a phrase of bigrams."""
    chars = _chars(name)
    return " ".join(chars + [a + b for a, b in itertools.pairwise(chars)])


def match_query(text: str) -> str | None:
    chars = _chars(text)
    if not chars:
        return None
    if len(chars) == 1:
        return f'"{chars[0]}"'
    return '"' + " ".join(a + b for a, b in itertools.pairwise(chars)) + '"'


def validate(party: PartyInput) -> tuple[dict[str, Any], list[Msg]]:
    """Normalised row fields and warnings; raises on what cannot be stored."""
    if party.kind not in ("person", "organisation"):
        raise FieldappError(Msg(f"当事人类型须为 person 或 organisation，而不是“{party.kind}”。",
                                f"Party kind must be person or organisation, not '{party.kind}'.", "party_kind"))
    name = party.name.strip()
    if not name:
        raise FieldappError(Msg("当事人名称不能为空。", "The party needs a name.", "party_name"))
    warnings: list[Msg] = []
    fields: dict[str, Any] = {"kind": party.kind, "name": name, "uscc": None, "id_number": None}
    for attr, check in (("uscc", check_uscc), ("id_number", check_citizen_id)):
        value = (getattr(party, attr) or "").strip()
        if not value:
            continue
        result = check(value)
        if result.status == "reject":
            assert result.msg is not None
            raise FieldappError(result.msg)
        if result.status == "warn" and result.msg is not None:
            warnings.append(result.msg)
        fields[attr] = result.normalized
    for attr in ("legal_rep", "address", "phone", "township"):
        value = getattr(party, attr)
        fields[attr] = value.strip() if isinstance(value, str) and value.strip() else None
    fields["id_warning"] = "；".join(w.zh for w in warnings) or None
    return fields, warnings


def insert(ch: Changes, fields: dict[str, Any], party_id: str | None = None) -> str:
    return insert_many(ch, [fields], [party_id])[0]


def insert_many(ch: Changes, many: list[dict[str, Any]], ids: list[str | None] | None = None) -> list[str]:
    # The FTS row shares the party's rowid; we hold the write lock, so the
    # next rowids are ours to assign and executemany can do the whole batch.
    base = int(ch.execute("SELECT coalesce(max(rowid), 0) FROM parties").fetchone()[0]) + 1
    rows = [{**fields, "id": (ids[k] if ids else None) or new_id(), "revision": 1, "created_at": ch.ts,
             "updated_at": ch.ts} for k, fields in enumerate(many)]
    ch.executemany(_INSERT_ROWID, [{**row, "rowid": base + k} for k, row in enumerate(rows)])
    ch.executemany("INSERT INTO parties_fts(rowid, grams) VALUES (?, ?)",
                   [(base + k, grams(r["name"])) for k, r in enumerate(rows)])
    for row in rows:
        ch.record("party", row["id"], "create", None, entities.plain(row))
    return [str(r["id"]) for r in rows]


def add_party(store: Store, party: PartyInput, *, accept_warnings: bool = False,
              actor: str | None = None) -> tuple[str, list[Msg]]:
    """Store a party; an identifier with a bad check digit needs `accept_warnings`."""
    fields, warnings = validate(party)
    if warnings and not accept_warnings:
        raise FieldappError(Msg(
            "；".join(w.zh for w in warnings) + "。确认无误请再次保存（--accept-warnings）。",
            "; ".join(w.en for w in warnings) + ". Confirm to save anyway (--accept-warnings).",
            "party_id_warning"))
    with store.change(actor) as ch:
        party_id = insert(ch, fields)
    return party_id, warnings


def search(store: Store, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """By a substring of the name, or a prefix of the USCC / ID number."""
    text = text.strip()
    if _ID_LIKE.match(text) and any(c.isdigit() for c in text):
        upper = text.upper()
        return store.query(
            "SELECT * FROM parties WHERE uscc >= ? AND uscc < ? UNION SELECT * FROM parties WHERE id_number >= ?"
            " AND id_number < ? LIMIT ?", (upper, upper + "\uffff", upper, upper + "\uffff", limit))
    query = match_query(text)
    if query is None:
        return []
    return store.query(
        "SELECT p.* FROM parties_fts f JOIN parties p ON p.rowid = f.rowid WHERE parties_fts MATCH ?"
        " LIMIT ?", (query, limit))


def get_party(store: Store, party_id: str) -> dict[str, Any] | None:
    return store.one("SELECT * FROM parties WHERE id = ?", (party_id,))
