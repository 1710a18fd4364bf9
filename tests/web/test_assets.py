"""``web/assets.py``: the static files, asked of the real server (``site``), each with ``nosniff`` and a policy
that runs no script of its own (the SVG icon opened as a document), first asked and asked again (304)."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import Site


@pytest.mark.parametrize("name", ["style.css", "htmx.min.js", "address.js", "favicon.svg"])
def test_every_static_file_says_nosniff_and_runs_nothing_on_its_own(site: Site, name: str) -> None:
    with httpx.Client(base_url=site.base) as client:
        first = client.get(f"/static/{name}")
        again = client.get(f"/static/{name}", headers={"If-None-Match": first.headers["etag"]})
    assert first.status_code == 200
    assert again.status_code == 304
    for answer in (first, again):
        assert answer.headers["x-content-type-options"] == "nosniff"
        policy = answer.headers["content-security-policy"]
        assert policy.startswith("default-src 'none'")
        assert "script-src" not in policy
        assert "frame-ancestors 'none'" in policy
