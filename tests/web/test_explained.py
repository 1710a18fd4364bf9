"""A plan's explanations in Thai beside the English: the API's additive fields (OpenAPI: optional, null for a plan
made before), a stored plan without them still read (API and pages, never a 500), and the pages showing the Thai
lines on a Thai page and the English on an English one, each marked with its language."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime
from tests.api.client import bearer, phitsanulok_case
from tests.web import test_pages
from tests.web.test_pages import signed_in

#: A child too young for vocational training: an item without candidates, and an unmet need
NEEDS = [{"code": "housing_repair", "urgent": True}, {"code": "vocational_training"}]


runtime = test_pages.runtime  # the shipped data and an SQLite database of this module's own


def _plan(runtime: Runtime, case_ref: str) -> tuple[TestClient, str, dict[str, Any]]:
    """A plan of a CM (its client signed in to the pages, and the plan's JSON from the API)."""
    client, token = signed_in(runtime)
    answer = client.post("/v1/plans", json=phitsanulok_case(case_ref=case_ref, needs=NEEDS), headers=bearer(token))
    assert answer.status_code == 201, answer.text
    return client, token, answer.json()


def _lists(html: str, lang: str) -> list[str]:
    return re.findall(rf'<ul lang="{lang}">(.*?)</ul>', html, re.S)


def test_the_openapi_gives_the_thai_beside_the_english_as_optional_fields(runtime: Runtime) -> None:
    schemas = TestClient(create_app(runtime.settings, runtime=runtime)).get("/openapi.json").json()["components"]
    item, unmet, child = (schemas["schemas"][name] for name in ("PlanItem", "Unmet", "ChildFacts"))
    for shape, english, thai in ((item, "explanation", "explanation_th"), (unmet, "detail", "detail_th")):
        assert english in shape["required"]
        assert thai not in shape["required"]
        assert "null" in json.dumps(shape["properties"][thai])
    assert item["properties"]["explanation_th"]["anyOf"][0] == {"items": {"type": "string"}, "type": "array"}
    assert unmet["properties"]["detail_th"]["anyOf"][0] == {"type": "string"}
    assert "explanation_th" in child["properties"]
    assert "explanation_th" not in child["required"]


def test_a_plan_answers_every_line_in_thai_line_for_line(runtime: Runtime) -> None:
    _, _, plan = _plan(runtime, "EXPL-1")
    for item in plan["items"]:
        assert len(item["explanation_th"]) == len(item["explanation"])
        assert all(re.search("[ก-๙]", line) for line in item["explanation_th"])
    (unmet,) = plan["unmet"]
    assert unmet["detail"].startswith("no partner can take this child for vocational_training")
    assert unmet["detail_th"].startswith("ไม่มีหน่วยงานภาคีที่รับเด็กคนนี้ได้สำหรับบริการฝึกอบรมทักษะอาชีพ")


def test_the_plan_page_shows_the_thai_lines_on_the_thai_page_and_the_english_on_the_english(runtime: Runtime) -> None:
    client, _, plan = _plan(runtime, "EXPL-2")
    thai = client.get(f"/plans/{plan['plan_id']}").text
    lines = _lists(thai, "th")
    assert len(lines) == len(plan["items"])
    assert all(f"<li>{line}</li>" in thai for item in plan["items"] for line in item["explanation_th"])
    assert _lists(thai, "en") == [], "no English explanation on the Thai page"
    assert f'<p lang="th">{plan["unmet"][0]["detail_th"]}</p>' in thai
    assert "(ภาษาอังกฤษ)" not in thai
    english = client.get(f"/plans/{plan['plan_id']}?lang=en").text
    assert len(_lists(english, "en")) == len(plan["items"])
    assert _lists(english, "th") == []
    assert f'<p lang="en">{plan["unmet"][0]["detail"]}</p>' in english


def test_the_agency_s_referral_page_gives_the_thai_explanation(runtime: Runtime) -> None:
    _, token, plan = _plan(runtime, "EXPL-3")
    api = TestClient(create_app(runtime.settings, runtime=runtime))
    sent = api.post("/v1/referrals", json={"plan_id": plan["plan_id"], "need": "housing_repair"}, headers=bearer(token))
    assert sent.status_code == 201, sent.text
    item = next(i for i in plan["items"] if i["need"] == "housing_repair")
    assert sent.json()["child"]["explanation_th"] == item["explanation_th"]
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    page = agency.get(f"/referrals/{sent.json()['referral_id']}").text
    assert _lists(page, "th") == ["".join(f"<li>{line}</li>" for line in item["explanation_th"])]
    english = agency.get(f"/referrals/{sent.json()['referral_id']}?lang=en").text
    assert _lists(english, "en") == ["".join(f"<li>{line}</li>" for line in item["explanation"])]


def _as_stored_before(runtime: Runtime, plan_id: str) -> None:
    """The stored plan as a plan made before plans said their explanations in Thai: without the Thai fields."""
    url = runtime.settings.database_url
    with sqlite3.connect(Path(url.removeprefix("sqlite:///"))) as db:
        (stored,) = db.execute("SELECT plan_json FROM plans WHERE plan_id = ?", (plan_id,)).fetchone()
        body = json.loads(stored)
        for item in body["items"]:
            del item["explanation_th"]
        for unmet in body["unmet"]:
            del unmet["detail_th"]
        db.execute("UPDATE plans SET plan_json = ? WHERE plan_id = ?", (json.dumps(body), plan_id))


def test_a_plan_stored_before_the_thai_lines_still_reads_in_english_with_the_thai_null(runtime: Runtime) -> None:
    client, token, plan = _plan(runtime, "EXPL-4")
    _as_stored_before(runtime, plan["plan_id"])
    api = TestClient(create_app(runtime.settings, runtime=runtime))
    read = api.get(f"/v1/plans/{plan['plan_id']}", headers=bearer(token))
    assert read.status_code == 200, read.text
    assert [i["explanation_th"] for i in read.json()["items"]] == [None] * len(plan["items"])
    assert [i["explanation"] for i in read.json()["items"]] == [i["explanation"] for i in plan["items"]]
    assert read.json()["unmet"][0]["detail_th"] is None
    page = client.get(f"/plans/{plan['plan_id']}")
    assert page.status_code == 200
    assert len(_lists(page.text, "en")) == len(plan["items"]), "the English, marked as English, on the Thai page"
    assert "คำอธิบายโดยละเอียด (ภาษาอังกฤษ)" in page.text
    assert f'<p lang="en">{plan["unmet"][0]["detail"]}</p>' in page.text
    sent = api.post("/v1/referrals", json={"plan_id": plan["plan_id"], "need": "housing_repair"}, headers=bearer(token))
    assert sent.status_code == 201, sent.text
    assert sent.json()["child"]["explanation_th"] is None
