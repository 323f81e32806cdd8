"""Desktop benchmark: cold start, lists at 100,000 records, event-loop stalls during import and sync.

Prints figures; it is not a test. Run: .venv/bin/python bench/ui.py [--n 100000] [--photos 200]
Targets (issue 5, 2 cores): start ≤ 1.5 s (demo) and ≤ 2.5 s (100k inspections); no stall over 100 ms.

* cold start: a new process (`fieldapp --data-dir … gui`, offscreen) from launch until the main window
  has been shown and painted, median of 3;
* lists: the case list's first page and a fetchMore at 100,000 cases, and a search;
* stalls: a 5 ms timer on the GUI thread while 200 photos are imported through the gallery, and while
  the sync screen pushes the demo store and those photos to a local county server process; the figure
  is the longest gap between ticks minus the 5 ms.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

SHOWN = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import fieldapp.ui.main_window as mw
show = mw.MainWindow.show
def shown(self):
    show(self)
    self.repaint()  # painted, not only mapped
    print("SHOWN", flush=True)
    QTimer.singleShot(0, QApplication.quit)
mw.MainWindow.show = shown
from fieldapp.cli.main import main
sys.exit(main(["--data-dir", sys.argv[1], "gui"]))
"""


def cold_start(data_dir: Path, runs: int = 3) -> float:
    """Seconds from launching `fieldapp gui` to the painted main window (CLI, store, window), median of runs."""
    script = Path(tempfile.gettempdir()) / "fieldapp-bench-shown.py"
    script.write_text(SHOWN)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        proc = subprocess.Popen([PY, str(script), str(data_dir)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - t0
        proc.wait(60)
        if "SHOWN" not in line:
            raise RuntimeError(proc.stderr.read()[-2000:] if proc.stderr else "no window")
        times.append(elapsed)
    return statistics.median(times)


def _bench_store() -> Any:
    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "bench" / "store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_big(data_dir: Path, n: int) -> None:
    """n inspections (the bulk API, as bench/store.py) and n cases, plus the demo's officers for sign-in."""
    from fieldapp.demo import build_demo
    from fieldapp.store import parties
    from fieldapp.store.cases import CaseInput, insert_case
    from fieldapp.testdata import business_name, make_uscc
    from fieldapp.workspace import Workspace

    build_demo(data_dir, inspections=20)
    store_bench = _bench_store()
    rng = random.Random(1)
    with Workspace.open(data_dir) as ws:
        from datetime import date

        from fieldapp.store.officers import add_officer

        officers = [add_officer(ws.store, name=f"执法员{i}", cert_no=f"BENCH{i:04d}", unit="湖源乡综合执法队",
                                password="bench123", cert_valid_until=date(2045, 1, 1)) for i in range(4)]
        codes: dict[str, list[str]] = {}
        for m in ws.catalogue.matters.values():
            codes.setdefault(m.category, []).append(m.code)
        first_code = next(iter(ws.catalogue.matters))
        done = 0
        while done < n:
            count = min(2000, n - done)
            rows = [parties.validate(parties.PartyInput(kind="organisation", name=business_name(rng),
                                                        uscc=make_uscc("350405", 10_000 + i)))[0]
                    for i in range(done, done + count)]
            with ws.store.change() as ch:
                ids = parties.insert_many(ch, rows)
                for k, pid in enumerate(ids):
                    insert_case(ch, CaseInput(township="湖源乡", source="inspection", matters=[first_code],
                                              officers=officers[:2], party_id=pid, title=f"批量案件{done + k:06d}"))
            ws.create_inspections(store_bench.make_inputs(ws, officers, codes, ids, done, count, rng))
            done += count


class StallMeter:
    """A 5 ms timer on the GUI thread; the longest gap between its ticks is the longest stall."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.gaps: list[float] = []

    def _tick(self) -> None:
        now = time.perf_counter()
        if self.last:
            self.gaps.append(now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = 0.0
        self.gaps = []
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        self.timer.stop()
        worst = max(self.gaps, default=0.0) - 0.005
        p99 = sorted(self.gaps)[int(len(self.gaps) * 0.99)] - 0.005 if self.gaps else 0.0
        return worst * 1000, p99 * 1000


def wait(app: Any, cond: Any, timeout: float = 600) -> None:
    end = time.monotonic() + timeout
    while not cond():
        app.processEvents()
        time.sleep(0.001)
        if time.monotonic() > end:
            raise TimeoutError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    base = [PY, "-m", "fieldapp.sync.server_cli", "--data-dir", str(folder)]
    subprocess.run([*base, "init", "--jurisdiction", "shaxian"], check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([*base, "serve", "--port", str(port), "--log-level", "warning"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def stalls(data_dir: Path, photos: int, tmp: Path) -> dict[str, Any]:
    from PIL import Image

    from fieldapp.demo import DEMO_PASSWORD
    from fieldapp.ui import tasks
    from fieldapp.ui.app import make_app, open_window

    files = []
    for i in range(photos):
        path = tmp / "photos" / f"IMG_{i:04d}.jpg"
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.effect_noise((1600, 1200), 30 + i % 20).convert("RGB").save(path, "JPEG", quality=85)
        files.append(path)
    server, url = start_server(tmp / "server")
    try:
        code = subprocess.run([PY, "-m", "fieldapp.sync.server_cli", "--data-dir", str(tmp / "server"),
                               "enroll-code", "--township", "湖源乡"], check=True, capture_output=True,
                              text=True).stdout.strip()
        from fieldapp.sync.device import enroll

        enroll(data_dir, url, code)
        app = make_app()
        win, ws, reader = open_window(data_dir, "zh")
        win.show()
        officer = reader.one("SELECT cert_no FROM officers WHERE name = '陈志明'")
        win.signin.select(officer["cert_no"])  # type: ignore[index]
        win.signin.password.setText(DEMO_PASSWORD)
        win.signin.submit()
        wait(app, lambda: not win.ctx.session.locked and tasks.running() == 0)
        target = reader.one("SELECT id FROM inspections WHERE status = 'final' LIMIT 1")
        win.go("inspection", target["id"])  # type: ignore[index]
        gallery = win.page("new_inspection").gallery  # type: ignore[attr-defined]
        wait(app, lambda: tasks.running() == 0)
        meter = StallMeter()
        meter.start()
        t0 = time.perf_counter()
        gallery.import_files(files)
        wait(app, lambda: tasks.running() == 0)
        import_s = time.perf_counter() - t0
        import_stall = meter.stop()
        imported = gallery.view.count()
        win.go("sync", "")
        panel = win.page("sync")
        wait(app, lambda: tasks.running() == 0)
        meter.start()
        t0 = time.perf_counter()
        panel.sync_now()  # type: ignore[attr-defined]
        wait(app, lambda: tasks.running() == 0)
        sync_s = time.perf_counter() - t0
        sync_stall = meter.stop()
        run = reader.one("SELECT status, summary FROM sync_runs ORDER BY id DESC LIMIT 1")
        summary = json.loads(run["summary"])  # type: ignore[index]
        win.close()
        tasks.wait_all()
        reader.close()
        ws.close()
        return {"imported": imported, "import_s": import_s, "import_stall": import_stall, "sync_s": sync_s,
                "sync_stall": sync_stall, "sync_status": run["status"], "blobs": summary["blobs_uploaded"],  # type: ignore[index]
                "mb": summary["blob_bytes"] / 2**20}
    finally:
        server.terminate()
        server.wait(10)


def lists(data_dir: Path) -> dict[str, float]:
    from fieldapp import queries

    reader = queries.Reader.in_dir(data_dir)
    out: dict[str, float] = {}
    try:
        n = reader.scalar("SELECT count(*) FROM cases")
        t0 = time.perf_counter()
        page = queries.case_page(reader, queries.ListFilter())
        out["first"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        queries.case_page(reader, queries.ListFilter(), (page[-1]["created_at"], page[-1]["id"]))
        out["more"] = (time.perf_counter() - t0) * 1000
        for label, text in (("search_title", "批量案件0999"), ("search_rare", "没有这个案子")):
            t0 = time.perf_counter()
            queries.case_page(reader, queries.ListFilter(text=text))
            out[label] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        queries.inspection_page(reader, queries.ListFilter())
        out["inspections_first"] = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        from datetime import date

        queries.cases_due(reader, date.today())
        queries.drafts(reader)
        queries.sync_state(reader)
        out["home"] = (time.perf_counter() - t0) * 1000
        out["cases"] = float(n)
    finally:
        reader.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--photos", type=int, default=200)
    args = ap.parse_args()
    from fieldapp.demo import build_demo

    tmp = Path(tempfile.mkdtemp(prefix="fieldapp-bench-ui-"))
    demo = tmp / "demo"
    build_demo(demo)
    print(f"cold start to the main window (demo store): {cold_start(demo):.2f} s (median of 3)")
    big = tmp / "big"
    t0 = time.perf_counter()
    build_big(big, args.n)
    print(f"built a store of {args.n:,} inspections and {args.n:,} cases in {time.perf_counter() - t0:.0f} s")
    print(f"cold start to the main window ({args.n:,} inspections): {cold_start(big):.2f} s (median of 3)")
    lf = lists(big)
    print(f"case list at {int(lf['cases']):,} cases: first page {lf['first']:.1f} ms, next page {lf['more']:.1f} ms, "
          f"search a title {lf['search_title']:.1f} ms, a search that finds nothing {lf['search_rare']:.1f} ms; "
          f"inspection list first page {lf['inspections_first']:.1f} ms; home queries {lf['home']:.1f} ms")
    s = stalls(demo, args.photos, tmp)
    print(f"import of {args.photos} photos (1600×1200 JPEG) through the gallery: {s['import_s']:.1f} s, "
          f"{s['imported']} shown; longest event-loop stall {s['import_stall'][0]:.0f} ms (p99 {s['import_stall'][1]:.0f} ms)")
    print(f"sync of the demo store + {s['blobs']} photos ({s['mb']:.0f} MB) to a local server: {s['sync_s']:.1f} s, "
          f"{s['sync_status']}; longest event-loop stall {s['sync_stall'][0]:.0f} ms (p99 {s['sync_stall'][1]:.0f} ms)")


if __name__ == "__main__":
    main()
