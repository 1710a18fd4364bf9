"""The process's garbage-collector policy, entered once, by the runtime builder (``runtime.build``).

What the builder makes (the rules, the partner network and its indexes) lives as long as the process and holds
no reference cycles: a national network is millions of objects. Left to itself, the cyclic collector would
rescan them while they are built, again and again, and then walk them all on every full collection while the
service answers. So they are built with the collector paused, then frozen out of its way (``gc.freeze``).
Reference counting still frees what is dropped later (a reloaded rule book, an evicted referral graph).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: The young generation's threshold once everything long-lived is frozen: a referral graph (built per service,
#: day and province, several thousand objects) then no longer sets off collections of the young and the middle
#: generations, which would walk the objects of the request in hand again and again.
YOUNG_THRESHOLD = 20_000


@contextmanager
def built_for_good() -> Iterator[None]:
    """Build what lives as long as the process inside this block: the collector is paused while it runs; when it
    ends well, everything built so far is frozen and the young generation may grow to ``YOUNG_THRESHOLD`` objects.
    The collector runs again afterwards in any case (also when the build fails)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
    finally:
        if was_enabled:
            gc.enable()
