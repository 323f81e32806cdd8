"""Is this paper genuine, and does it say what the record says?

`verify_file` takes a PDF or a photo/scan, finds the QR, and checks offline:
the device certificate against the county public key and the revocation
list, the device's signature over the payload, and — when this laptop holds
the record — the content hash against the record and the document's status.
For a PDF it also checks that each page's text carries the number (and the
fine) the QR names, which catches a QR pasted from another document, and —
when the record is here — that the whole text equals a fresh render of the
record, which catches rewritten facts under a genuine QR. A photo has no text
layer: the result lists the signed figures for a person to compare with the
paper, and claims only that those figures match the record.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image, UnidentifiedImageError

from fieldapp.forms import payload as qrp
from fieldapp.forms.lifecycle import copy_label
from fieldapp.forms.qr import decode_image, pdf_body_text, pdf_text, rasterise_pdf
from fieldapp.forms.render import LEFT, PAGE_H, TOP, TYPE_H, TYPE_W
from fieldapp.forms.spec import spec_by_type_no
from fieldapp.forms.trust import find_cert
from fieldapp.keys import DeviceKeys, Revocations, TrustError, verify_cert, verify_signature
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.db import STORE_FILENAME
from fieldapp.store.documents import content_hash
from fieldapp.store.store import Store

_SPACE = re.compile(r"\s+")
BODY_BOX = (LEFT, PAGE_H - TOP - TYPE_H, LEFT + TYPE_W, PAGE_H - TOP)  # the GB/T 9704 type area
BODY_MAX_PT = 40  # titles are 22 pt; the 副本/已作废 watermark is 130 pt
_COPY = re.compile(r"副本（第(\d+)次打印）")


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

    def fail(self, code: str, zh: str, en: str, data: dict[str, Any] | None = None) -> None:
        self.reasons.append(Msg(zh, en, code, data or {}))
        self.status = "invalid"

    def as_dict(self) -> dict[str, Any]:
        spec = spec_by_type_no(self.payload.type_no) if self.payload else None
        return {"status": self.status, "valid": self.status == "valid",
                "reasons": [m.as_dict() for m in self.reasons], "notes": [m.as_dict() for m in self.notes],
                "document": {**self.payload.as_dict(), "title": spec.title if spec else None} if self.payload else None,
                "record": self.record, "pages": self.pages}


def _is_pdf(path: Path) -> bool:
    return path.suffix.lower() == ".pdf" or path.read_bytes()[:5] == b"%PDF-"


def _images(path: Path) -> tuple[list[Image.Image], list[str]]:
    if _is_pdf(path):
        return rasterise_pdf(path, 200), pdf_text(path)
    try:
        img = Image.open(path)
        img.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise FieldappError(Msg(f"无法打开文件 {path}：不是 PDF 或图片（{exc}）",
                                f"Cannot open {path}: not a PDF or an image ({exc})", "file_unreadable")) from None
    return [img], []


def verify_file(path: Path, data_dir: Path, *, county_public: bytes | None = None,
                revoked: Collection[str] | Revocations | None = None) -> Verification:
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
        if first.status == "valid" and first.record is not None:
            _check_full_text(first, Path(data_dir), path, found[0][1], texts)
    elif first.status == "valid" and first.payload is not None and not _is_pdf(path):
        first.notes.append(Msg("照片/扫描件没有文字层，只核对了二维码签名的文号、当事人、金额和期限；纸面其余文字（如违法事实）"
                               "未核对，请将纸面上的文号、当事人、金额、期限与上列签名内容逐项比对。",
                               "A photo or scan has no text layer: only the signed number, party, amount and deadline "
                               "were checked; the rest of the paper (e.g. the facts) was not. Compare those four on "
                               "the paper with the signed values above.", "compare_paper"))
    return first


def _page_lines(texts: list[str]) -> list[str]:
    return [line for page in texts for line in (_SPACE.sub("", x) for x in page.splitlines()) if line]


def _reference_options(spec_copies: tuple[str, ...], flat: str) -> tuple[str | None, str | None, bool]:
    """What the given print carries besides the record (副本 mark and label, 联 sets), to render the same."""
    m = _COPY.search(flat)
    n = int(m.group(1)) if m else 1
    copies = bool(spec_copies) and "第一联" in flat
    return ("副本" if n > 1 else None), copy_label(n), copies


def _check_full_text(result: Verification, data_dir: Path, path: Path, qr: str, texts: list[str]) -> None:
    """Re-render the record and compare every word: a genuine QR on rewritten facts fails here."""
    from fieldapp.forms.lifecycle import render_document
    from fieldapp.workspace import Workspace

    assert result.record is not None and result.payload is not None
    spec = spec_by_type_no(result.payload.type_no)
    given = _page_lines(texts)
    watermark, label, copies = _reference_options(spec.copies if spec else (), "".join(given))
    try:
        with Workspace.open(data_dir) as ws:
            ref = render_document(ws, str(result.record["id"]), watermark=watermark, copy_label=label,
                                  copies=copies, qr=qr)
    except FieldappError as exc:
        result.notes.append(Msg(f"未能按本机记录重新生成文书以比对全文：{exc.msg.zh}",
                                f"Could not re-render the record to compare the full text: {exc.msg.en}",
                                "text_not_compared"))
        return
    if any(w.code == "photo_problem" for w in ref.warnings):
        result.notes.append(Msg("本机缺少文书所附照片的原件，未比对全文；文号、当事人、金额已核对。",
                                "The photos of this sheet are not on this laptop: the full text was not compared; "
                                "number, party and amount were checked.", "text_not_compared"))
        return
    # Compare the body only: page furniture moves when pagination differs (another font, a layout fix).
    given_body, expected_body = pdf_body_text(path, BODY_BOX, BODY_MAX_PT), pdf_body_text(ref.pdf, BODY_BOX,
                                                                                        BODY_MAX_PT)
    if given_body is not None and expected_body is not None:
        given, expected = _page_lines(given_body), _page_lines(expected_body)
    else:
        expected = _page_lines(pdf_text(ref.pdf))
    a, b = "".join(given), "".join(expected)
    if a == b:
        result.notes.append(Msg("纸面全文与本机记录重新生成的文书一致。",
                                "The full text of the PDF equals the document re-rendered from the local record.",
                                "text_ok"))
        return
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    line, wanted = _line_at(given, at), _line_at(expected, at)
    result.fail("text_differs_from_record",
                f"PDF 的文字与本机记录不一致（出具后被改写）：第一处不同在“{line}”，记录为“{wanted}”。"
                "（若该 PDF 由字体不同的电脑生成，排版不同也会出现此结果，请以县局核验为准。）",
                f"The PDF's text differs from the local record (rewritten after issuing): first difference in "
                f"'{line}', the record says '{wanted}'. (A PDF made on a computer with other fonts can differ too; "
                "ask the county to verify.)", {"line": line, "record_line": wanted})


def _line_at(lines: list[str], offset: int) -> str:
    """The (whitespace-free) line holding character `offset` of the joined lines, cut to 60 characters."""
    for line in lines:
        if offset < len(line):
            return line[:60]
        offset -= len(line)
    return "（文末）"


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
                revoked: Collection[str] | Revocations | None = None) -> Verification:
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
        revoked_since = verify_cert(cert, county, keys.revoked() if revoked is None else revoked,
                                    signed_on=p.issued_on)
    except TrustError as exc:
        result.fail(exc.msg.code, exc.msg.zh, exc.msg.en)
        return result
    if not verify_signature(cert.public_key, p.signature, p.body()):
        result.fail("signature_invalid", "二维码签名无效：内容被改动或签名伪造。",
                    "The QR signature is invalid: the content was altered or the signature forged.")
        return result
    result.notes.append(Msg(f"签名有效：设备 {p.key_id}（{cert.body.get('township') or ''}），证书由县局密钥签发。",
                            f"Signature valid: device {p.key_id}, certified by the county key.", "signature_ok"))
    if revoked_since is not None:
        # The issue date is the one the device signed: a stolen laptop could back-date, hence the note.
        result.notes.append(Msg(f"签发于设备密钥吊销之前：该设备密钥已于 {revoked_since.isoformat()} 被吊销，本文书签发于 "
                                f"{p.issued_on.isoformat()}，仍然有效。",
                                f"Signed before the device key was revoked ({revoked_since.isoformat()}); issued "
                                f"{p.issued_on.isoformat()}, still valid.", "signed_before_revocation",
                                {"revoked_on": revoked_since.isoformat()}))
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
        zh, en = _replacement(store_dir=Path(data_dir), new_id=doc["superseded_by"])
        result.fail("document_voided", f"该文书已作废（{doc['void_reason'] or ''}）。{zh}",
                    f"The document has been voided ({doc['void_reason'] or ''}).{en}")
    elif doc["status"] != "issued":
        result.fail("document_not_issued", "该文书在记录中尚未出具。", "The document is not issued in the record.")
    if result.status == "valid":
        # Only what the QR signs is compared here; the full text is compared by verify_file for a PDF.
        result.notes.append(Msg("签名的文号、当事人、金额、期限及内容摘要与本机记录一致。",
                                "The signed number, party, amount, deadline and content hash match the local record.",
                                "record_ok"))


def _replacement(store_dir: Path, new_id: str | None) -> tuple[str, str]:
    """Name the corrected document that replaced a voided one, when this laptop knows it."""
    if not new_id:
        return "", ""
    with Store.in_dir(store_dir) as store:
        new = store.one("SELECT number, status FROM documents WHERE id = ?", (new_id,))
    if new is None:
        return "", ""
    if new["number"] and new["status"] == "issued":
        return f"已由 {new['number']} 更正替代。", f" Replaced by {new['number']}."
    if new["number"]:
        return f"更正文书 {new['number']} 也已作废。", f" The correcting document {new['number']} is void too."
    return "更正文书尚未出具。", " The correcting document is not issued yet."
