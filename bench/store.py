"""Store benchmark: bulk and interactive saves, list and search at 100,000 inspections.

Prints figures; it is not a test. Run: .venv/bin/python bench/store.py [--n 100000]
Targets (issue 2): bulk ≥ 5,000 inspections/s; interactive save p95 ≤ 15 ms (synchronous=FULL);
list and search p95 ≤ 20 ms at 100k; ratio to raw sqlite3 executemany ≥ 0.25.
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from fieldapp.store import inspections, parties
from fieldapp.store.inspections import InspectionInput, MatterFinding
from fieldapp.store.officers import add_officer
from fieldapp.testdata import business_name, make_uscc
from fieldapp.workspace import Workspace


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_inputs(ws: Workspace, officers: list[str], codes_by_cat: dict[str, list[str]], party_ids: list[str],
                start: int, count: int, rng: random.Random) -> list[InspectionInput]:
    townships = list(ws.jurisdiction.townships)
    cats = sorted(codes_by_cat)
    base = datetime(2026, 1, 5, 9, 0)
    out = []
    for i in range(start, start + count):
        c1, c2 = rng.sample(cats, 2)
        when = base + timedelta(minutes=37 * i)
        out.append(InspectionInput(
            township=townships[i % len(townships)], officers=rng.sample(officers, 2),
            matters=[MatterFinding(rng.choice(codes_by_cat[c1]), "现场检查未发现违法行为。", True),
                     MatterFinding(rng.choice(codes_by_cat[c2]), "门店占道经营。", False)],
            party_id=party_ids[i - start], place=f"集镇{i % 300}号", started_at=when.isoformat(timespec="minutes"),
            ended_at=(when + timedelta(minutes=40)).isoformat(timespec="minutes"),
            result="order_to_correct", status="final"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=2000)
    args = ap.parse_args()
    rng = random.Random(1)
    tmp = Path(tempfile.mkdtemp(prefix="fieldapp-bench-"))
    ws = Workspace.init(tmp / "data", "shaxian", "湖源乡")
    valid = date(2045, 1, 1)
    officers = [add_officer(ws.store, name=f"执法员{i}", cert_no=f"35040500{i:04d}", unit="湖源乡综合执法队",
                            password="bench123", cert_valid_until=valid) for i in range(6)]
    codes_by_cat: dict[str, list[str]] = {}
    for matter in ws.catalogue.matters.values():
        codes_by_cat.setdefault(matter.category, []).append(matter.code)

    # Bulk: a party and an inspection each, through the domain API, in batches.
    t0 = time.perf_counter()
    done = 0
    while done < args.n:
        count = min(args.batch, args.n - done)
        batch = [parties.validate(parties.PartyInput(kind="organisation", name=business_name(rng),
                                                     uscc=make_uscc("350405", i)))[0]
                 for i in range(done, done + count)]
        with ws.store.change() as ch:
            ids = parties.insert_many(ch, batch)
        ws.create_inspections(make_inputs(ws, officers, codes_by_cat, ids, done, count, rng))
        done += count
    bulk_s = time.perf_counter() - t0
    bulk_rate = args.n / bulk_s
    bulk_rss = rss_mb()
    print(f"bulk: {args.n} inspections (+{args.n} parties) in {bulk_s:.1f} s = {bulk_rate:,.0f} inspections/s")

    # Raw ceiling: the same rows, copied out and written back with executemany.
    raw_path = tmp / "raw.db"
    src = ws.store.conn
    tables = ["parties", "inspections", "inspection_officers", "inspection_matters", "audit_log", "outbox"]
    data = {t: src.execute(f"SELECT * FROM {t}").fetchall() for t in tables}
    fts = src.execute("SELECT rowid, grams FROM parties_fts").fetchall()
    schema = [r[0] for r in src.execute("SELECT sql FROM sqlite_master WHERE type IN ('table','index') AND sql IS NOT NULL"
                                         " AND name NOT LIKE 'parties_fts%' AND name NOT LIKE 'sqlite_%'")]
    raw = sqlite3.connect(raw_path, isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=FULL")
    for sql in schema:
        raw.execute(sql)
    raw.execute("CREATE VIRTUAL TABLE parties_fts USING fts5(grams, tokenize='unicode61')")
    t0 = time.perf_counter()
    rows_total = 0
    for start in range(0, args.n, args.batch):
        raw.execute("BEGIN")
        for t in tables:
            rows = data[t][start * len(data[t]) // args.n:(start + args.batch) * len(data[t]) // args.n]
            if rows:
                raw.executemany(f"INSERT INTO {t} VALUES ({','.join('?' * len(rows[0]))})", rows)
                rows_total += len(rows)
        part = fts[start:start + args.batch]
        raw.executemany("INSERT INTO parties_fts(rowid, grams) VALUES (?, ?)", part)
        raw.execute("COMMIT")
    raw_s = time.perf_counter() - t0
    raw_rate = args.n / raw_s
    print(f"raw sqlite3 executemany, same {rows_total:,} rows: {raw_s:.1f} s = {raw_rate:,.0f} inspections/s")
    print(f"ratio domain API / raw: {bulk_rate / raw_rate:.2f}")
    raw.close()
    del data

    # Interactive saves: one inspection per transaction, fsync each (synchronous=FULL).
    party_ids = [r["id"] for r in ws.store.query("SELECT id FROM parties LIMIT 300")]
    times = []
    for k in range(200):
        inp = make_inputs(ws, officers, codes_by_cat, [party_ids[k]], args.n + k, 1, rng)[0]
        t0 = time.perf_counter()
        ws.create_inspection(inp)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"interactive save: p50 {pct(times, 50):.2f} ms, p95 {pct(times, 95):.2f} ms (n=200)")

    townships = list(ws.jurisdiction.townships)
    times = []
    for _ in range(200):
        day = date(2026, 1, 5) + timedelta(days=rng.randint(0, 2500))
        t0 = time.perf_counter()
        inspections.list_inspections(ws.store, township=rng.choice(townships), status="final",
                                     date_from=day.isoformat(), date_to=(day + timedelta(days=30)).isoformat(),
                                     limit=50)
        times.append((time.perf_counter() - t0) * 1000)
    print(f"list by township/status/date: p50 {pct(times, 50):.2f} ms, p95 {pct(times, 95):.2f} ms")

    names = [r["name"] for r in ws.store.query("SELECT name FROM parties ORDER BY random() LIMIT 200")]
    times = []
    hits = 0
    for name in names:
        size = rng.choice([2, 3, 4])
        start = rng.randint(0, max(0, len(name) - size))
        t0 = time.perf_counter()
        found = parties.search(ws.store, name[start:start + size], limit=20)
        times.append((time.perf_counter() - t0) * 1000)
        hits += bool(found)
    print(f"party search by Chinese substring: p50 {pct(times, 50):.2f} ms, p95 {pct(times, 95):.2f} ms "
          f"({hits}/200 found)")
    print(f"peak RSS after the domain-API bulk load: {bulk_rss:.0f} MB; after the raw copy (holds all rows): "
          f"{rss_mb():.0f} MB; store file {(tmp / 'data' / 'fieldapp.db').stat().st_size / 1e6:.0f} MB")
    ws.close()


if __name__ == "__main__":
    main()
