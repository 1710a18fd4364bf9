"""Who is looking at a page, in which language: the signed session, the token behind it (looked up by the store,
revocation included), the rate limit of that token, and the CSRF check of every form. The dependencies of the
pages (``ViewerDep``, ``SignedInDep``)."""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import parse_qsl, quote, urlsplit

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool

from safetynet.api.deps import RuntimeDep
from safetynet.api.ratelimit import TokenBuckets
from safetynet.auth import Actor
from safetynet.runtime.build import Runtime
from safetynet.web.session import COOKIE, SECURE_COOKIE, Session, Signer
from safetynet.web.words import LANGS

LANG_COOKIE = "safetynet_lang"
#: Fields a form may send; more is no form of ours.
MAX_FIELDS = 200


class SignInNeeded(Exception):
    """The page needs a signed-in viewer: answered with a redirect to the sign-in page."""

    def __init__(self, next_path: str, why: str | None = None) -> None:
        self.next_path = next_path
        self.why = why


class CsrfRefused(Exception):
    """A form posted without this session's CSRF token: refused, nothing done."""


def lang_of(request: Request) -> str:
    """``?lang=`` when given, else the ``lang`` cookie, else Thai."""
    asked = request.query_params.get("lang")
    if asked in LANGS:
        return asked
    cookie = request.cookies.get(LANG_COOKIE)
    return cookie if cookie in LANGS else "th"


def is_https(request: Request) -> bool:
    """Served over HTTPS, or behind a proxy that says the browser used HTTPS: the cookies get ``Secure``.

    The header is believed from anyone, unlike ``X-Forwarded-For`` (``SAFETYNET_FORWARDED_ALLOW_IPS``), on purpose: it
    can only make the cookie of the answer to the very request that carries it stricter (``Secure``, ``__Host-``),
    never looser, and a page cannot make a browser send it (a custom header on a cross-site request needs CORS, which
    this server never grants). Believed only from named proxies, a TLS proxy on the same machine left unnamed would
    get session cookies without ``Secure``."""
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "").lower() == "https"


def session_cookie(request: Request) -> str:
    """The session cookie's name for this request: ``__Host-`` over HTTPS (``session.SECURE_COOKIE``)."""
    return SECURE_COOKIE if is_https(request) else COOKIE


@dataclass
class Viewer:
    request: Request
    runtime: Runtime
    lang: str
    session: Session
    actor: Actor | None
    #: a session to write into the cookie with the answer (a new anonymous one, or one just signed in); None: keep
    new_session: Session | None = None
    clear_session: bool = False
    form: dict[str, list[str]] = field(default_factory=dict)

    @property
    def signer(self) -> Signer:
        signer: Signer = self.request.app.state.web_signer
        return signer

    def value(self, name: str) -> str:
        """The form's first value for ``name``, stripped; "" when not sent."""
        values = self.form.get(name)
        return values[0].strip() if values else ""

    def values(self, name: str) -> list[str]:
        return self.form.get(name, [])


def is_fragment(request: Request) -> bool:
    """Asked by htmx for a part of the page shown (the place pickers), not by the browser for a page."""
    return request.headers.get("hx-request") == "true"


def _next(request: Request) -> str:
    """Where sign-in leads back to: this page; for a fragment, the page it is part of (``HX-Current-URL``)."""
    url = urlsplit(request.headers.get("hx-current-url", "")) if is_fragment(request) else request.url
    return url.path + (f"?{url.query}" if url.query else "")


async def viewer(request: Request, runtime: RuntimeDep) -> Viewer:
    signer: Signer = request.app.state.web_signer
    now = time.time()
    session = signer.loads(request.cookies.get(session_cookie(request)), now)
    fresh = None
    if session is None:
        fresh = session = Session.anonymous(now)
    actor = None
    if session.token_id is not None:
        store = runtime.require_store()
        actor = store.tokens.cached_actor_for_token_id(session.token_id)
        if actor is None:
            actor = await run_in_threadpool(store.tokens.actor_for_token_id, session.token_id)
        if actor is not None and await _signed_out(runtime, session):
            actor = None
        if actor is None:  # revoked since sign-in, or signed out (a copy of its cookie): the session is over
            fresh = session = Session.anonymous(now)
        else:
            rate_limits: TokenBuckets = request.app.state.rate_limits
            rate_limits.take(actor.token_id)
    seen = Viewer(request, runtime, lang_of(request), session, actor, new_session=fresh)
    request.state.web_viewer = seen  # an error page of this request shows the viewer's menu (render.error_page)
    return seen


def forget_viewer(request: Request) -> None:
    """Drop the viewer kept on the request by ``viewer`` once the answer is made: the viewer holds the request, so
    the two would stay in a cycle that only the garbage collector frees, with everything the page held."""
    request.scope.get("state", {}).pop("web_viewer", None)


async def _signed_out(runtime: Runtime, session: Session) -> bool:
    signouts = runtime.require_store().signouts
    ended = signouts.cached_ended(session.key)
    return await run_in_threadpool(signouts.ended, session.key) if ended is None else ended


ViewerDep = Annotated[Viewer, Depends(viewer)]


async def signed_in(seen: ViewerDep) -> Viewer:
    if seen.actor is None:
        had_session = seen.request.cookies.get(session_cookie(seen.request))
        raise SignInNeeded(_next(seen.request), "session_ended" if had_session else None)
    return seen


SignedInDep = Annotated[Viewer, Depends(signed_in)]


def parse_form(body: bytes) -> dict[str, list[str]]:
    """An ``application/x-www-form-urlencoded`` body; ValueError when it is not one (or has too many fields).
    UTF-8 throughout, percent-escapes included: ``%FF`` would otherwise be read as U+FFFD and kept in a note."""
    text = body.decode("utf-8")  # UnicodeDecodeError is a ValueError
    form: dict[str, list[str]] = {}
    for name, value in parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict"):
        form.setdefault(name, []).append(value)
    return form


async def posted(request: Request, seen: Viewer) -> Viewer:
    """The form of a POST, checked against the session's CSRF token (CsrfRefused when it is missing or wrong)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise CsrfRefused
    try:
        seen.form = parse_form(await request.body())
    except ValueError:
        raise CsrfRefused from None
    sent = seen.form.get("csrf", [None])[0]
    if seen.new_session is not None or not seen.session.csrf_matches(sent):
        raise CsrfRefused
    return seen


async def posted_signed_in(request: Request, seen: SignedInDep) -> Viewer:
    return await posted(request, seen)


SignedInPostDep = Annotated[Viewer, Depends(posted_signed_in)]


def signin_url(next_path: str, why: str | None = None) -> str:
    query = f"?next={quote(next_path, safe='/')}" if next_path not in ("", "/") else ""
    if why:
        query += ("&" if query else "?") + f"why={why}"
    return "/signin" + query


def query_with(params: Mapping[str, str], **changes: str) -> str:
    """The query string of ``params`` with ``changes`` (for the language switch)."""
    merged = {**params, **changes}
    return "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in merged.items())
