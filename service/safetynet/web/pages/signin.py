"""Sign-in with a token posted in a form (never in a URL), sign-out, and the home page of each role."""

from __future__ import annotations

import time

from fastapi import APIRouter, Response

from safetynet.api.authfailures import AuthFailures
from safetynet.errors import TooManyFailures
from safetynet.web.carried import case_fields, from_this_site
from safetynet.web.pages.cases import kept_case
from safetynet.web.render import PageRoute, page, redirect, to_page
from safetynet.web.session import Session
from safetynet.web.viewer import CsrfRefused, SignedInDep, SignedInPostDep, Viewer, ViewerDep, posted

router = APIRouter(route_class=PageRoute)
_NOTICES = ("session_ended", "signed_out")  # form_expired is said only by the post it concerns


def _local(path: str) -> str:
    """Where to go after sign-in: a path of this server only (never ``//elsewhere``), else the home page."""
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) and len(path) < 500 else "/"


@router.get("/signin")
def signin_form(viewer: ViewerDep, next: str = "/", why: str | None = None) -> Response:
    notice = why if why in _NOTICES else None
    return page(viewer, "signin.html", next=_local(next), notice=notice, error=None, carried=[])


def _again(viewer: Viewer, status: int = 200, *, notice: str | None = None, error: str | None = None) -> Response:
    """The sign-in form again, still carrying the case it carried (``web.carried``), if the post is this site's."""
    carried = case_fields(viewer.form) if from_this_site(viewer.request) else []
    return page(viewer, "signin.html", status, next=_local(viewer.value("next")), notice=notice, error=error,
                carried=carried)  # fmt: skip


@router.post("/signin")
async def signin(viewer: ViewerDep) -> Response:
    try:
        await posted(viewer.request, viewer)
    except CsrfRefused:
        # The form outlived the session that carried its CSRF token (a tab left open): nobody is signed in; the form
        # comes back with this session's token, saying why, instead of a 403 the person can do nothing with.
        return _again(viewer, notice="form_expired")
    failures: AuthFailures = viewer.request.app.state.auth_failures
    try:  # the bearer scheme's own sequence (api/authfailures.py): the 429 comes before the database read
        actor = await failures.actor_for(viewer.request, viewer.runtime.require_store().tokens, viewer.value("token"))
    except TooManyFailures as exc:
        answer = _again(viewer, 429, error="too_many_failures")
        answer.headers["Retry-After"] = str(exc.retry_after)
        return answer
    if actor is None:
        return _again(viewer, error="token_wrong")
    viewer.new_session = Session.signed_in(actor.token_id, time.time(), viewer.runtime.settings.session_hours)
    carried = case_fields(viewer.form)
    if carried:  # a case written while the session ended: its form, filled in, to check and send (not a redirect)
        viewer.session, viewer.actor = viewer.new_session, actor
        kept = kept_case(viewer, carried)
        if kept is not None:
            return kept
    return redirect(viewer, _local(viewer.value("next")))


@router.post("/signout")
def signout(viewer: SignedInPostDep) -> Response:
    """The session ends on the server (a copy of its cookie opens nothing after), and its cookie in the browser."""
    viewer.runtime.require_store().signouts.end(viewer.session.key, viewer.session.expires)
    viewer.clear_session = True
    return redirect(viewer, "/signin?why=signed_out")


@router.get("/signout")
def signout_address(viewer: ViewerDep) -> Response:
    """The sign-out form's address asked with a GET (sign-in after a session that ended on it): the home page.
    Nothing is done by a GET."""
    return to_page(viewer, "/")


@router.get("/")
def home(viewer: SignedInDep) -> Response:
    tiles = viewer.request.app.state.web_tiles(viewer)
    return page(viewer, "home.html", tiles=tiles)
