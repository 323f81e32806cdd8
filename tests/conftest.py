"""Shared fixtures: real SQLite files in tmp dirs. Qt is offscreen everywhere."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FIELDAPP_LANG", "zh")

from fieldapp.workspace import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    """An initialised 湖源乡 store with no records."""
    workspace = Workspace.init(tmp_path / "data", "shaxian", "湖源乡")
    yield workspace
    workspace.close()


@pytest.fixture
def nanan_ws(tmp_path: Path) -> Iterator[Workspace]:
    workspace = Workspace.init(tmp_path / "nanan", "nanan", "仑苍镇")
    yield workspace
    workspace.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from fieldapp.demo import build_demo

    path = tmp_path_factory.mktemp("demo-template") / "data"
    build_demo(path, "shaxian", "湖源乡", inspections=40)
    return path


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo store for one test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target
