"""Who reads, acts on, lists, sends and counts which referrals (pure: a caller, a referral's facts, a directory)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from safetynet.auth import Actor, Role
from safetynet.errors import Forbidden
from safetynet.referrals.reach import Scope, caller, can_read, can_send, list_scope, sends_referrals, stats_province
from tests.referrals.samples import DIRECTORY, referral

# On its way to plk-monastic-schools, held by plk-core-team.
RELAYED = referral(
    path=("plk-cm-unit", "plk-core-team", "plk-monastic-schools"), holder="plk-core-team",
    to_organization="plk-monastic-schools",
)  # fmt: skip


def actor(role: Role, org: str | None = None) -> Actor:
    return Actor(token_id="tok_x", role=role, organization_id=org)


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        (actor("admin"), True),
        (actor("policy_writer"), False),
        (actor("cm", "plk-cm-unit"), True),  # its organization sent it
        (actor("cm", "plk-education-office"), True),  # same province
        (actor("cm", "lpg-cm-unit"), False),
        (actor("agency", "plk-core-team"), True),  # holds it
        (actor("agency", "plk-monastic-schools"), False),  # not received yet
        (actor("agency", "plk-city-municipality"), False),  # same province, not on the path
        (actor("agency", "lpg-core-team"), False),  # another province's core team
        (actor("agency", "unknown-org"), False),
    ],
)
def test_who_reads_a_referral(who: Actor, reads: bool) -> None:
    assert can_read(who, RELAYED, DIRECTORY) is reads


def test_a_core_team_reads_every_referral_of_its_province_even_one_it_never_received() -> None:
    direct = referral()
    assert can_read(actor("agency", "plk-core-team"), direct, DIRECTORY)
    assert not can_read(actor("agency", "lpg-core-team"), direct, DIRECTORY)


def test_the_sender_side_is_a_cm_within_reach_or_whoever_sent_it() -> None:
    assert caller(actor("cm", "plk-cm-unit"), RELAYED, DIRECTORY).sender
    assert caller(actor("cm", "plk-education-office"), RELAYED, DIRECTORY).sender
    assert not caller(actor("cm", "lpg-cm-unit"), RELAYED, DIRECTORY).sender
    assert not caller(actor("agency", "plk-core-team"), RELAYED, DIRECTORY).sender
    sent_by_core = replace(RELAYED, sent_by="plk-core-team")
    assert caller(actor("agency", "plk-core-team"), sent_by_core, DIRECTORY).sender
    assert caller(actor("admin"), RELAYED, DIRECTORY).admin
    assert caller(actor("policy_writer"), RELAYED, DIRECTORY) == caller(actor("policy_writer"), RELAYED, DIRECTORY)
    assert caller(actor("policy_writer"), RELAYED, DIRECTORY).organization is None


@pytest.mark.parametrize(
    ("who", "scope"),
    [
        (actor("admin"), Scope("all")),
        (actor("cm", "plk-cm-unit"), Scope("party", "plk-cm-unit")),  # what reached it: what it sent too
        (actor("agency", "plk-city-municipality"), Scope("party", "plk-city-municipality")),
        (actor("agency", "plk-core-team"), Scope("province", "TH-65")),
        (actor("cm", "lpg-core-team"), Scope("province", "TH-52")),
    ],
)
def test_what_each_caller_lists(who: Actor, scope: Scope) -> None:
    assert list_scope(who, DIRECTORY) == scope


def test_a_policy_writer_lists_no_referrals() -> None:
    with pytest.raises(Forbidden):
        list_scope(actor("policy_writer"), DIRECTORY)


def test_who_sends_referrals() -> None:
    assert can_send(actor("admin"), "TH-65", False, DIRECTORY)
    assert can_send(actor("cm", "plk-cm-unit"), "TH-65", True, DIRECTORY)
    assert not can_send(actor("cm", "lpg-cm-unit"), "TH-65", False, DIRECTORY)
    assert can_send(actor("agency", "plk-core-team"), "TH-65", False, DIRECTORY)
    assert not can_send(actor("agency", "lpg-core-team"), "TH-65", False, DIRECTORY)
    assert not can_send(actor("agency", "plk-city-municipality"), "TH-65", True, DIRECTORY)


def test_whose_figures_each_caller_reads() -> None:
    assert stats_province(actor("admin"), None, DIRECTORY) is None
    assert stats_province(actor("policy_writer"), "TH-52", DIRECTORY) == "TH-52"
    assert stats_province(actor("cm", "plk-cm-unit"), None, DIRECTORY) == "TH-65"
    assert stats_province(actor("agency", "plk-core-team"), "TH-65", DIRECTORY) == "TH-65"
    with pytest.raises(Forbidden, match="TH-65"):
        stats_province(actor("cm", "plk-cm-unit"), "TH-52", DIRECTORY)
    with pytest.raises(Forbidden):
        stats_province(actor("agency", "plk-city-municipality"), None, DIRECTORY)


@pytest.mark.parametrize(
    ("role", "org", "sends"),
    [
        ("admin", None, True),
        ("cm", "plk-cm-unit", True),
        ("agency", "plk-core-team", True),
        ("policy_writer", None, False),
    ],
)
def test_an_admin_and_an_organizations_token_send_referrals_a_policy_writer_none(
    role: Role, org: str | None, sends: bool
) -> None:
    assert sends_referrals(actor(role, org)) is sends
