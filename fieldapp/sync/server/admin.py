"""Administration: set-up, status, and USB bundle import."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from fieldapp.catalogue import load_catalogue
from fieldapp.jurisdiction import load_jurisdiction
from fieldapp.keys import CountyKey, b64
from fieldapp.messages import Msg
from fieldapp.sync.bundle import Bundle
from fieldapp.sync.protocol import ProtocolError
from fieldapp.sync.server import schema as t
from fieldapp.sync.server.chain import apply_chain, flag_problem
from fieldapp.sync.server.core import Server
from fieldapp.sync.server.devices import authenticator, revoked_ids
from fieldapp.sync.server.feed import set_reference
from fieldapp.sync.server.ingest import apply_batch, verify_payload
from fieldapp.sync.server.uploads import complete


def init_server(server: Server, jurisdiction: str, catalogue: Path | None = None) -> dict[str, Any]:
    """Create the county key (kept if present) and load the jurisdiction and catalogue."""
    created = not server.county_key_path.exists()
    county = CountyKey.create(server.county_key_path) if created else CountyKey.load(server.county_key_path)
    (server.county_key_path.parent / "county.pub").write_text(b64(county.public), "ascii")
    jur = load_jurisdiction(jurisdiction)
    cat = load_catalogue(catalogue)
    areas = {name: town.area for name, town in jur.townships.items()}
    with server.db.write() as conn:
        server.set_meta(conn, "jurisdiction", jur.key)
        server.set_meta(conn, "county_key_id", county.key_id)
        server.set_meta(conn, "township_areas", json.dumps(areas, ensure_ascii=False))
        server.set_meta(conn, "departments", json.dumps(sorted(jur.departments), ensure_ascii=False))
        for kind, key, version, source in (("jurisdiction", jur.key, "", jur.source),
                                           ("catalogue", cat.version, cat.version, cat.source)):
            text = Path(source).read_text("utf-8")
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            set_reference(conn, kind, key, version or sha[:12], sha, text)
    server._towns = None
    server.event("server_init", f"jurisdiction={jur.key} catalogue={cat.version}", level="info")
    return {"county_key_id": county.key_id, "county_key_created": created, "jurisdiction": jur.key,
            "catalogue": cat.version, "townships": list(areas)}


def status(server: Server) -> dict[str, Any]:
    with server.db.read() as conn:
        by_type = {str(e): int(n) for e, n in conn.execute(
            select(t.records.c.entity, func.count()).group_by(t.records.c.entity))}
        blob_count, blob_bytes = conn.execute(select(func.count(), func.coalesce(func.sum(t.blobs.c.size), 0))
                                              .select_from(t.blobs)).one()
        devices = conn.execute(select(func.count(), func.count(t.devices.c.revoked_at))
                               .select_from(t.devices)).one()
        conflicts = conn.execute(select(func.count()).select_from(t.conflicts)
                                 .where(t.conflicts.c.status == "open")).scalar_one()
        rejected = conn.execute(select(func.count()).select_from(t.changes)
                                .where(t.changes.c.outcome == "rejected")).scalar_one()
        incomplete = conn.execute(select(func.count()).select_from(t.records).where(t.records.c.missing > 0)).scalar_one()
        problems = [dict(r) for r in conn.execute(select(t.devices.c.key_id, t.devices.c.chain_problem)
                                                  .where(t.devices.c.chain_problem.is_not(None))).mappings()]
        behind = conn.execute(select(func.count()).select_from(t.devices)
                              .where(t.devices.c.claimed_seq > t.devices.c.chain_seq)).scalar_one()
        audit_entries = conn.execute(select(func.count()).select_from(t.audit)).scalar_one()
        batches = conn.execute(select(func.count()).select_from(t.batches)).scalar_one()
    return {"database": server.db.dialect, "jurisdiction": server.meta("jurisdiction"),
            "records": by_type, "records_total": sum(by_type.values()),
            "blobs": {"count": int(blob_count), "bytes": int(blob_bytes)},
            "devices": {"enrolled": int(devices[0]), "revoked": int(devices[1])},
            "conflicts": int(conflicts), "quarantined": int(rejected), "incomplete": int(incomplete),
            "audit_entries": int(audit_entries), "batches": int(batches),
            "chains": {"problems": problems, "behind": int(behind)}}


def import_bundle(server: Server, path: Path) -> dict[str, Any]:
    """Apply a USB bundle exactly like a network sync: same checks, idempotent."""
    with server.db.read() as conn:
        revoked = set(revoked_ids(conn))
    bundle: Bundle | None = None
    try:  # opening checks the certificate and signature: those refusals are logged like the rest
        bundle = Bundle(path, server.county.public, revoked)
        device = authenticator(server).device(bundle.key_id)
        if device.device_id != bundle.manifest.get("device_id"):
            raise ProtocolError(400, Msg("数据包的设备编号与证书不符。",
                                           "The bundle's device id does not match its certificate.",
                                           "payload_mismatch"))
        blobs = 0
        for member in bundle.of_kind("blob"):
            data = bundle.read(member)
            if server.blobs.put_bytes(member.sha256, data):
                complete(server, member.sha256, len(data), device.key_id)
                blobs += 1
        appended = 0
        for member in bundle.of_kind("chain"):
            data = bundle.read(member)
            doc = verify_payload(server, device, data, member.sig, "chain")
            try:
                appended += apply_chain(server, device, doc)["appended"]
            except ProtocolError as exc:
                flag_problem(server, device, exc)
                raise
        results = []
        for member in bundle.of_kind("batch"):
            data = bundle.read(member)
            doc = verify_payload(server, device, data, member.sig, "batch")
            results.append(apply_batch(server, device, data, doc, "bundle"))
    except ProtocolError as exc:
        server.event("bundle_refused", f"{path.name}: {exc.msg.en}", bundle.key_id if bundle else None)
        raise
    finally:
        if bundle is not None:
            bundle.close()
    assert bundle is not None  # opened, or the refusal above was raised
    counts: dict[str, int] = {}
    for result in results:
        for outcome, n in result.get("counts", {}).items():
            counts[outcome] = counts.get(outcome, 0) + n
    server.event("bundle_imported", f"{path.name}: {counts}", bundle.key_id, level="info")
    return {"device": bundle.key_id, "blobs_stored": blobs, "audit_appended": appended, "batches": len(results),
            "replayed": sum(1 for r in results if r.get("replayed")), "records": counts}

