"""The event feed read while transitions commit from several processes: a reader that follows its cursor sees
every event, once, in order. (With ids handed out when asked, as a sequence does, an event could become visible
after a higher one was read, and a reader that moved past it would never see it.)"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import select

from safetynet.auth import Actor
from safetynet.referrals.reach import Scope
from safetynet.store import Store
from safetynet.store.tables import events
from tests.referrals.samples import stored_plan
from tests.store.referral_steps import act, send

WRITERS = 4
PLANS_EACH = 6


def test_a_reader_following_its_cursor_sees_every_event_once_in_order(
    db_url: str, store: Store, cm: Actor, make_actor: Callable[..., Actor]
) -> None:
    city = make_actor("agency", "plk-city-municipality")
    for w in range(WRITERS):
        for p in range(PLANS_EACH):
            store.save_plan(stored_plan(f"pln_w{w}_{p}", f"PLK-W{w}-{p}"), cm)
    done = threading.Event()
    seen: list[int] = []
    failures: list[BaseException] = []

    def write(w: int) -> None:
        with Store.open(db_url) as mine:
            try:
                for p in range(PLANS_EACH):
                    rid = send(mine, cm, f"pln_w{w}_{p}").referral_id
                    act(mine, city, rid, "acknowledge")
                    act(mine, city, rid, "accept")
                    act(mine, city, rid, "done", outcome="helped")
            except BaseException as exc:
                failures.append(exc)

    def read() -> None:
        cursor: str | None = None
        while True:
            finished = done.is_set()  # looked at before the read: a last read after the writers are done
            page = store.referrals.events(Scope("all"), cursor, 7)
            seen.extend(e.event_id for e in page.items)
            cursor = page.next_cursor
            if finished and not page.items:
                return

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write, args=(w,)) for w in range(WRITERS)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()
    assert failures == []
    with store._engine.connect() as connection:
        stored = list(connection.execute(select(events.c.event_id).order_by(events.c.event_id)).scalars())
    assert len(stored) == WRITERS * PLANS_EACH * 4
    assert seen == stored, "the reader missed or repeated events"
    assert stored == list(range(1, len(stored) + 1)), "ids without gaps: no transaction was rolled back"
