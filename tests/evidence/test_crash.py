"""A real import process SIGKILLed mid-write: nothing half-done counts, and a re-run finishes the job."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from fieldapp import evidence
from fieldapp.evidence import storage
from fieldapp.evidence.verify import hash_file
from fieldapp.store.audit import verify_chain
from fieldapp.workspace import Workspace
from tests.evidence.conftest import make_jpeg

REPO = Path(__file__).resolve().parents[2]


def test_killed_import_leaves_no_evidence_half_done_and_rerun_finishes(ws: Workspace, inspection: str,
                                                                       tmp_path: Path) -> None:
    files = [make_jpeg(tmp_path / "card" / f"IMG_{i:04d}.jpg", seed=70 + i, size=(1024, 768)) for i in range(10)]
    assert all(f.stat().st_size > 100_000 for f in files)
    data_dir = ws.store.data_dir
    ws.close()
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("crash_child.py")), str(data_dir), inspection, "6",
         *map(str, files)], stdout=subprocess.PIPE, text=True, cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "FROZEN"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    temps = [p for p in (data_dir / "evidence").rglob("*.tmp")]
    assert temps, "the child died with half an original in a temp file"
    with Workspace.open(data_dir) as after:
        linked = evidence.list_evidence(after.store, inspection_id=inspection)
        assert len(linked) < len(files)
        check = evidence.verify_originals(after.store)
        assert check.ok and check.checked == len(linked)  # whatever was recorded is whole
        on_disk = {sha for sha, _ in storage.stored_originals(data_dir)}
        assert {r["sha256"] for r in linked} <= on_disk
        assert len(on_disk) > len(linked)  # the kill came between a durable file and its commit
        assert len(check.not_evidence) == len(on_disk) - len(linked)  # durable but unrecorded: not evidence

        rerun = evidence.import_paths(after.store, files, inspection_id=inspection)
        assert rerun.ok and rerun.temp_files_removed == len(temps)
        assert rerun.count("already_linked") == len(linked)
        assert rerun.count("imported") == len(files) - len(linked)
        final = evidence.list_evidence(after.store, inspection_id=inspection)
        assert sorted(r["sha256"] for r in final) == sorted(hash_file(f) for f in files)
        assert not list((data_dir / "evidence").rglob("*.tmp"))
        check = evidence.verify_originals(after.store)
        assert check.ok and check.checked == len(files) and check.not_evidence == []
        assert verify_chain(after.store).ok
