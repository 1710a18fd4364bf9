"""An address with a trailing slash too many or too few is redirected with a path for Location, never an absolute
URL built from the client's Host header."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

EVIL = {"Host": "elsewhere.example", "Accept": "text/html"}


@pytest.mark.parametrize(
    ("asked", "location"),
    [
        ("/v1/plans/", "/v1/plans"),
        ("/inbox/", "/inbox"),
        ("/static", "/static/"),
        ("/v1/referrals/?status=sent", "/v1/referrals?status=sent"),
        ("/network/?lang=en", "/network?lang=en"),
    ],
)
def test_a_trailing_slash_redirect_names_a_path_not_the_clients_host(
    client: TestClient, asked: str, location: str
) -> None:
    answer = client.get(asked, headers=EVIL, follow_redirects=False)
    assert answer.status_code == 307
    assert answer.headers["location"] == location


def test_the_redirected_address_still_answers(client: TestClient, tokens: dict[str, str]) -> None:
    answer = client.get("/v1/referrals/", headers={"Authorization": f"Bearer {tokens['cm_plk']}"})
    assert answer.status_code == 200
    assert answer.url.path == "/v1/referrals"


def test_a_path_a_browser_reads_as_another_host_is_not_redirected(client: TestClient) -> None:
    asked = "http://testserver//elsewhere.example/"  # the path //elsewhere.example/, on this server
    answer = client.get(asked, headers={"Accept": "application/json"}, follow_redirects=False)
    assert answer.status_code == 404
    assert "location" not in answer.headers
