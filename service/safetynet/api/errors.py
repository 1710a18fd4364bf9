"""Domain errors → HTTP, in one place. Every error body is ``{"error": {"code", "message", "details"}}``
(``ErrorBody``) and never carries a stack trace or case data; ``error_responses`` declares it in OpenAPI."""

from __future__ import annotations

import email.message
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from safetynet.api.paths import API_PATHS, under
from safetynet.datafiles.plainvalue import plain_value
from safetynet.datafiles.validation import unknown_field
from safetynet.errors import (
    Busy,
    DataFilesInvalid,
    DuplicateKey,
    Forbidden,
    MalformedJson,
    NoStartingPoint,
    NotFound,
    RateLimited,
    SafetynetError,
    TooManyValues,
    Unauthorized,
    UnknownNeed,
    UnknownOrganization,
)
from safetynet.places import PlaceError
from safetynet.referrals.errors import DeclinedBefore, InvalidTransition, NoCandidateLeft, NotInPlan, ReferralExists
from safetynet.store import DuplicatePlan, InvalidRecord, StoreError, StoreUnavailable

log = logging.getLogger("safetynet.api")

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


#: Each domain error's HTTP status. An error is answered with its own ``code``, message and ``details``, except
#: where a public message is given: a server-side failure says only what the client can do, never its cause.
#: Looked up along the error's class hierarchy, so a subclass answers as its base unless listed itself.
STATUS_OF: dict[type[SafetynetError], tuple[int, str | None]] = {
    MalformedJson: (400, None),
    DuplicateKey: (422, None),
    UnknownNeed: (422, None),
    UnknownOrganization: (422, None),
    NoStartingPoint: (422, None),
    PlaceError: (422, None),
    DataFilesInvalid: (422, None),
    InvalidRecord: (422, None),
    TooManyValues: (422, None),
    NotFound: (404, None),
    RateLimited: (429, None),
    Busy: (429, None),
    Unauthorized: (401, None),
    Forbidden: (403, None),
    DuplicatePlan: (409, None),
    InvalidTransition: (409, None),
    ReferralExists: (409, None),
    NoCandidateLeft: (409, None),
    DeclinedBefore: (409, None),
    NotInPlan: (422, None),
    StoreUnavailable: (503, "the database is not reachable; nothing was stored, try again"),
    StoreError: (500, "internal error; the request was not stored"),
    SafetynetError: (500, "internal error; the request was not stored"),
}
#: Extra headers per status (RFC 6750: a 401 names the scheme to use).
_HEADERS: dict[int, dict[str, str]] = {401: {"WWW-Authenticate": "Bearer"}}


def domain_error(exc: SafetynetError) -> JSONResponse:
    """The answer to a domain error, from ``STATUS_OF``; a 5xx is logged by its type only (no case data)."""
    status, public = next(STATUS_OF[k] for k in type(exc).__mro__ if k in STATUS_OF)
    if public is not None:
        log.error("%s: %s", "store unavailable" if status == 503 else "domain error", type(exc).__name__)
        return _reply(status, "internal" if status == 500 else exc.code, public, None, **_HEADERS.get(status, {}))
    headers = _HEADERS.get(status, {})
    if isinstance(exc, RateLimited | Busy):
        headers = {"Retry-After": str(exc.retry_after)}
    return _reply(status, exc.code, str(exc), exc.details(), **headers)


class ErrorInfo(BaseModel):
    code: str = Field(description="stable and machine-readable, e.g. invalid_request, unknown_need (docs/api.md)")
    message: str = Field(description="what is wrong and what to send instead")
    details: list[dict[str, Any]] = Field(
        description="one entry per problem: the `field` it is about (e.g. child.age) and its `message`"
    )


class ErrorBody(BaseModel):
    """The body of every error answer."""

    error: ErrorInfo


