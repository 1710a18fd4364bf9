"""Every answer of the API (``/v1/...``) says ``Cache-Control: no-store``, as every page does: a plan or a referral
carries a child's facts, and a browser (``/docs``, a provincial app in a webview, a shared office computer) would
otherwise keep them in its cache on disk. The errors too: an answer must not be told apart by its headers."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.api.client import bearer, phitsanulok_case


def test_every_api_answer_with_a_childs_facts_or_an_error_is_not_stored(
    client: TestClient, tokens: dict[str, str]
) -> None:
    cm = bearer(tokens["cm_plk"])
    plan = client.post("/v1/plans", json=phitsanulok_case(case_ref="PLK-NOSTORE-1"), headers=cm)
    assert plan.status_code == 201, plan.text
    plan_id = plan.json()["plan_id"]
    sent = client.post("/v1/referrals", json={"plan_id": plan_id, "need": "housing_repair"}, headers=cm)
    assert sent.status_code == 201, sent.text
    answers = [
        plan,
        sent,
        client.get(f"/v1/plans/{plan_id}", headers=cm),
        client.get("/v1/plans", headers=cm),
        client.get(f"/v1/referrals/{sent.json()['referral_id']}", headers=cm),
        client.get("/v1/referrals", headers=cm),
        client.get("/v1/events", headers=cm),
        client.get("/v1/plans/pln_none", headers=cm),
        client.get("/v1/plans", headers=bearer("snt_unknown")),
        client.get("/v1/nothing-here"),
    ]
    for answer in answers:
        assert answer.headers.get("cache-control") == "no-store", (answer.request.url, answer.status_code)
