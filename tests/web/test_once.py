"""``web/once.py``: the same post answered once, a post that failed tried again when sent again, a form without its
``once`` field never taken for another. Each run in a thread of its own: Playwright's loop runs in this one while
tests/web does (conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from safetynet.web.once import Once, key_of

T = TypeVar("T")
FORM = {"csrf": ["a"], "once": ["x"], "case_ref": ["PLK-1"]}


def run(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(main())).result()


def test_two_posts_at_once_make_one_thing_and_get_its_answer() -> None:
    made: list[str] = []

    async def make() -> str:
        await asyncio.sleep(0)  # the second post arrives while the first is under way
        made.append("plan")
        return f"pln_{len(made)}"

    async def main() -> list[str]:
        once = Once()
        key = key_of("session", "/cases/new", FORM)
        return list(await asyncio.gather(once.run(key, make), once.run(key, make)))

    assert run(main) == ["pln_1", "pln_1"]
    assert made == ["plan"]


def test_a_post_that_failed_is_tried_again_and_a_form_without_once_always() -> None:
    calls: list[int] = []

    async def fails() -> str:
        calls.append(1)
        raise ValueError("refused")

    async def main() -> None:
        once = Once()
        key = key_of("session", "/cases/new", FORM)
        for _ in range(2):
            with pytest.raises(ValueError, match="refused"):
                await once.run(key, fails)
        assert key_of("session", "/cases/new", {"csrf": ["a"], "case_ref": ["PLK-1"]}) is None
        for _ in range(2):
            with pytest.raises(ValueError, match="refused"):
                await once.run(None, fails)

    run(main)
    assert len(calls) == 4


def test_the_key_names_the_session_the_address_and_the_fields_not_the_csrf_token() -> None:
    key = key_of("session", "/cases/new", FORM)
    assert key == key_of("session", "/cases/new", FORM | {"csrf": ["b"]})
    assert key != key_of("other session", "/cases/new", FORM)
    assert key != key_of("session", "/referrals/r/acknowledge", FORM)
    assert key != key_of("session", "/cases/new", FORM | {"case_ref": ["PLK-2"]})
