"""What uvicorn lacks to hold a connection to bounds: its httptools protocol, guarded.

What uvicorn 0.55 with httptools bounds on its own, read in its source: the idle time between two requests
(``timeout_keep_alive``), and tasks or connections *once a request's head is complete* (``limit_concurrency``
answers 503 then, so a connection that never finishes its head is never counted). It has no limit on the size
of a request's head (``h11_max_incomplete_event_size`` applies to the h11 parser only; httptools keeps
appending an unfinished header to a bytes object), no time limit for a head or a body to arrive (uvicorn
issue 157), and no timer at all on a connection that has not sent a whole request yet. An attacker held
hundreds of MiB with a few unfinished headers and kept silent connections open for good.

``GuardedHttp`` adds exactly those, on top of uvicorn's own httptools protocol (kept for its speed: it serves
more plans per second than h11): a head over ``max_header_bytes`` or ``max_headers`` lines is answered 431;
a head not complete ``header_timeout`` seconds after the connection opened (or after the request's first
byte) and a body not complete ``body_timeout`` seconds after its head are answered 408; a connection past
``max_connections`` is answered 503 before it holds anything. Every such answer closes the connection, and so
does a request that is not HTTP (400, in the contract's error body rather than uvicorn's plain text). A URL with
Thai written straight into it, as curl sends it, is read as a browser would send it (percent-encoded). An answer's
head and the start of its body go out in one write (``headwithbody.py``), not two.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, fields
from typing import Any, Literal

import httptools
from uvicorn import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from safetynet.api.headwithbody import HeadWithBody
from safetynet.api.rawanswers import BAD_REQUEST, HEAD_TOO_LARGE, TIMED_OUT, TOO_MANY
from safetynet.settings import Settings

Phase = Literal["head", "body", "app", "idle", "closed"]
_NON_ASCII = re.compile(rb"[\x80-\xff]")


@dataclass(frozen=True)
class Limits:
    """What one server process allows a connection (``SAFETYNET_*`` settings, defaults in ``settings.py``)."""

    max_header_bytes: int
    max_headers: int
    header_timeout: float
    body_timeout: float
    keep_alive_timeout: float
    max_connections: int

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        """The settings of the same names."""
        return cls(**{limit.name: getattr(settings, limit.name) for limit in fields(cls)})


class _HeadTooLarge(Exception):
    """Raised inside a parser callback: httptools stops parsing and hands it back from ``feed_data``."""


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol with a bounded head, timed reads and a bounded number of connections."""

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any], _loop: Any = None):
        super().__init__(config, server_state, app_state, _loop)
        limits: Limits = getattr(config, "limits", None) or Limits.of(Settings())
        self.limits = limits
        self.timeout_keep_alive = limits.keep_alive_timeout  # type: ignore[assignment]  # call_later takes seconds
        self._phase: Phase = "head"
        self._request_line = True  # the next bytes begin (or continue) a request line
        self._line_begun = False
        self._head_bytes = 0
        self._header_count = 0
        self._deadline: asyncio.TimerHandle | None = None

    # -- connections ------------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        if len(self.connections) >= self.limits.max_connections:
            self.transport = transport  # connection_lost closes it again
            self._phase = "closed"
            transport.write(TOO_MANY)
            transport.close()
            return
        super().connection_made(transport)
        self._arm(self.limits.header_timeout)  # a silent new connection: the first head is due from now

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        self._phase = "closed"
        super().connection_lost(exc)

    # -- reading ----------------------------------------------------------------------------------------

    def data_received(self, data: bytes) -> None:
        # uvicorn's own data_received, with our refusals: a callback's exception comes back as its context.
        if self._phase == "closed" or self.parser is None:
            return
        self._unset_keepalive_if_required()
        if self._phase in ("head", "idle"):
            self._head_bytes += len(data)
        if self._request_line:
            data = self._percent_encoded(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserCallbackError as exc:
            if isinstance(exc.__context__, _HeadTooLarge):
                self._refuse(HEAD_TOO_LARGE)
                return
            self._bad_request()
            return
        except httptools.HttpParserError:
            self._bad_request()
            return
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        if self._phase == "head" and self._head_bytes > self.limits.max_header_bytes:
            self._refuse(HEAD_TOO_LARGE)  # an unfinished head already over the limit: stop holding it
        elif self._phase == "idle" and self._deadline is None and self.timeout_keep_alive_task is None:
            self._arm(self.limits.keep_alive_timeout)  # bytes that start no request (blank lines): still idle

    def _percent_encoded(self, data: bytes) -> bytes:
        """The request line with its bytes past ASCII percent-encoded, as a browser sends them: Thai written
        straight into a URL (``curl '.../v1/referrals?province=พิษณุโลก'``) is what a Thai user means, but the parser
        takes ASCII only there. Headers are passed as they come."""
        start = 0 if self._line_begun else len(data) - len(data.lstrip(b"\r\n"))  # blank lines before a request
        if start < len(data):
            self._line_begun = True
        end = data.find(b"\n", start)
        if end >= 0:
            self._request_line = self._line_begun = False
        else:
            end = len(data)
        line = data[start:end]
        if line.isascii():
            return data
        return data[:start] + _NON_ASCII.sub(lambda byte: b"%%%02X" % byte[0][0], line) + data[end:]

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._phase != "head":  # the first request of a connection keeps the deadline set when it opened
            self._phase = "head"
            self._arm(self.limits.header_timeout)

    def on_url(self, url: bytes) -> None:
        super().on_url(url)
        if len(self.url) > self.limits.max_header_bytes:
            raise _HeadTooLarge

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        if self._header_count > self.limits.max_headers:
            raise _HeadTooLarge
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.limits.max_header_bytes:
            raise _HeadTooLarge  # a head that came whole in one read: refused before the app sees it
        self._head_bytes = 0
        self._header_count = 0
        self._phase = "body"
        self._arm(self.limits.body_timeout)
        super().on_headers_complete()
        cycle = self.cycle
        if cycle is not None and cycle.transport is self.transport:  # the request's cycle, made just now
            held = HeadWithBody(self.transport)
            cycle.transport = held
            answered = cycle.on_response

            def on_response() -> None:
                held.flush()  # a HEAD request's answer has no body to go with its head
                answered()

            cycle.on_response = on_response

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._phase = "app"
        self._disarm()  # the answer is the app's business from here

    def on_response_complete(self) -> None:
        if self._phase == "app" and not self.pipeline:
            self._phase = "idle"  # uvicorn arms its keep-alive timer now
            self._request_line = True  # nothing of the next request has come yet: its first bytes begin its line
        super().on_response_complete()

    # -- refusals ---------------------------------------------------------------------------------------

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._phase == "idle":
            self.transport.close()
            return
        answered = self.cycle is not None and self._phase == "body" and self.cycle.response_started
        self._refuse(b"" if answered else TIMED_OUT[self._phase == "body"])

    def _refuse(self, answer: bytes) -> None:
        self._phase = "closed"
        self._disarm()
        if answer:
            self.transport.write(answer)
        self.transport.close()

    def _bad_request(self) -> None:
        self.logger.warning("Invalid HTTP request received.")
        self._refuse(BAD_REQUEST)
