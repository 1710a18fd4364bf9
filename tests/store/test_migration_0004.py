"""Migration 0004 on a database that holds referrals sent before their senders had a row of their own: a CM that
sent one for another organization's plan then lists it and follows its events, those already written included;
the plan's organization and the path keep theirs; a referral sent by an admin, or by the plan's own organization,
gets no row more; and a downgrade takes back only what was added."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, insert, select

from safetynet.referrals.reach import Scope
from safetynet.store import Store
from safetynet.store.database import make_engine
from safetynet.store.migrate import current_revision, downgrade, upgrade
from safetynet.store.referral_records import ReferralFilters
from safetynet.store.tables import events, plans, referral_organizations, referrals, tokens
from tests.referrals.samples import NOW, referral, stored_plan

#: Sent by another CM organization, by the plan's own, by an admin; each to plk-city-municipality.
SENDERS = {"ref_other": "plk-education-office", "ref_own": "plk-cm-unit", "ref_admin": None}


def _rows(engine: Engine) -> set[tuple[Any, ...]]:
    c = referral_organizations.c
    with engine.connect() as connection:
        return {tuple(r) for r in connection.execute(select(c.referral_id, c.organization_id, c.status, c.refer_by))}


def listed(store: Store, organization: str, status: str | None = None) -> list[str]:
    scope, filters = Scope("party", organization), ReferralFilters(status=status)
    return [r.referral_id for r in store.referrals.page(scope, filters, NOW, after=None, limit=10, actor=None).items]


def store_before(engine: Engine) -> None:
    """At 0003, the referrals of ``SENDERS`` as the service wrote them then: a row for each organization on the
    path so far (plk-cm-unit, plk-city-municipality), none for the sender; and the event of the first's send."""
    upgrade(engine, "0003")
    plan = stored_plan()
    with engine.begin() as connection:
        token = {"id": "tok_old", "token_hash": "h" * 64, "role": "cm", "organization_id": "plk-cm-unit"}
        connection.execute(insert(tokens).values(**token, created_at=NOW))
        connection.execute(
            insert(plans).values(
                plan_id=plan.plan_id, case_ref=plan.case_ref, province="TH-65", requested_by="plk-cm-unit",
                created_at=NOW, created_by="tok_old", rules_version="r", graph_version="g",
                case_json=plan.case, plan_json=json.loads(str(plan.plan)),
            )
        )  # fmt: skip
        for n, (referral_id, sent_by) in enumerate(SENDERS.items()):
            status = "acknowledged" if n == 0 else "sent"
            record = referral(referral_id=referral_id, sent_by=sent_by, need=f"need_{n}", status=status)
            connection.execute(insert(referrals).values(**asdict(record)))
            for organization in record.path:
                row = {"referral_id": referral_id, "organization_id": organization, "status": status}
                connection.execute(insert(referral_organizations).values(**row, refer_by=record.refer_by))
        event = {"type": "referral.sent", "status": "sent", "at": NOW, "province": "TH-65", "holder": None}
        connection.execute(
            insert(events).values(event_id=1, referral_id="ref_other", from_organization="plk-cm-unit", **event)
        )
    assert current_revision(engine) == "0003"


def test_a_referral_sent_for_another_organizations_plan_is_listed_and_followed_by_its_sender(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        store_before(engine)
        before = _rows(engine)
        with Store.open(db_url) as store:  # upgrades to the head
            assert listed(store, "plk-education-office") == ["ref_other"]
            assert listed(store, "plk-education-office", "acknowledged") == ["ref_other"], "the referral's status"
            assert sorted(listed(store, "plk-cm-unit")) == sorted(SENDERS)
            assert listed(store, "plk-sdhso-office") == []
            feed = store.referrals.events(Scope("party", "plk-education-office"), None, 10).items
            assert [(e.event_id, e.referral_id) for e in feed] == [(1, "ref_other")]
        added = ("ref_other", "plk-education-office", "acknowledged", NOW + timedelta(hours=24))  # as the referral
        assert _rows(engine) - before == {added}
        downgrade(engine, "0003")
        assert _rows(engine) == before
    finally:
        engine.dispose()
