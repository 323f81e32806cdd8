"""The USB bundle, the commands and exit codes, a cut audit chain, and the public check page."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import httpx
import pytest
from synctools import ServerProcess, assert_consistent, free_port, make_laptop, run_sync

from fieldapp.keys import DeviceKeys


def fieldapp(laptop: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "fieldapp", f"--data-dir={laptop}", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "FIELDAPP_LANG": "en"})


def test_usb_bundle_applies_like_a_sync_and_the_next_sync_knows(tmp_path: Path, shared_server: ServerProcess) -> None:
    server = shared_server
    laptop = make_laptop(tmp_path / "a", server, inspections=8, photos=3, seed=41)
    stick = tmp_path / "stick" / "hy.fieldapp-bundle"
    stick.parent.mkdir()
    out = fieldapp(laptop, "export-bundle", str(stick), "--json")
    assert out.returncode == 0, out.stderr
    info = json.loads(out.stdout)
    assert info["blobs"] == 3 and info["batches"] >= 1 and info["records"] >= 10
    bad = tmp_path / "bad.fieldapp-bundle"
    with zipfile.ZipFile(stick) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:-1] + bytes([data[-1] ^ 1]) if item.filename.startswith("batches/") else data)
    refused = server.cli("import-bundle", str(bad), ok=False)
    assert refused.returncode == 1 and ("altered" in refused.stderr or "篡改" in refused.stderr or "改动" in refused.stderr)
    first = json.loads(server.cli("import-bundle", str(stick), "--json").stdout)
    assert first["records"].get("accepted", 0) == info["records"] and first["blobs_stored"] == 3
    again = json.loads(server.cli("import-bundle", str(stick), "--json").stdout)
    assert again["replayed"] == again["batches"] and again["audit_appended"] == 0  # idempotent
    report = run_sync(laptop)
    assert report["status"] == "ok", report
    # Learnt from the server, not resent: what goes up is only the laptop's first number blocks, leased now.
    assert report["blobs_uploaded"] == 0 and report["leases"] > 0 and report["batches"] == 1
    assert report["chain_entries"] == report["leases"]  # one audit entry per block, none of the bundle's again
    assert report["pushed"] == {"accepted": info["records"] + report["leases"]}
    assert_consistent(server, [laptop])


def test_sync_command_exit_codes(tmp_path: Path, shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=2, photos=1, seed=51)
    dead = f"http://127.0.0.1:{free_port()}"
    down = fieldapp(laptop, "sync", "--server", dead, "--retries", "0", "--json")
    assert down.returncode == 4 and json.loads(down.stdout)["status"] == "offline"
    ok = fieldapp(laptop, "sync", "--json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert json.loads(ok.stdout)["pushed"]["accepted"] >= 4
    assert fieldapp(laptop, "sync", "--quiet").returncode == 0


def test_audit_entries_cut_from_the_end_are_noticed(tmp_path: Path, shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=3, photos=0, seed=61)
    assert run_sync(laptop)["status"] == "ok"
    db = sqlite3.connect(laptop / "fieldapp.db")  # someone trims the log behind the app's back
    db.execute("DROP TRIGGER audit_no_delete")
    top = db.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    db.execute("DELETE FROM audit_log WHERE seq > ?", (top - 2,))
    seq, digest = db.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head_seq'", (str(seq),))
    db.execute("UPDATE meta SET value = ? WHERE key = 'audit_head_hash'", (digest,))
    db.commit()
    db.close()
    report = run_sync(laptop)
    assert report["status"] == "refused" and report["error"]["code"] == "chain_truncated"
    kid = DeviceKeys(laptop).cert().device_key_id
    problems = shared_server.status()["chains"]["problems"]
    assert any(p["key_id"] == kid and p["chain_problem"].startswith("chain_truncated") for p in problems)


def test_public_check_page(tmp_path: Path, shared_server: ServerProcess) -> None:
    qrp = pytest.importorskip("fieldapp.forms.payload", reason="the QR payload (fieldapp.forms) has not landed")
    pytest.importorskip("fieldapp.forms.verify", reason="fieldapp.forms.verify has not landed")
    from datetime import date

    laptop = make_laptop(tmp_path / "a", shared_server, inspections=1, photos=0, seed=71)
    keys = DeviceKeys(laptop)
    payload = qrp.Payload(type_no=1, doc_id="0190f5a2-0000-7000-8000-000000000001", key_id=keys.cert().device_key_id,
                          issued_on=date.today(), number="湖源罚〔2026〕1号", subject_key="湖源乡", party="王记农资店",
                          amount_fen=20000, deadline=None, content_hash="ab" * 32)
    text = qrp.to_text(qrp.sign(payload, keys.sign).pack())
    good = httpx.get(f"{shared_server.url}/v/{text}")
    assert good.status_code == 200 and "文书真实有效" in good.text and "Genuine" in good.text
    forged = text[:40] + ("A" if text[40] != "A" else "B") + text[41:]
    bad = httpx.get(f"{shared_server.url}/v/{forged}?format=json")
    assert bad.status_code == 200 and bad.json()["valid"] is False
    hostile = httpx.get(f"{shared_server.url}/v/<script>alert(1)</script>")
    assert "<script>" not in hostile.text


def test_a_bundle_refused_while_opening_is_logged(tmp_path: Path, shared_server: ServerProcess) -> None:
    laptop = make_laptop(tmp_path / "a", shared_server, inspections=1, photos=0, seed=45)
    stick = tmp_path / "hy.fieldapp-bundle"
    assert fieldapp(laptop, "export-bundle", str(stick)).returncode == 0
    forged = tmp_path / "forged.fieldapp-bundle"  # the manifest changed after signing
    with zipfile.ZipFile(stick) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "bundle.json":
                data = data.replace(b'"created_at":"', b'"created_at":"1')
            dst.writestr(item, data)
    junk = tmp_path / "junk.fieldapp-bundle"
    junk.write_bytes(b"not a zip file at all")
    for path in (forged, junk):
        refused = shared_server.cli("import-bundle", str(path), ok=False)
        assert refused.returncode == 1, refused.stdout + refused.stderr
    logged = {e["detail"].partition(":")[0]: e for e in shared_server.events() if e["code"] == "bundle_refused"}
    assert {forged.name, junk.name} <= logged.keys()
    assert logged[forged.name]["key_id"] is None and "signature" in logged[forged.name]["detail"]
    assert "cannot be read" in logged[junk.name]["detail"]
