"""Pages made from Jinja2 templates (``fastapi.templating.Jinja2Templates``), with the headers every page carries
(nothing loaded from elsewhere, no framing, no caching of children's data) and the session cookie; and
``PageRoute``, the route class of every page, which answers a domain error with a page in the viewer's language
(the HTTP status from the API's one table, ``api/errors.STATUS_OF``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Coroutine, Mapping
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException

from safetynet.api.errors import STATUS_OF
from safetynet.contract.referral import Referral
from safetynet.contract.vocabulary import Text
from safetynet.errors import SafetynetError
from safetynet.referrals.lifecycle import DeadlineState, deadline_state
from safetynet.web.timefmt import day_text, due_text, moment_text
from safetynet.web.viewer import (
    LANG_COOKIE,
    CsrfRefused,
    SignInNeeded,
    Viewer,
    forget_viewer,
    is_fragment,
    is_https,
    lang_of,
    query_with,
    session_cookie,
    signin_url,
)
from safetynet.web.words import WORDS, word

log = logging.getLogger("safetynet.web")
HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(
    env=Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates are package data: no stat of each template on every page
    )
)
#: Every page: scripts, styles and images from this server only; forms post here only; never in a frame.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def _place_option(place: Any, fmt: Fmt) -> tuple[str, str]:
    """A gazetteer place as a picker's option: its code, and its name in the page's language."""
    return place.code, place.en if fmt.lang == "en" else place.th


def _code_option(code: str, t: Callable[[str], str], group: str) -> tuple[str, str]:
    return code, t(f"{group}.{code}")


TEMPLATES.env.filters["place_option"] = _place_option


def _deadline_of(referral: Referral) -> DeadlineState:
    """What a referral's deadline says now, as the referrals' lifecycle has it."""
    return deadline_state(referral.status, referral.refer_by, referral.acknowledged_at, referral.closed_at)


TEMPLATES.env.filters["code_option"] = _code_option
TEMPLATES.env.globals["deadline_of"] = _deadline_of
#: The words of an error page, by HTTP status (any other: "error").
STATUS_WORD = {
    401: "session_ended", 403: "forbidden", 404: "not_found", 405: "wrong_method", 413: "too_large",
    429: "rate_limited", 503: "unavailable",
}  # fmt: skip


class Fmt:
    """What templates call to show values in the viewer's language and time zone."""

    def __init__(
        self, lang: str, zone: Any, now: datetime, names: Callable[[str], Text | None], needs: Mapping[str, Any]
    ) -> None:
        self.lang, self.zone, self.now, self._names, self._needs = lang, zone, now, names, needs

    def need(self, code: str) -> str:
        """A need's label from the needs catalogue (its code when the catalogue no longer has it)."""
        found = self._needs.get(code)
        return code if found is None else self.text(found.label)

    def text(self, text: Text | dict[str, str] | None) -> str:
        if text is None:
            return ""
        th, en = (text["th"], text["en"]) if isinstance(text, dict) else (text.th, text.en)
        return en if self.lang == "en" else th

    def when(self, moment: datetime | None) -> str:
        return "" if moment is None else moment_text(moment, self.lang, self.zone)

    def day(self, day: date | None) -> str:
        return "" if day is None else day_text(day, self.lang)

    def due(self, deadline: datetime) -> str:
        return due_text(deadline, self.now, self.lang)

    def org(self, organization_id: str | None) -> str:
        """An organization's name (its id when the network does not know it)."""
        if organization_id is None:
            return ""
        name = self._names(organization_id)
        return organization_id if name is None else self.text(name)

    def iso(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).isoformat(timespec="minutes")


def _names(request: Request) -> Callable[[str], Text | None]:
    network = request.app.state.runtime.network

    def name(organization_id: str) -> Text | None:
        org = network.organization(organization_id)
        return None if org is None else org.name

    return name


def base_context(request: Request, lang: str, viewer: Viewer | None) -> dict[str, Any]:
    runtime = request.app.state.runtime
    fmt = Fmt(lang, runtime.network.timezone, datetime.now(UTC), _names(request), runtime.engine.book.needs)
    params = dict(request.query_params)
    params.pop("lang", None)
    return {
        "request": request,
        "lang": lang,
        "t": partial(word, lang=lang),
        "words": WORDS,
        "fmt": fmt,
        "need_label": fmt.need,
        "other_lang": "en" if lang == "th" else "th",
        # The query alone: the browser keeps the page's own address. The path as asked is not ours to write back:
        # the 404 page of ``//elsewhere.example/x`` would link its language switch to another site.
        "lang_url": query_with(params, lang="en" if lang == "th" else "th"),
        "actor": viewer.actor if viewer else None,
        "csrf": viewer.session.csrf if viewer else "",
        "nav": request.app.state.web_nav(viewer) if viewer and viewer.actor else [],
        "path": request.url.path,
    }


