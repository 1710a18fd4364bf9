"""A real server (``safetynet serve`` on a free port, SQLite) and one Chromium for every page test of the session;
tokens of a Phitsanulok CM, the partner that repairs homes there, the province's core team, a Lampang CM and a
policy writer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from safetynet.store import Store
from tests.cli.test_serve import serving
from tests.web.browser import ARGS, CHROMIUM

if TYPE_CHECKING:  # imported in the fixture, so that without Playwright the page tests are skipped, saying why
    from playwright.sync_api import Browser

ORGANIZATIONS = {
    "cm": ("cm", "plk-cm-unit"),
    "agency": ("agency", "plk-city-municipality"),
    "core": ("agency", "plk-core-team"),
    "other_cm": ("cm", "lpg-cm-unit"),
    "policy": ("policy_writer", None),
}


@dataclass(frozen=True)
class Site:
    base: str
    var: Path
    tokens: dict[str, str]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with serving(tmp_path_factory.mktemp("web"), SAFETYNET_ACCESS_LOG="false") as (base, var, _):
        with Store.open(f"sqlite:///{var / 'safetynet.db'}") as store:
            tokens = {name: store.tokens.create_token(role, org, name) for name, (role, org) in ORGANIZATIONS.items()}
        yield Site(base, var, tokens)


@pytest.fixture(scope="package")  # closed once tests/web is done: a running Playwright loop breaks asyncio.run after it
def browser() -> Iterator[Browser]:
    why = None
    if not CHROMIUM.exists():
        why = f"Debian's chromium is not at {CHROMIUM} (make test installs it with apt-get; it could not be installed)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        why = why or f"playwright is not installed ({exc}): pip install -e '.[test]'"
    if why:
        pytest.skip(why)
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()
