"""Sync protocol v1: what both ends agree on (docs/sync-protocol.md).

Canonical JSON, zstd framing, request and payload signatures, blob names,
which blobs a record needs and who may see or write a record. No HTTP and no
database here, so the laptop, the server and the USB bundle share one copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from typing import Any

import msgspec
import zstandard

from fieldapp.keys import b64, unb64, verify_signature
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.store import canonical

PROTOCOL = 1
TUS_VERSION = "1.0.0"
MAX_INFLATED = 64 * 1024 * 1024
DEFAULT_CHUNK = 1024 * 1024
DEFAULT_MAX_BODY = 8 * 1024 * 1024
DEFAULT_MAX_RECORDS = 2000
SEGMENT_BYTES = 2 * 1024 * 1024
CLOCK_WINDOW_S = 600
GENESIS = "0" * 64

H_PROTOCOL = "X-Fieldapp-Protocol"
H_KEY = "X-Fieldapp-Key"
H_TIME = "X-Fieldapp-Time"
H_NONCE = "X-Fieldapp-Nonce"
H_BODY = "X-Fieldapp-Body-SHA256"
H_SIG = "X-Fieldapp-Signature"
H_PAYLOAD_SIG = "X-Fieldapp-Payload-Sig"

SHA_RE = re.compile(r"^[0-9a-f]{64}$")
EMPTY_SHA = hashlib.sha256(b"").hexdigest()

# Entities a laptop receives on pull, in an order that satisfies foreign keys.
# Documents are applied only on a county-level laptop (read-only copies for
# its quarterly figures); the county records follow the cases they name.
PULLED = ("officer", "party", "complaint", "inspection", "case", "document", "roster_entry", "plan", "draw",
          "joint_action", "published_list", "attendance", "rating")
# Records of the county side (docs/county-records.md): scoped by township or area.
COUNTY_ENTITIES = frozenset({"roster_entry", "plan", "draw", "joint_action", "published_list", "attendance",
                             "rating"})


class ProtocolError(FieldappError):
    """A refusal with an HTTP status; the server turns it into a JSON error."""

    def __init__(self, status: int, msg: Msg) -> None:
        super().__init__(msg)
        self.status = status


def refuse(status: int, code: str, zh: str, en: str, **data: Any) -> ProtocolError:
    return ProtocolError(status, Msg(zh, en, code, data))


# `canonical` makes a JSON encoder for each call; the server hashes every audit entry it receives with this one.
_encode_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str).encode
# For a list of strings, integers and nulls, msgspec writes the same bytes as `canonical` (same escapes, UTF-8,
# no spaces; tests/sync/test_protocol.py checks every code point) in less than half the time. Anything else (a
# float, a dict, a bool) goes through `canonical` itself.
_encode_plain = msgspec.json.Encoder().encode
_decode = msgspec.json.Decoder().decode
_PLAIN = frozenset({str, int, type(None)})


def entry_digest(fields: list[Any]) -> str:
    """`fieldapp.store.store.entry_hash`, byte for byte (same canonical JSON); "" for fields that cannot be
    written as UTF-8 (a lone surrogate), which no laptop can have hashed."""
    try:
        if _PLAIN.issuperset(map(type, fields)):
            return hashlib.sha256(_encode_plain(fields)).hexdigest()
        return hashlib.sha256(_encode_canonical(fields).encode("utf-8")).hexdigest()
    except UnicodeEncodeError:
        return ""


def parse_json(raw: bytes | str) -> Any:
    """`json.loads`, value for value: msgspec where it can (two to three times faster on our payloads), and
    `json` itself for what msgspec refuses (NaN, a byte-order mark, a lone surrogate, bad JSON), so nothing is
    read differently and errors are `json`'s."""
    try:
        return _decode(raw)
    except Exception:  # msgspec's refusal is only a reason to ask `json`, which decides
        return json.loads(raw)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_blob_name(name: str) -> bool:
    return bool(SHA_RE.match(name))


# -- framing ---------------------------------------------------------------
# A ZstdCompressor is not thread-safe: the client packs chain segments in a
# producer thread while the main thread packs batches, and sharing one crashed
# the process (segfault in compress). One compressor per thread.
_local = threading.local()


def _cctx() -> zstandard.ZstdCompressor:
    cctx = getattr(_local, "cctx", None)
    if cctx is None:
        cctx = _local.cctx = zstandard.ZstdCompressor(level=3)
    return cctx


_encode_sorted = msgspec.json.Encoder(order="sorted").encode


