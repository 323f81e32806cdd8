"""Fixtures for documents: the demo store with a county key and this laptop enrolled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldapp.keys import DeviceKeys
from fieldapp.workspace import Workspace


@pytest.fixture
def docws(demo_dir: Path) -> Iterator[Workspace]:
    """The demo store with a county key and this laptop enrolled (one-machine set-up)."""
    ws = Workspace.open(demo_dir)
    keys = DeviceKeys(demo_dir)
    assert keys.cert_path.exists(), "the demo enrolls its laptop with a local county key"
    keys.enroll_local(device_id=ws.store.device_id, township=ws.township, jurisdiction=ws.jurisdiction.key,
                      issued_at=ws.store.clock())
    yield ws
    ws.close()
