"""The signed QR payload: what a printed document says about itself, in ~190 bytes.

Binary layout (version 1, big-endian):

    u8  version            u8  type_no (spec)       16  document id (UUID)
    8   device key id      u16 issued date (days since 2000-01-01)
    u8  flags (bit0 amount, bit1 deadline)
    [varint amount in fen] [u16 deadline days]
    str number             str subject key          str party (≤ 30 bytes, cut on a character)
    32  SHA-256 of the canonical content (fieldapp.store.documents.content_hash)
    64  Ed25519 signature by the device key over every byte before it

`str` is one length byte then UTF-8. The payload is printed as upper-case
Base32 (no padding) after `<base>/v/`, so the QR encoder packs it in
alphanumeric mode (5.5 bits a character instead of 8 for Base64 in byte mode):
a ~270-character URL fits a version 11 symbol at error-correction level M.
The full party record, officers and text are not in it: they are covered by
the content hash and looked up in the record by document id.
"""

from __future__ import annotations

import base64
import re
import struct
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from fieldapp.messages import FieldappError, Msg

VERSION = 1
EPOCH = date(2000, 1, 1)
PARTY_BYTES = 30
DEFAULT_VERIFY_BASE = "https://verify.example.invalid"
_URL = re.compile(r"/v/([A-Z2-7]+)\s*$", re.IGNORECASE)


class PayloadError(FieldappError):
    pass


def _bad(zh: str, en: str) -> PayloadError:
    return PayloadError(Msg(f"二维码内容无法识别：{zh}", f"The QR content is not a fieldapp payload: {en}",
                            "qr_malformed"))


def _str(text: str, limit: int = 255) -> bytes:
    raw = text.encode("utf-8")
    while len(raw) > limit:  # cut on a character boundary, never inside one
        text = text[:-1]
        raw = text.encode("utf-8")
    return bytes([len(raw)]) + raw


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


@dataclass(frozen=True)
class Payload:
    type_no: int
    doc_id: str
    key_id: str
    issued_on: date
    number: str
    subject_key: str
    party: str
    amount_fen: int | None
    deadline: date | None
    content_hash: str
    signature: bytes = b""

    @property
    def amount(self) -> Decimal | None:
        return None if self.amount_fen is None else Decimal(self.amount_fen) / 100

    def body(self) -> bytes:
        flags = (1 if self.amount_fen is not None else 0) | (2 if self.deadline is not None else 0)
        out = bytearray(struct.pack(">BB", VERSION, self.type_no))
        out += uuid.UUID(self.doc_id).bytes + bytes.fromhex(self.key_id)
        out += struct.pack(">HB", (self.issued_on - EPOCH).days, flags)
        if self.amount_fen is not None:
            out += _varint(self.amount_fen)
        if self.deadline is not None:
            out += struct.pack(">H", (self.deadline - EPOCH).days)
        out += _str(self.number) + _str(self.subject_key) + _str(self.party, PARTY_BYTES)
        out += bytes.fromhex(self.content_hash)
        return bytes(out)

    def pack(self) -> bytes:
        if len(self.signature) != 64:
            raise ValueError("payload is not signed")
        return self.body() + self.signature

    def as_dict(self) -> dict[str, object]:
        return {"doc_id": self.doc_id, "type_no": self.type_no, "number": self.number, "subject": self.subject_key,
                "issued_on": self.issued_on.isoformat(), "party": self.party,
                "amount": None if self.amount is None else str(self.amount),
                "deadline": self.deadline.isoformat() if self.deadline else None, "content_hash": self.content_hash,
                "device_key_id": self.key_id}


def unpack(data: bytes) -> Payload:
    try:
        version, type_no = struct.unpack_from(">BB", data, 0)
        if version != VERSION:
            raise _bad(f"版本 {version} 不受支持", f"unsupported version {version}")
        pos = 2
        doc_id = str(uuid.UUID(bytes=data[pos:pos + 16]))
        key_id = data[pos + 16:pos + 24].hex()
        pos += 24
        days, flags = struct.unpack_from(">HB", data, pos)
        pos += 3
        amount = None
        if flags & 1:
            amount, shift = 0, 0
            while True:
                byte = data[pos]
                pos += 1
                amount |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80:
                    break
        deadline = None
        if flags & 2:
            deadline = EPOCH + timedelta(days=struct.unpack_from(">H", data, pos)[0])
            pos += 2
        texts = []
        for _ in range(3):
            n = data[pos]
            texts.append(data[pos + 1:pos + 1 + n].decode("utf-8"))
            pos += 1 + n
        digest = data[pos:pos + 32].hex()
        signature = data[pos + 32:pos + 96]
        if len(signature) != 64 or len(data) != pos + 96:
            raise _bad("长度不符", "wrong length")
    except (IndexError, struct.error, UnicodeDecodeError, ValueError) as exc:
        if isinstance(exc, PayloadError):
            raise
        raise _bad("数据损坏", "corrupt data") from None
    return Payload(type_no, doc_id, key_id, EPOCH + timedelta(days=days), texts[0], texts[1], texts[2], amount,
                   deadline, digest, signature)


def sign(payload: Payload, sign_bytes: object) -> Payload:
    """`sign_bytes` is a callable bytes -> 64-byte Ed25519 signature (DeviceKeys.sign)."""
    signature = sign_bytes(payload.body())  # type: ignore[operator]
    return replace(payload, signature=bytes(signature))


def to_text(raw: bytes) -> str:
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def from_text(text: str) -> bytes:
    text = text.strip().upper()
    try:
        return base64.b32decode(text + "=" * (-len(text) % 8))
    except ValueError:
        raise _bad("不是 Base32 编码", "not Base32") from None


def url(base: str, raw: bytes) -> str:
    return f"{base.rstrip('/')}/v/{to_text(raw)}"


def parse_qr_text(text: str) -> bytes:
    """The payload bytes from a scanned QR: a verification URL or the bare Base32 text."""
    m = _URL.search(text.strip())
    return from_text(m.group(1) if m else text)

