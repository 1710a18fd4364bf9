"""The browser side of the page tests: Debian's Chromium driven by Playwright (never `playwright install`), one
browser for the whole session; every page opened through ``Tab.open`` is checked for console errors and by axe-core
(no serious or critical violation) and photographed into ``var/screenshots/`` at its viewport."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported only when a browser is launched (conftest.py): without Playwright, tests/web is skipped
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Response, ViewportSize

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
SCREENSHOTS = ROOT / "var" / "screenshots"
AXE = (Path(__file__).with_name("axe.min.js")).read_text(encoding="utf-8")
#: What axe reports, per violation: its rule, impact, help and the first nodes it found.
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""


#: (page name, viewport) already checked by axe and photographed in this session: once each is enough.
CHECKED: set[tuple[str, str]] = set()


@dataclass
class Tab:
    """One browser context (its own cookies) at one viewport, and the page it shows."""

    page: Page
    base: str
    viewport: str
    errors: list[str] = field(default_factory=list)

    @classmethod
    def open_in(cls, browser: Browser, base: str, viewport: str) -> Tab:
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="th-TH", timezone_id="Asia/Bangkok")
        page = context.new_page()
        page.set_default_timeout(10_000)
        tab = cls(page, base, viewport)

        def console(message: ConsoleMessage) -> None:
            if message.type == "error":
                tab.errors.append(message.text)

        def page_error(error: Error) -> None:
            tab.errors.append(str(error))

        page.on("console", console)
        page.on("pageerror", page_error)
        return tab

    def close(self) -> None:
        self.page.context.close()

    def goto(self, path: str, shot: str | None = None, status: int = 200) -> Response:
        response = self.page.goto(self.base + path)
        assert response is not None
        assert response.status == status, f"{path}: {response.status}"
        self.check(shot, status)
        return response

    def check(self, shot: str | None, status: int = 200) -> None:
        """No console error (but the one Chromium prints for the status the page was expected to answer); for a page
        named ``shot``, the first time it is seen at this viewport: no serious or critical axe violation, and its
        screenshot in var/screenshots/."""
        self.page.wait_for_load_state("load")
        expected = f"status of {status}" if status >= 400 else None
        errors = [e for e in self.errors if not (expected and expected in e)]
        assert errors == [], f"{self.page.url}: console errors: {errors}"
        self.errors.clear()
        if self.viewport == "phone":  # a page that scrolls sideways on a phone hides what is at its right edge
            wider = self.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert wider <= 0, f"{self.page.url}: the page is {wider} px wider than the phone"
        if not shot or (shot, self.viewport) in CHECKED:
            return
        CHECKED.add((shot, self.viewport))
        self.page.evaluate(AXE)
        bad = [v for v in self.page.evaluate(AXE_RUN) if v["impact"] in ("serious", "critical")]
        assert bad == [], f"{self.page.url}: axe: {bad}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{shot}-{self.viewport}.png"), full_page=True)

    def sign_in(self, token: str) -> None:
        self.goto("/signin", shot="signin")
        self.page.get_by_label(re.compile("โทเค็น")).fill(token)
        self.page.get_by_role("button", name="เข้าสู่ระบบ").click()
        self.page.wait_for_url(re.compile(r"/$|/[a-z]"))
        self.check(None)

    def submit(self, button: str, shot: str | None = None, status: int = 200) -> None:
        """Click the button named ``button`` and check the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button).click()
        self.check(shot, status)


@contextmanager
def opened(browser: Browser, base: str, viewport: str) -> Iterator[Tab]:
    """A tab (``Tab.open_in``), closed after the test however it ends."""
    tab = Tab.open_in(browser, base, viewport)
    try:
        yield tab
    finally:
        tab.close()
