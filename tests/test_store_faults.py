"""A process killed mid-write leaves every committed record intact and verifiable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from fieldapp.store.audit import verify_chain
from fieldapp.store.party_import import import_csv
from fieldapp.testdata import make_uscc
from fieldapp.workspace import Workspace

CHILD = """
import sys
from pathlib import Path
from fieldapp.store.party_import import import_csv
from fieldapp.workspace import Workspace
ws = Workspace.open(Path(sys.argv[1]))
import_csv(ws.store, Path(sys.argv[2]), batch_size=200)
"""


def test_killed_import_keeps_committed_batches_and_rerun_finishes(tmp_path: Path) -> None:
    data = tmp_path / "d"
    Workspace.init(data, "shaxian", "湖源乡").close()
    rows = 30_000
    csv_file = tmp_path / "big.csv"
    with csv_file.open("w", encoding="utf-8") as fh:
        fh.write("名称,统一社会信用代码\n")
        for i in range(rows):
            fh.write(f"湖源第{i}号商行,{make_uscc('350405', i)}\n")
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data), str(csv_file)])
    db = data / "fieldapp.db"
    deadline = time.monotonic() + 60
    count = 0
    while time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(db, timeout=0.2)
            count = conn.execute("SELECT count(*) FROM parties").fetchone()[0]
            conn.close()
        except sqlite3.OperationalError:
            count = 0
        if count >= 1000:
            break
        time.sleep(0.02)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert 1000 <= count < rows, "the child should be killed mid-import"

    with Workspace.open(data) as ws:
        assert ws.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = ws.store.one("SELECT count(*) AS n FROM parties")["n"]  # type: ignore[index]
        assert stored % 200 == 0 and stored < rows  # whole batches only
        outbox = ws.store.one("SELECT count(*) AS n FROM outbox")["n"]  # type: ignore[index]
        assert outbox == stored  # every committed change is queued for sync
        assert verify_chain(ws.store).ok
        report = import_csv(ws.store, csv_file)
        assert report.imported == rows - stored
        assert len(report.errors) == stored and all(e["code"] == "party_duplicate" for e in report.errors)
        assert ws.store.one("SELECT count(*) AS n FROM parties") == {"n": rows}
        assert verify_chain(ws.store).ok


def test_core_imports_without_qt(tmp_path: Path) -> None:
    """The core never imports PySide6: prove it with Qt blocked."""
    code = """
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6'):
            raise ImportError('Qt is blocked in the core: ' + name)
sys.meta_path.insert(0, Block())
import fieldapp
for mod in pkgutil.walk_packages(fieldapp.__path__, 'fieldapp.'):
    if mod.name.startswith('fieldapp.ui') or mod.name == 'fieldapp.__main__':
        continue
    importlib.import_module(mod.name)
print('ok')
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"
