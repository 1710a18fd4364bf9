"""Every JSON request body is read here, once, by the data files' strict JSON reader (``datafiles/yamlio.py``).

FastAPI's own reading (``json.loads`` of the bytes) guesses UTF-16 and UTF-32, keeps the last of two equal keys
without a word (a case with ``"needs"`` twice lost its urgent housing need), and answers a body nested ~1,000 deep
or a 5,000-digit number with a bare "There was an error parsing the body". Here a body is UTF-8 text (a UTF-8
byte order mark is allowed) or 400 ``malformed_json`` saying where; a key given twice in one object is 422
``duplicate_key`` with both places; nesting past ``MAX_DEPTH``, NaN and over-long numbers are ``malformed_json``
with their line and column. Routes get this reading from ``StrictJsonRoute``, every router's route class.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from safetynet.api.queryonce import refuse_repeated
from safetynet.datafiles.jsondata import DuplicateKeyError, json_data
from safetynet.datafiles.marks import YamlFileError
from safetynet.errors import DuplicateKey, MalformedJson, SafetynetError, TooManyValues

_NOT_UTF8_HINT = "send the case as JSON encoded in UTF-8 (save the file as UTF-8, then curl --data-binary @case.json)"
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


#: Values a body may hold, counted as its objects and the commas between items (a comma in a string counts too;
#: arrays nested in one another are the reader's depth limit's): a case with 20 needs has about 100. A body is parsed
#: and validated in the event loop, every other answer waiting: 1 MiB of ``{},{},...`` let a few clients of one
#: token, well within its rate, stall the server.
MAX_VALUES = 5000


def parse_body(raw: bytes) -> Any:
    """The data of a JSON request body, or ``MalformedJson`` / ``DuplicateKey`` saying where it is wrong, or
    ``TooManyValues`` when it holds more than ``MAX_VALUES`` values."""
    text = utf8_text(raw)
    values = raw.count(b",") + raw.count(b"{")  # bytes.count: C speed, before any parsing
    if values > MAX_VALUES:
        raise TooManyValues(values, MAX_VALUES)
    try:
        return json_data(text, "body")
    except DuplicateKeyError as exc:
        found = exc.found
        field = ".".join(str(part) for part in (*found.path, found.key))
        first, second = (found.first.line, found.first.col), (found.second.line, found.second.col)
        raise DuplicateKey(field, found.key, first, second) from None
    except YamlFileError as exc:
        problem = exc.problems[0]
        reason = problem.message.removeprefix("JSON syntax: ")
        message = f"the body is not valid JSON: line {problem.line}, column {problem.col}: {reason}"
        raise MalformedJson(message, problem.line, problem.col, reason) from None


def utf8_text(raw: bytes) -> str:
    """``raw`` as UTF-8 text, without a UTF-8 byte order mark; else ``MalformedJson`` at the first wrong byte.

    UTF-16 and UTF-32 are refused even without a byte order mark: their text has NUL bytes, which JSON text
    never has (a NUL in a string is written ``\\u0000``)."""
    raw = raw.removeprefix(codecs.BOM_UTF8)
    for bom, name in _WIDE_BOMS:
        if raw.startswith(bom):
            _not_utf8(raw, 0, f"it starts with a {name} byte order mark")
    nul = raw.find(b"\x00")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start if nul < 0 else min(nul, exc.start)
        _not_utf8(raw, at, _byte_reason(raw, at))
    if nul >= 0:
        _not_utf8(raw, nul, _byte_reason(raw, nul))
    return text


def _byte_reason(raw: bytes, at: int) -> str:
    if raw[at] == 0:
        return "byte 0x00 is not UTF-8 JSON text (UTF-16 and UTF-32 text has such bytes)"
    return f"byte 0x{raw[at]:02x} is not UTF-8"


def _not_utf8(raw: bytes, at: int, reason: str) -> None:
    line = raw.count(b"\n", 0, at) + 1
    line_start = raw.rfind(b"\n", 0, at) + 1
    col = len(raw[line_start:at].decode("utf-8", "replace")) + 1
    message = f"the body is not UTF-8 text: line {line}, column {col}: {reason}; {_NOT_UTF8_HINT}"
    raise MalformedJson(message, line, col, reason)


class StrictJsonRequest(Request):
    """A request whose ``json()`` is ``parse_body``: FastAPI calls it for every JSON body it reads."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_body(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """The route class of every router (``APIRouter(route_class=StrictJsonRoute)``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            refuse_repeated(request)
            try:
                return await handler(StrictJsonRequest(request.scope, request.receive))
            except HTTPException as exc:  # FastAPI wraps whatever json() raised in a 400 of its own
                if isinstance(exc.__cause__, SafetynetError):
                    raise exc.__cause__ from None
                raise

        return strict
