"""A form that changes something answers once for the same post: the new-case form posted twice (a second tap while
a weak connection shows nothing happening, or the browser's "resend" after a reload) leads both posts to the one
plan the first made, instead of a second plan of the same child; a referral's action tapped twice leads both to the
referral's page, instead of a second answer saying the action is no longer possible (which a page left open in
another tab still says: that is another rendering of the form).

What is the same post: the same session, address, rendering of the page (its forms' ``once`` field, random per
rendering) and fields. A form changed and posted again is another post. What was made is remembered for
``KEEP_SECONDS`` by this server process only: with several workers (``SAFETYNET_WORKERS``), two posts that reach
different processes are two posts.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping

KEEP_SECONDS = 600
MOST = 2_000
FIELD = "once"


def new_token() -> str:
    """The ``once`` field of one rendering of a form."""
    return secrets.token_urlsafe(16)


def key_of(session_key: str, path: str, form: Mapping[str, list[str]]) -> str | None:
    """What names a post: its session, the address it was posted to and all its fields (the CSRF token aside: it is
    the session's). None for a form without its ``once`` field, which is never taken for another."""
    if not form.get(FIELD, [""])[0]:
        return None
    fields = sorted((name, values) for name, values in form.items() if name != "csrf")
    named = json.dumps([session_key, path, fields], ensure_ascii=False)
    return hashlib.sha256(named.encode("utf-8")).hexdigest()


class Once:
    """The result of each post seen in the last ``KEEP_SECONDS``; a post seen while the first is still under way
    waits for it. A post that failed is forgotten: sent again, it is tried again."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._seen: OrderedDict[str, tuple[float, asyncio.Future[str]]] = OrderedDict()

    async def run(self, key: str | None, make: Callable[[], Awaitable[str]]) -> str:
        if key is None:
            return await make()
        now = self._clock()
        self._forget_old(now)
        seen = self._seen.get(key)
        if seen is not None and seen[1].done() and now - seen[0] >= KEEP_SECONDS:
            del self._seen[key]  # kept past its time (a pending one before it held the forgetting back)
            seen = None
        if seen is not None:
            try:
                return await asyncio.shield(seen[1])
            except asyncio.CancelledError:
                if not seen[1].cancelled():
                    raise  # this post itself was cancelled
                # the first was, before it made anything: the first twin here makes it, the others wait for it
                return await self.run(key, make)
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._seen[key] = (now, future)
        try:
            made = await make()
        except asyncio.CancelledError:
            del self._seen[key]
            future.cancel()
            raise
        except Exception as exc:
            del self._seen[key]
            future.set_exception(exc)
            future.exception()  # retrieved: a post with nobody waiting for its twin logs no warning
            raise
        future.set_result(made)
        return made

    def _forget_old(self, now: float) -> None:
        """Those done and past their time, or the oldest done when over ``MOST``, oldest first; one under way is
        kept (its twins wait for it) and does not hold back the forgetting of those after it."""
        for key, (at, future) in list(self._seen.items()):
            if now - at < KEEP_SECONDS and len(self._seen) < MOST:
                return
            if future.done():
                del self._seen[key]
