"""A page's title names it, then the service, once: the home page's title is the service's name alone. It read
"safetynet ระบบส่งต่อความช่วยเหลือเด็ก · safetynet" (the service's name, which begins with "safetynet", then the
suffix every page's title ends with)."""

from __future__ import annotations

import re

import pytest

from safetynet.runtime.build import Runtime
from tests.web.test_pages import runtime, signed_in

__all__ = ["runtime"]  # the module's runtime fixture, shared


def _title(html: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html, re.S)
    assert found, html[:300]
    return found.group(1).strip()


@pytest.mark.parametrize(
    ("lang", "home"),
    [("th", "safetynet ระบบส่งต่อความช่วยเหลือเด็ก"), ("en", "safetynet: referrals for children")],
)
def test_the_home_pages_title_says_safetynet_once(runtime: Runtime, lang: str, home: str) -> None:
    cm, _ = signed_in(runtime)
    assert _title(cm.get(f"/?lang={lang}").text) == home
    for path in ("/cases/new", "/referrals", "/signin"):  # the other pages: their name, then the service's
        title = _title(cm.get(f"{path}?lang={lang}").text)
        assert title.endswith(" · safetynet"), title
        assert title.count("safetynet") == 1, title
