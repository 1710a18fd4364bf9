"""The board's funnel through the runtime the pages use, on SQLite and PostgreSQL (a database of this module's own):
a need sent on to the next partner after a decline is one plan item, referred once, never more items referred than
planned."""

from __future__ import annotations

from safetynet.runtime import referrals
from safetynet.runtime.build import Runtime
from tests.api.referral_helpers import Api, Clock, api, clock, who

__all__ = ["api", "clock", "who"]  # fixtures


def test_a_need_sent_on_after_a_decline_is_referred_once(api: Api, clock: Clock, runtime: Runtime) -> None:
    plan = api.plan(case_ref="PLK-FUNNEL-1")
    first = api.sent(plan["plan_id"])
    api.done(first["referral_id"], "decline", "city", {"reason": "no_capacity"})
    second = api.sent(plan["plan_id"])
    api.done(second["referral_id"], "acknowledge", "sdhso")
    store = runtime.require_store()
    core = store.tokens.actor_for_token(api.who["core"])
    assert core is not None
    steps = dict(referrals.funnel(runtime, core, "TH-65"))["housing_repair"]
    assert (steps["planned"], steps["referred"], steps["in_time"]) == (1, 1, 1), steps
