"""Roles and reach: who may create plans, reload rules, and read which plans."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from safetynet.auth import (
    ROLES,
    Actor,
    authorize_plan,
    can_create_plan,
    can_read_plan,
    can_reload_rules,
    hash_token,
    looks_like_token,
    new_token,
    parse_role,
)
from safetynet.errors import Forbidden

PROVINCES = {
    "plk-cm-unit": "TH-65",
    "plk-cm-wangthong": "TH-65",
    "plk-pao-housing": "TH-65",
    "lpg-cm-unit": "TH-52",
    "lpg-one-team": "TH-52",
}


def province_of(organization_id: str) -> str | None:
    return PROVINCES.get(organization_id)


@dataclass(frozen=True)
class Plan:
    province: str = "TH-65"
    requested_by: str = "plk-cm-unit"
    organizations: frozenset[str] = field(default_factory=lambda: frozenset({"plk-cm-unit", "plk-pao-housing"}))


PLK_PLAN = Plan()


def actor(role: str, organization_id: str | None = None) -> Actor:
    return Actor(token_id="tok_test", role=parse_role(role), organization_id=organization_id)


def test_only_admin_and_cm_create_plans() -> None:
    assert [r for r in ROLES if can_create_plan(actor(r, "plk-cm-unit"))] == ["admin", "cm"]


def test_only_admin_and_policy_writer_reload_rules() -> None:
    assert [r for r in ROLES if can_reload_rules(actor(r, "plk-cm-unit"))] == ["admin", "policy_writer"]


def test_admin_reads_every_plan() -> None:
    assert can_read_plan(actor("admin"), PLK_PLAN, province_of)
    assert can_read_plan(actor("admin"), Plan(province="TH-52", requested_by="lpg-cm-unit"), province_of)


def test_a_policy_writer_reads_no_plan_even_with_an_organization() -> None:
    assert not can_read_plan(actor("policy_writer"), PLK_PLAN, province_of)
    assert not can_read_plan(actor("policy_writer", "plk-cm-unit"), PLK_PLAN, province_of)


def test_a_cm_reads_the_plans_its_organization_requested() -> None:
    assert can_read_plan(actor("cm", "plk-cm-unit"), PLK_PLAN, province_of)


def test_a_cm_reads_the_plans_of_its_province_requested_by_another_unit() -> None:
    assert can_read_plan(actor("cm", "plk-cm-wangthong"), PLK_PLAN, province_of)


def test_a_cm_of_another_province_cannot_read_the_plan() -> None:
    assert not can_read_plan(actor("cm", "lpg-cm-unit"), PLK_PLAN, province_of)


def test_a_cm_named_in_another_province_plan_still_cannot_read_it() -> None:
    plan = Plan(organizations=frozenset({"plk-cm-unit", "lpg-cm-unit"}))
    assert not can_read_plan(actor("cm", "lpg-cm-unit"), plan, province_of)


def test_a_cm_unknown_to_the_network_reads_only_what_it_requested() -> None:
    assert not can_read_plan(actor("cm", "ghost-unit"), PLK_PLAN, province_of)
    assert can_read_plan(actor("cm", "ghost-unit"), Plan(requested_by="ghost-unit"), province_of)


def test_an_agency_reads_only_plans_that_name_it() -> None:
    assert can_read_plan(actor("agency", "plk-pao-housing"), PLK_PLAN, province_of)
    assert not can_read_plan(actor("agency", "lpg-one-team"), PLK_PLAN, province_of)


def test_an_agency_in_the_same_province_but_not_named_cannot_read() -> None:
    plan = Plan(organizations=frozenset({"plk-cm-unit"}))
    assert not can_read_plan(actor("agency", "plk-pao-housing"), plan, province_of)


@pytest.mark.parametrize("role", ["cm", "agency"])
def test_a_cm_or_agency_token_without_organization_reads_nothing(role: str) -> None:
    assert not can_read_plan(actor(role, None), PLK_PLAN, province_of)


def test_new_tokens_are_long_url_safe_and_prefixed() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    for token in tokens:
        assert token.startswith("snt_")
        assert len(token) == 47
        assert looks_like_token(token)


def test_the_hash_is_stable_hex_and_not_the_token() -> None:
    token = new_token()
    assert hash_token(token) == hash_token(token)
    assert len(hash_token(token)) == 64
    assert int(hash_token(token), 16) >= 0
    assert token not in hash_token(token)
    assert hash_token(token) != hash_token(new_token())


@pytest.mark.parametrize("raw", ["", "snt_", "abc", "snt_a b", "snt_ไทย", "snt_" + "a" * 200, "Bearer snt_abc"])
def test_malformed_tokens_are_recognised_without_a_lookup(raw: str) -> None:
    assert not looks_like_token(raw)


def test_an_unknown_role_names_the_roles_there_are() -> None:
    with pytest.raises(ValueError, match="admin, policy_writer, cm, agency"):
        parse_role("root")


def test_a_cm_may_plan_only_from_its_own_organization() -> None:
    authorize_plan(actor("cm", "plk-cm-unit"), None)
    authorize_plan(actor("cm", "plk-cm-unit"), "plk-cm-unit")
    authorize_plan(actor("admin"), "lpg-cm-unit")
    with pytest.raises(Forbidden, match="requested_by"):
        authorize_plan(actor("cm", "plk-cm-unit"), "lpg-cm-unit")
    for role in ("agency", "policy_writer"):
        with pytest.raises(Forbidden, match="may not create plans"):
            authorize_plan(actor(role, "plk-city-municipality"), None)
