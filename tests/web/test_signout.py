"""Signing out ends the session on the server, not only in the browser that drops its cookie: a copy of the cookie
(a shared computer's other browser profile, a proxy's log) opens no page after it, in this server process and in
another sharing the database; the person's other sessions, and a new sign-in, go on."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.store import signouts
from safetynet.web.session import COOKIE
from tests.web.browser import opened
from tests.web.conftest import Site
from tests.web.test_pages import csrf_of, fresh, runtime

if TYPE_CHECKING:  # without Playwright the browser test is skipped (conftest.py), not failed at import
    from playwright.sync_api import Browser

__all__ = ["runtime"]  # the module's fixture, shared


def _sign_in(client: TestClient, token: str) -> None:
    form = {"csrf": csrf_of(client.get("/signin").text), "token": token}
    assert client.post("/signin", data=form, follow_redirects=False).status_code == 303


def _opens_home(client: TestClient, cookie: str) -> bool:
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)
    return bool(client.get("/", follow_redirects=False).status_code == 200)


def test_a_copy_of_the_cookie_opens_nothing_after_sign_out_in_any_process(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signouts, "LIVE_CACHE_SECONDS", 0.0)  # another process asks the database at once
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    client, other_tab = fresh(runtime), fresh(runtime)
    _sign_in(client, token)
    _sign_in(other_tab, token)  # the same person signed in elsewhere: a session of its own
    copied = client.cookies[COOKIE]
    elsewhere = build_runtime(runtime.settings)  # another server process sharing the database
    try:
        other_process = TestClient(create_app(runtime.settings, runtime=elsewhere))
        assert _opens_home(other_process, copied)  # the copy works while the session lasts
        home = client.get("/")
        answer = client.post("/signout", data={"csrf": csrf_of(home.text)}, follow_redirects=False)
        assert answer.headers["location"] == "/signin?why=signed_out"
        replay = fresh(runtime)
        replay.cookies.set(COOKIE, copied)
        ended = replay.get("/inbox", follow_redirects=False)
        assert ended.status_code == 303
        assert ended.headers["location"].startswith("/signin?next=/inbox")
        assert not _opens_home(other_process, copied)
        assert other_tab.get("/", follow_redirects=False).status_code == 200, "the other session goes on"
        _sign_in(client, token)
        assert client.get("/", follow_redirects=False).status_code == 200, "signing in again starts a new one"
    finally:
        elsewhere.close()


def test_after_sign_out_in_the_browser_a_saved_cookie_opens_nothing(browser: Browser, site: Site) -> None:
    with opened(browser, site.base, "phone") as cm:
        cm.sign_in(site.tokens["cm"])
        value = next(c.get("value") for c in cm.page.context.cookies() if c.get("name") == COOKIE)
        assert value
        cm.submit("ออกจากระบบ")
        assert cm.page.url.endswith("/signin?why=signed_out")
        with opened(browser, site.base, "phone") as later:  # the next person on the shared computer, with the copy
            later.page.context.add_cookies([{"name": COOKIE, "value": value, "url": site.base}])
            later.page.goto(site.base + "/referrals")
            later.check(None)
            assert re.search(r"/signin\?next=/referrals", later.page.url)
            assert later.page.get_by_label(re.compile("โทเค็น")).is_visible()