def json_bytes(doc: Any) -> bytes:
    """`canonical(doc)` in UTF-8 for a document of JSON values, by msgspec (a tenth of the time for a batch's
    answers); a value msgspec cannot write goes through `canonical` (dates, which msgspec writes in ISO form,
    are not for these documents)."""
    try:
        return _encode_sorted(doc)
    except (TypeError, UnicodeEncodeError):
        return canonical(doc).encode("utf-8")


def pack(doc: dict[str, Any]) -> bytes:
    """Canonical JSON in a zstd frame (with its content size, for a bounded inflate). A payload holds strings,
    integers, nulls, lists and string-keyed objects only, for which msgspec's sorted output is canonical JSON byte
    for byte (`json_bytes`), three times faster than `json` on a chain segment."""
    return _cctx().compress(json_bytes(doc))


def unpack(data: bytes) -> dict[str, Any]:
    try:
        raw = zstandard.ZstdDecompressor().decompress(data, max_output_size=MAX_INFLATED)
        doc = parse_json(raw)
    except (zstandard.ZstdError, ValueError, RecursionError) as exc:
        raise refuse(400, "bad_payload", f"数据包无法解压或解析：{exc}",
                     f"The payload cannot be decompressed or parsed: {exc}") from None
    if not isinstance(doc, dict):
        raise refuse(400, "bad_payload", "数据包格式错误。", "The payload is not a JSON object.")
    if doc.get("v") != PROTOCOL:
        raise refuse(426, "protocol_unsupported", f"不支持的数据包版本 {doc.get('v')}。",
                     f"Unsupported payload version {doc.get('v')}.")
    return doc


# -- signatures --------------------------------------------------------------
def request_string(method: str, path: str, key_id: str, ts: str, nonce: str, body_sha: str) -> bytes:
    return f"fieldapp-req-v1\n{method.upper()}\n{path}\n{key_id}\n{ts}\n{nonce}\n{body_sha}".encode()


def payload_string(data: bytes) -> bytes:
    return f"fieldapp-payload-v1\n{sha256_hex(data)}".encode()


def bundle_string(manifest: bytes) -> bytes:
    return f"fieldapp-bundle-v1\n{sha256_hex(manifest)}".encode()


def new_nonce() -> str:
    return b64(os.urandom(16))


def check_sig(public: Any, sig: str | None, data: bytes) -> bool:
    if not sig:
        return False
    try:
        raw = unb64(sig)
    except ValueError:
        return False
    return verify_signature(public, raw, data)


# -- what a record needs and who may touch it -----------------------------
def record_blobs(entity: str, payload: dict[str, Any] | None) -> list[str]:
    """The photos a record lists; the server recomputes this, it never trusts the client's list."""
    if not payload:
        return []
    found: list[str] = []
    if entity == "evidence" and isinstance(payload.get("sha256"), str):
        found.append(payload["sha256"])
    for key in ("blobs", "photos"):
        items = payload.get(key)
        if isinstance(items, list):
            found.extend(i if isinstance(i, str) else str(i.get("sha256", "")) for i in items
                         if isinstance(i, str | dict))
    return sorted({s for s in found if is_blob_name(s)})


def blobs_in_text(entity: str, text: str | None) -> list[str]:
    """`record_blobs` of a canonical JSON payload, parsing it only when it can name a photo."""
    if not text or (entity != "evidence" and '"blobs"' not in text and '"photos"' not in text):
        return []
    return record_blobs(entity, parse_json(text))


@dataclass(frozen=True)
class Scope:
    """Where a device is certified: its township and the townships of its area."""

    township: str | None
    area: str | None
    area_townships: frozenset[str]


def case_shared(payload: dict[str, Any], scope: Scope) -> bool:
    townships = payload.get("townships") or []
    if isinstance(townships, str):
        try:
            townships = json.loads(townships)
        except ValueError:
            townships = []
    escalated = bool(payload.get("escalated")) and payload.get("area_key") == scope.area
    return escalated or (scope.township in townships)


def allowed(entity: str, township: str | None, payload: dict[str, Any], scope: Scope,
            parent: dict[str, Any] | None = None) -> bool:
    """The one rule for writing and pulling (docs/sync-protocol.md §6)."""
    if scope.township is None:  # a county-level device sees the whole county
        return True
    if entity in ("party", "officer"):
        return township is None or township == scope.township or township in scope.area_townships
    if entity in COUNTY_ENTITIES:
        # The area's team works across its townships: a township laptop sees what
        # concerns its township or its area, and may write for its area too.
        in_area = township is not None and (township == scope.township or township in scope.area_townships)
        return in_area or (payload.get("area_key") is not None and payload.get("area_key") == scope.area)
    if township == scope.township:
        return True
    if entity == "case":
        return case_shared(payload, scope)
    if entity in ("document", "evidence") and parent is not None:
        return case_shared(parent, scope)
    return False
