"""Bearer tokens: shown once, kept only as a hash, each with a role and (cm, agency) an organization."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from safetynet.auth import ROLES, Role, hash_token
from safetynet.store import InvalidRecord, Store
from safetynet.store import tokens as token_store
from safetynet.store.tables import audit_log, tokens


@pytest.mark.parametrize("role", ROLES)
def test_a_created_token_names_its_role_and_organization(store: Store, role: str) -> None:
    organization = "plk-cm-unit" if role in ("cm", "agency") else None
    raw = store.tokens.create_token(role, organization, label="first token")
    actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    assert (actor.role, actor.organization_id) == (role, organization)
    assert actor.token_id.startswith("tok_")
    assert raw not in actor.token_id


def test_each_token_is_new(store: Store) -> None:
    first, second = store.tokens.create_token("admin", None), store.tokens.create_token("admin", None)
    assert first != second
    one, two = store.tokens.actor_for_token(first), store.tokens.actor_for_token(second)
    assert one is not None
    assert two is not None
    assert one.token_id != two.token_id


@pytest.mark.parametrize(
    "raw", ["", "snt_", "snt_unknown0000000000000000000000000000000", "Bearer x", "snt_" + "a" * 500]
)
def test_an_unknown_or_malformed_token_names_no_one(store: Store, raw: str) -> None:
    store.tokens.create_token("admin", None)
    assert store.tokens.actor_for_token(raw) is None


def test_a_token_that_differs_by_one_character_names_no_one(store: Store) -> None:
    raw = store.tokens.create_token("admin", None)
    changed = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert store.tokens.actor_for_token(changed) is None


def test_a_revoked_token_names_no_one_and_the_others_still_work(store: Store) -> None:
    kept, revoked = store.tokens.create_token("admin", None), store.tokens.create_token("admin", None)
    actor = store.tokens.actor_for_token(revoked)
    assert actor is not None
    assert store.tokens.revoke_token(actor.token_id) is True
    assert store.tokens.actor_for_token(revoked) is None
    assert store.tokens.actor_for_token(kept) is not None
    assert store.tokens.revoke_token(actor.token_id) is False
    assert store.tokens.revoke_token("tok_none") is False


def test_the_database_keeps_the_hash_never_the_token(store: Store) -> None:
    raw = store.tokens.create_token("cm", "plk-cm-unit", label="Phitsanulok CM")
    with store._engine.connect() as connection:
        rows = connection.execute(select(tokens)).all()
    assert len(rows) == 1
    assert all(raw not in str(value) for value in rows[0])
    assert rows[0].token_hash == hash_token(raw)


def test_the_sqlite_file_never_holds_the_raw_token(tmp_path: Path) -> None:
    path = tmp_path / "tokens.db"
    with Store.open(f"sqlite:///{path}") as store:
        raw = store.tokens.create_token("admin", None)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("tokens.db"))
    assert hash_token(raw).encode() in stored
    assert raw.encode() not in stored
    assert raw[len("snt_") :].encode() not in stored


@pytest.mark.parametrize("role", ["cm", "agency"])
def test_cm_and_agency_tokens_need_an_organization(store: Store, role: Role) -> None:
    with pytest.raises(ValueError, match="--organization"):
        store.tokens.create_token(role, None)
    assert not store.tokens.has_token(role)


def test_an_unknown_role_is_refused_with_the_roles_there_are(store: Store) -> None:
    with pytest.raises(ValueError, match="admin, policy_writer, cm, agency"):
        store.tokens.create_token("superuser", None)


@pytest.mark.parametrize(("organization", "label"), [("x" * 65, None), ("plk-cm-unit", "l" * 201), ("a\nb", None)])
def test_over_long_or_control_character_values_are_refused(store: Store, organization: str, label: str | None) -> None:
    with pytest.raises(InvalidRecord):
        store.tokens.create_token("cm", organization, label=label)


def test_has_token_tells_whether_a_live_token_of_a_role_exists(store: Store) -> None:
    assert not store.tokens.has_token("admin")
    raw = store.tokens.create_token("admin", None)
    store.tokens.create_token("policy_writer", None)
    assert store.tokens.has_token("admin")
    actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    store.tokens.revoke_token(actor.token_id)
    assert not store.tokens.has_token("admin")
    assert store.tokens.has_token("policy_writer")


def test_creating_and_revoking_tokens_is_audited(store: Store) -> None:
    raw = store.tokens.create_token("agency", "plk-pao-housing")
    actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    store.tokens.revoke_token(actor.token_id)
    with store._engine.connect() as connection:
        rows = connection.execute(select(audit_log).order_by(audit_log.c.id)).all()
    assert [(r.action, r.token_id, r.role, r.organization_id) for r in rows] == [
        ("token.create", actor.token_id, "agency", "plk-pao-housing"),
        ("token.revoke", actor.token_id, "agency", "plk-pao-housing"),
    ]


def test_a_revocation_by_another_process_applies_once_the_cache_expires(
    store: Store, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = store.tokens.create_token("cm", "plk-cm-unit")
    actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    with Store.open(db_url) as other:  # e.g. `safetynet token revoke` in another process
        assert other.tokens.revoke_token(actor.token_id) is True
    assert store.tokens.actor_for_token(raw) == actor  # remembered for up to TOKEN_CACHE_SECONDS
    monkeypatch.setattr(token_store, "TOKEN_CACHE_SECONDS", 0.0)
    store.tokens._actors.clear()
    assert store.tokens.actor_for_token(raw) is None


def test_the_token_list_shows_each_token_live_or_revoked_and_never_a_secret(store: Store) -> None:
    first = store.tokens.create_token("admin", None, label="core team laptop")
    second = store.tokens.create_token("cm", "plk-cm-unit")
    second_actor = store.tokens.actor_for_token(second)
    assert second_actor is not None
    assert store.tokens.revoke_token(second_actor.token_id)
    listed = store.tokens.list_tokens()
    assert [(t.role, t.organization_id, t.label) for t in listed] == [
        ("admin", None, "core team laptop"),
        ("cm", "plk-cm-unit", None),
    ]
    assert listed[0].revoked_at is None
    assert listed[1].id == second_actor.token_id
    assert listed[1].revoked_at is not None
    shown = repr(listed)
    for secret in (first, second, hash_token(first), hash_token(second)):
        assert secret not in shown


@contextmanager
def token_reads(store: Store) -> Iterator[list[str]]:
    """The statements that read the tokens table while the block runs."""
    reads: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "FROM tokens" in statement:
            reads.append(statement)

    event.listen(store._engine, "before_cursor_execute", count)
    try:
        yield reads
    finally:
        event.remove(store._engine, "before_cursor_execute", count)


def test_a_revoked_token_id_is_looked_up_once_not_on_every_request(store: Store) -> None:
    """A web session outlives its token in the browser that keeps its cookie: a client replaying that cookie to any
    page (a 404 included, open to anyone) cost one database read each, and no rate limit counts a token that names no
    one. Its id names no one for as long as a live one is remembered (``TOKEN_CACHE_SECONDS``)."""
    raw = store.tokens.create_token("cm", "plk-cm-unit")
    actor = store.tokens.actor_for_token(raw)
    assert actor is not None
    store.tokens.revoke_token(actor.token_id)
    with token_reads(store) as reads:
        for _ in range(50):
            assert store.tokens.cached_actor_for_token_id(actor.token_id) is None
            assert store.tokens.actor_for_token_id(actor.token_id) is None
    assert len(reads) == 1


def test_tokens_are_revoked_while_a_revoked_id_is_remembered(store: Store) -> None:
    first, second = store.tokens.create_token("cm", "plk-cm-unit"), store.tokens.create_token("cm", "plk-cm-unit")
    one, two = store.tokens.actor_for_token(first), store.tokens.actor_for_token(second)
    assert one is not None
    assert two is not None
    assert store.tokens.revoke_token(one.token_id)
    assert store.tokens.actor_for_token_id(one.token_id) is None  # remembered as naming no one
    assert store.tokens.revoke_token(two.token_id)
    assert store.tokens.actor_for_token(second) is None
    assert store.tokens.actor_for_token_id(two.token_id) is None
