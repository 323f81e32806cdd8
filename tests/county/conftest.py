"""The two programmes' jurisdictions and the catalogue, loaded once; the day the county tests look at."""

from __future__ import annotations

from datetime import date

import pytest

from fieldapp.catalogue import Catalogue, load_catalogue
from fieldapp.jurisdiction import Jurisdiction, load_jurisdiction

DAY = date(2025, 5, 10)


@pytest.fixture(scope="session")
def shaxian() -> Jurisdiction:
    return load_jurisdiction("shaxian")


@pytest.fixture(scope="session")
def nanan() -> Jurisdiction:
    return load_jurisdiction("nanan")


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue()
