"""Fixtures of the network tests; the records and helpers they use are in ``tests/network/records.py``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from safetynet.network import Network
from tests.network.records import load, write_network


@pytest.fixture
def build(tmp_path: Path) -> Callable[[list[dict[str, Any]], list[dict[str, Any]]], Network]:
    """Write a network and load it (on the day of ``AT``)."""
    counter = iter(range(1000))

    def _build(organizations: list[dict[str, Any]], mous: list[dict[str, Any]]) -> Network:
        return load(write_network(tmp_path / f"net{next(counter)}", organizations, mous))

    return _build
