"""``install_web(app, settings)``: the pages, their static files and the session secret, mounted on the API's app
by ``api/app.py``'s ``create_app``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from safetynet.settings import Settings
from safetynet.web.pages import board, cases, plans, policy, signin
from safetynet.web.render import HERE
from safetynet.web.session import Signer, load_secret
from safetynet.web.viewer import Viewer

Tile = tuple[str, str, str]  # url, label, hint


def menu(viewer: Viewer) -> list[Tile]:
    """What the viewer's role may open, in the order it is shown: the role decides, as in the API."""
    actor = viewer.actor
    if actor is None:
        return []
    tiles: list[Tile] = []
    if actor.role in ("admin", "cm"):
        tiles.append(("/cases/new", "new_case", "new_case_hint"))
    if actor.role == "admin" or _is_core_team(viewer):
        tiles.append(("/board", "board", "board_hint"))
    tiles += [("/rules", "rules_page", "rules_hint"), ("/network", "network_page", "network_hint")]
    return tiles


def _is_core_team(viewer: Viewer) -> bool:
    actor = viewer.actor
    org = viewer.runtime.network.organization(actor.organization_id) if actor and actor.organization_id else None
    return org is not None and org.kind == "core_team"


def install_web(app: FastAPI, settings: Settings) -> None:
    app.state.web_signer = Signer(load_secret(settings.var_dir))
    app.state.web_tiles = menu
    app.state.web_nav = lambda viewer: [(url, key) for url, key, _ in menu(viewer)]
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="web-static")
    for module in (signin, cases, plans, board, policy):
        app.include_router(module.router)
