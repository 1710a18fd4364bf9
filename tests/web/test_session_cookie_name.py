"""The session cookie over HTTPS is ``__Host-`` prefixed (Secure, path /, no Domain): a sibling subdomain cannot set
it. Over plain HTTP (the demo on localhost) the plain name is kept, and each name is read only where it is written."""

from __future__ import annotations

from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime
from safetynet.web.session import COOKIE, SECURE_COOKIE
from tests.web.test_pages import csrf_of, runtime

__all__ = ["runtime"]  # the module's fixture, shared


def _sign_in(client: TestClient, runtime: Runtime) -> str:
    token = runtime.require_store().tokens.create_token("cm", "plk-cm-unit")
    form = {"csrf": csrf_of(client.get("/signin").text), "token": token}
    answer = client.post("/signin", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    written: str = answer.headers["set-cookie"]
    return written


def test_over_https_the_session_cookie_is_host_prefixed_and_secure(runtime: Runtime) -> None:
    client = TestClient(create_app(runtime.settings, runtime=runtime), base_url="https://testserver")
    written = _sign_in(client, runtime)
    assert written.startswith(f"{SECURE_COOKIE}=")
    attributes = [part.strip().lower() for part in written.split(";")]
    assert "secure" in attributes
    assert "path=/" in attributes
    assert not any(part.startswith("domain=") for part in attributes)
    assert client.get("/", follow_redirects=False).status_code == 200  # the session opens pages


def test_behind_a_proxy_that_says_https_the_prefix_is_used_too(runtime: Runtime) -> None:
    client = TestClient(create_app(runtime.settings, runtime=runtime))
    written = client.get("/signin", headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
    assert written.startswith(f"{SECURE_COOKIE}=")
    assert "secure" in written.lower()


def test_a_forwarded_proto_from_anyone_never_loosens_the_cookie_over_https(runtime: Runtime) -> None:
    """``X-Forwarded-Proto`` is believed from any client: only to add ``Secure`` and the prefix, never to drop them."""
    client = TestClient(create_app(runtime.settings, runtime=runtime), base_url="https://testserver")
    written = client.get("/signin", headers={"X-Forwarded-Proto": "http"}).headers["set-cookie"]
    assert written.startswith(f"{SECURE_COOKIE}=")
    assert "secure" in [part.strip().lower() for part in written.split(";")]


def test_over_https_a_plain_session_cookie_set_by_a_sibling_opens_nothing(runtime: Runtime) -> None:
    plain = TestClient(create_app(runtime.settings, runtime=runtime))
    written = _sign_in(plain, runtime)
    assert written.startswith(f"{COOKIE}=")  # plain HTTP, as `make run` on localhost: the plain name works
    assert plain.get("/", follow_redirects=False).status_code == 200
    planted = plain.cookies[COOKIE]  # a valid session, as another subdomain could plant it with Domain=
    secure = TestClient(create_app(runtime.settings, runtime=runtime), base_url="https://testserver")
    answer = secure.get("/", headers={"Cookie": f"{COOKIE}={planted}"}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/signin")
