"""``GET /v1/referrals`` answers with each referral's JSON kept while its stored row stays the same
(``referrals.rendered``): the same bytes as the views made anew, and never an answer from before a change."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from safetynet.contract.referral import Referral
from safetynet.referrals import rendered
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.view import referral_view
from safetynet.runtime import referrals
from safetynet.runtime.build import Runtime
from safetynet.store.referral_records import ReferralFilters
from tests.api.referral_helpers import Api, Clock, api, clock, ids, moment, who

__all__ = ["api", "clock", "who"]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The referral ids whose view is made (not taken from what was kept), in order."""
    made: list[str] = []

    def counted(record: ReferralRecord, *args: Any, **kwargs: Any) -> Referral:
        made.append(record.referral_id)
        return referral_view(record, *args, **kwargs)

    monkeypatch.setattr(rendered, "referral_view", counted)
    return made


def _on_sqlite(runtime: Runtime) -> bool:
    return runtime.settings.resolved_database_url().startswith("sqlite")


def test_a_page_is_the_same_json_as_the_views_made_anew(api: Api, clock: Clock, runtime: Runtime) -> None:
    since = moment(clock)
    sent = [api.sent(api.plan(case_ref=f"PLK-RENDER-{n}")["plan_id"])["referral_id"] for n in range(3)]
    api.done(sent[0], "acknowledge", "city")
    actor = runtime.require_store().tokens.actor_for_token(api.who["city"])
    assert actor is not None
    for limit in (2, 3):  # a page with a next page, and the last
        for _ in range(2):  # made, then kept
            answer = api.get("/v1/referrals", "city", since=since, limit=limit)
            page = asyncio.run(referrals.listed_async(runtime, actor, ReferralFilters(since=clock.now), limit=limit))
            assert answer.content == page.model_dump_json().encode()
            assert ids(answer.json()["items"]) == sent[:limit]


def test_a_row_listed_again_unchanged_is_not_rendered_again(
    api: Api, clock: Clock, runtime: Runtime, renders: list[str]
) -> None:
    since = moment(clock)
    rid = api.sent(api.plan(case_ref="PLK-RENDER-KEPT")["plan_id"])["referral_id"]
    first = api.get("/v1/referrals", "city", since=since).content
    assert renders == [rid]
    assert api.get("/v1/referrals", "city", since=since).content == first
    assert renders == ([rid] if _on_sqlite(runtime) else [rid, rid])  # PostgreSQL's rows are not kept


def test_each_change_of_the_row_or_of_the_moment_is_shown(api: Api, clock: Clock, runtime: Runtime) -> None:
    since = moment(clock)
    rid = api.sent(api.plan(case_ref="PLK-RENDER-CHANGES")["plan_id"])["referral_id"]
    (shown,) = api.listed("core", since=since)
    assert (shown["overdue"], shown["escalated_at"]) == (False, None)
    clock.advance(25)  # past the deadline: the same row, overdue now; the list records its escalation
    (shown,) = api.listed("core", since=since)
    assert (shown["overdue"], shown["escalated_at"]) == (True, clock.now.astimezone(runtime.zone).isoformat())
    assert (shown["status"], shown["version"]) == ("sent", 1)
    assert ids(api.listed("core", since=since, overdue="true")) == [rid]
    api.done(rid, "acknowledge", "city")
    (shown,) = api.listed("core", since=since)
    assert (shown["status"], shown["overdue"], shown["version"]) == ("acknowledged", False, 2)


def test_each_caller_gets_what_it_may_do(api: Api, clock: Clock) -> None:
    since = moment(clock)
    api.sent(api.plan(case_ref="PLK-RENDER-CALLERS")["plan_id"])
    for _ in range(2):
        assert api.listed("city", since=since)[0]["allowed_actions"] == ["acknowledge", "decline"]
        assert api.listed("cm", since=since)[0]["allowed_actions"] == ["cancel"]
        assert api.listed("admin", since=since)[0]["allowed_actions"] == ["acknowledge", "decline", "cancel"]
