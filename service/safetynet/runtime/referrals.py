"""Referrals as the API and the web pages both handle them: send a plan item, act on a referral, read one, list
those in reach, count them. Who may do what is decided by ``referrals.reach`` and ``referrals.lifecycle``, the
writes and their audit rows by the store; nothing here is decided twice."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime, tzinfo

from safetynet.auth import Actor, can_read_plan
from safetynet.contract.plan import Plan, PlanItem
from safetynet.contract.referral import Action, Referral, ReferralPage, Stats
from safetynet.errors import Forbidden, NotFound
from safetynet.referrals.errors import NotInPlan
from safetynet.referrals.lifecycle import NOTHING_GIVEN, Given
from safetynet.referrals.reach import (
    can_read,
    can_send,
    core_team_province,
    list_scope,
    sends_referrals,
    stats_province,
)
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.rendered import RenderedViews
from safetynet.referrals.sending import NewReferral, new_referral, plan_item
from safetynet.referrals.stats import stats
from safetynet.referrals.transitions import Transition
from safetynet.referrals.view import referral_view
from safetynet.runtime.build import Runtime
from safetynet.runtime.plans import shown_plan
from safetynet.store import PlanRecord, Store
from safetynet.store.funnel import STAGES  # the funnel's steps, the board page's too
from safetynet.store.referral_records import Page, ReferralFilters
from safetynet.store.storedrows import StoredReferral, as_records

__all__ = [  # STAGES: the funnel's steps, which the board page names (defined with the funnel's counts)
    "STAGES",
    "act",
    "funnel",
    "listed",
    "listed_async",
    "listed_json",
    "measured",
    "of_plan",
    "read",
    "send",
    "statistics",
]


async def send(
    runtime: Runtime,
    actor: Actor,
    plan_id: str,
    need: str,
    organization_id: str | None,
    *,
    circumstances_changed: str | None = None,
) -> Referral:
    """Send plan ``plan_id``'s item for ``need`` to ``organization_id`` (default: its first candidate not tried yet;
    after a decline the next one, and the new referral replaces the declined one; to a partner that declined it only
    with ``circumstances_changed``: ``sending.new_referral``). NotFound when the plan is unknown or out of reach;
    Forbidden for a role that sends none."""
    network, now = runtime.network, runtime.clock()
    if not sends_referrals(actor):
        raise Forbidden.for_role(actor.role, "send referrals", "admin, cm and core teams")

    def readable(plan: PlanRecord) -> bool:
        return can_read_plan(actor, plan, runtime.province_of) or core_team_province(actor, network) == plan.province

    def make(plan: PlanRecord, earlier: Sequence[ReferralRecord]) -> NewReferral:
        if not can_send(actor, plan.province, can_read_plan(actor, plan, runtime.province_of), network):
            raise Forbidden("an agency's token sends no referrals (admin, CMs and the province's core team may)")
        core = network.core_team(plan.province)
        return new_referral(
            plan_id=plan.plan_id,
            case_ref=plan.case_ref,
            requested_by=plan.requested_by,
            item=_item(runtime, actor, plan, need),
            case=plan.case,
            location=plan.plan.get("location", {}),
            province=plan.province,
            organization_id=organization_id,
            earlier=earlier,
            sent_by=actor.organization_id,
            core_team=core.id if core is not None else None,
            now=now,
            circumstances_changed=circumstances_changed,
        )

    record = await runtime.require_store().referrals.send_async(plan_id, need, actor, now, readable=readable, make=make)
    if record is None:
        raise NotFound("plan")
    return referral_view(record, actor, network, now, runtime.zone, catalogue=runtime.engine.book)


def _item(runtime: Runtime, actor: Actor, plan: PlanRecord, need: str) -> PlanItem:
    """The plan's item for ``need``; NotInPlan naming only the needs ``actor`` sees of the plan (``visible_part``).
    A core team sends for any plan of its province, but reads only those that name it: the plan's needs listed in
    the error would be the child's other needs (a child_protection, a disability), which its reading never shows."""
    try:
        return plan_item(plan.plan.get("items", []), need)
    except NotInPlan as missing:
        shown: list[str] = []
        if can_read_plan(actor, plan, runtime.province_of):
            shown = [i.need for i in shown_plan(actor, plan).items]
        meant = missing.meant if missing.meant in shown else None  # the need it names another way, when seen
        raise NotInPlan("need", need, shown, meant=meant) from None


def read(runtime: Runtime, actor: Actor, referral_id: str) -> Referral:
    """One referral as ``actor`` sees it (the read audited); NotFound when unknown or out of reach (the same)."""
    network, now = runtime.network, runtime.clock()
    record = runtime.require_store().referrals.get(
        referral_id, actor, allowed=lambda r: can_read(actor, r, network), now=now
    )
    if record is None:
        raise NotFound("referral")
    return referral_view(record, actor, network, now, runtime.zone, catalogue=runtime.engine.book)


async def act(
    runtime: Runtime,
    actor: Actor,
    referral_id: str,
    action: Action,
    given: Given = NOTHING_GIVEN,
) -> Referral:
    """``actor`` takes ``action`` on the referral (InvalidTransition, 409, naming what it may do instead)."""
    network, now = runtime.network, runtime.clock()
    transition = Transition(action=action, actor=actor, directory=network, at=now, given=given)
    record = await runtime.require_store().referrals.act_async(
        referral_id, actor, now, readable=lambda r: can_read(actor, r, network), decider=transition
    )
    if record is None:
        raise NotFound("referral")
    return referral_view(record, actor, network, now, runtime.zone, catalogue=runtime.engine.book)


