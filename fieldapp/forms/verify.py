"""Is this paper genuine, and does it say what the record says?

`verify_file` takes a PDF or a photo/scan, finds the QR, and checks offline:
the device certificate against the county public key and the revocation
list, the device's signature over the payload, and — when this laptop holds
the record — the content hash against the record and the document's status.
For a PDF it also checks that each page's text carries the number (and the
fine) the QR names, which catches a QR pasted from another document. A photo
has no text layer: the result lists the signed figures for a person to
compare with the paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from fieldapp.forms import payload as qrp
from fieldapp.forms.qr import decode_image, pdf_text, rasterise_pdf
from fieldapp.forms.spec import spec_by_type_no
from fieldapp.forms.trust import find_cert
from fieldapp.keys import DeviceKeys, TrustError, verify_cert, verify_signature
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.db import STORE_FILENAME
from fieldapp.store.documents import content_hash
from fieldapp.store.store import Store

_SPACE = re.compile(r"\s+")


@dataclass
class Verification:
    status: str  # "valid", "invalid" or "no_qr"
    reasons: list[Msg] = field(default_factory=list)
    notes: list[Msg] = field(default_factory=list)
    payload: qrp.Payload | None = None
    record: dict[str, Any] | None = None
    pages: int = 0

    @property
    def exit_code(self) -> int:
        return {"valid": 0, "invalid": 1}.get(self.status, 2)

    def fail(self, code: str, zh: str, en: str) -> None:
        self.reasons.append(Msg(zh, en, code))
        self.status = "invalid"

    def as_dict(self) -> dict[str, Any]:
        spec = spec_by_type_no(self.payload.type_no) if self.payload else None
        return {"status": self.status, "valid": self.status == "valid",
                "reasons": [m.as_dict() for m in self.reasons], "notes": [m.as_dict() for m in self.notes],
                "document": {**self.payload.as_dict(), "title": spec.title if spec else None} if self.payload else None,
                "record": self.record, "pages": self.pages}


def _images(path: Path) -> tuple[list[Image.Image], list[str]]:
    if path.suffix.lower() == ".pdf" or path.read_bytes()[:5] == b"%PDF-":
        return rasterise_pdf(path, 200), pdf_text(path)
    try:
        img = Image.open(path)
        img.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise FieldappError(Msg(f"无法打开文件 {path}：不是 PDF 或图片（{exc}）",
                                f"Cannot open {path}: not a PDF or an image ({exc})", "file_unreadable")) from None
    return [img], []


def verify_file(path: Path, data_dir: Path, *, county_public: bytes | None = None,
                revoked: set[str] | None = None) -> Verification:
    path = Path(path)
    images, texts = _images(path)
    found: list[tuple[int, str]] = [(i, t) for i, img in enumerate(images) for t in decode_image(img)]
    if not found:
        return Verification("no_qr", [Msg("未找到二维码。", "No QR code found.", "no_qr")], pages=len(images))
    first = verify_text(found[0][1], data_dir, county_public=county_public, revoked=revoked)
    first.pages = len(images)
    for _, text in found[1:]:
        if text != found[0][1]:
            other = verify_text(text, data_dir, county_public=county_public, revoked=revoked)
            first.reasons += other.reasons
            if other.status != "valid" or (other.payload and first.payload and other.payload.doc_id != first.payload.doc_id):
                first.fail("qr_mixed", "文件中各页二维码不属于同一份文书。", "The pages carry QR codes of different documents.")
    if texts and first.payload is not None:
        _check_text(first, first.payload, texts, {i for i, _ in found})
    return first


def _amount_printed(amount: float, text: str) -> bool:
    """A form prints 20000.00 in its amount box, but a penalty sentence says 罚款人民币20000元 or 20,000元."""
    whole = int(amount) if float(amount).is_integer() else None
    forms = [re.escape(f"{amount:.2f}")]
    if whole is not None:
        forms += [re.escape(str(whole)) + r"(?:\.0+)?(?=元)", re.escape(f"{whole:,}") + r"(?:\.0+)?(?=元)"]
    return re.search(r"(?<![\d.,])(?:" + "|".join(forms) + r")(?![\d])", text) is not None


def _check_text(result: Verification, p: qrp.Payload, texts: list[str], qr_pages: set[int]) -> None:
    """The printed words must match the signed payload: a QR from another document is caught here."""
    flat = [_SPACE.sub("", t) for t in texts]
    for i in sorted(qr_pages):
        if i < len(flat) and _SPACE.sub("", p.number) not in flat[i]:
            result.fail("text_mismatch", f"第 {i + 1} 页印的文号与二维码（{p.number}）不符：二维码可能来自另一份文书。",
                        f"Page {i + 1} does not show the number in its QR ({p.number}): the QR may come from "
                        "another document.")
            return
    if p.amount is not None and not any(_amount_printed(p.amount, t) for t in flat):
        result.fail("amount_mismatch", f"纸面金额与二维码签名的金额（{p.amount:.2f} 元）不符。",
                    f"The amount on the paper differs from the signed amount ({p.amount:.2f} yuan).")
    party = _SPACE.sub("", p.party)
    if party and not any(party in t for t in flat):
        result.fail("party_mismatch", f"纸面当事人与二维码签名的当事人（{p.party}）不符。",
                    f"The party on the paper differs from the signed party ({p.party}).")


def verify_text(text: str, data_dir: Path, *, county_public: bytes | None = None,
                revoked: set[str] | None = None) -> Verification:
    """Check one scanned QR text offline."""
    result = Verification("valid")
    try:
        p = qrp.unpack(qrp.parse_qr_text(text))
    except qrp.PayloadError as exc:
        result.fail(exc.msg.code, exc.msg.zh, exc.msg.en)
        return result
    result.payload = p
    keys = DeviceKeys(Path(data_dir))
    try:
        county = county_public or keys.county_public()
    except TrustError as exc:
        result.fail(exc.msg.code, exc.msg.zh, exc.msg.en)
        return result
    cert = find_cert(Path(data_dir), p.key_id)
    if cert is None:
        result.fail("cert_unknown", f"本机没有签发设备 {p.key_id} 的证书，无法核验签名。请同步或导入该设备证书"
                    "（fieldapp doc cert import FILE）。",
                    f"No certificate for the signing device {p.key_id} on this laptop: sync, or import it "
                    "(fieldapp doc cert import FILE).")
        return result
    try:
        verify_cert(cert, county, keys.revoked() if revoked is None else revoked)
    except TrustError as exc:
        result.fail(exc.msg.code, exc.msg.zh, exc.msg.en)
        return result
    if not verify_signature(cert.public_key, p.signature, p.body()):
        result.fail("signature_invalid", "二维码签名无效：内容被改动或签名伪造。",
                    "The QR signature is invalid: the content was altered or the signature forged.")
        return result
    result.notes.append(Msg(f"签名有效：设备 {p.key_id}（{cert.body.get('township') or ''}），证书由县局密钥签发。",
                            f"Signature valid: device {p.key_id}, certified by the county key.", "signature_ok"))
    _check_record(result, p, data_dir)
    return result


def _check_record(result: Verification, p: qrp.Payload, data_dir: Path) -> None:
    if not (Path(data_dir) / STORE_FILENAME).exists():
        result.notes.append(Msg("本机无文书记录库，仅核验了签名；请将纸面文号、当事人、金额与上列签名内容比对。",
                                "No record store here: only the signature was checked; compare the number, party and "
                                "amount on the paper with the signed values above.", "no_record"))
        return
    with Store.in_dir(Path(data_dir)) as store:
        doc = store.one("SELECT * FROM documents WHERE id = ?", (p.doc_id,))
    if doc is None:
        result.notes.append(Msg("本机没有该文书的记录，仅核验了签名；请将纸面内容与签名内容比对。",
                                "This laptop has no record of the document: only the signature was checked.",
                                "record_absent"))
        return
    result.record = {k: doc[k] for k in ("id", "doc_type", "number", "status", "issued_at", "void_reason",
                                         "superseded_by", "print_count")}
    if content_hash(doc) != p.content_hash or doc["content_hash"] != p.content_hash:
        result.fail("content_mismatch", "记录中的文书内容与二维码签名的内容不一致（出具后被改动）。",
                    "The record's content differs from the signed content (changed after issuing).")
    if doc["number"] != p.number:
        result.fail("number_mismatch", f"记录文号 {doc['number']} 与二维码文号 {p.number} 不符。",
                    f"The record's number {doc['number']} differs from the QR's {p.number}.")
    if doc["status"] == "voided":
        result.fail("document_voided", f"该文书已作废（{doc['void_reason'] or ''}）。",
                    f"The document has been voided ({doc['void_reason'] or ''}).")
    elif doc["status"] != "issued":
        result.fail("document_not_issued", "该文书在记录中尚未出具。", "The document is not issued in the record.")
    if result.status == "valid":
        result.notes.append(Msg("与本机记录一致。", "Matches the local record.", "record_ok"))