def _headers(response: Response, request: Request, lang: str) -> Response:
    response.headers.update(SECURITY_HEADERS)
    if request.query_params.get("lang") in ("th", "en"):
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="strict",
                            secure=is_https(request))  # fmt: skip
    return response


def with_session(response: Response, viewer: Viewer) -> Response:
    request = viewer.request
    if viewer.clear_session:
        response.delete_cookie(session_cookie(request), httponly=True, samesite="strict", secure=is_https(request))
    elif viewer.new_session is not None:
        session = viewer.new_session
        response.set_cookie(
            session_cookie(request), viewer.signer.dumps(session), max_age=session.max_age(time.time()), httponly=True,
            samesite="strict", secure=is_https(request), path="/",
        )  # fmt: skip
    return _headers(response, request, viewer.lang)


def page(viewer: Viewer, template: str, status_code: int = 200, **context: Any) -> Response:
    """The page ``template`` for ``viewer`` (its session cookie written when new)."""
    request = viewer.request
    response = TEMPLATES.TemplateResponse(
        request, template, base_context(request, viewer.lang, viewer) | context, status_code=status_code
    )
    return with_session(response, viewer)


def redirect(viewer: Viewer, url: str) -> Response:
    """See other (303): after a form, the browser asks for ``url`` with a GET."""
    return with_session(RedirectResponse(url, status_code=303), viewer)


def to_page(viewer: Viewer, path: str) -> Response:
    """See other (303): ``path``, with the query asked (``?lang=``) kept. For a form's address asked with a GET:
    it is in the address bar after the form's page came back with an error, and it is where sign-in leads after a
    session ended on a form."""
    query = viewer.request.url.query
    return redirect(viewer, path + (f"?{query}" if query else ""))


def error_page(request: Request, status: int, message: str, details: list[str] | None = None) -> Response:
    """The error in the normal layout: with the viewer's menu and sign-out when the request had a valid session
    (its viewer, kept on the request by ``viewer.viewer``), else without."""
    seen: Viewer | None = getattr(request.state, "web_viewer", None)
    lang = lang_of(request)
    context = base_context(request, lang, seen) | {"status": status, "message": message, "details": details or []}
    response = TEMPLATES.TemplateResponse(request, "error.html", context, status_code=status)
    return _headers(response, request, lang) if seen is None else with_session(response, seen)


def domain_error_page(request: Request, exc: SafetynetError) -> Response:
    """A domain error as a page: the status from the API's one table, the words in the viewer's language."""
    status, public = next(STATUS_OF[k] for k in type(exc).__mro__ if k in STATUS_OF)
    lang = lang_of(request)
    key = STATUS_WORD.get(status, "internal" if status >= 500 else "error")
    if status >= 500:
        log.error("domain error on a page: %s", type(exc).__name__)
        return error_page(request, status, word(key, lang))
    shown = [] if status == 404 or public is not None else [str(exc)]
    return error_page(request, status, word(key, lang), shown if lang == "en" else [])


class PageRoute(APIRoute):
    """Every page's route: not in the OpenAPI, and its errors answered with pages, never JSON."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["include_in_schema"] = False
        super().__init__(*args, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            response = await answer(request)
            forget_viewer(request)  # not on an exception: the 500 page shows the viewer's menu, then forgets it
            return response

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except SignInNeeded as exc:
                url = signin_url(exc.next_path, exc.why)
                response: Response = RedirectResponse(url, status_code=303)
                if is_fragment(request):  # htmx would follow the redirect and put the sign-in page inside the form
                    response = Response(headers={"HX-Redirect": url})  # so the whole page goes to sign-in
                return _headers(response, request, lang_of(request))
            except CsrfRefused:
                return error_page(request, 403, word("csrf_refused", lang_of(request)))
            except SafetynetError as exc:
                return domain_error_page(request, exc)
            except RequestValidationError:
                return error_page(request, 404, word("not_found", lang_of(request)))
            except HTTPException as exc:
                key = STATUS_WORD.get(exc.status_code, "error")
                return error_page(request, exc.status_code, word(key, lang_of(request)))

        return handle