def listed(
    runtime: Runtime, actor: Actor, filters: ReferralFilters, *, cursor: str | None = None, limit: int = 50
) -> ReferralPage:
    """The referrals in ``actor``'s reach that pass ``filters``, by deadline (each shown audited). Asking for the
    overdue ones records their escalation to the core team on the way."""
    network, now = runtime.network, runtime.clock()
    scope = list_scope(actor, network)
    store = runtime.require_store()
    if filters.overdue:
        store.referrals.escalate_overdue(now)
    page = store.referrals.page(scope, filters, now, after=cursor, limit=limit, actor=actor)
    return _page_view(runtime, actor, now, page)


async def listed_async(
    runtime: Runtime, actor: Actor, filters: ReferralFilters, *, cursor: str | None = None, limit: int = 50
) -> ReferralPage:
    """``listed`` for a coroutine (the API's list and the inbox page): no thread hand-off on SQLite, and the audit
    rows go with the group of the event loop's turn."""
    now = runtime.clock()
    page = await _stored_page(runtime, actor, filters, now, cursor, limit)
    return _page_view(runtime, actor, now, as_records(page))


async def listed_json(
    runtime: Runtime,
    actor: Actor,
    filters: ReferralFilters,
    views: RenderedViews,
    *,
    cursor: str | None = None,
    limit: int = 50,
) -> bytes:
    """``listed_async`` as the API answers it, in JSON, each referral's rendering kept in ``views``."""
    now = runtime.clock()
    page = await _stored_page(runtime, actor, filters, now, cursor, limit)
    return views.page_json(
        page.items,
        page.next_cursor,
        actor=actor,
        directory=runtime.network,
        catalogue=runtime.engine.book,
        now=now,
        zone=runtime.zone,
    )


async def _stored_page(  # noqa: PLR0917 - a page's request
    runtime: Runtime, actor: Actor, filters: ReferralFilters, now: datetime, cursor: str | None, limit: int
) -> Page[StoredReferral]:
    scope = list_scope(actor, runtime.network)
    store = runtime.require_store()
    if filters.overdue:
        await asyncio.to_thread(store.referrals.escalate_overdue, now)
    return await store.referrals.stored_page_async(scope, filters, now, after=cursor, limit=limit, actor=actor)


def _page_view(runtime: Runtime, actor: Actor, now: datetime, page: Page[ReferralRecord]) -> ReferralPage:
    network, book = runtime.network, runtime.engine.book
    items = [referral_view(r, actor, network, now, runtime.zone, catalogue=book) for r in page.items]
    return ReferralPage(items=items, next_cursor=page.next_cursor)


def statistics(
    runtime: Runtime, actor: Actor, province: str | None, since: datetime | None, until: datetime | None
) -> Stats:
    """The 24-hour promise, measured, for the province ``actor`` may see (``reach.stats_province``)."""
    chosen = stats_province(actor, province, runtime.network)
    return measured(runtime.require_store(), chosen, since=since, until=until, now=runtime.clock(), zone=runtime.zone)


def measured(
    store: Store, province: str | None, *, since: datetime | None, until: datetime | None, now: datetime, zone: tzinfo
) -> Stats:
    """The figures of ``province`` (None: every province) from ``since`` to ``until`` as ``GET /v1/stats`` and
    ``safetynet stats`` give them: every moment in the service's time zone, as plans and referrals are."""
    rows = store.referrals.stats(province=province, since=since, until=until, now=now)
    shown = [None if moment is None else moment.astimezone(zone) for moment in (since, until)]
    return stats(rows, province=province, since=shown[0], until=shown[1], at=now.astimezone(zone))


async def of_plan(runtime: Runtime, actor: Actor, plan: Plan) -> dict[str, list[Referral]]:
    """The referrals of each item of ``plan`` (which ``actor`` has just read), those ``actor`` may read, oldest
    first."""
    network, book, now = runtime.network, runtime.engine.book, runtime.clock()
    store = runtime.require_store()
    found: dict[str, list[Referral]] = {item.need: [] for item in plan.items}
    for record in await store.referrals.of_plan_async(plan.plan_id):
        if record.need in found and can_read(actor, record, network):
            found[record.need].append(referral_view(record, actor, network, now, runtime.zone, catalogue=book))
    return found


def funnel(runtime: Runtime, actor: Actor, province: str | None) -> list[tuple[str, dict[str, int]]]:
    """Per need (in the catalogue's order), the plan items at each step of ``STAGES`` (planned, referred,
    acknowledged in time, accepted, helped; each item once per step: ``store.funnel``), for the province ``actor``
    may see (as ``statistics``)."""
    chosen = stats_province(actor, province, runtime.network)
    counted = runtime.require_store().referrals.funnel(province=chosen, since=None, until=None)
    needs = [need for need in runtime.engine.book.needs if need in counted]
    rows = [(need, {step: counted[need][step] for step in STAGES}) for need in needs]
    return [(need, row) for need, row in rows if any(row.values())]
