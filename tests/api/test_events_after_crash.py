"""The event feed after `kill -9`: a real server is killed while clients act on referrals, then started again on
the same database. Every transition that was answered 200 has its event, in order, once; the feed goes on after
the restart without repeating or skipping an id. On SQLite and PostgreSQL."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_serve import call, serving
from tests.store.databases import database_params, database_url

REFERRALS = 16
KILL_AFTER = 20  # answered transitions
STEPS = [("acknowledge", None), ("accept", None), ("done", {"outcome": "helped"})]
PAST = {"acknowledge": "referral.acknowledged", "accept": "referral.accepted", "done": "referral.done"}


@contextmanager
def server(tmp_path: Path, url: str) -> Iterator[tuple[str, Any]]:
    env = {"SAFETYNET_DATABASE_URL": url} if url.startswith("postgresql") else {}
    with serving(tmp_path, **env) as (base, _, process):
        yield base, process


def case(n: int) -> dict[str, Any]:
    return {
        "case_ref": f"PLK-CRASH-{n}",
        "requested_at": "2026-11-22T09:00:00+07:00",
        "child": {"age": 12, "education_status": "at_risk", "location": {"province": "TH-65"}},
        "household": {"housing_condition": "dilapidated"},
        "needs": [{"code": "housing_repair", "urgent": True}],
    }


@pytest.mark.parametrize("kind", database_params())
def test_every_answered_transition_has_its_event_in_order_once_after_kill_9(kind: str, tmp_path: Path) -> None:
    with database_url(kind, tmp_path) as url:
        answered: list[tuple[str, str]] = []
        refused: list[object] = []
        with server(tmp_path, url) as (base, process):
            admin = (tmp_path / "var" / "admin-token").read_text().strip()
            referrals = []
            for n in range(REFERRALS):
                status, plan = call(f"{base}/v1/plans", case(n), admin)
                assert status == 201, plan
                status, sent = call(
                    f"{base}/v1/referrals", {"plan_id": plan["plan_id"], "need": "housing_repair"}, admin
                )
                assert status == 201, sent
                referrals.append(sent["referral_id"])
            enough = threading.Event()
            lock = threading.Lock()

            def work(mine: list[str]) -> None:
                for rid in mine:
                    for action, body in STEPS:
                        try:
                            status, answer = call(f"{base}/v1/referrals/{rid}/{action}", body or {}, admin)
                        except (OSError, http.client.HTTPException):
                            return  # the server is gone (an answer cut short counts as not answered)
                        with lock:
                            if status != 200:
                                refused.append(answer)
                                return
                            answered.append((rid, action))
                            if len(answered) >= KILL_AFTER:
                                enough.set()

            workers = [threading.Thread(target=work, args=(referrals[w::4],)) for w in range(4)]
            for worker in workers:
                worker.start()
            assert enough.wait(timeout=60), "the clients did not get going"
            process.kill()  # SIGKILL, in the middle of the clients' transitions
            process.wait(timeout=20)
            for worker in workers:
                worker.join(timeout=60)
        assert refused == []
        assert KILL_AFTER <= len(answered) < REFERRALS * len(STEPS), "the kill came in the middle"

        with server(tmp_path, url) as (base, _):
            for rid in referrals:  # carry every referral on to the end after the restart
                status, referral = call(f"{base}/v1/referrals/{rid}", token=admin)
                assert status == 200, referral
                done = {h["action"] for h in referral["history"]}
                for action, body in STEPS:
                    if action not in done:
                        status, answer = call(f"{base}/v1/referrals/{rid}/{action}", body or {}, admin)
                        assert status == 200, answer
            feed, cursor = [], "0"
            while True:
                status, page = call(f"{base}/v1/events?after={cursor}&limit=7", token=admin)
                assert status == 200, page
                feed += page["items"]
                if not page["items"]:
                    break
                cursor = page["next_cursor"]
            histories = {rid: call(f"{base}/v1/referrals/{rid}", token=admin)[1]["history"] for rid in referrals}

    ids = [e["event_id"] for e in feed]
    assert ids == sorted(set(ids)), "event ids in order, none twice"
    for rid, action in answered:
        assert sum(1 for e in feed if e["referral_id"] == rid and e["type"] == PAST[action]) == 1, (rid, action)
    for rid in referrals:
        types = [e["type"] for e in feed if e["referral_id"] == rid]
        assert types == ["referral.sent", *PAST.values()], rid
        assert [h["action"] for h in histories[rid]] == ["send", "acknowledge", "accept", "done"]
