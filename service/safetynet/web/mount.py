"""``install_web(app, settings)``: the pages, their static files, the session secret and the error pages of what no
page answered (an address nobody has, a method a page does not take, an unexpected exception), mounted on the API's
app by ``api/app.py``'s ``create_app``."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

from safetynet.auth import can_create_plan
from safetynet.errors import SafetynetError
from safetynet.referrals.reach import core_team_province
from safetynet.settings import Settings
from safetynet.web.assets import Assets
from safetynet.web.once import Once
from safetynet.web.pages import board, cases, plans, policy, referrals, signin
from safetynet.web.render import HERE, STATUS_WORD, domain_error_page, error_page
from safetynet.web.session import Signer, load_secret
from safetynet.web.viewer import Viewer, forget_viewer, lang_of, viewer
from safetynet.web.words import word

Tile = tuple[str, str, str]  # url, label, hint


def menu(viewer: Viewer) -> list[Tile]:
    """What the viewer's role may open, in the order it is shown: the role decides, as in the API."""
    actor = viewer.actor
    if actor is None:
        return []
    network = viewer.runtime.network
    tiles: list[Tile] = []
    if can_create_plan(actor):
        tiles.append(("/cases/new", "new_case", "new_case_hint"))
    if actor.role in ("admin", "cm"):
        tiles.append(("/referrals", "sent_referrals", "sent_referrals_hint"))
    if actor.role in ("admin", "agency"):
        tiles.append(("/inbox", "inbox", "inbox_hint"))
    if actor.role in ("admin", "cm", "agency"):
        tiles.append(("/overdue", "overdue", "overdue_hint"))
    if actor.role == "admin" or core_team_province(actor, network) is not None:
        tiles.append(("/board", "board", "board_hint"))
    tiles += [("/rules", "rules_page", "rules_hint"), ("/network", "network_page", "network_hint")]
    return tiles


async def status_page(request: Request, status: int) -> Response:
    """The error of a browser's request outside the API (``api/errors.py``, ``wants_page``) that no page answered: the
    404 of an address nobody has, the 405 of a page's address asked with another method, the 500 of an unexpected
    exception. The error page in the visitor's language, with the menu when signed in, as on every page."""
    if status >= 500:  # something failed: no more lookups; the menu only when the page had found its viewer
        try:
            return error_page(request, status, word("internal", lang_of(request)))
        finally:
            forget_viewer(request)
    key = STATUS_WORD.get(status, "error")
    try:
        seen = await viewer(request, request.app.state.runtime)
    except SafetynetError as exc:  # the session's token over its rate, or the database out of reach
        return domain_error_page(request, exc)
    if seen.actor is None:
        request.state.web_viewer = None  # nobody signed in: no menu, and no session cookie for a wrong address
    try:
        return error_page(request, status, word(key, seen.lang))
    finally:
        forget_viewer(request)


def install_web(app: FastAPI, settings: Settings) -> None:
    app.state.web_signer = Signer(load_secret(settings.var_dir))
    app.state.web_once = Once()
    app.state.web_error_page = status_page
    app.state.web_tiles = menu
    app.state.web_nav = lambda viewer: [(url, key) for url, key, _ in menu(viewer)]
    app.mount("/static", Assets(directory=HERE / "static"), name="web-static")
    for module in (signin, cases, plans, referrals, board, policy):
        app.include_router(module.router)
