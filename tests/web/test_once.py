"""``web/once.py``: the same post answered once, a post that failed tried again when sent again, a form without its
``once`` field never taken for another. Each run in a thread of its own: Playwright's loop runs in this one while
tests/web does (conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from safetynet.web.once import KEEP_SECONDS, MOST, Once, key_of

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


def test_a_post_under_way_holds_back_no_forgetting_of_those_after_it() -> None:
    """One post hung at the front stopped every later one from being forgotten: past ``KEEP_SECONDS`` a form posted
    again was still taken for the first and answered its old plan, and the memory grew past ``MOST``."""
    now = [0.0]
    made: list[str] = []

    async def make() -> str:
        made.append("plan")
        return f"pln_{len(made)}"

    async def main() -> tuple[str, str, int]:
        once = Once(clock=lambda: now[0])
        hung: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        first = asyncio.ensure_future(once.run(key_of("s", "/a", FORM), lambda: hung))
        await asyncio.sleep(0)
        key = key_of("s", "/cases/new", FORM)
        before = await once.run(key, make)
        now[0] = KEEP_SECONDS + 1
        after = await once.run(key, make)  # the same form, posted again long after: a new post
        for i in range(MOST + 10):
            await once.run(key_of("s", f"/{i}", FORM), make)
        hung.set_result("pln_hung")
        await first
        return before, after, len(once._seen)

    before, after, kept = run(main)
    assert (before, after) == ("pln_1", "pln_2")
    assert kept <= MOST


def test_when_the_first_post_is_cancelled_its_waiting_twins_make_one_thing() -> None:
    made: list[str] = []

    async def make() -> str:
        await asyncio.sleep(0)
        made.append("plan")
        return f"pln_{len(made)}"

    async def main() -> list[str]:
        once = Once()
        key = key_of("session", "/cases/new", FORM)
        stuck: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        first = asyncio.ensure_future(once.run(key, lambda: stuck))
        await asyncio.sleep(0)
        twins = [asyncio.ensure_future(once.run(key, make)) for _ in range(3)]
        await asyncio.sleep(0)
        first.cancel()
        return list(await asyncio.gather(*twins))

    assert run(main) == ["pln_1", "pln_1", "pln_1"]
    assert made == ["plan"]
