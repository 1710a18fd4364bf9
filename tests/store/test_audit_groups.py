"""Refused reads are audited in groups: a token guessing plan ids gets no fsync of its own per guess."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from safetynet.auth import Actor
from safetynet.store import Store
from tests.store.samples import always, never, new_plan

GUESSES = 300


def count_commits(store: Store) -> list[int]:
    commits = [0]

    def committed(*_: Any) -> None:
        commits[0] += 1

    event.listen(store._engine, "commit", committed)
    return commits


def test_unknown_and_denied_reads_are_all_audited_in_far_fewer_commits(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan(), cm)
    commits = count_commits(store)
    for n in range(GUESSES):
        assert store.get_plan(f"pl-guess-{n}", cm, always) is None
        assert store.get_plan("pl-0001", cm, never) is None
    store.settle()
    assert commits[0] <= GUESSES // 10, f"{commits[0]} commits for {2 * GUESSES} refused reads"
    assert [e.action for e in store.audit_for("pl-0001")] == ["plan.create"] + ["plan.read_denied"] * GUESSES
    assert [e.action for e in store.audit_for("pl-guess-7")] == ["plan.read_unknown"]


def test_a_read_that_is_allowed_is_committed_before_the_plan_is_returned(store: Store, cm: Actor) -> None:
    store.save_plan(new_plan(), cm)
    commits = count_commits(store)
    assert store.get_plan("pl-0001", cm, always) is not None
    assert commits == [1]
