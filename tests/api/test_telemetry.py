"""FastAPI's OpenTelemetry hooks are off: a tracer provider in the process records nothing of a request."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from opentelemetry import trace

from tests.api.client import bearer, phitsanulok_case


class Recorder(trace.TracerProvider):
    """A tracer provider that writes down the name of every span started through it."""

    def __init__(self) -> None:
        self.spans: list[str] = []

    def get_tracer(self, *args: Any, **kwargs: Any) -> trace.Tracer:
        return _Tracer(self)


class _Tracer(trace.NoOpTracer):
    """NoOpTracer's ``start_as_current_span`` starts its span through ``start_span``: both are written down."""

    def __init__(self, recorder: Recorder) -> None:
        self.recorder = recorder

    def start_span(self, name: str, *args: Any, **kwargs: Any) -> trace.Span:
        self.recorder.spans.append(name)
        return trace.NonRecordingSpan(trace.INVALID_SPAN_CONTEXT)


RECORDER = Recorder()


def test_a_tracer_provider_in_the_process_records_nothing_of_our_requests(
    client: TestClient, tokens: dict[str, str]
) -> None:
    if not isinstance(trace.get_tracer_provider(), Recorder):
        trace.set_tracer_provider(RECORDER)  # once per process: what an operator's instrumentation would do
    recorder = RECORDER
    recorder.spans.clear()
    assert client.post("/v1/plans", json=phitsanulok_case(), headers=bearer(tokens["admin"])).status_code == 201
    assert client.post("/v1/plans", json={"child": {"name": "x"}}, headers=bearer(tokens["admin"])).status_code == 422
    assert recorder.spans == []
    # the same provider sees a FastAPI app with its telemetry left on: the check above could fail
    plain = FastAPI()
    plain.get("/ping")(lambda: {"ok": True})
    assert TestClient(plain).get("/ping").status_code == 200
    assert recorder.spans
