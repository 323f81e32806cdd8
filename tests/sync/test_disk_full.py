"""The county server's disk fills up during a sync: the laptop says so plainly (not "offline", not a retry loop),
nothing is stored by halves, and once there is space again the next sync finishes the job.

A real full disk: a small tmpfs under the server's blob store or database. Mounting one needs root (as in CI);
elsewhere these tests skip and say why. SQLite only: PostgreSQL keeps its files where its own server put them.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from synctools import ServerProcess, assert_consistent, make_laptop, run_cli, run_sync


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mounts: list[Path] = []

    def mount(path: Path, size_kb: int) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
        mounts.append(path)
        return path

    yield mount  # type: ignore[misc]
    for path in mounts:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(path: Path, leave: int) -> Path:
    """A file taking all the free space of `path`'s file system but `leave` bytes."""
    filler = path / "filler"
    st = os.statvfs(path)
    todo = st.f_bavail * st.f_frsize - leave
    with open(filler, "wb") as fh:
        while todo > 0:
            todo -= fh.write(b"\1" * min(todo, 1 << 20))
    return filler


@pytest.fixture
def db_on_small_disk(tmp_path: Path, small_disk) -> Iterator[tuple[Path, ServerProcess, Path]]:  # type: ignore[no-untyped-def]
    """A running server whose SQLite database lives on a 4 MB disk of its own, and a laptop with 300 records."""
    disk = small_disk(tmp_path / "dbdisk", 4096)
    server = ServerProcess(tmp_path / "server", "sqlite", db=f"sqlite:///{disk / 'server.db'}").start()
    try:
        yield disk, server, make_laptop(tmp_path / "a", server, inspections=300, photos=0)
    finally:
        server.stop()


def codes(report: dict) -> set[str]:  # type: ignore[type-arg]
    return {w["code"] for w in report["warnings"]} | ({report["error"]["code"]} if report["error"] else set())


def test_blob_store_full_photos_wait_records_go_up(tmp_path: Path, small_disk) -> None:  # type: ignore[no-untyped-def]
    server = ServerProcess(tmp_path / "server", "sqlite")
    blobs = small_disk(tmp_path / "server" / "blobs", 1024)
    server.start()
    try:
        laptop = make_laptop(tmp_path / "a", server, inspections=4, photos=4)
        filler = fill(blobs, leave=60_000)  # room for one 40 KB test photo, not four
        report = run_sync(laptop)
        assert report["status"] == "partial" and report["exit_code"] == 3
        assert "server_disk_full" in codes(report) and report["error"] is None
        assert 1 <= report["blobs_uploaded"] < 4
        full = next(w for w in report["warnings"] if w["code"] == "server_disk_full")
        assert "磁盘已满" in full["zh"] and "disk is full" in full["en"]
        assert not report["pushed"].get("rejected") and report["pushed"]["accepted"] >= 4 + 4
        assert "disk_full" in {e["code"] for e in server.events()}
        filler.unlink()
        again = run_sync(laptop)
        assert again["status"] == "ok" and again["blobs_uploaded"] == 4 - report["blobs_uploaded"]
        assert_consistent(server, [laptop])
        assert server.status()["blobs"]["count"] == 4
    finally:
        server.stop()


def test_database_disk_full_refuses_clearly_and_keeps_what_was_stored(
        db_on_small_disk: tuple[Path, ServerProcess, Path]) -> None:
    disk, server, laptop = db_on_small_disk
    before = server.status()
    filler = fill(disk, leave=16_000)
    report = run_sync(laptop)
    assert report["status"] == "refused" and report["exit_code"] == 1
    assert report["error"]["code"] == "server_disk_full" and "磁盘已满" in report["error"]["zh"]
    assert report["requests"] < 20  # refused at once, not retried as if the link were down
    assert server.status()["records"] == before["records"]  # the refused step left nothing behind
    filler.unlink()
    again = run_sync(laptop)
    assert again["status"] == "ok" and again["pushed"]["accepted"] >= 300
    assert_consistent(server, [laptop])


def test_bundle_import_on_a_full_disk_says_so_and_runs_again_later(
        tmp_path: Path, db_on_small_disk: tuple[Path, ServerProcess, Path]) -> None:
    disk, server, laptop = db_on_small_disk
    server.stop()  # the county imports with the service stopped, or beside it: the same database either way
    stick = tmp_path / "hy.fieldapp-bundle"
    out = run_cli(laptop, "export-bundle", str(stick), "--json")
    assert out.returncode == 0, out.stderr
    filler = fill(disk, leave=16_000)
    full = server.cli("import-bundle", str(stick), ok=False)
    assert full.returncode == 1 and "Traceback" not in full.stderr
    assert "磁盘已满" in full.stderr or "disk is full" in full.stderr
    assert server.status()["records"] == {} or sum(server.status()["records"].values()) == 0
    filler.unlink()
    done = server.cli("import-bundle", str(stick), "--json")
    assert json.loads(done.stdout)["records"].get("accepted", 0) >= 300
    server.start()
    assert run_sync(laptop)["status"] == "ok"  # learns the bundle is in
    assert_consistent(server, [laptop])
