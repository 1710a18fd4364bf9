"""``/docs`` works offline: Swagger UI's files come from the package, and the page names no other host."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from safetynet.api.docs import ASSETS

URL = re.compile(r"""(?:src|href|url)\s*[=:(]\s*['"]?([^'"\s)>]+)|['"]((?:https?:)?//[^'"]+)['"]""")


def test_the_docs_page_references_no_external_url(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    found = [a or b for a, b in URL.findall(page.text)]
    assert "/docs/assets/swagger-ui-bundle.js" in found
    assert [u for u in found if u.startswith(("http:", "https:", "//"))] == []
    assert "cdn" not in page.text.lower()
    for asset in re.findall(r"/docs/assets/[\w.-]+", page.text):
        assert client.get(asset).status_code == 200, asset


def test_the_assets_are_shipped_with_their_license() -> None:
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"} <= {p.name for p in ASSETS.iterdir()}
    assert "Apache License" in (ASSETS / "LICENSE").read_text("utf-8")


def test_the_style_loads_nothing_from_another_host() -> None:
    css = (ASSETS / "swagger-ui.css").read_text("utf-8")
    assert re.findall(r"url\(\s*['\"]?(?:https?:)?//", css) == []


def test_redoc_which_needs_a_cdn_is_not_served(client: TestClient) -> None:
    assert client.get("/redoc").status_code == 404
