"""Fixtures of the sync suite (the parts themselves are in synctools.py)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from synctools import ServerProcess, drop_pg_schemas, pg_url


@pytest.fixture(scope="session", autouse=True)
def _pg_schemas_dropped() -> Iterator[None]:
    """Every PostgreSQL schema the sync tests made is dropped when the run ends (after the servers stop)."""
    yield
    left = drop_pg_schemas()
    if left:  # said, not failed: the tests themselves passed; a server that did not stop holds these
        warnings.warn(f"PostgreSQL schemas still in use at the end of the run, not dropped: {left}", stacklevel=1)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres" and pg_url() is None:
        pytest.skip("PostgreSQL not reachable ($FIELDAPP_TEST_PG or .venv/pg-url)")
    return str(request.param)


@pytest.fixture
def server(tmp_path: Path, backend: str) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path / "server", backend).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server per module and backend, for tests that each use their own laptops."""
    if request.param == "postgres" and pg_url() is None:
        pytest.skip("PostgreSQL not reachable ($FIELDAPP_TEST_PG or .venv/pg-url)")
    srv = ServerProcess(tmp_path_factory.mktemp("server"), str(request.param)).start()
    yield srv
    srv.stop()
