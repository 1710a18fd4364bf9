"""An address that neither a page nor an API route has, asked over plain HTTP of the real server (``site``): a
browser gets the web's own 404 page in its language, in the layout with the menu when signed in; an API client,
and any address of the API (``/v1/...``, ``/docs``, ``/openapi.json``), the API's JSON error exactly as before."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import Site

#: What Chromium and Firefox send when the address bar asks for a page.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"}
JSON_NOT_FOUND = {"error": {"code": "not_found", "message": "Not Found", "details": []}}
WRONG = ["/nosuchpage", "/plan/x", "/cases/new/x", "/static-nothing"]


def sign_in(browser: httpx.Client, token: str) -> None:
    form = browser.get("/signin").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', form)
    assert csrf, form
    answer = browser.post("/signin", data={"csrf": csrf.group(1), "token": token, "next": "/"})
    assert answer.status_code == 303, answer.text


@pytest.mark.parametrize("path", WRONG)
def test_a_browser_gets_the_web_404_page_in_its_language(site: Site, path: str) -> None:
    with httpx.Client(base_url=site.base, headers=BROWSER) as browser:
        thai = browser.get(path)
        assert thai.status_code == 404
        assert thai.headers["content-type"].startswith("text/html")
        assert '<html lang="th">' in thai.text
        assert "ไม่พบหน้านี้ หรือคุณไม่มีสิทธิ์เข้าถึง" in thai.text
        assert '<nav aria-label="' not in thai.text  # nobody signed in: no menu
        assert "set-cookie" not in thai.headers  # nor a session for an address that is not ours
        assert thai.headers["content-security-policy"].startswith("default-src 'none'")  # as every page
        english = browser.get(path, params={"lang": "en"})
        assert english.status_code == 404
        assert '<html lang="en">' in english.text
        assert "Not found, or not within your reach" in english.text
        assert "ไม่พบหน้านี้" in browser.get(path, params={"lang": "th"}).text


def test_a_signed_in_browser_gets_the_404_page_with_its_menu(site: Site) -> None:
    with httpx.Client(base_url=site.base, headers=BROWSER) as browser:
        sign_in(browser, site.tokens["cm"])
        browser.get("/", params={"lang": "en"})  # the language the visitor chose, kept in its cookie
        page = browser.get("/plan/x")
        assert page.status_code == 404
        assert '<html lang="en">' in page.text
        assert "Not found, or not within your reach" in page.text
        assert '<nav aria-label="' in page.text
        assert 'href="/cases/new"' in page.text  # a CM's menu
        assert 'action="/signout"' in page.text


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/html;q=0", "application/json, text/*"])
@pytest.mark.parametrize("path", WRONG)
def test_an_api_client_keeps_the_json_404(site: Site, path: str, accept: str | None) -> None:
    headers = {} if accept is None else {"Accept": accept}
    with httpx.Client(base_url=site.base) as client:
        client.headers.pop("accept")
        answer = client.get(path, headers=headers)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == JSON_NOT_FOUND


API = ["/v1", "/v1/plan/x", "/v1/nosuch", "/docs/nosuch", "/docs/assets/x.js", "/openapi.json/x"]


@pytest.mark.parametrize("path", API)
def test_an_address_of_the_api_keeps_the_json_404_even_for_a_browser(site: Site, path: str) -> None:
    with httpx.Client(base_url=site.base, headers=BROWSER) as browser:
        answer = browser.get(path)
    assert answer.status_code == 404
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == JSON_NOT_FOUND


@pytest.mark.parametrize("path", ["//evil.example/signin", "///evil.example/", "/%2F%2Fevil.example/x"])
def test_the_404_page_of_an_address_naming_another_site_links_only_here(site: Site, path: str) -> None:
    """``https://safetynet.example//evil.example/signin`` is our own 404 page, with the visitor's menu: its links
    (the language switch) must not lead to evil.example, which could ask for the token again."""
    with httpx.Client(base_url=site.base, headers=BROWSER) as browser:
        sign_in(browser, site.tokens["cm"])
        page = browser.get(httpx.URL(site.base + path))  # whole: a path alone would be joined as a URL of its own
    assert page.status_code == 404
    links = re.findall(r'(?:href|action|src)="([^"]*)"', page.text)
    assert links
    assert all(not link.startswith("//") and "evil.example" not in link for link in links), links
