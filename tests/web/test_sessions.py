"""What a person meets when a page is out of date or refused (Starlette's test client, SQLite): a sign-in form left
open longer than its CSRF token lives comes back, fresh, saying so, and signs nobody in; an error page shown to a
signed-in person keeps the menu and the sign-out of every page."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from safetynet.runtime.build import Runtime
from safetynet.web.session import COOKIE, Session, Signer, load_secret
from tests.store.test_tokens import token_reads
from tests.web.test_form_addresses import at_the_agency
from tests.web.test_pages import csrf_of, fresh, runtime, signed_in

__all__ = ["runtime"]  # the module's fixture, shared
EXPIRED_TH = "แบบฟอร์มเข้าสู่ระบบหมดอายุแล้ว"
EXPIRED_EN = "The sign-in form had expired"


def session_of(runtime: Runtime, client: TestClient) -> Session | None:
    return Signer(load_secret(runtime.settings.var_dir)).loads(client.cookies.get(COOKIE))


def test_a_sign_in_form_left_open_past_its_session_comes_back_fresh_saying_so(runtime: Runtime) -> None:
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    client = fresh(runtime)
    stale = csrf_of(client.get("/signin?next=/inbox").text)
    client.cookies.clear()  # hours later: the browser dropped the session cookie at its Max-Age, the tab is still open
    answer = client.post("/signin", data={"csrf": stale, "token": token, "next": "/inbox"}, follow_redirects=False)
    assert answer.status_code == 200
    assert f'<p class="notice" role="status">{EXPIRED_TH}' in answer.text
    assert 'name="next" value="/inbox"' in answer.text  # where sign-in leads, kept
    assert token not in answer.text  # the token is typed again, never written back into a page
    session = session_of(runtime, client)
    assert session is not None
    assert session.token_id is None  # nobody signed in
    assert client.get("/", follow_redirects=False).status_code == 303
    fresh_csrf = csrf_of(answer.text)
    assert fresh_csrf != stale
    assert fresh_csrf == session.csrf
    again = client.post("/signin", data={"csrf": fresh_csrf, "token": token, "next": "/inbox"}, follow_redirects=False)
    assert again.status_code == 303
    assert again.headers["location"] == "/inbox"


def test_the_expired_sign_in_form_speaks_the_pages_language(runtime: Runtime) -> None:
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    client = fresh(runtime)
    stale = csrf_of(client.get("/signin?lang=en").text)
    client.cookies.delete(COOKIE)
    answer = client.post("/signin", data={"csrf": stale, "token": token})
    assert EXPIRED_EN in answer.text
    assert '<html lang="en">' in answer.text


def test_a_sign_in_post_from_elsewhere_signs_nobody_in(runtime: Runtime) -> None:
    """Login CSRF: a page elsewhere posts the attacker's token; SameSite=Strict keeps the cookie from being sent, and
    a post with no session, or with another session's token, signs nobody in."""
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    other, _ = signed_in(runtime)
    stranger = csrf_of(other.get("/").text)
    for csrf in (None, "", stranger, "x" * 32):
        client = fresh(runtime)
        client.get("/signin")
        body = {"token": token} | ({"csrf": csrf} if csrf is not None else {})
        answer = client.post("/signin", data=body, follow_redirects=False)
        assert answer.status_code == 200
        assert EXPIRED_TH in answer.text
        session = session_of(runtime, client)
        assert session is None or session.token_id is None
        assert client.get("/", follow_redirects=False).status_code == 303
    client = fresh(runtime)
    assert client.post("/signin", json={"token": token}, follow_redirects=False).status_code == 200  # not a form
    session = session_of(runtime, client)
    assert session is None or session.token_id is None


NAV = '<nav aria-label="เมนูหลัก" class="nav">'
SIGN_OUT = '<form class="signout" method="post" action="/signout">'


def in_the_layout(page: str) -> bool:
    """The page has the menu, the sign-out and the footer saying who is signed in."""
    return NAV in page and SIGN_OUT in page and '<footer class="who">' in page


