"""Domain errors → HTTP, in one place. Every error body is ``{"error": {"code", "message", "details"}}``
and never carries a stack trace or case data."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from safetynet.errors import (
    DataFilesInvalid,
    Forbidden,
    NoStartingPoint,
    NotFound,
    Unauthorized,
    UnknownNeed,
    UnknownOrganization,
)
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


def error_body(code: str, message: str, details: list[Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or []}}


def _reply(status: int, code: str, message: str, details: list[Any] | None = None, **headers: str) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers or None)


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    return ".".join(parts) or "body"


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        message = err["msg"]
        if err["type"] == "extra_forbidden":
            message = "unknown field: this service accepts only the fields of the contract's case"
        out.append({"field": _field(tuple(err["loc"])), "message": message, "type": err["type"]})
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            err = next(e for e in exc.errors() if e["type"] == "json_invalid")
            where = err.get("ctx", {}).get("error", "")
            return _reply(400, "malformed_json", f"the body is not valid JSON: {where}".rstrip(": "))
        details = _validation_details(exc)
        fields = ", ".join(dict.fromkeys(d["field"] for d in details))
        return _reply(422, "invalid_request", f"invalid field(s): {fields}", details)

    @app.exception_handler(UnknownNeed)
    async def unknown_need(_: Request, exc: UnknownNeed) -> JSONResponse:
        details = [{"field": "needs", "message": f"unknown need code {c!r}", "known": exc.known} for c in exc.codes]
        return _reply(422, "unknown_need", str(exc), details)

    @app.exception_handler(UnknownOrganization)
    async def unknown_org(_: Request, exc: UnknownOrganization) -> JSONResponse:
        return _reply(422, "unknown_organization", str(exc), [{"field": exc.field, "message": str(exc)}])

    @app.exception_handler(NoStartingPoint)
    async def no_start(_: Request, exc: NoStartingPoint) -> JSONResponse:
        return _reply(422, "no_starting_point", str(exc), [{"field": "requested_by", "message": str(exc)}])

    @app.exception_handler(DataFilesInvalid)
    async def files_invalid(_: Request, exc: DataFilesInvalid) -> JSONResponse:
        details = [p.as_dict() | {"text": str(p)} for p in exc.problems]
        return _reply(422, "invalid_rules", str(exc), details)

    @app.exception_handler(NotFound)
    async def not_found(_: Request, exc: NotFound) -> JSONResponse:
        return _reply(404, "not_found", str(exc))

    @app.exception_handler(Unauthorized)
    async def unauthorized(_: Request, exc: Unauthorized) -> JSONResponse:
        return _reply(401, "unauthorized", str(exc), None, **{"WWW-Authenticate": "Bearer"})

    @app.exception_handler(Forbidden)
    async def forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return _reply(403, "forbidden", str(exc))

    @app.exception_handler(StoreUnavailable)
    async def store_down(_: Request, exc: StoreUnavailable) -> JSONResponse:
        log.error("store unavailable: %s", type(exc).__name__)
        return _reply(503, "store_unavailable", "the database is not reachable; nothing was stored, try again")

    @app.exception_handler(DuplicatePlan)
    async def duplicate(_: Request, exc: DuplicatePlan) -> JSONResponse:
        return _reply(409, "conflict", str(exc))

    @app.exception_handler(InvalidRecord)
    async def invalid_record(_: Request, exc: InvalidRecord) -> JSONResponse:
        return _reply(422, "invalid_request", str(exc), [{"field": exc.field, "message": str(exc)}])

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        log.error("store error: %s", type(exc).__name__)
        return _reply(500, "internal", "internal error; the request was not stored")

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "error")
        return _reply(exc.status_code, code, str(exc.detail), None, **(exc.headers or {}))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> JSONResponse:
        # The type and route only: never the body, which may hold case data.
        log.error("internal error on %s %s: %s", request.method, request.url.path, type(exc).__name__)
        return _reply(500, "internal", "internal error; the request was not stored")
