"""Shared fixtures: real SQLite files in tmp dirs. Qt is offscreen everywhere."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
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


_demo_by_day: dict[date, Path] = {}


@pytest.fixture
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, built once per calendar day of the run.

    The demo plans visits and deadlines relative to today; a run that crosses midnight
    would otherwise compare yesterday's store with today's date.
    """
    from fieldapp.demo import build_demo

    today = date.today()
    if today not in _demo_by_day:
        path = tmp_path_factory.mktemp("demo-template") / "data"
        build_demo(path, "shaxian", "湖源乡", inspections=40)
        _demo_by_day[today] = path
    return _demo_by_day[today]


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the demo store for one test."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return target
