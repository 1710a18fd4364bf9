"""Every JSON body is read strictly, once (``api/jsonbody.py``): a key given twice, text that is not UTF-8, nesting
too deep and over-long numbers are refused with their place, and nothing is stored."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.datafiles.marks import MAX_DEPTH
from tests.api.client import bearer, phitsanulok_case
from tests.api.test_bad_input import error_of, nothing_stored  # noqa: F401 - a fixture

JSON = {"Content-Type": "application/json"}


def send(client: TestClient, token: str, body: bytes) -> object:
    return client.post("/v1/plans", content=body, headers=bearer(token) | JSON)


@pytest.mark.usefixtures("nothing_stored")
def test_needs_given_twice_is_422_naming_the_key_and_both_places(client: TestClient, tokens: dict[str, str]) -> None:
    case = phitsanulok_case()
    needs = json.dumps(case.pop("needs"))
    text = json.dumps(case)[:-1] + f',\n "needs": {needs},\n "needs": [{{"code": "scholarship"}}]}}'
    error = error_of(send(client, tokens["cm_plk"], text.encode()), 422)
    assert error["code"] == "duplicate_key"
    first_col = text.splitlines()[1].index('"needs"') + 1
    assert error["details"] == [
        {
            "field": "needs",
            "key": "needs",
            "line": 3,
            "col": 2,
            "first": {"line": 2, "col": first_col},
            "message": error["message"],
        }
    ]
    assert error["message"] == (
        f"needs: 'needs' is given twice, at line 2, column {first_col} and at line 3, column 2: "
        "send it once (one of the two would be lost)"
    )


@pytest.mark.usefixtures("nothing_stored")
def test_a_nested_key_given_twice_is_named_by_its_path(client: TestClient, tokens: dict[str, str]) -> None:
    text = json.dumps(phitsanulok_case()).replace('"province": "TH-65"', '"province": "TH-65", "province": "TH-52"')
    error = error_of(send(client, tokens["cm_plk"], text.encode()), 422)
    assert error["code"] == "duplicate_key"
    assert error["details"][0]["field"] == "child.location.province"


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize(
    ("encode", "reason"),
    [
        (lambda t: t.encode("utf-16"), "it starts with a UTF-16 byte order mark"),
        (lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"), "it starts with a UTF-16 byte order mark"),
        (lambda t: t.encode("utf-16-le"), "byte 0x00 is not UTF-8 JSON text"),
        (lambda t: t.encode("utf-16-be"), "byte 0x00 is not UTF-8 JSON text"),
        (lambda t: t.encode("utf-32"), "it starts with a UTF-32 byte order mark"),
        (lambda t: t.encode("utf-32-le"), "byte 0x00 is not UTF-8 JSON text"),
        (lambda t: t.encode("utf-32-be"), "byte 0x00 is not UTF-8 JSON text"),
    ],
)
def test_utf16_and_utf32_bodies_are_400_malformed_json(
    client: TestClient, tokens: dict[str, str], encode: object, reason: str
) -> None:
    assert callable(encode)
    body = encode(json.dumps(phitsanulok_case(), ensure_ascii=False))
    error = error_of(send(client, tokens["cm_plk"], body), 400)
    assert error["code"] == "malformed_json"
    assert error["message"].startswith("the body is not UTF-8 text: line 1, column ")
    assert reason in error["message"]
    assert error["details"][0]["field"] == "body"


def test_a_utf8_body_with_thai_text_and_a_byte_order_mark_is_served(client: TestClient, tokens: dict[str, str]) -> None:
    case = phitsanulok_case(case_ref="PLK-BOM-1")
    case["child"]["location"]["district"] = "เมืองพิษณุโลก"
    body = codecs.BOM_UTF8 + json.dumps(case, ensure_ascii=False).encode("utf-8")
    response = send(client, tokens["cm_plk"], body)
    assert getattr(response, "status_code", None) == 201, getattr(response, "text", "")


@pytest.mark.usefixtures("nothing_stored")
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 990, 5000])
def test_a_body_nested_too_deeply_is_malformed_json_with_its_place(
    client: TestClient, tokens: dict[str, str], depth: int
) -> None:
    text = '{"case_ref": "X",\n "household": ' + "[" * depth + "]" * depth + "}"
    error = error_of(send(client, tokens["cm_plk"], text.encode()), 400)
    assert error["code"] == "malformed_json"
    col = len(" \"household\": ") + MAX_DEPTH  # the root object is the first level
    assert error["message"] == (
        f"the body is not valid JSON: line 2, column {col}: nested more than {MAX_DEPTH} levels deep: "
        "write a flatter file"
    )
    assert error["details"][0] | {"message": ""} == {"field": "body", "line": 2, "col": col, "message": ""}


@pytest.mark.usefixtures("nothing_stored")
def test_a_5000_digit_number_is_malformed_json_with_its_place(client: TestClient, tokens: dict[str, str]) -> None:
    text = '{"case_ref": "X",\n "child": {"age": ' + "1" * 5000 + "}}"
    error = error_of(send(client, tokens["cm_plk"], text.encode()), 400)
    assert error["code"] == "malformed_json"
    assert error["details"][0] | {"message": ""} == {"field": "body", "line": 2, "col": 19, "message": ""}
    assert "digits" in error["message"]


def api_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every route of the app, inside included routers too (FastAPI keeps those as routers)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from api_routes(inner.routes)


def test_every_route_reads_its_body_strictly(client: TestClient) -> None:
    routes = [r for r in api_routes(getattr(client.app, "routes", [])) if r.include_in_schema]  # not /docs
    assert len(routes) >= 6
    assert [r.path for r in routes if not isinstance(r, StrictJsonRoute)] == []
