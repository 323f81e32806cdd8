"""Sync benchmark: a laptop's week (inspections and photos) to a local county server.

Prints figures; it is not a test. Run: .venv/bin/python bench/sync.py [--records 10000] [--photos 2000]
Targets (issue 4): wire ÷ compressed payload ≤ 1.05; bytes resent after a cut mid-photo ≤ one chunk;
≥ 20× the records/s of a naive one-record-per-POST client; server ingest ≥ 5,000 records/s on PostgreSQL.
The server runs as a real uvicorn process; every byte goes through a counting proxy on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi import Request

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fieldapp.evidence import records as ev  # noqa: E402
from fieldapp.evidence import storage  # noqa: E402
from fieldapp.store.inspections import InspectionInput, MatterFinding  # noqa: E402
from fieldapp.store.officers import add_officer  # noqa: E402
from fieldapp.store.store import Store  # noqa: E402
from fieldapp.sync.client import SyncEngine  # noqa: E402
from fieldapp.sync.device import enroll  # noqa: E402
from fieldapp.sync.faultproxy import Cut, FaultProxy  # noqa: E402
from fieldapp.workspace import Workspace  # noqa: E402

PY = sys.executable


def build_laptop(path: Path, records: int, photos: int, photo_kb: int) -> float:
    started = time.perf_counter()
    ws = Workspace.init(path, "shaxian", "湖源乡")
    try:
        valid = (datetime.now() + timedelta(days=365)).date()
        officers = [add_officer(ws.store, name=n, cert_no=f"bench{i}", unit="湖源乡综合执法队", password="secret12",
                                township="湖源乡", cert_valid_until=valid) for i, n in enumerate(["陈志明", "林秀英"])]
        codes = sorted(ws.catalogue.matters)
        base = datetime.now().replace(second=0, microsecond=0) - timedelta(days=7)
        ids: list[str] = []
        for start in range(0, records, 1000):
            inputs = [InspectionInput(township="湖源乡", officers=officers,
                                      matters=[MatterFinding(codes[i % len(codes)], "现场检查未发现违法行为。", True),
                                               MatterFinding(codes[(i + 7) % len(codes)], "门店占道经营。", False)],
                                      place=f"湖源集镇{i % 300}号", started_at=(base + timedelta(minutes=i)).isoformat(
                                          timespec="minutes"), ended_at=(base + timedelta(minutes=i + 30)).isoformat(
                                          timespec="minutes"), result="order_to_correct", status="final",
                                      summary="片区联合执法 综合查一次") for i in range(start, min(records, start + 1000))]
            ids += ws.create_inspections(inputs)
        for start in range(0, photos, 100):
            with ws.store.change("陈志明") as ch:
                for n in range(start, min(photos, start + 100)):
                    add_photo(ch, path, ids[n % len(ids)], os.urandom(photo_kb * 1024))
    finally:
        ws.close()
    return time.perf_counter() - started


def add_photo(ch: Any, data_dir: Path, inspection_id: str, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    target = storage.original_path(data_dir, sha, "jpg")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    ev.insert_file(ch, {"sha256": sha, "size": len(data), "mime": "image/jpeg", "original_name": f"{sha[:8]}.jpg"})
    ev.insert_link(ch, sha, {"inspection_id": inspection_id, "case_id": None}, caption="现场照片", place="",
                   photographer="陈志明", action="link")
    return sha


def start_server(data_dir: Path, db: str | None, port: int) -> subprocess.Popen[bytes]:
    base = [PY, "-m", "fieldapp.sync.server_cli", "--data-dir", str(data_dir), *(["--db", db] if db else [])]
    subprocess.run([*base, "init", "--jurisdiction", "shaxian"], check=True, capture_output=True)
    proc = subprocess.Popen([*base, "serve", "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_up(f"http://127.0.0.1:{port}/healthz", proc)
    return proc


def wait_up(url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("server failed to start")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_SCHEMAS: list[str] = []  # made by this run, dropped at its end: left behind, they grew the test database to GBs


def pg_schema(base: str) -> str:
    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    _SCHEMAS.append(schema)
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


def drop_pg_schemas(base: str) -> None:
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        for schema in _SCHEMAS:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def run_backend(name: str, template: Path, work: Path, db: str | None, photo_kb: int) -> dict[str, Any]:
    laptop = work / f"laptop-{name}"
    shutil.copytree(template, laptop)
    os.sync()  # the copy's 600 MB of photos are written out now, not under the sync being measured
    port = free_port()
    proc = start_server(work / f"server-{name}", db, port)
    proxy = FaultProxy(port).start()
    url = f"http://127.0.0.1:{proxy.port}"
    try:
        code = subprocess.run([PY, "-m", "fieldapp.sync.server_cli", "--data-dir", str(work / f"server-{name}"),
                               *(["--db", db] if db else []), "enroll-code", "--township", "湖源乡"],
                              check=True, capture_output=True, text=True).stdout.strip()
        enroll(laptop, url, code)
        with Store.in_dir(laptop) as store:
            records = store.one("SELECT count(*) AS n FROM outbox WHERE status = 'pending'")["n"]  # type: ignore[index]
        proxy.reset_counters()
        marks: dict[str, float] = {}

        def progress(phase: str, done: int, total: int, message: str) -> None:
            marks.setdefault(phase, time.perf_counter())
            marks[phase + "_end"] = time.perf_counter()

        with Store.in_dir(laptop) as store:
            engine = SyncEngine(store, url, progress=progress)
            started = time.perf_counter()
            report = engine.run()
            ended = time.perf_counter()
            payload = engine.transport.body_bytes
        assert report.status == "ok", report.as_dict()
        wire = proxy.up_bytes + proxy.down_bytes
        photo_s = marks.get("batches", ended) - marks.get("photos", marks.get("batches", ended))
        record_s = (ended - started) - photo_s
        cut = cut_mid_photo(laptop, proxy, photo_kb)
        if os.environ.get("BENCH_PHASES"):
            print({k: round(v - started, 3) for k, v in sorted(marks.items(), key=lambda kv: kv[1])})
        return {"records": records, "seconds": ended - started, "records_per_s": records / record_s,
                "photo_mb_per_s": report.blob_bytes / 1e6 / photo_s if photo_s > 0 else 0.0,
                "wire": wire, "payload": payload, "ratio": wire / payload,
                "ingest_per_s": records / (report.server_ms / 1000) if report.server_ms else 0.0,
                "server_ms": report.server_ms, **cut}
    finally:
        proxy.stop()
        proc.terminate()
        proc.wait(20)


def cut_mid_photo(laptop: Path, proxy: FaultProxy, photo_kb: int) -> dict[str, Any]:
    """One more photo; the link drops halfway through its upload; the next attempt resumes."""
    with Workspace.open(laptop) as ws:
        inspection = ws.store.one("SELECT id FROM inspections LIMIT 1")["id"]  # type: ignore[index]
        with ws.store.change("陈志明") as ch:
            add_photo(ch, laptop, inspection, os.urandom(photo_kb * 1024))
    calls = {"n": 0}

    def plan(_n: int) -> Cut:
        calls["n"] += 1
        return Cut(up=60_000 + photo_kb * 512) if calls["n"] == 1 else Cut()  # ~half the photo, after the small calls

    proxy.plan = plan
    with Store.in_dir(laptop) as store:
        engine = SyncEngine(store, f"http://127.0.0.1:{proxy.port}", backoff=0.05)
        report = engine.run()
        chunk = engine.limits.get("chunk_size", 0)
    proxy.plan = lambda _n: Cut()
    return {"cut_status": report.status, "resent": report.blob_bytes_resent, "chunk": chunk, "cuts": proxy.cuts}


def naive(template: Path, work: Path, count: int, db: str | None = None) -> float:
    """The baseline: one JSON record per POST. Like every client of the county server it signs each
    request (Ed25519 headers); its server checks the signature and stores the record in its own
    transaction, on the same database engine as the batched run it is compared with. It goes
    through the same counting proxy as the real sync."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from fieldapp.keys import b64, key_id, public_raw
    from fieldapp.sync import protocol as p

    key = Ed25519PrivateKey.generate()
    kid = key_id(public_raw(key))
    port = free_port()
    proc = subprocess.Popen([PY, str(Path(__file__).resolve()), "--naive-server", str(port), db or f"sqlite:///{work / 'naive.db'}",
                             b64(public_raw(key))], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    proxy = FaultProxy(port).start()
    try:
        wait_up(f"http://127.0.0.1:{port}/healthz", proc)
        with Store.in_dir(template) as store:
            rows = [r["after"] for r in store.query("SELECT a.after FROM outbox o JOIN audit_log a"
                                                    " ON a.seq = o.audit_seq ORDER BY o.seq LIMIT ?", (count,))]
        with httpx.Client() as client:
            started = time.perf_counter()
            for row in rows:
                body = row.encode("utf-8")
                ts, nonce, sha = str(int(time.time())), p.new_nonce(), p.sha256_hex(body)
                sig = b64(key.sign(p.request_string("POST", "/record", kid, ts, nonce, sha)))
                client.post(f"http://127.0.0.1:{proxy.port}/record", content=body, headers={
                    "Content-Type": "application/json", p.H_KEY: kid, p.H_TIME: ts, p.H_NONCE: nonce, p.H_BODY: sha,
                    p.H_SIG: sig}).raise_for_status()
            return len(rows) / (time.perf_counter() - started)
    finally:
        proxy.stop()
        proc.terminate()
        proc.wait(20)


def naive_server(port: int, db_url: str, public: str) -> None:
    import uvicorn
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from fastapi import FastAPI, HTTPException
    from sqlalchemy import Column, MetaData, Table, Text, delete, insert

    from fieldapp.keys import unb64
    from fieldapp.sync import protocol as p
    from fieldapp.sync.server.db import ServerDB, normalise_url

    key = Ed25519PublicKey.from_public_bytes(unb64(public))
    db = ServerDB(normalise_url(db_url, Path(".")))
    table = Table("records", MetaData(), Column("id", Text, primary_key=True), Column("payload", Text))
    table.metadata.create_all(db.writer)
    app = FastAPI()

    @app.post("/record")
    async def record(request: Request) -> dict[str, str]:
        body = await request.body()
        h = request.headers
        message = p.request_string("POST", "/record", h[p.H_KEY], h[p.H_TIME], h[p.H_NONCE], p.sha256_hex(body))
        if not p.check_sig(key, h[p.H_SIG], message):
            raise HTTPException(401)
        data = json.loads(body)
        with db.write() as conn:  # a later revision of the same record replaces it, on either engine
            conn.execute(delete(table).where(table.c.id == str(data.get("id"))))
            conn.execute(insert(table).values(id=str(data.get("id")), payload=body.decode()))
        return {"ok": "1"}

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--photo-kb", type=int, default=300)
    parser.add_argument("--naive", type=int, default=2_000, help="records the naive client posts")
    parser.add_argument("--pg", default=os.environ.get("FIELDAPP_TEST_PG") or (
        (ROOT / ".venv" / "pg-url").read_text().strip() if (ROOT / ".venv" / "pg-url").exists() else ""))
    parser.add_argument("--naive-server", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive_server:
        naive_server(int(args.naive_server[0]), args.naive_server[1], args.naive_server[2])
        return
    work = Path(tempfile.mkdtemp(prefix="fieldapp-bench-sync-"))
    try:
        template = work / "template"
        built = build_laptop(template, args.records, args.photos, args.photo_kb)
        print(f"laptop: {args.records} inspections, {args.photos} photos × {args.photo_kb} KB built in {built:.1f} s")
        backends: list[tuple[str, str | None]] = [("sqlite", None)]
        if args.pg:
            try:
                backends.append(("postgresql", pg_schema(args.pg)))
            except Exception as exc:  # a benchmark, not a test: say why and carry on
                print(f"postgresql: skipped ({exc})")
        results = {}
        for name, db in backends:
            r = run_backend(name, template, work, db, args.photo_kb)
            results[name] = r
            print(f"\n== {name} server ==")
            print(f"sync: {r['records']} records + {args.photos} photos in {r['seconds']:.1f} s")
            print(f"records/s (chain + batches): {r['records_per_s']:,.0f}")
            print(f"photos MB/s: {r['photo_mb_per_s']:.1f}")
            print(f"bytes on the wire ÷ compressed payload: {r['wire']:,} ÷ {r['payload']:,} = {r['ratio']:.4f}"
                  "  (target ≤ 1.05)")
            print(f"bytes resent after a cut mid-photo: {r['resent']:,} (one chunk = {r['chunk']:,}; "
                  f"cut sync {r['cut_status']}, cuts {r['cuts']})  (target ≤ one chunk)")
            print(f"server ingest: {r['ingest_per_s']:,.0f} records/s ({r['server_ms']:.0f} ms applying)"
                  + ("  (target ≥ 5,000 on PostgreSQL)" if name == "postgresql" else ""))
        print()
        for name, db in backends:
            base = naive(template, work, min(args.naive, args.records), pg_schema(args.pg) if db else None)
            r = results[name]
            print(f"naive client on {name} (one signed JSON record per POST, one commit each): {base:,.0f} records/s;"
                  f" batched ÷ naive: {r['records_per_s'] / base:.1f}×  (target ≥ 20×)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if _SCHEMAS:
            drop_pg_schemas(args.pg)


if __name__ == "__main__":
    main()
