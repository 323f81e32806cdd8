"""Devices and trust: every refusal is clear, bilingual and logged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from synctools import ServerProcess, make_laptop, run_sync

from fieldapp.keys import DeviceKeys
from fieldapp.store.store import Store
from fieldapp.sync import outgoing
from fieldapp.sync import protocol as p
from fieldapp.sync.outgoing import Identity
from fieldapp.sync.transport import Refused, Transport


def transport(laptop: Path, url: str) -> Transport:
    return Transport(url, DeviceKeys(laptop), retries=0)


def events(server: ServerProcess) -> set[str]:
    return {e["code"] for e in json.loads(server.cli("events", "--json", "--limit", "500").stdout)}


def refused(fn: object) -> Refused:
    try:
        fn()  # type: ignore[operator]
    except Refused as exc:
        assert exc.msg.zh and exc.msg.en
        return exc
    raise AssertionError("not refused")


def test_signed_requests_are_checked(tmp_path: Path, shared_server: ServerProcess) -> None:
    server = shared_server
    laptop = make_laptop(tmp_path / "a", server, inspections=1, photos=0)
    t = transport(laptop, server.url)
    t.hello()
    body = json.dumps({"batch_ids": []}).encode()
    headers = t.sign_headers("POST", "/v1/state", body)
    ok = httpx.post(server.url + "/v1/state", content=body, headers=headers)
    assert ok.status_code == 200
    replay = httpx.post(server.url + "/v1/state", content=body, headers=headers)
    assert replay.status_code == 401 and replay.json()["error"]["code"] == "replayed_request"
    tampered = httpx.post(server.url + "/v1/state", content=body.replace(b"[]", b"[\"x\"]"),
                          headers=t.sign_headers("POST", "/v1/state", body))
    assert tampered.status_code == 400 and tampered.json()["error"]["code"] == "body_mismatch"
    forged = {**t.sign_headers("POST", "/v1/state", body), p.H_SIG: p.new_nonce() * 4}
    bad = httpx.post(server.url + "/v1/state", content=body, headers=forged)
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "bad_signature"
    t.offset = -3600
    skew = refused(lambda: t.once("POST", "/v1/state", body=body))
    assert skew.code == "clock_skew" and skew.status == 401
    t.offset = 0
    big = refused(lambda: t.once("POST", "/v1/chain", body=b"x" * (3 * 1024 * 1024)))
    assert big.status == 413 and big.code == "too_large"
    for name in ("..%2F..%2Fkeys%2Fcounty.key", "ABC", "a" * 63 + "/", "%2e%2e"):
        resp = httpx.patch(server.url + "/v1/blobs/" + name, content=b"x",
                           headers={**t.sign_headers("PATCH", "/v1/blobs/" + name, b"x"), "Upload-Offset": "0",
                                    "Upload-Length": "1"})
        assert resp.status_code in (400, 404), name
    strangers = DeviceKeys(tmp_path / "stranger")
    strangers.ensure_device_key()
    unknown = refused(lambda: Transport(server.url, strangers, retries=0).once("POST", "/v1/state", body=body))
    assert unknown.code == "device_unknown" and unknown.status == 401
    t.close()
    assert {"replayed_request", "body_mismatch", "bad_signature", "clock_skew", "too_large", "bad_blob_name",
            "device_unknown"} <= events(server)
    assert not list((server.data_dir / "blobs").rglob("county.key"))


def test_replayed_batch_is_acknowledged_once_and_a_tampered_one_refused(tmp_path: Path,
                                                                       shared_server: ServerProcess) -> None:
    server = shared_server
    laptop = make_laptop(tmp_path / "a", server, inspections=3, photos=0, seed=3)  # each test its own officers
    keys = DeviceKeys(laptop)
    with Store.in_dir(laptop) as store:
        me = Identity(store.device_id, keys.cert().device_key_id, keys.sign)
        outgoing.build_batches(store, me)
        batch = outgoing.unacked(store)[0]
        segments = list(outgoing.chain_segments(store, me, 0))
    t = transport(laptop, server.url)
    for data, sig, _ in segments:
        t.once("POST", "/v1/chain", body=data, headers={p.H_PAYLOAD_SIG: sig})
    first = t.once("POST", "/v1/batches", body=batch["body"], headers={p.H_PAYLOAD_SIG: batch["sig"]}).json()
    again = t.once("POST", "/v1/batches", body=batch["body"], headers={p.H_PAYLOAD_SIG: batch["sig"]}).json()
    assert first["counts"] == again["counts"] and again["replayed"] is True and "replayed" not in first
    doc = p.unpack(batch["body"])
    doc["records"][0]["revision"] = 99
    forged, forged_sig = outgoing.signed(doc, me)
    tampered = refused(lambda: t.once("POST", "/v1/batches", body=forged, headers={p.H_PAYLOAD_SIG: forged_sig}))
    assert tampered.code == "batch_tampered" and tampered.status == 409
    unsigned = refused(lambda: t.once("POST", "/v1/batches", body=forged, headers={p.H_PAYLOAD_SIG: batch["sig"]}))
    assert unsigned.code == "bad_payload_signature"
    t.close()
    report = run_sync(laptop)
    # The state call brought the stored answer: nothing was sent again. The only batch is the new laptop's
    # first number blocks, leased in this sync.
    assert report["status"] == "ok" and report["leases"] > 0 and report["batches"] == 1
    assert report["pushed"] == {"accepted": batch["records"] + report["leases"]}
    assert {"batch_tampered", "bad_payload_signature"} <= events(server)


def test_revoked_laptop_is_refused(tmp_path: Path, shared_server: ServerProcess) -> None:
    server = shared_server
    from fieldapp.forms import lifecycle
    from fieldapp.forms.verify import verify_file
    from fieldapp.workspace import Workspace

    laptop = make_laptop(tmp_path / "a", server, inspections=1, photos=0, seed=5)
    assert run_sync(laptop)["status"] == "ok"  # leases its number blocks
    with Workspace.open(laptop) as ws:  # a notice printed before the laptop was stolen
        insp = ws.store.one("SELECT id FROM inspections WHERE status = 'final' LIMIT 1")["id"]  # type: ignore[index]
        doc = lifecycle.new_document(ws, "inspection_record", inspection_id=insp, values={
            "party_kind": "person", "party_name": "张三", "findings": "现场检查未发现违法行为。"}).document
        # Revocation is judged by the day signed, the same day counting as after (the safe side):
        # this laptop's clock says the notice was issued two days ago.
        ws.store.clock = lambda: (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
        lifecycle.issue_document(ws, doc["id"])
        lifecycle.print_document(ws, doc["id"], to_pdf=tmp_path / "before.pdf")
    kid = DeviceKeys(laptop).cert().device_key_id
    server.cli("revoke", kid, "--reason", "laptop stolen")
    report = run_sync(laptop)
    assert report["status"] == "refused" and report["exit_code"] == 1
    assert report["error"]["code"] == "device_revoked" and "laptop stolen" in report["error"]["en"]
    other = make_laptop(tmp_path / "b", server, inspections=1, photos=0, seed=2)
    assert run_sync(other)["status"] == "ok"
    assert kid in DeviceKeys(other).revoked()  # revocations travel with the pull, with their time
    assert DeviceKeys(other).revoked()[kid], "the server's revocation time reaches the laptops"
    before = verify_file(tmp_path / "before.pdf", other)
    assert before.status == "valid" and any("吊销之前" in n.zh for n in before.notes)


def test_enrolment_code_is_one_time(tmp_path: Path, shared_server: ServerProcess) -> None:
    from fieldapp.store.store import Store as S
    from fieldapp.sync.device import enroll

    server = shared_server
    code = server.code("南霞乡")
    info = enroll(tmp_path / "n", server.url, code, retries=0)
    assert info["township"] == "南霞乡"
    with S.in_dir(tmp_path / "n") as store:
        assert store.meta("township") == "南霞乡" and store.meta("sync_server") == server.url
    again = refused(lambda: enroll(tmp_path / "m", server.url, code, retries=0))
    assert again.code == "enroll_code_invalid" and again.status == 403
    assert "enroll_code_invalid" in events(server)


def test_a_request_without_the_protocol_header_is_refused(tmp_path: Path, shared_server: ServerProcess) -> None:
    server = shared_server
    laptop = make_laptop(tmp_path / "a", server, inspections=1, photos=0, seed=7)
    t = transport(laptop, server.url)
    t.hello()
    body = json.dumps({"batch_ids": []}).encode()
    errors = {}
    for proto in (None, "2"):
        headers = t.sign_headers("POST", "/v1/state", body)
        assert headers.pop(p.H_PROTOCOL) == "1"
        if proto is not None:
            headers[p.H_PROTOCOL] = proto
        # A bare client: httpx's own, so nothing adds the header behind the test's back.
        resp = httpx.post(server.url + "/v1/state", content=body, headers=headers)
        errors[proto] = err = resp.json()["error"]
        assert resp.status_code == 426 and err["code"] == "protocol_unsupported" and err["zh"] and err["en"], proto
    assert p.H_PROTOCOL in errors[None]["en"] and "protocol 2" in errors["2"]["en"]
    ok = httpx.post(server.url + "/v1/state", content=body, headers=t.sign_headers("POST", "/v1/state", body))
    assert ok.status_code == 200
    t.close()
    logged = [e for e in server.events() if e["code"] == "protocol_unsupported"]
    assert any("no X-Fieldapp-Protocol" in e["detail"] for e in logged) and any("protocol 2" in e["detail"] for e in logged)


def test_a_record_whose_stored_content_is_damaged_is_rejected_alone(tmp_path: Path,
                                                                    shared_server: ServerProcess) -> None:
    server = shared_server
    laptop = make_laptop(tmp_path / "a", server, inspections=3, photos=0, seed=7)
    keys = DeviceKeys(laptop)
    with Store.in_dir(laptop) as store:
        me = Identity(store.device_id, keys.cert().device_key_id, keys.sign)
        outgoing.build_batches(store, me)
        doc = p.unpack(outgoing.unacked(store)[0]["body"])
        entries = [list(r) for r in store.database.read(
            "SELECT seq, ts, device_id, officer_id, entity, entity_id, action, before, after, prev_hash, hash"
            " FROM audit_log ORDER BY seq")]
    victim, odd = [r for r in doc["records"] if r["entity"] == "inspection"][:2]
    odd["revision"] = "二"  # and a revision that is not a number
    # Half an after-image, as a damaged disk leaves it, in a chain whose links were then made whole again: the
    # chain verifies, the record cannot be read.
    prev = p.GENESIS
    for entry in entries:
        if entry[0] == victim["audit_seq"]:
            entry[8] = entry[8][: len(entry[8]) // 2]
        entry[9] = prev
        entry[10] = prev = p.entry_digest(entry[:10])
    head = {"seq": entries[-1][0], "hash": prev}
    chain = {"v": p.PROTOCOL, "kind": "chain", "device_id": me.device_id, "key_id": me.key_id, "head": head,
             "entries": entries}
    t = transport(laptop, server.url)
    data, sig = outgoing.signed(chain, me)
    t.once("POST", "/v1/chain", body=data, headers={p.H_PAYLOAD_SIG: sig})
    body, sig = outgoing.signed({**doc, "head": head}, me)
    answer = t.once("POST", "/v1/batches", body=body, headers={p.H_PAYLOAD_SIG: sig}).json()
    t.close()
    outcomes = {a["seq"]: a for a in answer["records"]}
    for seq in (victim["seq"], odd["seq"]):
        damaged = outcomes.pop(seq)
        assert damaged["outcome"] == "rejected" and damaged["reason"]["code"] == "bad_record_data"
        assert damaged["reason"]["zh"] and damaged["reason"]["en"]
    assert {a["outcome"] for a in outcomes.values()} == {"accepted"} and len(outcomes) == len(doc["records"]) - 2
    status = json.loads(server.cli("status", "--json").stdout)
    assert status["records"].get("inspection", 0) >= 2


def test_a_chain_entry_with_a_field_no_laptop_writes_is_refused_whole(tmp_path: Path,
                                                                     shared_server: ServerProcess) -> None:
    """Every field of an audit entry after its number is a text or null (the laptop's log stores nothing else): a
    segment with a number, list or object there, even one whose hashes were made to match, is malformed; nothing
    of it is stored, and the laptop's real chain goes up afterwards."""
    server = shared_server
    laptop = make_laptop(tmp_path / "a", server, inspections=2, photos=0, seed=8)
    keys = DeviceKeys(laptop)
    with Store.in_dir(laptop) as store:
        me = Identity(store.device_id, keys.cert().device_key_id, keys.sign)
        entries = [list(r) for r in store.database.read(
            "SELECT seq, ts, device_id, officer_id, entity, entity_id, action, before, after, prev_hash, hash"
            " FROM audit_log ORDER BY seq")]
    t = transport(laptop, server.url)
    for index, odd in ((5, 12345), (8, {"id": "x"}), (3, ["a"])):
        forged = [list(e) for e in entries]
        forged[-1][index] = odd
        forged[-1][10] = p.entry_digest(forged[-1][:10])
        head = {"seq": forged[-1][0], "hash": forged[-1][10]}
        data, sig = outgoing.signed({"v": p.PROTOCOL, "kind": "chain", "device_id": me.device_id,
                                     "key_id": me.key_id, "head": head, "entries": forged}, me)
        exc = refused(lambda data=data, sig=sig: t.once("POST", "/v1/chain", body=data,
                                                        headers={p.H_PAYLOAD_SIG: sig}))
        assert exc.status == 400 and exc.code == "bad_payload", (odd, exc.msg.en)
    state = t.once("POST", "/v1/state", body=json.dumps({"batch_ids": [], "head": {
        "seq": entries[-1][0], "hash": entries[-1][10]}}).encode(), headers={"Content-Type": "application/json"}).json()
    t.close()
    assert state["chain"]["seq"] == 0  # nothing of the refused segments was kept
    report = run_sync(laptop, server.url)
    assert report["status"] == "ok" and report["chain_entries"] >= len(entries), report