@pytest.mark.parametrize(
    ("path", "status"), [("/board", 403), ("/plans/pln_unknown", 404), ("/referrals/" + "r" * 65, 404)]
)
def test_an_error_page_shown_to_a_signed_in_cm_keeps_the_menu_and_the_sign_out(
    runtime: Runtime, path: str, status: int
) -> None:
    cm, _ = signed_in(runtime)
    answer = cm.get(path)
    assert answer.status_code == status
    assert in_the_layout(answer.text), answer.text
    assert '<a href="/cases/new">' in answer.text  # the CM's own menu
    assert "กลับหน้าแรก" in answer.text
    out = cm.post("/signout", data={"csrf": csrf_of(answer.text)}, follow_redirects=False)
    assert out.headers["location"] == "/signin?why=signed_out"  # its sign-out works


def test_a_refused_form_and_an_action_out_of_reach_keep_the_menu_too(runtime: Runtime) -> None:
    agency, _, referral = at_the_agency(runtime, "PLK-ERR-1")
    refused = agency.post(f"{referral}/acknowledge", data={"csrf": "wrong"})
    assert refused.status_code == 403
    assert "CSRF" in refused.text
    assert in_the_layout(refused.text)
    assert '<a href="/inbox">' in refused.text  # the agency's own menu
    writer, _ = signed_in(runtime, "policy_writer", None)
    forbidden = writer.get("/inbox?lang=en")
    assert forbidden.status_code == 403
    assert '<nav aria-label="Main menu" class="nav">' in forbidden.text
    assert '<a href="/rules">' in forbidden.text


def test_an_error_page_without_a_valid_session_has_no_menu(runtime: Runtime) -> None:
    revoked, token = signed_in(runtime)
    known = runtime.require_store().tokens
    actor = known.actor_for_token(token)
    assert actor is not None
    known.revoke_token(actor.token_id)
    for client in (fresh(runtime), revoked):
        answer = client.get("/referrals/ref_x/" + "a" * 17)  # an address no page has, open to anyone: a 404 page
        assert answer.status_code == 404
        assert "ไม่พบหน้านี้" in answer.text
        assert NAV not in answer.text
        assert SIGN_OUT not in answer.text


def test_a_revoked_sessions_cookie_replayed_costs_no_database_read_per_request(runtime: Runtime) -> None:
    """A browser drops the cookie when the page answers with a new one; a hostile client keeps sending it, to any
    address (a 404 page is open to anyone). Its token names no one, so no rate limit counts it: each request read the
    tokens table. Now the first one does, and the rest find it remembered."""
    revoked, token = signed_in(runtime)
    cookie = revoked.cookies[COOKIE]
    store = runtime.require_store()
    actor = store.tokens.actor_for_token(token)
    assert actor is not None
    store.tokens.revoke_token(actor.token_id)
    replaying = fresh(runtime)
    with token_reads(store) as reads:
        for _ in range(20):
            answer = replaying.get("/nosuchpage", headers={"Accept": "text/html", "Cookie": f"{COOKIE}={cookie}"})
            assert answer.status_code == 404
            assert NAV not in answer.text
    assert len(reads) <= 1


@pytest.mark.parametrize("path", ["/signin", "/", "/nosuchpage"])
@pytest.mark.parametrize("cookie", [b"abc.\xc3\xa9", b"\xff.\xff", b"eyJ0IjpudWxsfQ.\xe9\xe9"])
def test_a_session_cookie_of_bytes_beyond_ascii_is_no_session_not_a_500(
    runtime: Runtime, path: str, cookie: bytes
) -> None:
    """A cookie is whatever a client sends (or a sibling site sets for the parent domain): one with a byte past ASCII
    answered 500 on every page, the sign-in form too, until the person cleared the browser's cookies."""
    sent = {b"accept": b"text/html", b"cookie": COOKIE.encode("ascii") + b"=" + cookie}
    answer = fresh(runtime).get(path, headers=sent, follow_redirects=False)
    assert answer.status_code in (200, 303, 404)
    assert answer.status_code == 303 or answer.headers["content-type"].startswith("text/html")
    assert Signer(load_secret(runtime.settings.var_dir)).loads(cookie.decode("latin-1")) is None
