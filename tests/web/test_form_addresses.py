"""What a person meets after a form (Starlette's test client, SQLite): the address a form posted to is in the
browser's address bar afterwards, so it must open a page when the browser asks it again with a GET (the language
switch, a sign-in after the session ended, a reopened tab); and an error of an action's form is at its field, with
what was chosen kept."""

from __future__ import annotations

import re
from urllib.parse import urljoin

from fastapi.testclient import TestClient
from httpx import Response

from safetynet.runtime.build import Runtime
from tests.web.test_pages import csrf_of, new_case_form, runtime, signed_in

__all__ = ["runtime"]  # the module's fixture, shared


def sent_referral(cm: TestClient, case_ref: str) -> tuple[str, str]:
    """A plan written by ``cm`` and its housing referral sent: (plan page, referral page)."""
    plan = cm.post("/cases/new", data=new_case_form(cm, case_ref=case_ref), follow_redirects=False).headers["location"]
    page = cm.get(plan).text
    send = re.search(r'<form method="post" action="([^"]+)" class="send">', page)
    assert send, page
    form = {"csrf": csrf_of(page), "need": "housing_repair", "organization_id": "plk-city-municipality"}
    sent = cm.post(send.group(1), data=form, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    return plan, sent.headers["location"]


def at_the_agency(runtime: Runtime, case_ref: str) -> tuple[TestClient, str, str]:
    """A housing referral sent by a Phitsanulok CM, and its receiver signed in: (its browser, its token, the page)."""
    cm, _ = signed_in(runtime)
    _, referral = sent_referral(cm, case_ref)
    agency, token = signed_in(runtime, "agency", "plk-city-municipality")
    return agency, token, referral


def revoke(runtime: Runtime, token: str) -> None:
    known = runtime.require_store().tokens
    actor = known.actor_for_token(token)
    assert actor is not None
    known.revoke_token(actor.token_id)


def sign_in_again(runtime: Runtime, client: TestClient, signin_url: str, role: str, organization: str) -> Response:
    """Sign in (with a new token of ``role``) on the sign-in page the browser was sent to: the answer, a redirect."""
    form = client.get(signin_url).text
    following = re.search(r'name="next" value="([^"]*)"', form)
    assert following, form
    token = runtime.require_store().tokens.create_token(role, organization)
    data = {"csrf": csrf_of(form), "token": token, "next": following.group(1)}
    answer: Response = client.post("/signin", data=data, follow_redirects=False)
    return answer


def test_an_action_address_opened_with_a_get_leads_to_the_referrals_page_in_the_language_asked(
    runtime: Runtime,
) -> None:
    agency, _, referral = at_the_agency(runtime, "PLK-GET-1")
    page = agency.get(referral).text
    refused = agency.post(referral + "/decline", data={"csrf": csrf_of(page)})  # no reason: the form comes back
    assert 'id="reason-error"' in refused.text
    switch = re.search(r'<a class="lang" href="([^"]+)"', refused.text)
    assert switch, refused.text
    # The link is the query alone: the browser keeps the page's address, here the form's (the POST's).
    english = agency.get(urljoin(str(refused.url), switch.group(1).replace("&amp;", "&")), follow_redirects=False)
    assert english.status_code == 303
    assert english.headers["location"] == referral + "?lang=en"
    assert '<html lang="en">' in agency.get(english.headers["location"]).text


def test_a_form_posted_after_the_session_ended_leads_back_to_its_page_after_sign_in(runtime: Runtime) -> None:
    agency, token, referral = at_the_agency(runtime, "PLK-LATE-1")
    page = agency.get(referral).text
    revoke(runtime, token)
    ended = agency.post(referral + "/acknowledge", data={"csrf": csrf_of(page)}, follow_redirects=False)
    assert ended.status_code == 303
    assert ended.headers["location"].startswith("/signin?")
    after = sign_in_again(runtime, agency, ended.headers["location"], "agency", "plk-city-municipality")
    landed = agency.get(after.headers["location"])  # the browser follows: a page, never a JSON 405
    assert landed.status_code == 200, landed.text
    assert landed.headers["content-type"].startswith("text/html")
    assert str(landed.url).endswith(referral)
    assert "ส่งแล้ว รอรับทราบ" in landed.text  # nothing was done on the way


def test_a_referral_sent_after_the_session_ended_leads_back_to_the_plan_after_sign_in(runtime: Runtime) -> None:
    cm, token = signed_in(runtime)
    plan = cm.post("/cases/new", data=new_case_form(cm, case_ref="PLK-LATE-2"), follow_redirects=False)
    plan_page = plan.headers["location"]
    page = cm.get(plan_page).text
    send = re.search(r'<form method="post" action="([^"]+)" class="send">', page)
    assert send, page
    revoke(runtime, token)
    form = {"csrf": csrf_of(page), "need": "housing_repair", "organization_id": "plk-city-municipality"}
    ended = cm.post(send.group(1), data=form, follow_redirects=False)
    assert ended.headers["location"].startswith("/signin?")
    after = sign_in_again(runtime, cm, ended.headers["location"], "cm", "plk-cm-unit")
    landed = cm.get(after.headers["location"])
    assert landed.status_code == 200, landed.text
    assert str(landed.url).endswith(plan_page), landed.url
    assert "PLK-LATE-2" in landed.text


def test_done_not_helped_without_a_reason_is_named_at_the_reason_field_in_thai_keeping_the_choice(
    runtime: Runtime,
) -> None:
    agency, _, referral = at_the_agency(runtime, "PLK-DONE-1")
    for action in ("acknowledge", "accept"):
        page = agency.get(referral).text
        assert agency.post(f"{referral}/{action}", data={"csrf": csrf_of(page)}).status_code == 200
    page = agency.get(referral).text
    form = {"csrf": csrf_of(page), "outcome": "not_helped", "note": "ครอบครัวย้ายออก"}
    answer = agency.post(f"{referral}/done", data=form).text
    assert 'id="reason-error">เหตุผล: กรุณากรอก' in answer  # beside the field, in Thai
    assert re.search(r'<input id="reason" name="reason"[^>]*aria-invalid="true"', answer), answer
    assert '<a href="#reason">' in answer  # the summary leads to the field
    assert '<option value="not_helped" selected>' in answer
    assert 'value="ครอบครัวย้ายออก"' in answer
