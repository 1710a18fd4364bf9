"""A browser that meets an error no page answered: a page's address posted to (405: a form of an old tab, a bookmark
of a form's answer) or an exception nothing maps (500). It gets the error page in its language, with the menu when
signed in, as for a mistyped address; an API client and the API's addresses keep the contract's JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime
from safetynet.web.render import PageRoute
from safetynet.web.viewer import SignedInDep
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_not_found import BROWSER
from tests.web.test_pages import csrf_of, runtime

if TYPE_CHECKING:  # without Playwright the browser test is skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser

__all__ = ["runtime"]  # the module's fixture, shared
WRONG_METHOD_TH = "ที่อยู่นี้ไม่รับคำขอแบบนี้"
INTERNAL_TH = "เกิดข้อผิดพลาดภายใน ไม่มีการบันทึกใด ๆ"
MARKER = "SECRET-REF-405"


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_form_posted_to_a_page_that_takes_none_is_the_error_page_in_thai(
    browser: Browser, site: Site, viewport: str
) -> None:
    with opened(browser, site.base, viewport) as cm:
        cm.sign_in(site.tokens["cm"])
        with cm.page.expect_navigation():  # a form of another page (an old tab, a bookmarklet) posting to /overdue
            cm.page.evaluate(
                "() => { const f = document.createElement('form'); f.method = 'post'; f.action = '/overdue';"
                " document.body.appendChild(f); f.submit(); }"
            )
        cm.check("wrong-method", status=405)
        assert cm.page.evaluate("document.documentElement.lang") == "th"
        assert WRONG_METHOD_TH in cm.page.locator("main").inner_text()
        assert cm.page.get_by_role("navigation").get_by_role("link").count() > 0  # the signed-in CM's menu


def test_a_wrong_method_keeps_allow_and_speaks_english_when_asked(site: Site) -> None:
    with httpx.Client(base_url=site.base, headers=BROWSER) as browser:
        answer = browser.request("DELETE", "/inbox", params={"lang": "en"})
        assert answer.status_code == 405
        assert answer.headers["allow"] == "GET"
        assert answer.headers["content-type"].startswith("text/html")
        assert '<html lang="en">' in answer.text
        assert "This address does not take this kind of request" in answer.text
    for path, headers in (("/inbox", {"Accept": "*/*"}), ("/v1/stats", BROWSER)):
        api = httpx.request("DELETE", site.base + path, headers=headers)
        assert api.status_code == 405
        assert api.json()["error"]["code"] == "method_not_allowed"


@pytest.fixture(scope="module")
def crashing(runtime: Runtime) -> Iterator[TestClient]:
    """The app with one page and one API route that raise an exception nothing maps."""
    app: FastAPI = create_app(runtime.settings, runtime=runtime)

    def page_boom(viewer: SignedInDep) -> None:  # fails after finding its viewer, as a page would
        raise ValueError(MARKER)

    def api_boom() -> None:
        raise ValueError(MARKER)

    app.router.add_api_route("/boom", page_boom, route_class_override=PageRoute)
    app.add_api_route("/v1/boom", api_boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_an_unexpected_error_on_a_page_is_the_500_page_with_the_menu(crashing: TestClient, runtime: Runtime) -> None:
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    form = {"csrf": csrf_of(crashing.get("/signin").text), "token": token}
    assert crashing.post("/signin", data=form, follow_redirects=False).status_code == 303
    page = crashing.get("/boom", headers=BROWSER)
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="th">' in page.text
    assert INTERNAL_TH in page.text
    assert 'action="/signout"' in page.text  # the menu and sign-out of every page
    assert MARKER not in page.text
    english = crashing.get("/boom", params={"lang": "en"}, headers=BROWSER)
    assert "Internal error; nothing was saved" in english.text
    for path, headers in (("/boom", {"Accept": "*/*"}), ("/v1/boom", BROWSER)):
        api = crashing.get(path, headers=headers)
        assert api.status_code == 500
        assert api.json()["error"]["code"] == "internal"


def test_a_form_too_large_is_the_error_page_in_the_pages_language(site: Site) -> None:
    form = {"note": "ก" * (700 << 10)}  # two MiB once percent-encoded, over the 1 MiB limit
    with httpx.Client(base_url=site.base, headers=BROWSER) as browser:
        answer = browser.post("/", data=form)
        assert answer.status_code == 413
        assert answer.headers["content-type"].startswith("text/html")
        assert '<html lang="th">' in answer.text
        assert "ข้อมูลที่ส่งมีขนาดใหญ่เกินไป" in answer.text
        english = browser.post("/", params={"lang": "en"}, data=form)
        assert "What was sent is too large" in english.text
        assert browser.get("/signin").status_code == 200, "the connection, drained, serves the next page"
    api = httpx.post(site.base + "/v1/plans", content=b"{" + b" " * (2 << 20) + b"}", headers=BROWSER)
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "payload_too_large"
