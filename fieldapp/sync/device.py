"""Laptop-side set-up and the USB path: enrolment with a one-time code, bundle export."""

from __future__ import annotations

import json
import platform
from pathlib import Path
from typing import Any

from fieldapp.keys import DeviceCert, DeviceKeys, b64, unb64
from fieldapp.messages import FieldappError, Msg
from fieldapp.store.db import STORE_FILENAME
from fieldapp.store.store import Store
from fieldapp.sync import outgoing
from fieldapp.sync.bundle import write_bundle
from fieldapp.sync.outgoing import Identity
from fieldapp.sync.transport import Transport


def enroll(data_dir: Path, server_url: str, code: str, **transport_kw: Any) -> dict[str, Any]:
    """Create this laptop's key, have the county certify it, and remember the server."""
    data_dir = Path(data_dir)
    keys = DeviceKeys(data_dir)
    public = keys.ensure_device_key()
    with Store.in_dir(data_dir) as store:
        device_id, township = store.device_id, store.meta("township")
    transport = Transport(server_url, keys, **transport_kw)
    try:
        hello = transport.hello()
        body = {"code": code, "device_id": device_id, "public_key": b64(public), "township": township,
                "hostname": platform.node()}
        answer = transport.json("POST", "/v1/enroll", body)
    finally:
        transport.close()
    if answer["county_public"] != hello["county_public"]:
        raise FieldappError(Msg("服务器返回的县局公钥前后不一致，已中止登记。",
                                "The server announced two different county keys; enrolment aborted.",
                                "county_key_mismatch"))
    cert = DeviceCert.from_dict(answer["cert"])
    keys.save_enrolment(cert, unb64(answer["county_public"]))
    if not (data_dir / "reference" / "jurisdiction.toml").exists():
        from fieldapp.workspace import Workspace

        Workspace.init(data_dir, answer["jurisdiction"], answer["township"]).close()
    with Store.in_dir(data_dir) as store:
        store.set_meta("sync_server", server_url.rstrip("/"))
    try:
        from fieldapp.forms.trust import remember_cert

        remember_cert(data_dir, cert)
    except ImportError:
        pass
    return {"device_key_id": cert.device_key_id, "township": answer["township"], "area": answer.get("area"),
            "jurisdiction": answer["jurisdiction"], "server": server_url}


def export_bundle(store: Store, path: Path) -> dict[str, Any]:
    """Everything not yet acknowledged, in one signed file (docs/sync-protocol.md §10)."""
    keys = DeviceKeys(store.data_dir)
    cert = keys.cert()
    me = Identity(store.device_id, cert.device_key_id, keys.sign)
    outgoing.build_batches(store, me)
    confirmed = int(store.meta("sync_chain_seq") or 0)
    chain = [(data, sig) for data, sig, _ in outgoing.chain_segments(store, me, confirmed)]
    batches = [(bytes(b["body"]), str(b["sig"])) for b in outgoing.unacked(store)]
    blobs, missing = [], []
    for sha in outgoing.blobs_needed(store):
        found = outgoing.blob_path(store, sha)
        (blobs.append((sha, found)) if found else missing.append(sha))
    summary = write_bundle(Path(path), cert=cert, device_id=store.device_id, head=outgoing.head(store),
                           chain=chain, batches=batches, blobs=blobs, sign=keys.sign)
    summary["records"] = sum(int(b["records"]) for b in outgoing.unacked(store))
    summary["blobs_missing_locally"] = missing
    store.set_meta("sync_last_bundle", json.dumps({"file": str(path), "at": store.clock()}, ensure_ascii=False))
    return summary


def is_enrolled(data_dir: Path) -> bool:
    return (Path(data_dir) / STORE_FILENAME).exists() and DeviceKeys(data_dir).cert_path.exists()