_WHEN = {
    400: "malformed_json: the body is not valid JSON, or not UTF-8 text (the message gives line and column)",
    429: "rate_limited: too many requests with this token; too_many_failures: too many unknown tokens from this "
    "address; busy: a dry-run rules reload is already running; Retry-After says in how many seconds to try again",
    401: "unauthorized: no bearer token, or an unknown or revoked one",
    403: "forbidden: the token's role may not do this",
    404: "not_found: unknown, or outside the caller's reach",
    409: "invalid_transition (details[].allowed: what the caller may do now), referral_exists, no_candidate_left, "
    "declined_before (details[0]: the decline and the next candidate; send circumstances_changed to ask again), "
    "conflict: the new plan's id met a stored one (nothing was stored: send again)",
    413: "payload_too_large: the body is over the limit (1 MiB by default)",
    415: "unsupported_media_type: the body is not sent as Content-Type: application/json",
    422: "invalid_request (details[].field names the field), duplicate_key, unknown_need, unknown_organization, "
    "unknown_place or ambiguous_place (details[].closest: the nearest places, code, th, en), "
    "no_starting_point or invalid_rules",
    503: "store_unavailable: the database cannot be reached; nothing was stored",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` of a route: each status answered with ``ErrorBody`` (OpenAPI)."""
    return {status: {"model": ErrorBody, "description": _WHEN[status]} for status in statuses}


def error_body(code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    """The ``ErrorBody`` shape, built as a plain dict: an error answer must never fail to be made."""
    return {"error": {"code": code, "message": message, "details": details or []}}


def internal_error() -> JSONResponse:
    """The 500 for an exception nothing here maps (``api/unexpected.py`` logs it): no detail at all."""
    return _reply(500, "internal", "internal error; the request was not stored")


def _reply(status: int, code: str, message: str, details: list[Any] | None = None, **headers: str) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers or None)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


#: The problems a 422 lists at most: thousands of unknown keys, each listed, made an answer far larger than the
#: body, and its making held the event loop.
MAX_DETAILS = 20


def _body_model(request: Request) -> Any:
    """The type the route reads its body as (``Case`` for ``POST /v1/plans``), or None."""
    route = request.scope.get("route")
    body = route.body_field if isinstance(route, APIRoute) else None
    return body.field_info.annotation if body is not None else None


def _validation_details(errors: Sequence[Any], body: Any = None) -> list[dict[str, Any]]:
    out = []
    for err in errors[:MAX_DETAILS]:
        message = err["msg"]
        loc = tuple(err["loc"])
        inside = tuple(p for p in loc[1:] if isinstance(p, str | int))
        if err["type"] == "extra_forbidden" and inside:  # a case file's words for it, naming the whole path
            message = unknown_field(body if loc[0] == "body" else None, inside, whole_path=True)
        elif err["type"] == "value_error" and "error" in err.get("ctx", {}):
            message = str(err["ctx"]["error"])  # our validators' own words, without pydantic's "Value error, "
        elif err["type"] == "missing" and loc == ("body",):
            message = "the request has no body: send the case as JSON"
        elif (value := plain_value(err)) is not None:  # a Thai CM's '๑๒', '2,500 บาท', 'ใช่', 'หญิง'
            message = f"{message}: {err['input']!r} reads as {value}; send {value}"
        out.append({"field": _field(loc), "message": message, "type": err["type"]})
    return out


def _is_json(content_type: str | None) -> bool:
    """FastAPI's own test: application/json or application/*+json; anything else is not parsed as JSON."""
    if not content_type:
        return False
    parsed = email.message.Message()
    parsed["content-type"] = content_type
    subtype = parsed.get_content_subtype()
    return parsed.get_content_maintype() == "application" and (subtype == "json" or subtype.endswith("+json"))


def _not_json(content_type: str | None) -> JSONResponse:
    got = f"got {content_type[:80]!r}" if content_type else "no Content-Type was sent"
    return _reply(
        415,
        "unsupported_media_type",
        f"send the body as JSON with the header 'Content-Type: application/json' ({got}); "
        "with curl: -H 'Content-Type: application/json' -d @case.json",
    )


def _accepts_html(accept: str) -> bool:
    """Whether an ``Accept`` header names ``text/html`` (with a quality above 0): a browser asking for a page.
    ``*/*`` alone is not enough: it is what curl and most API clients send."""
    for media_range in accept.split(","):
        media, *parameters = media_range.split(";")
        if media.strip().lower() != "text/html":
            continue
        quality = next((value for name, _, value in (p.partition("=") for p in parameters) if name.strip() == "q"), "1")
        try:
            if float(quality) > 0:
                return True
        except ValueError:
            return True  # a malformed quality is the default, 1 (RFC 9110 asks for no more)
    return False


def wants_page(request: Request) -> bool:
    """A browser asking for an address outside the API (``API_PATHS``): its 404, 405 and 500 are pages (``web/``),
    not JSON."""
    path = request.url.path
    if any(under(path, api) for api in API_PATHS):
        return False
    return _accepts_html(request.headers.get("accept", ""))


#: What ``app.state.web_error_page`` holds (set by ``web.mount.install_web``): the web's own error page of a status
#: (404, 405, 500, ...) for a browser asking outside the API, in the visitor's language.
ErrorPage = Callable[[Request, int], Awaitable[Response]]


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        content_type = request.headers.get("content-type")
        if any(tuple(e["loc"])[:1] == ("body",) for e in errors) and not _is_json(content_type):
            return _not_json(content_type)  # FastAPI did not parse the body: the fields were never looked at
        details = _validation_details(errors, _body_model(request))
        fields = ", ".join(dict.fromkeys(d["field"] for d in details))
        if len(errors) > MAX_DETAILS:
            fields += f" and {len(errors) - MAX_DETAILS:,} more problem(s), not listed"
        return _reply(422, "invalid_request", f"invalid field(s): {fields}", details)

    @app.exception_handler(SafetynetError)
    async def domain(_: Request, exc: SafetynetError) -> JSONResponse:
        return domain_error(exc)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        page: ErrorPage | None = getattr(request.app.state, "web_error_page", None)
        if page is not None and wants_page(request):
            # an address that neither a page nor a route has, or a page's address with a method it does not take
            # (a 405 keeps its ``Allow``): a browser gets a page, not JSON
            answer = await page(request, exc.status_code)
            answer.headers.update(exc.headers or {})
            return answer
        code = _STATUS_CODES.get(exc.status_code, "error")
        return _reply(exc.status_code, code, str(exc.detail), None, **(exc.headers or {}))

    # Any other exception: ``api/unexpected.py`` (a middleware, so that the server never logs its traceback).
