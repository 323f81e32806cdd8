"""Sync test tools: a real server process on 127.0.0.1, real laptop stores, both databases.

The PostgreSQL variants use $FIELDAPP_TEST_PG or .venv/pg-url (written by
scripts/postgres.sh), each server in its own schema, and are skipped when
neither is reachable.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import httpx

from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer
from fieldapp.store.store import GENESIS, Store, entry_hash
from fieldapp.sync.device import enroll
from fieldapp.workspace import Workspace

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 16 * 1024  # small chunks so a test photo spans several


@cache
def pg_url() -> str | None:
    url = os.environ.get("FIELDAPP_TEST_PG")
    if not url and (ROOT / ".venv" / "pg-url").exists():
        url = (ROOT / ".venv" / "pg-url").read_text().strip()
    if not url:
        return None
    try:
        import psycopg

        psycopg.connect(url, connect_timeout=3).close()
    except Exception:
        return None
    return url


_PG_SCHEMAS: list[str] = []  # made by this test run, dropped at its end (drop_pg_schemas)


def new_pg_schema() -> str:
    import psycopg

    base = pg_url()
    assert base
    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    _PG_SCHEMAS.append(schema)
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


def drop_pg_schemas(only: list[str] | None = None) -> list[str]:
    """Drop the schemas this run made (never another's: others may be testing against the same database).
    Returns the ones that could not be dropped, e.g. still locked by a server that did not stop."""
    import psycopg

    base = pg_url()
    todo = [s for s in _PG_SCHEMAS if only is None or s in only]
    left: list[str] = []
    if not base or not todo:
        return left
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute("SET lock_timeout = '10s'")
        for schema in todo:
            try:
                conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            except psycopg.Error:
                left.append(schema)
            _PG_SCHEMAS.remove(schema)
    return left


def pg_schemas() -> set[str]:
    """The test schemas in the database now (this run's and any other's)."""
    import psycopg

    base = pg_url()
    assert base
    with psycopg.connect(base, autocommit=True) as conn:
        return {str(r[0]) for r in conn.execute("SELECT nspname FROM pg_namespace WHERE nspname LIKE 't\\_%'")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerProcess:
    """`fieldapp-server serve` as a real uvicorn process."""

    def __init__(self, data_dir: Path, backend: str, chunk: int = CHUNK, max_records: int = 2000,
                 db: str | None = None) -> None:
        self.data_dir = data_dir
        self.db = db or (new_pg_schema() if backend == "postgres" else None)
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.cli("init", "--jurisdiction", "shaxian")
        cfg = json.loads((data_dir / "server.json").read_text()) if (data_dir / "server.json").exists() else {}
        cfg["limits"] = {"chunk_size": chunk, "max_body": 2 * 1024 * 1024, "max_records": max_records}
        (data_dir / "server.json").write_text(json.dumps(cfg))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def args(self) -> list[str]:
        return ["--data-dir", str(self.data_dir), *(["--db", self.db] if self.db else [])]

    def cli(self, *args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run([sys.executable, "-m", "fieldapp.sync.server_cli", *self.args(), *args],
                              capture_output=True, text=True, timeout=120)
        if ok:
            assert proc.returncode == 0, proc.stderr
        return proc

    def start(self, env: dict[str, str] | None = None) -> ServerProcess:
        log = open(self.data_dir / "server.log", "ab")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "fieldapp.sync.server_cli", *self.args(), "serve", "--port", str(self.port),
             "--log-level", "warning"], stdout=log, stderr=log, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError((self.data_dir / "server.log").read_text())
            try:
                if httpx.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def code(self, township: str = "湖源乡") -> str:
        return self.cli("enroll-code", "--township", township).stdout.strip()

    def status(self) -> dict[str, Any]:
        return dict(json.loads(self.cli("status", "--json").stdout))

    def put_record(self, entity: str, entity_id: str, township: str | None, payload: dict[str, Any],
                   revision: int = 1) -> None:
        """A record on the server as another laptop would have left it (next in the pull feed)."""
        from fieldapp.store.store import canonical, now_iso
        from fieldapp.sync.server import schema as t
        from fieldapp.sync.server.core import Server
        from fieldapp.sync.server.db import next_feed

        text = canonical(payload)
        server = Server(self.data_dir, self.db)
        try:
            with server.db.write() as conn:
                row = {"entity": entity, "entity_id": entity_id, "revision": revision, "township": township,
                       "payload": text, "payload_sha": hashlib.sha256(text.encode()).hexdigest(),
                       "author_key": "test", "author_device": "test", "audit_seq": 1, "feed_seq": next_feed(conn),
                       "updated_at": now_iso(), "conflict": 0, "missing": 0}
                conn.execute(server.db.insert(t.records).values(rkey=f"{entity}:{entity_id}", **row)
                             .on_conflict_do_update(index_elements=["rkey"], set_=row))
        finally:
            server.close()

    def events(self) -> list[dict[str, Any]]:
        return list(json.loads(self.cli("events", "--json", "--limit", "500").stdout))

    def engine(self) -> Any:
        from sqlalchemy import create_engine

        from fieldapp.sync.server.db import normalise_url

        return create_engine(normalise_url(self.db, self.data_dir))


# -- laptops ---------------------------------------------------------------------
def make_laptop(path: Path, server: ServerProcess, township: str = "湖源乡", *, inspections: int = 5,
                photos: int = 2, seed: int = 1) -> Path:
    ws = Workspace.init(path, "shaxian", township)
    try:
        officers = [add_officer(ws.store, name=n, cert_no=f"{seed}{township}{i}", unit=f"{township}综合执法队",
                                password="secret12", cert_valid_until=date.today() + timedelta(days=365),
                                township=township) for i, n in enumerate(["陈志明", "林秀英"])]
        add_inspections(ws, officers, inspections, photos, seed)
    finally:
        ws.close()
    enroll(path, server.url, server.code(township), retries=2, backoff=0.05)
    return path


def add_inspections(ws: Workspace, officers: list[str], count: int, photos: int, seed: int) -> list[str]:
    codes = sorted(ws.catalogue.matters)
    start = datetime.now().replace(second=0, microsecond=0) - timedelta(days=2)
    inputs = [InspectionInput(township=ws.township or "湖源乡", officers=officers,
                              matters=[MatterFinding(codes[(i + seed) % len(codes)], "现场检查", True)],
                              place=f"测试地点{seed}-{i}", started_at=start.isoformat(timespec="minutes"),
                              ended_at=(start + timedelta(minutes=30)).isoformat(timespec="minutes"),
                              result="compliant", status="final") for i in range(count)]
    ids = ws.create_inspections(inputs)
    for n in range(photos):
        add_photo(ws.store, ids[n % len(ids)], os.urandom(40_000 + 997 * n + seed))
    return ids


def add_photo(store: Store, inspection_id: str, data: bytes) -> str:
    """What fieldapp.evidence does on import, minus the imaging: file, file record, link."""
    from fieldapp.evidence import records, storage

    sha = hashlib.sha256(data).hexdigest()
    path = storage.original_path(store.data_dir, sha, "jpg")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    with store.change("tester") as ch:
        records.insert_file(ch, {"sha256": sha, "size": len(data), "mime": "image/jpeg", "original_name": f"{sha[:8]}.jpg"})
        records.insert_link(ch, sha, {"inspection_id": inspection_id, "case_id": None}, caption="现场照片",
                            place="", photographer="陈志明", action="link")
    return sha


def run_cli(laptop: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The laptop's `fieldapp` command, as cron or an officer runs it."""
    return subprocess.run([sys.executable, "-m", "fieldapp", f"--data-dir={laptop}", *args], capture_output=True,
                          text=True, timeout=120, env={**os.environ, "FIELDAPP_LANG": "en"})


def run_sync(laptop: Path, url: str | None = None, retries: int = 3, **kw: Any) -> dict[str, Any]:
    from fieldapp.sync.client import SyncEngine

    with Store.in_dir(laptop) as store:
        return SyncEngine(store, url, retries=retries, backoff=0.02, timeout=10, **kw).run().as_dict()


# -- what must hold after every scenario -------------------------------------------
def assert_consistent(server: ServerProcess, laptops: list[Path]) -> dict[str, Any]:
    """Each record once, every photo's hash right, every device chain verifying up to the laptop's head."""
    from sqlalchemy import text

    engine = server.engine()
    facts: dict[str, Any] = {}
    try:
        with engine.connect() as conn:
            for sha, size in conn.execute(text("SELECT sha256, size FROM blobs")):
                path = server.data_dir / "blobs" / sha[:2] / sha
                assert path.stat().st_size == size and hashlib.sha256(path.read_bytes()).hexdigest() == sha
            for laptop in laptops:
                with Store.in_dir(laptop) as store:
                    device, head_seq = store.device_id, int(store.meta("audit_head_seq") or 0)
                    head_hash = store.meta("audit_head_hash")
                    outbox = store.query("SELECT seq, entity, entity_id, status FROM outbox WHERE op != 'pull'")
                    local_blobs = {r["sha256"] for r in store.query("SELECT sha256 FROM evidence_links")}
                rows = conn.execute(text("SELECT seq, ts, entry_device, officer_id, entity, entity_id, action,"
                                         " before, after, prev_hash, hash FROM audit WHERE device_id = :d ORDER BY seq"),
                                    {"d": device}).all()
                prev = GENESIS
                for n, row in enumerate(rows, start=1):
                    assert row[0] == n and row[9] == prev and entry_hash(list(row[:10])) == row[10], f"chain {n}"
                    prev = row[10]
                assert len(rows) == head_seq and prev == head_hash, "server chain stops short of the laptop head"
                changes = conn.execute(text("SELECT seq, outcome FROM changes WHERE device_id = :d"),
                                       {"d": device}).all()
                assert len(changes) == len({s for s, _ in changes})
                assert {s for s, _ in changes} == {r["seq"] for r in outbox}, "a change missing or extra on the server"
                assert all(r["status"] in ("acked", "quarantined") for r in outbox)
                for r in outbox:
                    if r["status"] == "acked":
                        assert conn.execute(text("SELECT count(*) FROM records WHERE rkey = :k"),
                                            {"k": f"{r['entity']}:{r['entity_id']}"}).scalar_one() == 1
                held = set(conn.execute(text("SELECT sha256 FROM blobs")).scalars())
                assert local_blobs <= held, "a photo did not arrive"
                facts[device] = {"audit": len(rows), "changes": len(changes)}
            facts["records"] = conn.execute(text("SELECT count(*) FROM records")).scalar_one()
            facts["incomplete"] = conn.execute(text("SELECT count(*) FROM records WHERE missing > 0")).scalar_one()
    finally:
        engine.dispose()
    return facts
