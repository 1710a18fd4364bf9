"""A CM's session ends on its own (its cookie gone) while she writes a new case on a phone, in the field: the post
answers the sign-in form, saying in the page's language that the case is not saved yet and carrying what she wrote
in its hidden fields; signed in, she finds the case form filled in, nothing planned until she sends it. The post was
answered with a redirect to sign-in, and the case was lost. What she wrote never goes in a URL, nor is it kept on
the server before she signs in (``web/carried.py``); the final send still needs the new session's CSRF token."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from safetynet.runtime.build import Runtime
from safetynet.web.session import COOKIE
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_double_submit import plans_of
from tests.web.test_pages import csrf_of, fresh, runtime, signed_in

if TYPE_CHECKING:  # without Playwright these tests are skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser, Request

__all__ = ["runtime"]  # the module's runtime fixture, shared


@pytest.mark.parametrize(
    ("lang", "not_saved", "kept", "make_plan", "sign_in", "token"),
    [
        ("th", "กรณีที่กรอกไว้ยังไม่ได้บันทึก", "ข้อมูลที่กรอกไว้ก่อนเข้าสู่ระบบยังอยู่ครบ", "สร้างแผนส่งต่อ", "เข้าสู่ระบบ", "โทเค็น"),
        ("en", "the case you wrote is not saved yet", "what you wrote before signing in is kept", "Make the plan",
         "Sign in", "Token"),
    ],
    ids=["th", "en"],
)  # fmt: skip
def test_a_case_posted_after_the_session_ended_comes_back_filled_in_after_sign_in(  # noqa: PLR0917 - a language's words
    browser: Browser, site: Site, lang: str, not_saved: str, kept: str, make_plan: str, sign_in: str, token: str
) -> None:
    case_ref = f"PLK-LAPSED-{lang.upper()}"
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        cm.goto(f"/cases/new?lang={lang}")
        page = cm.page
        page.locator("#case_ref").fill(case_ref)
        page.locator("#child\\.age").fill("๑๔")
        page.locator("#child\\.location\\.district").select_option("6501")
        page.locator("#child\\.education_status").select_option("dropped_out")
        page.locator("#need-scholarship").check()
        page.context.clear_cookies(name=COOKIE)  # the session ended on its own: its cookie is gone
        urls: list[str] = []

        def seen(request: Request) -> None:
            urls.append(request.url)

        page.on("request", seen)
        cm.submit(make_plan, shot=f"signin-case-kept-{lang}")
        assert not_saved in page.locator("[role=status]").inner_text()
        assert plans_of(site, case_ref) == []
        page.get_by_label(token).fill(site.tokens["cm"])
        cm.submit(sign_in, shot=f"case-kept-signed-in-{lang}")
        assert kept in page.locator("[role=status]").inner_text()
        assert page.locator("#case_ref").input_value() == case_ref
        assert page.locator("#child\\.age").input_value() == "๑๔"
        assert page.locator("#child\\.location\\.district").input_value() == "6501"
        assert page.locator("#child\\.education_status").input_value() == "dropped_out"
        assert page.locator("#need-scholarship").is_checked()
        assert plans_of(site, case_ref) == [], "nothing planned until she sends it"
        cm.submit(make_plan)
        assert re.search(r"/plans/pln_\w+$", page.url), page.url
        assert len(plans_of(site, case_ref)) == 1
        assert not [u for u in urls if case_ref in u or "6501" in u], urls  # never in a URL


CASE = {"case_ref": "PLK-LAPSED-1", "child.age": "12", "child.location.province": "TH-65",
        "child.education_status": "dropped_out", "need": "scholarship", "urgent": "scholarship", "once": "x",
        "csrf": "of-a-session-gone"}  # fmt: skip


def test_the_sign_in_form_carries_the_case_and_the_final_send_still_needs_the_new_sessions_csrf(
    runtime: Runtime,
) -> None:
    store = runtime.require_store()
    before = store.count_plans()
    lapsed = fresh(runtime)  # no session cookie at all
    answer = lapsed.post("/cases/new", data=CASE, follow_redirects=False)
    assert answer.status_code == 200  # the sign-in form itself: no redirect naming anything
    assert "location" not in answer.headers
    assert answer.headers["cache-control"] == "no-store"
    assert '<input type="hidden" name="case_ref" value="PLK-LAPSED-1">' in answer.text
    assert 'name="once"' not in answer.text  # the ended session's tokens are not carried
    assert "of-a-session-gone" not in answer.text
    form = dict(CASE, csrf=csrf_of(answer.text), next="/cases/new")
    del form["once"]
    wrong = lapsed.post("/signin", data=form | {"token": "snt_" + "x" * 43})
    assert '<input type="hidden" name="child.age" value="12">' in wrong.text  # carried on through a wrong token
    token = store.tokens.create_token("cm", "plk-cm-unit")
    signed = lapsed.post("/signin", data=form | {"token": token, "csrf": csrf_of(wrong.text)}, follow_redirects=False)
    assert signed.status_code == 200
    assert 'value="PLK-LAPSED-1"' in signed.text
    assert token not in signed.text
    assert store.count_plans() == before
    body = {k: v for k, v in CASE.items() if k not in ("once", "csrf")}
    refused = lapsed.post("/cases/new", data=body | {"csrf": "forged"}, follow_redirects=False)
    assert refused.status_code == 200  # shown back, not planned (another session's token)
    assert store.count_plans() == before
    made = lapsed.post("/cases/new", data=body | {"csrf": csrf_of(signed.text)}, follow_redirects=False)
    assert made.status_code == 303
    assert made.headers["location"].startswith("/plans/")
    assert store.count_plans() == before + 1


@pytest.mark.parametrize(
    "headers",
    [{"sec-fetch-site": "cross-site"}, {"sec-fetch-site": "same-site"}, {"origin": "https://elsewhere.example"},
     {"origin": "null"}],
)  # fmt: skip
def test_a_case_posted_from_another_site_is_not_carried(runtime: Runtime, headers: dict[str, str]) -> None:
    """Another site could otherwise fill a CM's case form with what it chose, through her own sign-in."""
    answer = fresh(runtime).post("/cases/new", data=CASE, headers=headers, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/cases/new"
    assert "PLK-LAPSED" not in answer.text


def test_a_signed_in_cm_still_plans_from_the_form(runtime: Runtime) -> None:
    cm, _ = signed_in(runtime)
    form = cm.get("/cases/new").text
    body = {k: v for k, v in CASE.items() if k != "once"} | {"case_ref": "PLK-LAPSED-2", "csrf": csrf_of(form)}
    made = cm.post("/cases/new", data=body, follow_redirects=False)
    assert made.status_code == 303, made.text


def test_no_page_answered_to_a_post_sends_it_again_when_reloaded(browser: Browser, site: Site) -> None:
    """Each page answered to a post held that post in the browser's history, body and all: the sign-in form carrying
    a child's case, the case form with its errors, the case form shown after sign-in (with the sign-in's token). A
    reload, or someone going back to one on a shared phone after she signed out, sent it again: the case came back
    to whoever signed in next. Each entry is made an address (``static/address.js``): a reload asks for the page."""
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        page = cm.page
        posted: list[str] = []
        page.on("request", lambda request: posted.append(request.url) if request.method == "POST" else None)

        def reloaded_without_posting(address: str) -> None:
            assert page.url == f"{site.base}{address}", page.url
            posted.clear()
            page.reload()
            assert posted == [], f"{address}: the post was sent again"

        cm.goto("/cases/new")
        page.locator("#case_ref").fill("PLK-LAPSED-RELOAD")
        cm.submit("สร้างแผนส่งต่อ")  # the form's errors: no province, age, ...
        assert page.locator("#case_ref").input_value() == "PLK-LAPSED-RELOAD"
        reloaded_without_posting("/cases/new")
        page.locator("#case_ref").fill("PLK-LAPSED-RELOAD")
        page.locator("#need-scholarship").check()
        page.context.clear_cookies(name=COOKIE)
        cm.submit("สร้างแผนส่งต่อ")  # no session: the sign-in form carrying the case
        assert page.locator("input[type=hidden][name=case_ref]").get_attribute("value") == "PLK-LAPSED-RELOAD"
        reloaded_without_posting("/cases/new")
        assert page.locator("input[type=hidden][name=case_ref]").count() == 0, "the case is no longer in the page"
        page.context.clear_cookies(name=COOKIE)
        cm.goto("/cases/new")  # signed out: the sign-in form
        page.get_by_label("โทเค็น").fill("not-a-token")
        cm.submit("เข้าสู่ระบบ")
        reloaded_without_posting("/signin")
