"""The pages without a browser (Starlette's test client, SQLite): the session cookie and its flags, CSRF, a
revoked token, the language switch, errors at their field, reach as in the API."""

from __future__ import annotations

import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.web.session import COOKIE, SECRET_FILE, Session, Signer, load_secret
from tests.api.client import bearer, phitsanulok_case, shipped_settings


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    tmp = tmp_path_factory.mktemp("web")
    built = build_runtime(shipped_settings(tmp, f"sqlite:///{tmp / 'web.db'}"))
    try:
        yield built
    finally:
        built.close()


@pytest.fixture(scope="module")
def app_client(runtime: Runtime) -> TestClient:
    return TestClient(create_app(runtime.settings, runtime=runtime))


def fresh(runtime: Runtime) -> TestClient:
    """A browser of its own (its own cookies)."""
    return TestClient(create_app(runtime.settings, runtime=runtime))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def signed_in(runtime: Runtime, role: str = "cm", organization: str | None = "plk-cm-unit") -> tuple[TestClient, str]:
    client = fresh(runtime)
    token = runtime.require_store().tokens.create_token(role, organization)
    page = client.get("/signin")
    form = {"csrf": csrf_of(page.text), "token": token, "next": "/"}
    answer = client.post("/signin", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    return client, token


def sent_referral(
    runtime: Runtime, app_client: TestClient, case_ref: str, sender: str = "plk-cm-unit"
) -> tuple[str, str]:
    """A plan requested by plk-cm-unit (case ``case_ref``) and its housing repair sent, through the API, by a CM of
    ``sender``: (plan_id, referral_id); due 2026-11-23."""
    tokens = runtime.require_store().tokens
    cm = tokens.create_token("cm", "plk-cm-unit")
    by = cm if sender == "plk-cm-unit" else tokens.create_token("cm", sender)
    planned = app_client.post("/v1/plans", json=phitsanulok_case(case_ref=case_ref), headers=bearer(cm))
    plan_id: str = planned.json()["plan_id"]
    sent = app_client.post("/v1/referrals", json={"plan_id": plan_id, "need": "housing_repair"}, headers=bearer(by))
    assert sent.status_code == 201, sent.text
    return plan_id, sent.json()["referral_id"]


def test_sign_in_gives_an_httponly_strict_expiring_cookie_with_the_token_id_only(runtime: Runtime) -> None:
    client = fresh(runtime)
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    form = client.get("/signin")
    assert 'method="post" action="/signin"' in form.text
    assert 'type="password"' in form.text
    posted = {"csrf": csrf_of(form.text), "token": token, "next": "/"}
    answer = client.post("/signin", data=posted, follow_redirects=False)
    cookie = answer.headers["set-cookie"]
    assert answer.status_code == 303
    assert answer.headers["location"] == "/"
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Secure" not in cookie
    assert f"Max-Age={int(runtime.settings.session_hours * 3600)}" in cookie
    value = cookie.split(";")[0].split("=", 1)[1]
    assert token not in value
    assert token not in answer.headers["location"]
    session = Signer(load_secret(runtime.settings.var_dir)).loads(value)
    assert session is not None
    assert session.token_id is not None
    assert session.token_id.startswith("tok_")


def test_the_cookie_is_secure_behind_a_proxy_that_says_https(runtime: Runtime) -> None:
    client = fresh(runtime)
    assert "Secure" in client.get("/signin", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]


def test_a_token_in_the_url_signs_nobody_in(runtime: Runtime) -> None:
    client = fresh(runtime)
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    assert client.get(f"/?token={token}", follow_redirects=False).headers["location"].startswith("/signin")


def test_a_wrong_token_is_named_at_its_field_in_thai(runtime: Runtime) -> None:
    client = fresh(runtime)
    form = client.get("/signin")
    answer = client.post("/signin", data={"csrf": csrf_of(form.text), "token": "snt_" + "x" * 43})
    assert "โทเค็น: โทเค็นไม่ถูกต้องหรือถูกเพิกถอนแล้ว" in answer.text
    assert 'aria-invalid="true"' in answer.text


def test_sign_in_and_every_form_refuse_a_post_without_the_sessions_csrf_token(runtime: Runtime) -> None:
    store = runtime.require_store()
    token = store.tokens.create_token("cm", "plk-cm-unit")
    client = fresh(runtime)
    client.get("/signin")
    refused = client.post("/signin", data={"token": token}, follow_redirects=False)
    assert refused.status_code == 200  # the form again (tests/web/test_sessions.py): nobody signed in
    assert client.get("/", follow_redirects=False).status_code == 303
    cm, _ = signed_in(runtime)
    other, _ = signed_in(runtime)
    stranger = csrf_of(other.get("/cases/new").text)
    before = store.count_plans()
    body = {"case_ref": "PLK-CSRF", "child.age": "12", "child.location.province": "TH-65", "need": "scholarship"}
    for csrf in (None, ""):
        answer = cm.post("/cases/new", data=body | ({"csrf": csrf} if csrf is not None else {}))
        assert answer.status_code == 403
        assert "CSRF" in answer.text
    # another session's token, as a form opened before signing in again carries: nothing planned, the case shown back
    # to be sent with this session's token (tests/web/test_double_submit.py)
    kept = cm.post("/cases/new", data=body | {"csrf": stranger})
    assert "ยังไม่ได้บันทึก" in kept.text
    assert csrf_of(kept.text) not in (stranger, "")
    assert store.count_plans() == before


def test_a_revoked_token_ends_its_sessions(runtime: Runtime) -> None:
    client, token = signed_in(runtime)
    assert client.get("/").status_code == 200
    actor = runtime.require_store().tokens.actor_for_token(token)
    assert actor is not None
    runtime.require_store().tokens.revoke_token(actor.token_id)
    answer = client.get("/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?why=session_ended"


def test_an_ended_or_tampered_session_is_no_session(runtime: Runtime) -> None:
    signer = Signer(load_secret(runtime.settings.var_dir))
    known = runtime.require_store().tokens
    actor = known.actor_for_token(known.create_token("cm", "plk-cm-unit"))
    assert actor is not None
    ended = signer.dumps(Session(actor.token_id, "c" * 32, int(time.time()) - 1))
    live = signer.dumps(Session(actor.token_id, "c" * 32, int(time.time()) + 600))
    payload, mac = live.split(".")
    for cookie in (ended, f"{payload}x.{mac}", f"{payload}.{mac[:-2]}AA", "garbage"):
        client = fresh(runtime)
        client.cookies.set(COOKIE, cookie)
        assert client.get("/", follow_redirects=False).status_code == 303
    client = fresh(runtime)
    client.cookies.set(COOKIE, live)
    assert client.get("/", follow_redirects=False).status_code == 200


def test_sign_out_clears_the_cookie(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    home = client.get("/")
    answer = client.post("/signout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
    assert answer.headers["location"] == "/signin?why=signed_out"
    assert COOKIE in answer.headers["set-cookie"]
    assert "Max-Age=0" in answer.headers["set-cookie"]


def test_the_secret_is_owner_only_and_kept(runtime: Runtime) -> None:
    path = runtime.settings.var_dir / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_secret(runtime.settings.var_dir) == load_secret(runtime.settings.var_dir)


def test_load_secret_makes_one_for_a_new_var_dir(tmp_path: Path) -> None:
    assert len(load_secret(tmp_path / "var")) == 32
    assert load_secret(tmp_path / "var") == bytes.fromhex((tmp_path / "var" / SECRET_FILE).read_text().strip())


def test_pages_are_thai_first_with_an_english_switch_kept_in_a_cookie(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    assert '<html lang="th">' in client.get("/").text
    english = client.get("/?lang=en")
    assert '<html lang="en">' in english.text
    assert "New case" in english.text
    assert "safetynet_lang=en" in english.headers["set-cookie"]
    assert '<html lang="en">' in client.get("/rules").text
    assert '<html lang="th">' in client.get("/rules?lang=th").text


def test_every_page_forbids_outside_scripts_frames_and_caching(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    headers = client.get("/cases/new").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-store"


def test_the_pages_are_not_in_the_openapi(app_client: TestClient) -> None:
    paths = app_client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if not p.startswith(("/v1/", "/healthz"))]


def new_case_form(client: TestClient, **fields: str | list[str]) -> dict[str, str | list[str]]:
    csrf = csrf_of(client.get("/cases/new").text)
    base: dict[str, str | list[str]] = {
        "csrf": csrf, "case_ref": "PLK-WEB-1", "child.location.province": "TH-65", "child.location.district": "6501",
        "child.location.subdistrict": "650101", "child.age": "12", "child.education_status": "at_risk",
        "household.housing_condition": "dilapidated", "need": ["housing_repair", "scholarship"],
        "urgent": ["housing_repair"],
    }  # fmt: skip
    return base | fields


def test_a_case_from_the_form_is_planned_as_the_api_plans_it(runtime: Runtime) -> None:
    client, token = signed_in(runtime)
    answer = client.post("/cases/new", data=new_case_form(client), follow_redirects=False)
    assert answer.status_code == 303
    plan_id = answer.headers["location"].removeprefix("/plans/")
    api = TestClient(create_app(runtime.settings, runtime=runtime))
    plan = api.get(f"/v1/plans/{plan_id}", headers=bearer(token)).json()
    assert [i["need"] for i in plan["items"]] == ["housing_repair", "scholarship"]
    assert plan["items"][0]["urgent"] is True
    assert plan["items"][1]["urgent"] is False
    page = client.get(f"/plans/{plan_id}").text
    assert ("เทศบาลนครพิษณุโลก" in page and "อีก 23 ชม." in page) or "อีก 24 ชม." in page


def test_errors_are_named_at_their_field_in_the_pages_language(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    too_old_and_no_need: dict[str, str | list[str]] = {"child.age": "40", "need": []}
    thai = client.post("/cases/new", data=new_case_form(client, **too_old_and_no_need)).text
    assert 'id="child.age-error">อายุ (ปี): ต้องไม่เกิน 25' in thai
    assert "ความต้องการ: เลือกความต้องการอย่างน้อย 1 ข้อ" in thai
    english = client.post("/cases/new?lang=en", data=new_case_form(client, **{"child.age": "x"})).text
    assert 'id="child.age-error">Age (years): must be a whole number' in english


def test_a_place_outside_the_province_is_named_at_its_field(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    page = client.post("/cases/new", data=new_case_form(client, **{"child.location.district": "เกาะคา"})).text
    assert 'id="child.location.district-error">อำเภอ/เขต: ไม่พบชื่อสถานที่นี้ในจังหวัดที่เลือก “เกาะคา”' in page
    assert "is a district of Lampang (TH-52), not of Phitsanulok (TH-65)" in page  # the service's words, beside


def test_without_script_the_pickers_follow_the_province_when_asked(runtime: Runtime) -> None:
    client, _ = signed_in(runtime)
    fields = {"child.location.province": "TH-52", "refresh": "places"}
    page = client.post("/cases/new", data=new_case_form(client, **fields))
    assert ">เกาะคา</option>" in page.text
    assert ">เมืองพิษณุโลก</option>" not in page.text
    fragment = client.get("/cases/places/districts", params={"child.location.province": "TH-52"}).text
    assert fragment.startswith('<div id="district-and-subdistrict">')
    assert ">เกาะคา</option>" in fragment


def test_a_plan_page_answers_404_out_of_reach_and_an_agency_sees_only_its_part(runtime: Runtime) -> None:
    cm, _ = signed_in(runtime)
    plan = cm.post("/cases/new", data=new_case_form(cm), follow_redirects=False).headers["location"]
    other, _ = signed_in(runtime, "cm", "lpg-cm-unit")
    assert other.get(plan).status_code == 404
    assert "ไม่พบหน้านี้" in other.get(plan).text
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    seen = agency.get(plan).text
    assert "ซ่อมแซมที่อยู่อาศัย" in seen
    assert "ทุนการศึกษา" not in seen


def test_only_cms_and_admin_write_cases(runtime: Runtime) -> None:
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    assert agency.get("/cases/new").status_code == 403
    writer, _ = signed_in(runtime, "policy_writer", None)
    assert writer.get("/cases/new").status_code == 403
    assert "/cases/new" not in writer.get("/").text


def test_a_policy_writer_opens_no_referral_page_as_the_api_lists_none(runtime: Runtime) -> None:
    writer, _ = signed_in(runtime, "policy_writer", None)
    for path in ("/inbox", "/referrals", "/overdue"):
        assert writer.get(path).status_code == 403, path
    assert "/inbox" not in writer.get("/").text


def test_the_board_is_the_core_teams_of_its_own_province(runtime: Runtime) -> None:
    core, _ = signed_in(runtime, "agency", "plk-core-team")
    assert core.get("/board").status_code == 200
    assert core.get("/board?province=TH-52").status_code == 403
    cm, _ = signed_in(runtime)
    assert cm.get("/board").status_code == 403


def test_the_board_shows_the_holes_plans_meet_counting_only_the_kinds_the_rules_ask_for(runtime: Runtime) -> None:
    """Nakhon Ratchasima's learning supplies: the สกร. office gives them, but no learning-supplies rule asks for its
    kind, so no plan proposes it; the board shows the hole (as ``GET /v1/coverage`` and ``safetynet coverage``)."""
    core, _ = signed_in(runtime, "agency", "nma-core-team")
    board = core.get("/board").text
    assert "/board/hole?service=learning_supplies&amp;district=3002&amp;province=TH-30" in board
    hole = core.get("/board/hole", params={"service": "learning_supplies", "district": "3002"}).text
    (skr,) = [item for item in hole.split("<li>") if "สำนักงานส่งเสริมการเรียนรู้ประจำจังหวัดนครราชสีมา" in item]
    assert "ส่งต่อถึงได้" not in skr.split("</li>")[0]  # listed as giving the service, not counted as reached


def test_the_rules_page_says_each_rules_conditions_in_words(runtime: Runtime) -> None:
    writer, _ = signed_in(runtime, "policy_writer", None)
    page = writer.get("/rules").text
    assert "อายุ (ปี) น้อยกว่า 18" in page
    assert "สภาพที่อยู่อาศัย เป็น ทรุดโทรม" in page
    english = writer.get("/rules?lang=en").text
    assert "age in years below 18" in english
    assert "housing condition is dilapidated" in english


def test_referral_actions_from_their_forms_with_errors_at_their_field(runtime: Runtime) -> None:
    cm, _ = signed_in(runtime)
    plan = cm.post("/cases/new", data=new_case_form(cm), follow_redirects=False).headers["location"]
    page = cm.get(plan).text
    form = {"csrf": csrf_of(page), "need": "housing_repair"}
    sent = cm.post(f"{plan}/send", data=form, follow_redirects=False)
    assert sent.status_code == 303
    referral = sent.headers["location"]
    again = cm.post(f"{plan}/send", data=form)
    assert "ความต้องการ: ความต้องการนี้มีการส่งต่อที่ยังดำเนินอยู่" in again.text  # referral_exists, at its field
    assert "already has referral" not in again.text  # in the page's words only, not the service's English too
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    shown = agency.get(referral).text
    assert "ทุนการศึกษา" not in shown
    (rule,) = (r for r in runtime.engine.book.rules_for("housing_repair") if r.id == "housing.dilapidated_home")
    assert f"{rule.title.th} <span class=\"muted\">(housing.dilapidated_home)</span>" in shown  # why, in Thai
    assert 'action="' + referral + '/accept"' not in shown  # only what the status allows: acknowledge or decline
    no_reason = agency.post(referral + "/decline", data={"csrf": csrf_of(shown)}).text
    assert 'id="reason-error">เหตุผล: กรุณาเลือกจากรายการ' in no_reason
    too_early = agency.post(referral + "/done", data={"csrf": csrf_of(shown), "outcome": "helped"}).text
    assert "การดำเนินการ: ทำรายการนี้ไม่ได้ในสถานะปัจจุบัน" in too_early
    declined = agency.post(
        referral + "/decline", data={"csrf": csrf_of(shown), "reason": "no_capacity"}, follow_redirects=True
    ).text
    assert "ปฏิเสธ" in declined
    assert "ไม่มีกำลังรับ" in declined
    other, _ = signed_in(runtime, "cm", "lpg-cm-unit")
    assert other.get(referral).status_code == 404


def _row_of(html: str, referral_id: str) -> str:
    found = re.search(r"<tr[^>]*>(?:(?!</tr>).)*/referrals/" + referral_id + r"(?:(?!</tr>).)*</tr>", html, re.S)
    assert found, referral_id
    return found.group(0)


def _section_of(html: str, need: str) -> str:
    found = re.search(r'<section class="item" aria-labelledby="need-' + need + r'">.*?</section>', html, re.S)
    assert found, need
    return found.group(0)


def test_a_referral_acknowledged_is_not_said_to_be_overdue_once_its_deadline_is_past(
    runtime: Runtime, app_client: TestClient
) -> None:
    """The deadline is the acknowledgement's: the pages and the lists said "เลยกำหนด 14 วัน" (overdue by 14 days) of
    a referral acknowledged in time, accepted or done (and of its plan item), while the API said overdue: false."""
    city = runtime.require_store().tokens.create_token("agency", "plk-city-municipality")
    plan_id, rid = sent_referral(runtime, app_client, "PLK-WEB-DUE")  # due 2026-11-23
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    late_by = re.compile(r"เลยกำหนด \d")  # the due text; the menu's link to the overdue list says เลยกำหนด too
    sender, _ = signed_in(runtime)
    plan_page = f"/plans/{plan_id}"
    assert late_by.search(agency.get(f"/referrals/{rid}").text), "still waiting past its deadline: overdue"
    assert late_by.search(_section_of(sender.get(plan_page).text, "housing_repair"))
    assert app_client.post(f"/v1/referrals/{rid}/acknowledge", headers=bearer(city)).json()["overdue"] is False
    assert not late_by.search(agency.get(f"/referrals/{rid}").text)
    assert not late_by.search(_row_of(sender.get("/referrals").text, rid))
    assert not late_by.search(_section_of(sender.get(plan_page).text, "housing_repair"))
    assert late_by.search(_section_of(sender.get(plan_page).text, "disability_allowance_registration")), "not sent"


def test_sending_again_for_a_need_met_says_it_was_met_not_that_a_referral_is_under_way(
    runtime: Runtime, app_client: TestClient
) -> None:
    city = runtime.require_store().tokens.create_token("agency", "plk-city-municipality")
    plan_id, rid = sent_referral(runtime, app_client, "PLK-WEB-MET")
    for action, sent in (("acknowledge", None), ("accept", None), ("done", {"outcome": "helped"})):
        assert app_client.post(f"/v1/referrals/{rid}/{action}", json=sent, headers=bearer(city)).status_code == 200
    sender, _ = signed_in(runtime)
    plan = f"/plans/{plan_id}"
    form = {"csrf": csrf_of(sender.get(plan).text), "need": "housing_repair"}
    again = sender.post(f"{plan}/send", data=form).text
    assert "ความต้องการ: ความต้องการนี้ได้รับการช่วยเหลือแล้ว" in again
    assert "ที่ยังดำเนินอยู่" not in again
    english = sender.post(f"{plan}/send?lang=en", data=form).text
    assert "was met" in english


def test_withdrawing_a_referral_without_the_box_ticked_is_refused_at_the_box(
    runtime: Runtime, app_client: TestClient
) -> None:
    """A browser that does not ask for the required box (no HTML validation) posts without it: the server refuses."""
    _, referral_id = sent_referral(runtime, app_client, "PLK-WITHDRAW-NOJS")
    cm, _ = signed_in(runtime)
    shown = cm.get(f"/referrals/{referral_id}").text
    refused = cm.post(f"/referrals/{referral_id}/cancel", data={"csrf": csrf_of(shown)}, follow_redirects=False)
    assert refused.status_code == 200
    assert 'id="confirm-error">ยืนยัน: ติ๊กช่องยืนยันก่อนยกเลิกการส่งต่อ' in refused.text
    assert 'aria-invalid="true" aria-describedby="confirm-error"' in refused.text
    assert '<dd><span class="badge status">ส่งแล้ว รอรับทราบ</span>' in refused.text  # nothing was done
    done = cm.post(f"/referrals/{referral_id}/cancel", data={"csrf": csrf_of(shown), "confirm": "yes"},
                   follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
