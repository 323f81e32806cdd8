"""The server database layer on SQLite: a big write is copied from the WAL into the database file in the background."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import insert

from fieldapp.sync.server import schema as t
from fieldapp.sync.server.db import CHECKPOINT_ROWS, DB_FILENAME, ServerDB, normalise_url


def test_a_big_write_is_checkpointed_in_the_background(tmp_path: Path) -> None:
    db = ServerDB(normalise_url(None, tmp_path))
    try:
        db.migrate()
        with db.write() as conn:  # small: left in the WAL
            conn.execute(insert(t.events), [{"at": "2026-12-05", "level": "info", "code": "small", "detail": "x"}])
        before = (tmp_path / DB_FILENAME).stat().st_size
        with db.write() as conn:
            conn.execute(insert(t.events), [{"at": "2026-12-05", "level": "info", "code": "big", "detail": "x" * 200}
                                            for _ in range(CHECKPOINT_ROWS + 500)])
        deadline = time.monotonic() + 10
        while (tmp_path / DB_FILENAME).stat().st_size <= before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert (tmp_path / DB_FILENAME).stat().st_size > before + 100 * 1024  # the rows' pages are in the file now
    finally:
        db.close()
