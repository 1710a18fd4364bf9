"""Referrals in the pages: send a plan item (CM), the inbox by deadline with the overdue first (agency), a referral
with only the facts and the actions its reader may have (a print stylesheet makes it a referral sheet), the
referrals a CM sent, and the overdue ones. Every call is ``runtime.referrals``', as the API's."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any, get_args
from urllib.parse import quote

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, ValidationError

from safetynet.contract.labels import pick
from safetynet.contract.plan import PlanLocation
from safetynet.contract.referral import (
    Action,
    DeclineBody,
    DeclineReason,
    DoneBody,
    NoteBody,
    Outcome,
    Referral,
    ReferralRequest,
)
from safetynet.errors import NotFound, SafetynetError
from safetynet.referrals.errors import ReferralExists
from safetynet.referrals.lifecycle import ACTIONS, WITH_RECEIVER, Given
from safetynet.referrals.reach import list_scope
from safetynet.runtime import referrals
from safetynet.store.referral_records import ReferralFilters
from safetynet.web import once
from safetynet.web.formerrors import FieldError, Reader, by_field, from_domain, from_validation, label_of
from safetynet.web.once import Once
from safetynet.web.pages.plans import PlanId, SendAgain, kind_label, plan_page_for
from safetynet.web.render import PageRoute, page, redirect, to_page
from safetynet.web.viewer import SignedInDep, SignedInPostDep, Viewer, ViewerDep
from safetynet.web.words import word

router = APIRouter(route_class=PageRoute)
ReferralId = Annotated[str, Path(max_length=64)]
BODIES: dict[str, type[BaseModel]] = {"decline": DeclineBody, "done": DoneBody}
DECLINE_REASONS = get_args(DeclineReason)
OUTCOMES = get_args(Outcome)


@router.post("/plans/{plan_id}/send")
async def send(plan_id: PlanId, viewer: SignedInPostDep) -> Response:
    """Send the plan item to the candidate chosen (its button on the plan page); from the send-again form of a partner
    that declined, with what changed (``circumstances_changed``, as ``POST /v1/referrals`` takes it: the domain
    decides, ``sending.new_referral``)."""
    assert viewer.actor is not None
    need = viewer.value("need")
    chosen = viewer.value("organization_id") or None
    again = None
    changed = None
    if "circumstances_changed" in viewer.form:  # the send-again form: its words are required, and kept on an error
        written = viewer.values("circumstances_changed")[0]
        again = SendAgain(need, chosen or "", written, [])
        changed, errors = what_changed(plan_id, need, chosen, written, viewer.lang)
        if errors:
            return await plan_page_for(viewer, plan_id, errors, replace(again, errors=errors))
    try:
        sent = await referrals.send(viewer.runtime, viewer.actor, plan_id, need, chosen, circumstances_changed=changed)
    except NotFound:
        raise
    except SafetynetError as exc:
        if exc.code == "forbidden":
            raise
        if isinstance(exc, ReferralExists) and _sent_there(viewer, exc.referral_id, chosen):
            return redirect(viewer, f"/referrals/{exc.referral_id}")
        return await plan_page_for(viewer, plan_id, errors=from_domain(exc, viewer.lang), again=again)
    return redirect(viewer, f"/referrals/{sent.referral_id}")


def what_changed(
    plan_id: str, need: str, chosen: str | None, written: str, lang: str
) -> tuple[str | None, list[FieldError]]:
    """The words of a send-again form as the API's body reads them (``ReferralRequest``: plain text, up to 500
    characters, stripped), or the form's errors in ``lang``. Required here: the form exists to say what changed
    (the API reads a body without them as a plain send, which the domain refuses to a partner that declined)."""
    if not written.strip():
        return None, [FieldError("circumstances_changed", f"{label_of('circumstances_changed', lang)}: "
                                 f"{word('required', lang)}")]  # fmt: skip
    body = {"plan_id": plan_id, "need": need, "organization_id": chosen, "circumstances_changed": written}
    try:
        return ReferralRequest.model_validate(body).circumstances_changed, []
    except ValidationError as exc:
        return None, from_validation(exc, lang)


def _sent_there(viewer: Viewer, referral_id: str, chosen: str | None) -> bool:
    """Is the referral under way the one this post asked for (sent, to the organization chosen)? Then the post is
    the same button pressed twice (a second tap while a slow connection showed nothing, a resend): its answer is
    the referral's page, as the first post's, not an error saying that the send it asked for already happened."""
    assert viewer.actor is not None
    try:
        found = referrals.read(viewer.runtime, viewer.actor, referral_id)
    except SafetynetError:
        return False
    return found.status == "sent" and chosen is not None and found.to_organization == chosen


def referral_page(
    viewer: Viewer, referral: Referral, errors: list[FieldError] | None = None, action: str | None = None
) -> Response:
    """The referral's page; after an ``action`` whose form had ``errors``, that form keeps what was chosen in it."""
    needs, services = viewer.runtime.engine.book.needs, viewer.runtime.engine.book.services
    kept = {name: viewer.value(name) for name in viewer.form} if errors else {}
    return page(
        viewer, "referral.html", referral=referral, errors=by_field(errors or []), error_list=errors or [],
        posted=action if errors else None, kept=kept,
        need=needs.get(referral.need), service=services.get(referral.service), reasons=DECLINE_REASONS,
        outcomes=OUTCOMES, kind=lambda k: kind_label(k, viewer.lang), once=once.new_token(),
        place_text=lambda where: place_text(where, viewer.lang),
    )  # fmt: skip


def place_text(place: PlanLocation, lang: str) -> str:
    """The child's place, as the plan has it (the gazetteer's names), in ``lang``."""
    parts = [place.province, place.district, place.subdistrict]
    return " › ".join(getattr(p, "en" if lang == "en" else "th", "") for p in parts if p is not None)


