"""Fixtures of the storage tests: each test gets a fresh database of each kind (see databases.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from safetynet.auth import Actor, Role
from safetynet.store import Store
from tests.store.databases import database_params, database_url


@pytest.fixture(params=database_params())
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    with database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened


@pytest.fixture
def make_actor(store: Store) -> Callable[..., Actor]:
    """An actor backed by a real token in the store."""

    def make(role: Role = "cm", organization_id: str | None = "plk-cm-unit") -> Actor:
        actor = store.tokens.actor_for_token(store.tokens.create_token(role, organization_id))
        assert actor is not None
        return actor

    return make


@pytest.fixture
def cm(make_actor: Callable[..., Actor]) -> Actor:
    return make_actor("cm", "plk-cm-unit")
