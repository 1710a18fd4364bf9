"""The one place that touches durable_rules: a host, one lock, evaluation, screening, reload.

How the engine's traps are avoided (each proven by a test in tests/rules/test_engine_traps.py):

* ``SyncHost`` starts no timer threads (``Host._run`` would call the engine outside our lock);
* one lock around every engine call — evaluation, reload and close alike;
* facts, not events, so every matching rule fires; every rule starts with a positive test (``t``);
* matches are drained at the C level (``start_action_for_state`` / ``complete_and_start_action``):
  no Python action runs, so nothing is swallowed, and an unmatched fact is not an error (the public
  ``Host.assert_facts`` raises on a fact that no rule matches and runs a Python action per match);
* each evaluation's session is deleted in ``finally`` (the engine holds at most 1,024 sessions), and always
  holds one matched sentinel fact: deleting a session in which nothing matched corrupts the engine's heap;
  when the engine fails before a match is started, the session is left alone and the rules are registered
  again, fresh (``_replace``), as deleting that session would crash the process;
* only known fields that the rules test reach the engine (a fact with ~252+ properties is silently corrupted);
* reload registers the new rules, then unloads the old ones once no evaluation uses them.

Everything else goes through durable_rules' public ``Host`` methods (``register_rulesets``, ``get_ruleset``,
``delete_state``, ``get_state``); what it has no public way to do (unload a ruleset, list the loaded ones,
reach the C handle that the drain needs) is in ``SyncHost`` alone.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as native
from durable.engine import Host
from pydantic_core import to_json

from safetynet.contract.facts import Facts
from safetynet.errors import SafetynetError
from safetynet.rules.compiler import CompiledBook
from safetynet.rules.wire import Fields, engine_facts, fields_tested, read_matches

#: A rule and a fact that always match: the engine corrupts its heap when it deletes a session in which
#: no fact matched any rule ("free(): invalid pointer" on delete_state), so every session has one.
SENTINEL = "safetynet_sentinel"


class RuleEngineFailure(SafetynetError):
    """The engine failed on one evaluation (its state was cleaned up; the next evaluation is unaffected)."""


class SessionAbandoned(RuleEngineFailure):
    """The engine failed before any match was started in the session, which then cannot be deleted safely."""


class SyncHost(Host):  # type: ignore[misc]
    """A durable_rules host without its background timer threads: we drive the engine ourselves.

    Also the one place that reaches into the host, for what durable_rules has no public call for."""

    def _run(self) -> None:
        return None

    def handle(self, name: str) -> int:
        """The C engine's handle of a registered ruleset (what the C-level drain is called with)."""
        handle: int = self.get_ruleset(name)._handle
        return handle

    def names(self) -> tuple[str, ...]:
        """The rulesets registered now."""
        return tuple(self._ruleset_directory)

    def unload(self, name: str) -> None:
        """Forget a ruleset and free it in the C engine (dropping it from the host alone frees nothing)."""
        ruleset = self._ruleset_directory.pop(name, None)
        if ruleset is not None:
            self._ruleset_list.remove(ruleset)
            native.delete_ruleset(ruleset._handle)


def _no_action(_: Any) -> None:  # registered for the Host's bookkeeping; never called (C-level drain)
    return None


@dataclass(frozen=True)
class Ruleset:
    """One registered ruleset: its name in the host, its handle in the C engine, the fields its rules test."""

    name: str
    handle: int
    fields: Fields


class Rulesets:
    """The rulesets of one C engine, through its ``SyncHost``: registered, run in sessions, unloaded. Not locked
    itself: ``serving.RuleEngine`` calls it under its one lock."""

    def __init__(self) -> None:
        self._host = SyncHost()
        self._serial = itertools.count(1)
        self._generation = itertools.count(1)

    def register(self, compiled: CompiledBook) -> tuple[Ruleset, Ruleset]:
        """The need rules and the screening rules of ``compiled``, registered under new names: (needs, screening)."""
        generation = next(self._generation)
        needs_name = f"safetynet_needs_{compiled.version}_{generation}"
        screening_name = f"safetynet_screening_{compiled.version}_{generation}"
        definitions: dict[str, dict[str, Any]] = {}
        for name, rules in ((needs_name, compiled.needs), (screening_name, compiled.screening)):
            ruleset = copy.deepcopy(rules)
            ruleset[SENTINEL] = {"all": [{"m": {"t": SENTINEL}}]}
            for rule in ruleset.values():
                rule["run"] = _no_action
            definitions[name] = ruleset
        self._host.register_rulesets(definitions)
        return (
            Ruleset(needs_name, self._host.handle(needs_name), fields_tested(compiled.needs)),
            Ruleset(screening_name, self._host.handle(screening_name), fields_tested(compiled.screening)),
        )

    def unload(self, ruleset: Ruleset) -> None:
        self._host.unload(ruleset.name)

    def names(self) -> tuple[str, ...]:
        """The rulesets registered now."""
        return self._host.names()

    def sessions_left(self, rulesets: Sequence[Ruleset]) -> int:
        """Sessions the engine still holds in ``rulesets``, for any run made so far."""
        last = next(self._serial)
        left = 0
        for ruleset in rulesets:
            for sid in range(1, last):
                try:
                    self._host.get_state(ruleset.name, str(sid))
                except native.error:
                    continue
                left += 1
        return left

    def run(self, ruleset: Ruleset, facts: Sequence[Facts], kind: str, day: int) -> list[tuple[str, int]]:
        """Assert ``facts`` in a fresh session, drain every match, delete the session: [(rule name, fact index)]."""
        sid = str(next(self._serial))
        batch = engine_facts(facts, sid, kind, day, fields=ruleset.fields)
        batch.append({"id": len(batch), "sid": sid, "t": SENTINEL})
        payload = to_json(batch).decode()  # pydantic's Rust encoder: far quicker than json.dumps here
        handle = ruleset.handle
        matches: list[tuple[str, int]] = []
        # The C-level calls: the public Host.assert_facts would raise on a fact no rule matches and run a Python
        # action per match; these assert and drain the matches, and run no Python at all.
        try:
            _, state = native.assert_facts(handle, payload)
            result = native.start_action_for_state(handle, state)
        except native.error as exc:
            # Deleting a session in which no match was ever started crashes the process (an abort or a segfault),
            # so it is left alone and the caller replaces the whole ruleset (``_replace``).
            raise SessionAbandoned(f"the rule engine failed on this evaluation: {exc}") from None
        if result is None:  # not even the sentinel matched
            raise SessionAbandoned("the rule engine failed on this evaluation: no match was started")
        try:
            message = result[1]
            while message:
                for name, index in read_matches(message):
                    if name != SENTINEL:
                        matches.append((name, index))
                message = native.complete_and_start_action(handle, state)
        except native.error as exc:
            raise RuleEngineFailure(f"the rule engine failed on this evaluation: {exc}") from None
        finally:
            self._host.delete_state(ruleset.name, sid)  # in finally: the engine holds at most 1,024 sessions
        return matches
