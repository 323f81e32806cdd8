"""Audit entries made ready for the batches that name them, and the last ones this server process stored.

A batch names its records by their audit entries, which arrived in chain segments before it. What a batch
needs of an entry (the after-image parsed, its hash, the photos it lists) is worked out once, while the
segment is checked, when the server waits for the laptop anyway, instead of in the batch, which the laptop
waits for. An entry never changes once stored (a different one at the same place is a fork and is refused),
so a copy cannot go stale; entries are kept only after their transaction committed, and anything not found
here is read from the database and made ready then.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

import msgspec

from fieldapp.store.store import canonical
from fieldapp.sync import protocol as p


@dataclass(slots=True)
class Ready:
    """One audit entry as a batch reads it."""

    entity: str
    entity_id: str
    text: str  # the record as stored: the after-image as it came, or the deletion marker
    payload: dict[str, Any] | None  # its rule fields (`RULE_FIELDS`), or the whole record (`WHOLE`); None: the
    # after-image is not a JSON object (damaged on the laptop)
    sha: str
    blobs: list[str]


class _Rules(msgspec.Struct):
    """The fields of a record that the server's rules read (`protocol.allowed`, `protocol.record_blobs`, the
    township and parent of a record in `ingest`); tests/sync/test_protocol.py checks that they read no other.
    Reading only these out of an after-image is six times faster than building the whole record."""

    township: Any = None
    area_key: Any = None
    townships: Any = None
    escalated: Any = None
    case_id: Any = None
    inspection_id: Any = None
    sha256: Any = None
    blobs: Any = None
    photos: Any = None


RULE_FIELDS: tuple[str, ...] = _Rules.__struct_fields__
_read_rules = msgspec.json.Decoder(_Rules).decode
# Entities whose whole record a batch reads (a number block's range), besides the rule fields.
WHOLE = frozenset({"number_block"})


def ready(entity: Any, entity_id: Any, after: Any) -> Ready:
    entity, entity_id = str(entity), str(entity_id)
    if after is None:  # a deletion
        text = canonical({"id": entity_id, "deleted": True})
        payload: dict[str, Any] | None = {"id": entity_id, "deleted": True}
    elif isinstance(after, str):
        text, payload = after, (_whole(after) if entity in WHOLE else _rule_fields(after))
    else:  # not text: no laptop writes that, so it is damaged
        text, payload = str(after), None
    return Ready(entity, entity_id, text, payload, p.sha256_hex(text.encode("utf-8", "surrogatepass")),
                 p.record_blobs(entity, payload))


def _rule_fields(text: str) -> dict[str, Any] | None:
    """The rule fields of an after-image that is a JSON object; None if it is not one. Read exactly as `json` reads
    the whole object (same values, the last of repeated keys); what msgspec refuses beyond "not an object" (NaN, a
    lone surrogate, nesting too deep) is read by `json` itself."""
    try:
        found = _read_rules(text)
    except msgspec.ValidationError:  # valid JSON, but not an object
        return None
    except Exception:  # msgspec's refusal is only a reason to ask `json`, which decides
        whole = _whole(text)
        return None if whole is None else {k: whole[k] for k in RULE_FIELDS if whole.get(k) is not None}
    return {k: v for k in RULE_FIELDS if (v := getattr(found, k)) is not None}


def _whole(text: str) -> dict[str, Any] | None:
    """An after-image as a record: a JSON object, or None. The chain's hashes prove the laptop wrote it, not that
    it is sound: a damaged one is that record's rejection, never the whole batch's failure."""
    try:
        value = p.parse_json(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


class RecentEntries:
    def __init__(self, max_chars: int = 32 * 1024 * 1024) -> None:
        self.max_chars = max_chars
        self._entries: dict[tuple[str, int], Ready] = {}
        self._order: deque[tuple[tuple[str, int], int]] = deque()
        self._chars = 0
        self._lock = threading.Lock()

    def add(self, device_id: str, entries: list[tuple[int, Ready]]) -> None:
        """(seq, ready entry) of a committed segment; the oldest go once the texts pass `max_chars` (a parsed
        record takes a few times its text's size)."""
        with self._lock:
            for seq, entry in entries:
                key, size = (device_id, seq), 200 + len(entry.text)
                if key not in self._entries:
                    self._order.append((key, size))
                    self._chars += size
                self._entries[key] = entry
            while self._chars > self.max_chars and self._order:
                old, size = self._order.popleft()
                self._entries.pop(old, None)
                self._chars -= size

    def get(self, device_id: str, seqs: list[int]) -> dict[int, Ready]:
        with self._lock:
            return {s: e for s, e in ((s, self._entries.get((device_id, s))) for s in seqs) if e is not None}
