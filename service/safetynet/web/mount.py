"""``install_web(app, settings)``: the pages, their static files, the session secret and the 404 page of an address
nobody has, mounted on the API's app by ``api/app.py``'s ``create_app``."""

from __future__ import annotations

from fastapi import FastAPI, Request, Response

from safetynet.auth import can_create_plan
from safetynet.errors import SafetynetError
from safetynet.referrals.reach import core_team_province
from safetynet.settings import Settings
from safetynet.web.assets import Assets
from safetynet.web.pages import board, cases, plans, policy, referrals, signin
from safetynet.web.render import HERE, domain_error_page, error_page
from safetynet.web.session import Signer, load_secret
from safetynet.web.viewer import Viewer, viewer
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


async def not_found_page(request: Request) -> Response:
    """The 404 of an address that neither a page nor an API route has, asked by a browser (``api/errors.py``,
    ``wants_page``): the error page in the visitor's language, with the menu when signed in, as on every page."""
    try:
        seen = await viewer(request, request.app.state.runtime)
    except SafetynetError as exc:  # the session's token over its rate, or the database out of reach
        return domain_error_page(request, exc)
    if seen.actor is None:
        request.state.web_viewer = None  # nobody signed in: no menu, and no session cookie for a wrong address
    return error_page(request, 404, word("not_found", seen.lang))


def install_web(app: FastAPI, settings: Settings) -> None:
    app.state.web_signer = Signer(load_secret(settings.var_dir))
    app.state.web_not_found = not_found_page
    app.state.web_tiles = menu
    app.state.web_nav = lambda viewer: [(url, key) for url, key, _ in menu(viewer)]
    app.mount("/static", Assets(directory=HERE / "static"), name="web-static")
    for module in (signin, cases, plans, referrals, board, policy):
        app.include_router(module.router)
