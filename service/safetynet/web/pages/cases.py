"""The CM's new case: a form in Thai (English on the switch) with province → district → subdistrict pickers from
the gazetteer, the needs catalogue with its urgency, and the household facts the rules read. The case is checked by
the contract (``contract.case.Case``) and planned and stored by ``runtime.plans.make_plan``, as ``POST /v1/plans``
does; an error is shown at its field."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import ValidationError

from safetynet.auth import authorize_plan
from safetynet.contract.case import Case
from safetynet.contract.text import whole_number
from safetynet.errors import Forbidden, SafetynetError
from safetynet.places import gazetteer
from safetynet.places.text import THAI_DIGITS
from safetynet.runtime.plans import make_plan
from safetynet.web import once
from safetynet.web.carried import case_fields, case_values, from_this_site
from safetynet.web.choices import CHOICES, DISTRICT, PROVINCE, SUBDISTRICT, YES_NO, YES_NO_FIELDS
from safetynet.web.formerrors import FieldError, by_field, from_domain, from_validation
from safetynet.web.once import Once
from safetynet.web.render import PageRoute, page, redirect
from safetynet.web.viewer import (
    CsrfRefused,
    SignedInDep,
    SignInNeeded,
    Viewer,
    ViewerDep,
    parse_form,
    posted,
    session_cookie,
)

router = APIRouter(route_class=PageRoute)


def _may_plan(viewer: Viewer) -> None:
    assert viewer.actor is not None
    authorize_plan(viewer.actor, None)  # the API's own check: the form starts from the CM's own organization


def places(viewer: Viewer, values: dict[str, str]) -> dict[str, Any]:
    """The pickers: every province; the districts of the chosen one; the subdistricts of the chosen district. A
    district (or subdistrict) that does not lie in the chosen province (district) is dropped."""
    province = values.get(PROVINCE) or ""
    if not province and viewer.actor is not None and viewer.actor.organization_id:
        province = viewer.runtime.province_of(viewer.actor.organization_id) or ""
    districts = gazetteer.districts(province)
    district = values.get(DISTRICT) or ""
    if district not in {d.code for d in districts}:
        district = ""
    subdistricts = gazetteer.subdistricts(district) if district else ()
    subdistrict = values.get(SUBDISTRICT) or ""
    if subdistrict not in {s.code for s in subdistricts}:
        subdistrict = ""
    return {
        "provinces": gazetteer.provinces(),
        "districts": districts,
        "subdistricts": subdistricts,
        "chosen": {PROVINCE: province, DISTRICT: district, SUBDISTRICT: subdistrict},
    }


def _form(
    viewer: Viewer, values: dict[str, str], errors: list[FieldError], notice: str | None = None, **context: Any
) -> Response:
    """The form, with ``errors`` at their fields (and a ``notice``, a key of the words). Answered 200 even with
    errors: a browser logs every 4xx page as a console error, and the person needs the form back, not a status."""
    book = viewer.runtime.engine.book
    return page(
        viewer, "case_form.html",
        values=values, errors=by_field(errors), error_list=errors, needs=list(book.needs.values()),
        chosen_needs=set(viewer.values("need")) if viewer.form else set(),
        urgent=set(viewer.values("urgent")) if viewer.form else {n.code for n in book.needs.values() if n.urgent},
        choices=CHOICES, once=once.new_token(), notice=notice, **places(viewer, values), **context,
    )  # fmt: skip


@router.get("/cases/new")
def new_case(viewer: SignedInDep) -> Response:
    _may_plan(viewer)
    return _form(viewer, {}, [])


def _number(raw: str, unit: str) -> int | str | None:
    """A number field as the contract reads it: Thai digits (๑๒), thousands separators ("5,000", "5 000") and the
    field's own ``unit`` ("12 ปี", "2,800 บาท", "5 คน") read too (``contract.text.whole_number``, as survey rows are);
    anything else is left as written, so that the contract names what is wrong with it at its field. The JSON API
    takes numbers as numbers: this reading is the form's."""
    if not raw:
        return None
    number = whole_number(raw, unit)
    return raw if number is None else number


