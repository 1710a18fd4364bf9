"""The referral lifecycle as a pure state machine: every transition, every refused one, the holder along the
path, overdue as a fact of the data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from safetynet.contract.referral import Action, Status
from safetynet.referrals.errors import InvalidTransition
from safetynet.referrals.lifecycle import (
    ACTIONS,
    STATUSES,
    Caller,
    Given,
    State,
    allowed_actions,
    apply,
    deadline_state,
    first_state,
    in_time,
    is_overdue,
    possible_actions,
)

T0 = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
DIRECT = ("plk-cm-unit", "plk-city-municipality")
RELAY = ("plk-cm-unit", "plk-core-team", "plk-monastic-schools")
CM = Caller("plk-cm-unit", sender=True)
CITY = Caller("plk-city-municipality")
CORE = Caller("plk-core-team")
SCHOOL = Caller("plk-monastic-schools")
ADMIN = Caller(None, admin=True)
STRANGER = Caller("lpg-child-shelter")


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def test_the_phitsanulok_path_sent_acknowledged_accepted_done_helped() -> None:
    state = first_state(DIRECT)
    assert (state.status, state.holder) == ("sent", "plk-city-municipality")
    state, step = apply(state, "acknowledge", CITY, at(3))
    assert (state.status, state.holder, state.acknowledged_at) == ("acknowledged", "plk-city-municipality", at(3))
    assert (step.action, step.status, step.by_organization, step.at) == (
        "acknowledge",
        "acknowledged",
        CITY.organization,
        at(3),
    )
    state, _ = apply(state, "accept", CITY, at(5), Given(note="visit on Monday"))
    assert (state.status, state.accepted_at) == ("accepted", at(5))
    state, step = apply(state, "done", CITY, at(72), Given(outcome="helped"))
    assert (state.status, state.outcome, state.closed_at, state.holder) == ("done", "helped", at(72), None)
    assert step.outcome == "helped"
    assert allowed_actions(state, ADMIN) == []


def test_the_core_team_relays_along_the_path_and_only_the_receiver_acknowledges() -> None:
    state = first_state(RELAY)
    assert state.holder == "plk-core-team"
    assert allowed_actions(state, CORE) == ["decline", "forward"]
    assert allowed_actions(state, SCHOOL) == [], "the school has not received it yet"
    with pytest.raises(InvalidTransition) as refused:
        apply(state, "acknowledge", CORE, at(1))
    assert refused.value.allowed == ["decline", "forward"]
    state, step = apply(state, "forward", CORE, at(2))
    assert (state.status, state.position, state.holder) == ("sent", 2, "plk-monastic-schools")
    assert (step.action, step.holder) == ("forward", "plk-monastic-schools")
    assert allowed_actions(state, CORE) == []
    assert allowed_actions(state, SCHOOL) == ["acknowledge", "decline"]
    state, _ = apply(state, "acknowledge", SCHOOL, at(4))
    assert state.holder == "plk-monastic-schools"


@pytest.mark.parametrize("by", [CITY, ADMIN])
def test_a_decline_hands_the_referral_back_to_the_sender_until_a_new_one_replaces_it(by: Caller) -> None:
    state, step = apply(first_state(DIRECT), "decline", by, at(1), Given(reason="no_capacity", note="full until March"))
    assert (state.status, state.reason, state.closed_at, state.holder) == (
        "declined",
        "no_capacity",
        at(1),
        "plk-cm-unit",
    )
    assert (step.reason, step.note) == ("no_capacity", "full until March")
    assert replace(state, replaced=True).holder is None
    acknowledged, _ = apply(first_state(DIRECT), "acknowledge", CITY, at(1))
    declined, _ = apply(acknowledged, "decline", CITY, at(2), Given(reason="not_eligible"))
    assert declined.status == "declined"


@pytest.mark.parametrize("status", ["sent", "acknowledged", "accepted"])
def test_the_sender_cancels_a_referral_under_way_and_nobody_else_but_admin(status: Status) -> None:
    state = replace(first_state(DIRECT), status=status)
    assert "cancel" in allowed_actions(state, CM)
    assert "cancel" in allowed_actions(state, ADMIN)
    assert "cancel" not in allowed_actions(state, CITY)
    state, _ = apply(state, "cancel", CM, at(1))
    assert (state.status, state.holder) == ("cancelled", None)


#: What each status allows to somebody (the holder, the receiver or the sender), as the docs' diagram shows it.
POSSIBLE: list[tuple[Status, tuple[str, ...], list[Action]]] = [
    ("sent", RELAY, ["decline", "cancel", "forward"]),  # held by the core team, on its way
    ("sent", DIRECT, ["acknowledge", "decline", "cancel"]),  # arrived at the receiver
    ("acknowledged", DIRECT, ["accept", "decline", "cancel"]),
    ("accepted", DIRECT, ["done", "cancel"]),
    ("declined", DIRECT, []),
    ("done", DIRECT, []),
    ("cancelled", DIRECT, []),
]


def _state(status: Status, path: tuple[str, ...]) -> State:
    return replace(first_state(path), status=status)


@pytest.mark.parametrize(("status", "path", "possible"), POSSIBLE)
def test_what_each_status_allows(status: Status, path: tuple[str, ...], possible: list[Action]) -> None:
    assert possible_actions(_state(status, path)) == possible


REFUSED = [
    (status, path, action) for status, path, possible in POSSIBLE for action in ACTIONS if action not in possible
]


@pytest.mark.parametrize(("status", "path", "action"), REFUSED)
def test_every_action_the_status_does_not_allow_is_refused_naming_what_is_allowed(
    status: Status, path: tuple[str, ...], action: Action
) -> None:
    state = _state(status, path)
    with pytest.raises(InvalidTransition) as refused:
        apply(state, action, ADMIN, at(1), Given(reason="other", outcome="helped"))
    error = refused.value
    assert error.code == "invalid_transition"
    assert (error.action, error.status) == (action, status)
    assert error.allowed == error.possible == possible_actions(state)
    assert error.details()[0]["allowed"] == error.allowed


@pytest.mark.parametrize(
    ("status", "action", "caller", "allowed"),
    [
        ("sent", "acknowledge", CM, ["cancel"]),  # the sender cannot acknowledge for the receiver
        ("sent", "acknowledge", STRANGER, []),
        ("acknowledged", "accept", CORE, []),
        ("accepted", "done", CM, ["cancel"]),
        ("sent", "cancel", CITY, ["acknowledge", "decline"]),
        ("acknowledged", "decline", STRANGER, []),
    ],
)
def test_an_action_the_caller_may_not_take_is_refused_naming_what_it_may_do(
    status: Status, action: Action, caller: Caller, allowed: list[Action]
) -> None:
    with pytest.raises(InvalidTransition) as refused:
        apply(_state(status, DIRECT), action, caller, at(1), Given(reason="other", outcome="helped"))
    assert refused.value.allowed == allowed
    assert action in refused.value.possible


def test_a_decline_needs_a_known_reason_and_done_an_outcome() -> None:
    with pytest.raises(ValueError, match="no_capacity"):
        apply(first_state(DIRECT), "decline", CITY, at(1), Given(reason="busy"))
    accepted = _state("accepted", DIRECT)
    with pytest.raises(ValueError, match="outcome"):
        apply(accepted, "done", CITY, at(1))
    with pytest.raises(ValueError, match="reason"):
        apply(accepted, "done", CITY, at(1), Given(outcome="not_helped"))
    state, _ = apply(accepted, "done", CITY, at(1), Given(outcome="not_helped", reason="the family moved away"))
    assert (state.outcome, state.reason) == ("not_helped", "the family moved away")


def test_a_referral_is_overdue_while_it_waits_past_its_deadline_and_no_longer_once_acknowledged() -> None:
    deadline = at(24)
    assert not is_overdue("sent", deadline, at(23))
    assert not is_overdue("sent", deadline, deadline)
    assert is_overdue("sent", deadline, at(25))
    for status in STATUSES:
        if status != "sent":
            assert not is_overdue(status, deadline, at(100))
    assert in_time(at(24), deadline)
    assert not in_time(at(25), deadline)
    assert not in_time(None, deadline)


def test_a_path_of_one_organization_is_held_by_it() -> None:
    state = first_state(("plk-core-team",))
    assert state.holder == "plk-core-team"
    assert allowed_actions(state, CORE) == ["acknowledge", "decline"]
    with pytest.raises(ValueError, match="path"):
        first_state(())


def test_the_refusal_reads_as_a_sentence_for_every_action() -> None:
    # "cannot done a referral" was what an agency read when it closed a referral it had not accepted.
    state = _state("acknowledged", DIRECT)
    with pytest.raises(InvalidTransition) as refused:
        apply(state, "done", CITY, at(1), Given(outcome="helped"))
    assert str(refused.value) == (
        "'done' is not allowed on a referral that is acknowledged (held by plk-city-municipality): "
        "allowed now: accept, decline"
    )


def test_the_deadline_counts_only_while_sent_and_then_says_whether_it_was_met() -> None:
    deadline = at(24)
    assert deadline_state("sent", deadline, None, None) == "waiting"
    assert deadline_state("acknowledged", deadline, at(3), None) == "met"
    assert deadline_state("done", deadline, at(24), at(90)) == "met"
    assert deadline_state("accepted", deadline, at(25), None) == "missed"
    assert deadline_state("declined", deadline, None, at(30)) == "missed"  # never acknowledged, closed after it
    assert deadline_state("cancelled", deadline, None, at(2)) == "closed_unacknowledged"  # it no longer applied
