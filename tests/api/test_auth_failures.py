"""Failed authentications per client address: an unknown bearer token or a wrong sign-in costs a database read,
and a guesser tries one after the other. Past ``SAFETYNET_AUTH_FAILURES_PER_MINUTE`` the client is answered 429
with Retry-After before any read; valid tokens and other addresses go on."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.requests import HTTPConnection

from safetynet.api.app import create_app
from safetynet.api.authfailures import AuthFailures
from safetynet.api.server import server_config
from safetynet.errors import TooManyFailures
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.settings import Settings
from tests.api.client import bearer, shipped_settings
from tests.store.test_tokens import token_reads
from tests.web.test_pages import csrf_of

GUESSER, OTHER = ("203.0.113.7", 40000), ("198.51.100.9", 40000)
UNKNOWN = "snt_" + "A" * 43  # shaped like a token, so that it is looked up


def _from(host: str) -> HTTPConnection:
    return HTTPConnection({"type": "http", "client": (host, 1), "headers": [], "path": "/", "query_string": b""})


def test_a_client_may_fail_its_allowance_at_once_then_that_many_a_minute() -> None:
    now = [100.0]
    failures = AuthFailures(per_minute=3, clock=lambda: now[0])
    for _ in range(3):
        failures.check(_from("203.0.113.7"))
        failures.failed(_from("203.0.113.7"))
    with pytest.raises(TooManyFailures) as caught:
        failures.check(_from("203.0.113.7"))
    assert caught.value.retry_after == 20  # one failure back every 60 / 3 seconds
    assert caught.value.code == "too_many_failures"
    failures.check(_from("198.51.100.9"))  # another address has its own count
    now[0] += 20
    failures.check(_from("203.0.113.7"))


def test_an_ipv6_client_counts_by_its_64_not_by_each_address() -> None:
    failures = AuthFailures(per_minute=2, clock=lambda: 0.0)
    failures.failed(_from("2001:db8:1:2::1"))
    failures.failed(_from("2001:db8:1:2:ffff::9"))
    with pytest.raises(TooManyFailures):
        failures.check(_from("2001:db8:1:2::abcd"))
    failures.check(_from("2001:db8:1:3::1"))  # another /64


@pytest.fixture(scope="module")
def runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    tmp = tmp_path_factory.mktemp("authfailures")
    settings = shipped_settings(tmp, f"sqlite:///{tmp / 'db.sqlite'}").model_copy(
        update={"auth_failures_per_minute": 3}
    )
    built = build_runtime(settings)
    try:
        yield built
    finally:
        built.close()


def test_unknown_tokens_from_one_address_get_429_without_a_database_read(runtime: Runtime) -> None:
    store = runtime.require_store()
    token = store.tokens.create_token("cm", "plk-cm-unit")
    app = create_app(runtime.settings, runtime=runtime)
    guesser, other = TestClient(app, client=GUESSER), TestClient(app, client=OTHER)
    assert [guesser.get("/v1/rules", headers=bearer(UNKNOWN)).status_code for _ in range(3)] == [401] * 3
    with token_reads(store) as reads:
        refused = guesser.get("/v1/rules", headers=bearer(UNKNOWN))
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "too_many_failures"
    assert int(refused.headers["Retry-After"]) >= 1
    assert reads == []  # refused before the tokens table is read
    # Another address: its valid token and its own failure are its own.
    assert other.get("/v1/rules", headers=bearer(token)).status_code == 200
    assert other.get("/v1/rules", headers=bearer(UNKNOWN)).status_code == 401
    # A valid token this process knows needs no read, and passes even from the guesser's address.
    assert guesser.get("/v1/rules", headers=bearer(token)).status_code == 200


def test_wrong_sign_ins_from_one_address_get_429_in_the_pages_language(runtime: Runtime) -> None:
    store = runtime.require_store()
    token = store.tokens.create_token("cm", "plk-cm-unit")
    app = create_app(runtime.settings, runtime=runtime)
    guesser, other = TestClient(app, client=("192.0.2.44", 1)), TestClient(app, client=("192.0.2.45", 1))
    csrf = csrf_of(guesser.get("/signin").text)
    for _ in range(3):
        wrong = guesser.post("/signin", data={"csrf": csrf, "token": UNKNOWN})
        assert wrong.status_code == 200
        assert "โทเค็นไม่ถูกต้อง" in wrong.text
    with token_reads(store) as reads:
        refused = guesser.post("/signin", data={"csrf": csrf, "token": UNKNOWN})
    assert reads == []
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) >= 1
    assert "เข้าสู่ระบบไม่สำเร็จจากเครื่องนี้บ่อยเกินไป" in refused.text
    english = guesser.post("/signin?lang=en", data={"csrf": csrf, "token": UNKNOWN})
    assert english.status_code == 429
    assert "too many failed sign-ins from this address" in english.text
    other_csrf = csrf_of(other.get("/signin").text)
    signed = other.post("/signin", data={"csrf": other_csrf, "token": token}, follow_redirects=False)
    assert signed.status_code == 303  # another address signs in


def test_x_forwarded_for_is_believed_only_from_the_proxies_a_setting_names(tmp_path: Path) -> None:
    """uvicorn believes it from 127.0.0.1 by default: a local guesser would name a new address with each try."""
    plain = server_config(object(), Settings(var_dir=tmp_path), "127.0.0.1", 8000)
    assert plain.proxy_headers is False
    proxied = Settings(var_dir=tmp_path, forwarded_allow_ips="127.0.0.1")
    behind = server_config(object(), proxied, "127.0.0.1", 8000)
    assert behind.proxy_headers is True
    assert behind.forwarded_allow_ips == "127.0.0.1"