def case_body(viewer: Viewer) -> dict[str, Any]:
    """The case as the contract reads it, from the form's fields (named as the contract names them); a field left
    empty is not sent."""
    v = viewer.value
    location = {k: v(f"child.location.{k}") for k in ("province", "district", "subdistrict")}
    location = {k: x for k, x in location.items() if x}
    child: dict[str, Any] = {"age": _number(v("child.age"), "years"), "location": location}
    for name in ("sex", "education_status"):
        if v(f"child.{name}"):
            child[name] = v(f"child.{name}")
    has_disability, registered = (YES_NO.get(v(name)) for name in YES_NO_FIELDS)
    if has_disability is not None:
        child["disability"] = {"has_disability": has_disability, "registered": registered}
    household: dict[str, Any] = {
        "income_monthly": _number(v("household.income_monthly"), "baht"),
        "members": _number(v("household.members"), "people"),
        "housing_condition": v("household.housing_condition") or None,
        "guardian": v("household.guardian") or None,
    }
    urgent = set(viewer.values("urgent"))
    return {
        "case_ref": v("case_ref").translate(THAI_DIGITS),  # ๒๕๖๙ from a Thai keyboard is 2569: nothing else to read
        "child": {k: x for k, x in child.items() if x is not None},
        "household": {k: x for k, x in household.items() if x is not None},
        "needs": [{"code": code, "urgent": code in urgent} for code in dict.fromkeys(viewer.values("need"))],
    }


@router.post("/cases/new")
async def create_case(viewer: ViewerDep) -> Response:
    if viewer.actor is None:
        return await _sign_in_keeping_the_case(viewer)
    _may_plan(viewer)
    assert viewer.actor is not None
    try:
        await posted(viewer.request, viewer)
    except CsrfRefused:
        if not viewer.value("csrf"):
            raise  # no form of ours: ours always carries a token, if an old one
        # The form outlived the session it was opened in (signed in again since, in another tab): a CM who wrote a
        # whole case on a phone gets it back as written, in this session's form, nothing planned, instead of a 403
        # page and the case to write again. Nothing is done on the post's word: it is only shown back to be sent.
        return _form(viewer, {name: viewer.value(name) for name in viewer.form}, [], notice="case_form_kept")
    values = {name: viewer.value(name) for name in viewer.form}
    if viewer.value("refresh"):  # no script: the pickers of the chosen province, nothing planned
        return _form(viewer, values, [])
    actor = viewer.actor

    async def plan_of(case: Case) -> str:
        plan, _ = await make_plan(viewer.runtime, case, actor)
        return plan.plan_id

    made: Once = viewer.request.app.state.web_once
    try:
        case = Case.model_validate(case_body(viewer))
        plan_id = await made.run(once.key_of(viewer.session.key, "/cases/new", viewer.form), lambda: plan_of(case))
    except ValidationError as exc:
        return _form(viewer, values, from_validation(exc, viewer.lang))
    except SafetynetError as exc:
        if isinstance(exc, Forbidden) and not exc.details():
            raise
        return _form(viewer, values, from_domain(exc, viewer.lang))
    return redirect(viewer, f"/plans/{plan_id}")


async def _sign_in_keeping_the_case(viewer: Viewer) -> Response:
    """A case posted with no session (it ended on its own while she wrote: the cookie is gone): the sign-in form,
    saying that the case is not saved yet and carrying what was written in its hidden fields (``carried``), instead
    of a redirect to sign-in that drops it. Not for a post that is no form of ours, or from another site."""
    had_session = viewer.request.cookies.get(session_cookie(viewer.request))
    try:
        form = parse_form(await viewer.request.body())
    except ValueError:
        form = {}
    carried = case_fields(form)
    if not carried or not form.get("csrf") or not from_this_site(viewer.request):
        raise SignInNeeded("/cases/new", "session_ended" if had_session else None)
    return page(viewer, "signin.html", next="/cases/new", notice="case_not_saved", error=None, carried=carried)


def kept_case(viewer: Viewer, carried: list[tuple[str, str]]) -> Response | None:
    """The case form filled in with what was ``carried`` through sign-in (``viewer`` just signed in), saying that it
    is not saved yet; None when the token signed in plans no case (the case form is not hers to see)."""
    try:
        _may_plan(viewer)
    except Forbidden:
        return None
    viewer.form = case_values(carried)
    values = {name: viewer.value(name) for name in viewer.form}
    # answered to the sign-in's post: the case form's address in history, not /signin (web/static/address.js)
    return _form(viewer, values, [], notice="case_kept_signed_in", history_address="/cases/new")


@router.get("/cases/places/districts")
def district_picker(viewer: SignedInDep) -> Response:
    """The district and subdistrict pickers of the province chosen (htmx swaps them in place)."""
    values = dict(viewer.request.query_params)
    return page(viewer, "places.html", part="districts", **places(viewer, values))


@router.get("/cases/places/subdistricts")
def subdistrict_picker(viewer: SignedInDep) -> Response:
    values = dict(viewer.request.query_params)
    return page(viewer, "places.html", part="subdistricts", **places(viewer, values))