@router.get("/referrals/{referral_id}")
def referral(referral_id: ReferralId, viewer: SignedInDep) -> Response:
    assert viewer.actor is not None
    return referral_page(viewer, referrals.read(viewer.runtime, viewer.actor, referral_id))


@router.get("/plans/{plan_id}/send")
def send_address(plan_id: PlanId, viewer: ViewerDep) -> Response:
    """The send form's address asked with a GET (the language switch of a page shown after it, a sign-in after the
    session ended): the plan's page. Nothing is sent."""
    return to_page(viewer, f"/plans/{quote(plan_id)}")


@router.get("/referrals/{referral_id}/{action}")
def action_address(referral_id: ReferralId, action: Annotated[str, Path(max_length=16)], viewer: ViewerDep) -> Response:
    """An action's address asked with a GET (as ``send_address``): the referral's page. Nothing is done."""
    return to_page(viewer, f"/referrals/{quote(referral_id)}")


@router.post("/referrals/{referral_id}/{action}")
async def act(
    referral_id: ReferralId, action: Annotated[str, Path(max_length=16)], viewer: SignedInPostDep
) -> Response:
    """One action of the lifecycle, from its form; an error is shown at its field on the referral's page."""
    assert viewer.actor is not None
    if action not in ACTIONS:
        raise NotFound("action")
    chosen: Action = next(a for a in ACTIONS if a == action)
    fields: dict[str, Any] = {k: viewer.value(k) for k in ("note", "reason", "outcome") if viewer.value(k)}
    asked = asked_by_the_page(chosen, fields, viewer)
    if asked is not None:
        return referral_page(viewer, referrals.read(viewer.runtime, viewer.actor, referral_id), [asked], action)
    actor = viewer.actor

    async def acted(body: BaseModel) -> str:
        return (await referrals.act(viewer.runtime, actor, referral_id, chosen, Given.of(body))).referral_id

    made: Once = viewer.request.app.state.web_once  # the same form posted twice: one action, one answer
    try:
        body = BODIES.get(action, NoteBody).model_validate(fields)
        key = once.key_of(viewer.session.key, viewer.request.url.path, viewer.form)
        done = await made.run(key, lambda: acted(body))
    except ValidationError as exc:
        errors = from_validation(exc, viewer.lang)
    except NotFound:
        raise
    except SafetynetError as exc:
        errors = from_domain(exc, viewer.lang, reader_of(viewer))
    else:
        return redirect(viewer, f"/referrals/{done}")
    return referral_page(viewer, referrals.read(viewer.runtime, viewer.actor, referral_id), errors, action)


def asked_by_the_page(chosen: Action, fields: dict[str, Any], viewer: Viewer) -> FieldError | None:
    """What the page's forms ask beyond the API: a ticked box before a referral is withdrawn, and a note saying why
    for a decline whose reason is "other" (alone it tells the CM nothing to act on). The API's body stays as the
    contract gives it (``{reason, note?}``) for the systems that act through it."""
    lang = viewer.lang
    if chosen == "cancel" and viewer.value("confirm") != "yes":
        return FieldError("confirm", f"{label_of('confirm', lang)}: {word('confirm_first', lang)}")
    if chosen == "decline" and fields.get("reason") == "other" and not str(fields.get("note", "")).strip():
        return FieldError("note", f"{label_of('note', lang)}: {word('note_when_other', lang)}")
    return None


def reader_of(viewer: Viewer) -> Reader:
    """The viewer as an error's reader: its organization, and organizations named in its language."""
    network = viewer.runtime.network

    def name_of(organization_id: str) -> str:
        found = network.organization(organization_id)
        return organization_id if found is None else pick((found.name.th, found.name.en), viewer.lang)

    return Reader(viewer.actor.organization_id if viewer.actor else None, name_of)


def _list(viewer: Viewer, **filters: Any) -> list[Referral]:
    assert viewer.actor is not None
    return referrals.listed(viewer.runtime, viewer.actor, ReferralFilters(**filters), limit=100).items


@router.get("/inbox")
async def inbox(viewer: SignedInDep) -> Response:
    """What this organization must act on, by deadline (the overdue, sent longest ago past their deadline, first),
    then what it has under way. A coroutine, as ``GET /v1/referrals`` (``runtime.referrals.listed_async``)."""
    assert viewer.actor is not None
    list_scope(viewer.actor, viewer.runtime.network)  # Forbidden for a role that reads no referrals, as the API
    org = viewer.actor.organization_id
    held: list[Referral] = []
    if org:  # by deadline: the overdue (still sent, past it) come first
        filters = ReferralFilters(holder=org)
        held = (await referrals.listed_async(viewer.runtime, viewer.actor, filters, limit=100)).items
    waiting = [r for r in held if r.status == "sent"]
    under_way = [r for r in held if r.status in WITH_RECEIVER]
    return page(viewer, "inbox.html", waiting=waiting, under_way=under_way)


@router.get("/referrals")
def sent_list(viewer: SignedInDep) -> Response:
    """The referrals the viewer lists (``reach.list_scope``; a CM's: those its organization sent, those of the plans
    it requested, those it received or holds), by deadline. Not in an agency's menu (its inbox is), but open to it:
    what it received, closed ones too, named as such."""
    title = "unit_referrals" if viewer.actor is not None and viewer.actor.role == "agency" else "sent_referrals"
    return page(viewer, "referrals.html", title=title, items=_list(viewer))


@router.get("/overdue")
def overdue(viewer: SignedInDep) -> Response:
    """Not acknowledged by their deadline (their escalation to the core team recorded on the way)."""
    return page(viewer, "referrals.html", title="overdue", items=_list(viewer, overdue=True))

