"""The served OpenAPI document, as strict as the server: what the loaded data allows is listed, not a pattern.

FastAPI's document says what the Python types say: a need code is any lowercase word, a province any
``TH-NN``, ``needs`` may repeat. A client generated from it sent requests the server refused (a generated test
client never created a plan). Here the need codes, service codes, organization kinds,
organization ids and provinces are enums taken from the rules and the network that serve now (the document is
made again after a rules reload), ``needs`` are unique, each answer with a token may be 429, and every
operation carries examples made from the same data.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from safetynet.contract.case import Case
from safetynet.contract.vocabulary import CM_UNIT, ORGANIZATION_KINDS
from safetynet.places import provinces
from safetynet.runtime.build import Runtime

#: The example case of every document: the README's first request (``docs/examples/plk-case.json``).
EXAMPLE_CASE: dict[str, Any] = {
    "case_ref": "PLK-2026-0001",
    "requested_by": "plk-cm-unit",
    "child": {
        "age": 12,
        "sex": "female",
        "education_status": "at_risk",
        "location": {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"},
        "disability": {"has_disability": True, "registered": False},
    },
    "household": {"housing_condition": "dilapidated", "income_monthly": 2500, "guardian": "grandparents"},
    "needs": [
        {"code": "housing_repair", "urgent": True},
        {"code": "disability_allowance_registration"},
        {"code": "scholarship"},
    ],
}
_EXAMPLE_AT = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
_BEARER_ERROR = {"$ref": "#/components/schemas/ErrorBody"}


def install_openapi(app: FastAPI, runtime: Runtime) -> None:
    """Serve the strict document at ``/openapi.json`` (and so ``/docs``), made once per rules and network version."""
    made: dict[tuple[str, str], dict[str, Any]] = {}

    def openapi() -> dict[str, Any]:
        key = (runtime.engine.version, runtime.network.version)
        if key not in made:
            base = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            made.clear()
            made[key] = strict(base, runtime)
        return made[key]

    app.openapi = openapi  # type: ignore[method-assign]


class _Data:
    """The values the loaded rules and network allow, sorted."""

    def __init__(self, runtime: Runtime) -> None:
        book, network = runtime.engine.book, runtime.network
        self.needs = sorted(book.needs)
        self.services = sorted(book.services)
        self.kinds = sorted(ORGANIZATION_KINDS)
        self.provinces = sorted(p.code for p in provinces())
        # a case's province: the ISO code, the DOPA code, or the Thai or English name (what places.resolve_province
        # reads; its other spellings, such as จ.ลำปาง, are accepted too but not listed)
        self.province_names = [*self.provinces, *(name for p in provinces() for name in (p.dopa, p.th, p.en))]
        self.organizations = [org.id for org in network.find()]


def strict(document: dict[str, Any], runtime: Runtime) -> dict[str, Any]:
    """``document`` (FastAPI's) with the enums, the unique needs, the 429s and the examples."""
    out = copy.deepcopy(document)
    data = _Data(runtime)
    schemas = out.get("components", {}).get("schemas", {})
    _case_schemas(schemas, data)
    examples = _examples(runtime)
    for path, methods in out.get("paths", {}).items():
        for method, operation in methods.items():
            for parameter in operation.get("parameters", []):
                _strict_parameter(parameter, data)
            if operation.get("security"):
                operation["responses"].setdefault(
                    "429",
                    {
                        "description": "rate_limited: too many requests with this token; Retry-After says when to "
                        "try again",
                        "headers": {"Retry-After": {"schema": {"type": "integer"}, "description": "seconds"}},
                        "content": {"application/json": {"schema": _BEARER_ERROR}},
                    },
                )
            _documented_shapes(operation)
            _add_examples(operation, examples.get((method, path), {}))
    return out


def _documented_shapes(operation: dict[str, Any]) -> None:
    """An answer made as a plain dict but documented by a model (``responses={200: {"model": ...}}``): the model's
    schema alone, not FastAPI's "any object" merged beside it."""
    for answer in operation.get("responses", {}).values():
        content = answer.get("content", {}).get("application/json", {})
        schema = content.get("schema", {})
        if "$ref" in schema and schema.get("additionalProperties") is True:
            content["schema"] = {"$ref": schema["$ref"]}


def _need_codes(schemas: dict[str, Any], model: str, field: str, data: _Data, description: str) -> None:
    """``model.field`` as a need code of the catalogue: an enum, not FastAPI's any text."""
    if model in schemas:
        written = schemas[model]["properties"][field]
        schemas[model]["properties"][field] = {
            "type": "string",
            "enum": data.needs,
            "title": written.get("title", field.title()),
            "description": description,
        }


def _case_schemas(schemas: dict[str, Any], data: _Data) -> None:
    _need_codes(schemas, "NeedRequest", "code", data, "a need code of the needs catalogue (GET /v1/rules)")
    _need_codes(schemas, "ReferralRequest", "need", data, "the need code of a plan item (the plan's items[].need)")
    if "Location" in schemas:
        province = schemas["Location"]["properties"]["province"]
        province.pop("pattern", None)
        province["enum"] = data.province_names
    if "Case" in schemas:
        properties = schemas["Case"]["properties"]
        properties["needs"]["uniqueItems"] = True
        properties["needs"]["description"] = "each need code at most once"
        properties["requested_by"]["anyOf"][0] = {"type": "string", "enum": data.organizations}


def _strict_parameter(parameter: dict[str, Any], data: _Data) -> None:
    allowed = {"province": data.province_names, "service": data.services, "kind": data.kinds, "need": data.needs}
    values = allowed.get(parameter.get("name", ""))
    if values is None:
        return
    schema = parameter["schema"]
    choices = schema.get("anyOf", [schema])
    for choice in choices:
        if choice.get("type") == "string":
            choice.pop("pattern", None)
            choice.pop("maxLength", None)
            choice["enum"] = values


_PARAMETER_EXAMPLES: dict[str, Any] = {
    "plan_id": "pln_19ab3c4d5e6f0a1b2c3d4e",
    "organization_id": "plk-cm-unit",
    "province": "TH-65",
    "service": "housing_repair",
    "kind": "case_management",
    "need": "housing_repair",
    "referral_id": "ref_19ab3c4d5e6f0a1b2c3d4e",
    "case_ref": "PLK-2026-0001",
    "status": "sent",
    "overdue": True,
    "since": "2026-11-01",
    "until": "2026-12-01",
    "cursor": "WyIyMDI2LTExLTIzVDAyOjAwOjAwKzAwOjAwIiwicmVmXzE5YWIzYzRkNWU2ZjBhMWIyYzNkNGUiXQ",
    "after": "0",
    "limit": 20,
    "dry_run": True,
}


def _add_examples(operation: dict[str, Any], found: dict[str, Any]) -> None:
    for parameter in operation.get("parameters", []):
        example = _PARAMETER_EXAMPLES.get(parameter.get("name", ""))
        if example is not None:
            parameter.setdefault("example", example)
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None and "request" in found:
        body["example"] = found["request"]
    for status, answer in operation.get("responses", {}).items():
        example = found.get(status)
        content = answer.get("content", {}).get("application/json")
        if example is not None and content is not None:
            content["example"] = example


def _examples(runtime: Runtime) -> dict[tuple[str, str], dict[str, Any]]:
    """Examples of each operation, made with the data that serves now."""
    from safetynet.api.routes.organizations import describe as describe_org  # noqa: PLC0415 - no cycle at import
    from safetynet.api.routes.rules import describe as describe_rules  # noqa: PLC0415
    from safetynet.runtime.coverage import province_coverage  # noqa: PLC0415
    from safetynet.whatif.rulesdiff import rules_diff  # noqa: PLC0415

    book, network = runtime.engine.book, runtime.network
    plan = runtime.planner.plan(Case.model_validate(EXAMPLE_CASE), now=_EXAMPLE_AT).model_dump(mode="json")
    rules = describe_rules(book)
    rules |= {key: rules[key][:1] for key in ("rules", "screening", "needs")}
    unit = network.organization("plk-cm-unit") or next(iter(network.find(kind=CM_UNIT)), None)
    organization = describe_org(unit, network) if unit is not None else {}
    versions = {"rules_version": book.version, "graph_version": network.version}
    return {
        ("get", "/healthz"): {"200": {"status": "ok", **versions}},
        ("post", "/v1/plans"): {"request": EXAMPLE_CASE, "201": plan},
        ("get", "/v1/plans/{plan_id}"): {"200": plan},
        ("get", "/v1/rules"): {"200": rules},
        ("post", "/v1/rules/reload"): {
            "200": {"version": book.version, "previous_version": book.version, "diff": rules_diff(book, book).as_dict()}
        },
        ("get", "/v1/organizations"): {"200": {"graph_version": network.version, "organizations": [organization]}},
        ("get", "/v1/organizations/{organization_id}"): {"200": organization | {"partners": []}},
        ("get", "/v1/coverage"): {"200": province_coverage(network, book, "TH-65", _EXAMPLE_AT).as_dict()},
        ("post", "/v1/referrals"): {"request": {"plan_id": plan["plan_id"], "need": "housing_repair"}},
        ("post", "/v1/referrals/{referral_id}/decline"): {"request": {"reason": "no_capacity", "note": "full"}},
        ("post", "/v1/referrals/{referral_id}/done"): {"request": {"outcome": "helped"}},
    }
