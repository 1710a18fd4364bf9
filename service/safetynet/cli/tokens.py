"""``safetynet token create | list | revoke``: who holds which bearer token. A token is printed once, when it is
made; the store keeps only its hash, and a list shows ids, roles and organizations, never a token."""

from __future__ import annotations

from typing import Annotated

import typer

from safetynet.auth import ROLES, ROLES_WITH_ORGANIZATION
from safetynet.cli.common import data_files, database, fail, settings

token_app = typer.Typer(help="Bearer tokens for the API.", no_args_is_help=True)
_OWNED = " and ".join(r for r in ROLES if r in ROLES_WITH_ORGANIZATION)


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help=" | ".join(ROLES))],
    organization: Annotated[str | None, typer.Option(help=f"organization id (required for {_OWNED})")] = None,
    label: Annotated[str | None, typer.Option(help="a note on who holds it (no personal data)")] = None,
) -> None:
    """Print a new bearer token (only its hash is kept)."""
    from safetynet.runtime.build import build_network  # noqa: PLC0415
    from safetynet.store import Store  # noqa: PLC0415

    if role not in ROLES:
        fail(f"--role: {role!r} is not one of {', '.join(ROLES)}")
    if role in ROLES_WITH_ORGANIZATION and not organization:
        fail(f"--organization: a {role} token belongs to an organization; give its id")
    options = settings()
    if organization:
        with data_files("check --organization", catalogue=options.rules_dir):
            network = build_network(options)
        if network.organization(organization) is None:
            fail(f"--organization: no organization {organization!r} in {options.graph_dir}")
    with database("create a token", options), Store.open(options.resolved_database_url()) as store:
        typer.echo(store.tokens.create_token(role, organization, label))


@token_app.command("list")
def token_list() -> None:
    """List the tokens: id, role, organization, label, created, revoked (never the tokens themselves)."""
    from safetynet.store import Store  # noqa: PLC0415

    options = settings()
    with database("list the tokens", options), Store.open(options.resolved_database_url()) as store:
        listed = store.tokens.list_tokens()
    for t in listed:
        revoked = f"revoked {t.revoked_at:%Y-%m-%d %H:%M} UTC" if t.revoked_at else "live"
        fields = [t.id, t.role, t.organization_id or "-", f"{t.created_at:%Y-%m-%d %H:%M} UTC", revoked, t.label]
        typer.echo("  ".join(f for f in fields if f))


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="the id from `safetynet token list` (tok_...)")]) -> None:
    """Revoke a token: refused from now on (by a server process that has it cached: within 10 s)."""
    from safetynet.store import Store  # noqa: PLC0415

    options = settings()
    with database("revoke the token", options), Store.open(options.resolved_database_url()) as store:
        revoked = store.tokens.revoke_token(token_id)
    if not revoked:
        fail(f"no live token {token_id!r}: see `safetynet token list`")
    typer.echo(f"revoked {token_id}")
