"""Signed QR: decoded from a 150-dpi render it verifies; tampered, forged, revoked and borrowed QRs fail."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from doc_helpers import HAVE_POPPLER, make_document
from PIL import Image, ImageFilter

from fieldapp.forms import lifecycle
from fieldapp.forms import payload as qrp
from fieldapp.forms.qr import decode_image, qr_version
from fieldapp.forms.render import RenderJob, render
from fieldapp.forms.spec import load_spec
from fieldapp.forms.verify import verify_file, verify_text
from fieldapp.keys import CountyKey, DeviceKeys, b64, public_raw
from fieldapp.workspace import Workspace

pytestmark = pytest.mark.skipif(not HAVE_POPPLER, reason="needs poppler-utils (pdftoppm)")


def _png(pdf: Path, dpi: int, out: Path) -> Path:
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf),
                    str(out.with_suffix(""))], check=True)
    return out


def _issued_pdf(ws: Workspace, tmp: Path, doc_type: str = "penalty_on_the_spot") -> tuple[dict, Path]:
    doc, photos = make_document(ws, doc_type, tmp)
    path = tmp / f"{doc_type}.pdf"
    lifecycle.print_document(ws, doc["id"], to_pdf=path, photo_paths=photos)
    return doc, path


def test_payload_round_trip_is_compact() -> None:
    p = qrp.Payload(4, "01a20142-e5c3-753b-8600-b5021a8d33ce", "0086025d776418e1", qrp.EPOCH.replace(year=2026),
                    "湖源综执当罚〔2026〕12号", "湖源乡", "三明市沙县区湖源乡某某农业专业合作社有限公司", 20000, None, "ab" * 32,
                    b"\x01" * 64)
    raw = p.pack()
    back = qrp.unpack(raw)
    assert back.number == p.number and back.amount_fen == 20000 and back.signature == p.signature
    assert len(back.party.encode()) <= qrp.PARTY_BYTES and p.party.startswith(back.party)
    text = qrp.url(qrp.DEFAULT_VERIFY_BASE, raw)
    assert qrp.parse_qr_text(text) == raw and len(raw) <= 210
    assert qr_version(text) <= 12  # ≤ 65 modules: ≥ 0.41 mm a module at 27 mm, ~2.5 px at 150 dpi


def test_qr_from_a_150_dpi_render_verifies(docws: Workspace, tmp_path: Path) -> None:
    doc, pdf = _issued_pdf(docws, tmp_path)
    png = _png(pdf, 150, tmp_path / "page.png")
    texts = decode_image(Image.open(png))
    assert texts and texts[0].startswith(qrp.DEFAULT_VERIFY_BASE + "/v/")
    result = verify_file(png, docws.store.data_dir)
    assert result.status == "valid", result.as_dict()
    assert result.payload is not None and result.payload.number == doc["number"]
    assert result.payload.amount is not None and f"{result.payload.amount:.2f}" == "100.00"
    # The PDF itself: QR, signature, record and printed text all agree.
    assert verify_file(pdf, docws.store.data_dir).status == "valid"


def test_a_blurred_skewed_jpeg_photo_still_verifies(docws: Workspace, tmp_path: Path) -> None:
    _, pdf = _issued_pdf(docws, tmp_path, "order_to_correct")
    img = Image.open(_png(pdf, 200, tmp_path / "scan.png")).convert("RGB")
    photo = img.rotate(4, expand=True, fillcolor=(235, 235, 225)).filter(ImageFilter.GaussianBlur(0.8))
    photo.save(tmp_path / "photo.jpg", "JPEG", quality=60)
    assert verify_file(tmp_path / "photo.jpg", docws.store.data_dir).status == "valid"


def test_changed_amount_in_the_qr_fails_the_signature(docws: Workspace, tmp_path: Path) -> None:
    _doc, pdf = _issued_pdf(docws, tmp_path)
    text = decode_image(Image.open(_png(pdf, 150, tmp_path / "p.png")))[0]
    signed = qrp.unpack(qrp.parse_qr_text(text))
    forged = replace(signed, amount_fen=1000)  # 10 元 instead of 100 元, old signature kept
    result = verify_text(qrp.url(qrp.DEFAULT_VERIFY_BASE, forged.pack()), docws.store.data_dir)
    assert result.status == "invalid" and result.reasons[0].code == "signature_invalid"


def test_changed_record_after_issuing_is_caught(docws: Workspace, tmp_path: Path) -> None:
    doc, pdf = _issued_pdf(docws, tmp_path)
    conn = docws.store.conn
    with docws.store.lock:  # someone bypasses the app (and its trigger) to lower the fine
        conn.execute("DROP TRIGGER documents_issued_immutable")
        content = dict(doc["content"], fine="10")
        conn.execute("UPDATE documents SET content = ? WHERE id = ?", (json.dumps(content, ensure_ascii=False),
                                                                       doc["id"]))
        conn.commit()
    result = verify_file(pdf, docws.store.data_dir)
    assert result.status == "invalid" and "content_mismatch" in [r.code for r in result.reasons]


def test_forged_signature_and_forged_certificate_fail(docws: Workspace, tmp_path: Path) -> None:
    _doc, pdf = _issued_pdf(docws, tmp_path)
    text = decode_image(Image.open(_png(pdf, 150, tmp_path / "p.png")))[0]
    signed = qrp.unpack(qrp.parse_qr_text(text))
    rogue = Ed25519PrivateKey.generate()
    resigned = qrp.sign(signed, rogue.sign)  # same key id, someone else's key
    assert verify_text(qrp.url("https://x", resigned.pack()), docws.store.data_dir).reasons[0].code == \
        "signature_invalid"
    # A rogue "county" certifies its own device: the real county key rejects the certificate.
    fake_county = CountyKey(Ed25519PrivateKey.generate())
    cert = fake_county.certify(public_raw(rogue), device_id="x", township="湖源乡", jurisdiction="shaxian",
                               issued_at="2026-01-01")
    devices = docws.store.data_dir / "keys" / "devices"
    (devices / f"{cert.device_key_id}.json").write_text(json.dumps(cert.as_dict()), "utf-8")
    forged = qrp.sign(replace(signed, key_id=cert.device_key_id), rogue.sign)
    result = verify_text(qrp.url("https://x", forged.pack()), docws.store.data_dir)
    assert result.status == "invalid" and result.reasons[0].code == "cert_wrong_county"


def test_revoked_device_key_fails(docws: Workspace, tmp_path: Path) -> None:
    _, pdf = _issued_pdf(docws, tmp_path)
    keys = DeviceKeys(docws.store.data_dir)
    keys.save_revoked({keys.cert().device_key_id})
    result = verify_file(pdf, docws.store.data_dir)
    assert result.status == "invalid" and result.reasons[0].code == "device_revoked"


def test_qr_from_another_document_is_caught(docws: Workspace, tmp_path: Path) -> None:
    first, _ = _issued_pdf(docws, tmp_path)
    other, _ = make_document(docws, "order_to_correct", tmp_path)
    borrowed = lifecycle.qr_text(docws, first, load_spec(first["doc_type"]), DeviceKeys(docws.store.data_dir))
    job = RenderJob(load_spec("order_to_correct"), other["content"], other["subject_name"], other["number"],
                    qr_text=borrowed)
    path = tmp_path / "pasted.pdf"
    path.write_bytes(render(job).pdf)
    result = verify_file(path, docws.store.data_dir)
    assert result.status == "invalid" and result.reasons[0].code == "text_mismatch"


def test_voided_document_and_unknown_device_and_no_qr(docws: Workspace, tmp_path: Path) -> None:
    doc, pdf = _issued_pdf(docws, tmp_path)
    lifecycle.void_document(docws, doc["id"], "金额写错")
    assert [r.code for r in verify_file(pdf, docws.store.data_dir).reasons] == ["document_voided"]
    # A laptop with the county key but without the issuing device's certificate cannot vouch for it ...
    other = tmp_path / "other"
    (other / "keys").mkdir(parents=True)
    (other / "keys" / "county.pub").write_text(b64(DeviceKeys(docws.store.data_dir).county_public()), "ascii")
    assert verify_file(pdf, other).reasons[0].code == "cert_unknown"
    # ... until the certificate is imported (what sync does), then it verifies offline with no record.
    from fieldapp.forms.trust import import_cert

    cert_file = tmp_path / "device.json"
    cert_file.write_text(json.dumps(DeviceKeys(docws.store.data_dir).cert().as_dict()), "utf-8")
    import_cert(other, cert_file)
    result = verify_file(pdf, other)
    assert result.status == "valid" and any(n.code == "no_record" for n in result.notes)
    Image.new("L", (400, 300), 255).save(tmp_path / "blank.png")
    assert verify_file(tmp_path / "blank.png", other).exit_code == 2


def test_amount_written_in_a_penalty_sentence_verifies(docws: Workspace, tmp_path: Path) -> None:
    # 事先告知书 has no amount box: the signed fine appears only as 罚款人民币20000元 in the sentence.
    from doc_helpers import record_for

    values = {"evidence": "现场检查笔录、现场照片", "fine": "20000", "proposed_penalty": "罚款人民币20000元。"}
    doc = lifecycle.new_document(docws, "prior_notice", values=values, **record_for(docws, "prior_notice")).document
    doc = lifecycle.issue_document(docws, doc["id"]).document
    pdf = tmp_path / "notice.pdf"
    lifecycle.print_document(docws, doc["id"], to_pdf=pdf)
    result = verify_file(pdf, docws.store.data_dir)
    assert result.status == "valid", result.as_dict()
    assert result.payload is not None and result.payload.amount == 20000


def _forged_pdf(ws: Workspace, doc: dict, path: Path, **changes: str) -> Path:
    """The genuine QR and number over rewritten content: what someone with a PDF editor could make."""
    from datetime import date

    from fieldapp.forms.render import context_for, set_labels

    spec = load_spec(doc["doc_type"])
    qr = lifecycle.qr_text(ws, doc, spec, DeviceKeys(ws.store.data_dir))
    issued = date.fromisoformat(str(doc["issued_at"])[:10])
    ctx = context_for(doc["subject_name"], ws.jurisdiction.full_name, doc["number"], issued,
                      str(doc["content"].get("party_name") or ""))
    job = RenderJob(spec, {**doc["content"], **changes}, doc["subject_name"], doc["number"], issued, ctx, qr,
                    sets=set_labels(spec.copies))
    path.write_bytes(render(job).pdf)
    return path


def test_rewritten_facts_under_the_genuine_qr_are_caught(docws: Workspace, tmp_path: Path) -> None:
    doc, pdf = _issued_pdf(docws, tmp_path)
    genuine = verify_file(pdf, docws.store.data_dir)
    assert genuine.status == "valid" and "text_ok" in [n.code for n in genuine.notes], genuine.as_dict()
    # Same number, party, fine and QR; only the 违法事实 are rewritten.
    forged = _forged_pdf(docws, doc, tmp_path / "forged.pdf", facts="当事人于集镇主街无证摆摊，已自行改正，情节轻微。")
    result = verify_file(forged, docws.store.data_dir)
    assert result.status == "invalid", result.as_dict()
    reason = next(r for r in result.reasons if r.code == "text_differs_from_record")
    assert "无证摆摊" in reason.data["line"] and "无证摆摊" not in reason.data["record_line"]


def test_a_reprint_with_its_copy_mark_still_matches_the_record(docws: Workspace, tmp_path: Path) -> None:
    doc, _ = _issued_pdf(docws, tmp_path, "order_to_correct")
    again = tmp_path / "again.pdf"
    lifecycle.print_document(docws, doc["id"], to_pdf=again)
    result = verify_file(again, docws.store.data_dir)
    assert result.status == "valid" and "text_ok" in [n.code for n in result.notes], result.as_dict()


def test_a_photo_claims_only_the_signed_facts(docws: Workspace, tmp_path: Path) -> None:
    _, pdf = _issued_pdf(docws, tmp_path)
    result = verify_file(_png(pdf, 150, tmp_path / "photo.png"), docws.store.data_dir)
    codes = [n.code for n in result.notes]
    assert result.status == "valid" and "compare_paper" in codes and "text_ok" not in codes
    assert "文号、当事人、金额" in next(n.zh for n in result.notes if n.code == "record_ok")


def test_revocation_keeps_papers_signed_before_it(docws: Workspace, tmp_path: Path) -> None:
    from datetime import timedelta

    from fieldapp.forms.payload import unpack

    doc, pdf = _issued_pdf(docws, tmp_path)
    keys = DeviceKeys(docws.store.data_dir)
    kid = keys.cert().device_key_id
    signed = unpack(qrp.parse_qr_text(lifecycle.qr_text(docws, doc, load_spec(doc["doc_type"]), keys))).issued_on
    # The laptop is lost the day after: what it issued before stays valid, with a note.
    keys.save_revoked({kid: (signed + timedelta(days=1)).isoformat() + "T08:30:00+08:00"})
    result = verify_file(pdf, docws.store.data_dir)
    assert result.status == "valid", result.as_dict()
    note = next(n for n in result.notes if n.code == "signed_before_revocation")
    assert "签发于设备密钥吊销之前" in note.zh
    # A sync that sends only the ids keeps the date already known.
    keys.save_revoked({kid})
    assert keys.revoked() == {kid: (signed + timedelta(days=1)).isoformat() + "T08:30:00+08:00"}
    # Revoked on the day of issue (or before): invalid.
    keys.save_revoked({kid: signed.isoformat()})
    result = verify_file(pdf, docws.store.data_dir)
    assert result.status == "invalid" and result.reasons[0].code == "device_revoked"
    assert "吊销之后" in result.reasons[0].zh
    # The old plain-list file still reads, as revoked at an unknown time: invalid.
    keys.revoked_path.write_text(json.dumps([kid]), "utf-8")
    assert keys.revoked() == {kid: None}
    assert verify_file(pdf, docws.store.data_dir).reasons[0].code == "device_revoked"


def test_a_revoked_laptop_cannot_print(docws: Workspace, tmp_path: Path) -> None:
    from fieldapp.messages import FieldappError

    doc, _ = make_document(docws, "order_to_correct", tmp_path)
    keys = DeviceKeys(docws.store.data_dir)
    keys.save_revoked({keys.cert().device_key_id: "2020-01-01"})
    with pytest.raises(FieldappError) as err:
        lifecycle.print_document(docws, doc["id"], to_pdf=tmp_path / "x.pdf")
    assert err.value.msg.code == "device_revoked" and not (tmp_path / "x.pdf").exists()
    assert docws.store.one("SELECT print_count FROM documents WHERE id = ?", (doc["id"],))["print_count"] == 0


def test_verifying_a_voided_document_names_its_replacement(docws: Workspace, tmp_path: Path) -> None:
    doc, pdf = _issued_pdf(docws, tmp_path, "order_to_correct")
    new = lifecycle.supersede_document(docws, doc["id"], "期限写错").document
    assert "更正文书尚未出具" in verify_file(pdf, docws.store.data_dir).reasons[0].zh
    new = lifecycle.issue_document(docws, new["id"]).document
    reason = verify_file(pdf, docws.store.data_dir).reasons[0]
    assert reason.code == "document_voided" and f"已由 {new['number']} 更正替代" in reason.zh


def test_a_layout_change_alone_does_not_fail_the_text_check(docws: Workspace, tmp_path: Path) -> None:
    # The body is compared without page furniture: a PDF printed before a layout change (or on a laptop
    # whose fonts break lines elsewhere) still matches its record when the words are the same.
    from datetime import date

    from fieldapp.forms.render import context_for, set_labels

    doc, _ = _issued_pdf(docws, tmp_path, "order_to_correct")
    spec = replace(load_spec(doc["doc_type"]), body_size=12)
    issued = date.fromisoformat(str(doc["issued_at"])[:10])
    ctx = context_for(doc["subject_name"], docws.jurisdiction.full_name, doc["number"], issued,
                      str(doc["content"].get("party_name") or ""))
    job = RenderJob(spec, doc["content"], doc["subject_name"], doc["number"], issued, ctx,
                    lifecycle.qr_text(docws, doc, spec, DeviceKeys(docws.store.data_dir)), sets=set_labels(spec.copies))
    rendered = render(job)
    assert rendered.pages != lifecycle.render_document(docws, doc["id"], copies=True).pages
    (tmp_path / "other.pdf").write_bytes(rendered.pdf)
    result = verify_file(tmp_path / "other.pdf", docws.store.data_dir)
    assert result.status == "valid" and "text_ok" in [n.code for n in result.notes], result.as_dict()
