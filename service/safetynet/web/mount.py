"""``install_web(app, settings)``: the pages, their static files and the session secret, mounted on the API's app
by ``api/app.py``'s ``create_app``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from safetynet.auth import can_create_plan
from safetynet.referrals.reach import core_team_province
from safetynet.settings import Settings
from safetynet.web.pages import board, cases, plans, policy, referrals, signin
from safetynet.web.render import HERE
from safetynet.web.session import Signer, load_secret
from safetynet.web.viewer import Viewer

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


def install_web(app: FastAPI, settings: Settings) -> None:
    app.state.web_signer = Signer(load_secret(settings.var_dir))
    app.state.web_tiles = menu
    app.state.web_nav = lambda viewer: [(url, key) for url, key, _ in menu(viewer)]
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="web-static")
    for module in (signin, cases, plans, referrals, board, policy):
        app.include_router(module.router)
