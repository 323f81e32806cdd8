"""Run by test_crash.py in a child process: import photos and freeze mid-write so the parent can SIGKILL us.

Usage: crash_child.py DATA_DIR INSPECTION_ID KILL_AT FILE...
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fieldapp import evidence
from fieldapp.evidence import storage
from fieldapp.workspace import Workspace

BIG = 100_000  # originals are larger than this, thumbnails smaller


def main() -> None:
    data_dir, inspection, kill_at, *files = sys.argv[1:]
    big_writes = 0
    real_write = storage.write_chunk

    def write(fd: int, data: memoryview) -> int:
        nonlocal big_writes
        if len(data) > BIG:
            big_writes += 1
            if big_writes == int(kill_at):
                real_write(fd, data[: len(data) // 2])  # half an original on disk, then freeze
                print("FROZEN", flush=True)
                time.sleep(600)
        return real_write(fd, data)

    storage.write_chunk = write
    ws = Workspace.open(Path(data_dir))
    evidence.import_paths(ws.store, files, inspection_id=inspection, workers=2, commit_every=3)
    print("FINISHED", flush=True)


if __name__ == "__main__":
    main()
