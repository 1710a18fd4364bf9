"""The API's addresses, named once (``api/paths.py``): what lies under one, and what only starts like it."""

from __future__ import annotations

import pytest

from safetynet.api.paths import API_PATHS, API_PREFIX, under


@pytest.mark.parametrize("path", ["/v1", "/v1/plans", "/v1/referrals/ref_1/accept"])
def test_the_api_prefix_and_what_lies_under_it_are_the_api(path: str) -> None:
    assert under(path, API_PREFIX)


@pytest.mark.parametrize("path", ["/v1x", "/v10/plans", "/", "/plans/v1", "/docsx"])
def test_a_path_that_only_starts_like_an_api_address_is_not_one(path: str) -> None:
    assert not any(under(path, api) for api in API_PATHS)


def test_the_documents_are_api_addresses_too() -> None:
    assert under("/docs/assets/swagger-ui.css", "/docs")
    assert "/openapi.json" in API_PATHS
