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
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import durable_rules_engine as native
from durable.engine import Host
from pydantic_core import to_json

from safetynet.contract.facts import Facts
from safetynet.errors import SafetynetError
from safetynet.rules.compiler import NEED_FACT, ROW_FACT, CompiledBook, day_number
from safetynet.rules.explain import Explainer, Firing, Screening, screening_of
from safetynet.rules.limits import compile_checked
from safetynet.rules.model import RuleBook
from safetynet.rules.wire import Fields, engine_facts, fields_tested, read_matches

BATCH = 500
#: A rule and a fact that always match: the engine corrupts its heap when it deletes a session in which
#: no fact matched any rule ("free(): invalid pointer" on delete_state), so every session has one.
SENTINEL = "safetynet_sentinel"


class RuleEngineFailure(SafetynetError):
    """The engine failed on one evaluation (its state was cleaned up; the next evaluation is unaffected)."""


class SessionAbandoned(RuleEngineFailure):
    """The engine failed before any match was started in the session, which then cannot be deleted safely."""


class EngineClosed(SafetynetError):
    """The engine was closed; build a new one."""


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
class _Ruleset:
    """One registered ruleset: its name in the host, its handle in the C engine, the fields its rules test."""

    name: str
    handle: int
    fields: Fields


@dataclass
class _Loaded:
    book: RuleBook
    compiled: CompiledBook
    needs: _Ruleset
    screening: _Ruleset
    explainer: Explainer
    pins: int = 0
    retired: bool = False


class RuleEngine:
    """Evaluates cases and survey rows against a ``RuleBook``; safe to share between threads."""

    def __init__(self, book: RuleBook, *, beside: RuleEngine | None = None) -> None:
        """``beside``: an engine already serving in this process, whose lock this one shares, so that one lock
        is still around every call into the C engine (the what-if builds a draft engine beside the live one)."""
        # Re-entrant: an abandoned screen_many generator may be finalized (and unload its retired rules)
        # by the garbage collector while this thread is inside an engine call.
        self._lock: threading.RLock = threading.RLock() if beside is None else beside._lock
        self._host = SyncHost()
        self._serial = itertools.count(1)
        self._generation = itertools.count(1)
        self._closed = False
        compiled = compile_checked(book)
        with self._lock:
            self._current = self._register(book, compiled)

    @property
    def book(self) -> RuleBook:
        return self._current.book

    @property
    def version(self) -> str:
        return self._current.book.version

    # --- evaluation ------------------------------------------------------------------------------

    def evaluate(self, needs: Sequence[Facts], on: date) -> list[Firing]:
        """Every rule in force on ``on`` that matches each need's facts (from ``safetynet.contract.facts.case_facts``).

        Results: per need in input order; for one need, rules by priority (highest first), then file order.
        A need that no rule matches simply has no firing.
        """
        return self.evaluate_with_book(needs, on)[1]

    def evaluate_with_book(self, needs: Sequence[Facts], on: date) -> tuple[RuleBook, list[Firing]]:
        """``evaluate``, and the rule book that did it (a reload may have swapped it since ``book`` was read)."""
        with self._lock:
            loaded = self._live()
            day = day_number(on)
            try:
                matches = self._run(loaded.needs, needs, NEED_FACT, day) if needs else []
            except SessionAbandoned:
                self._replace(loaded)
                raise
        return loaded.book, loaded.explainer.firings(needs, matches)

    def screen(self, facts: Facts, on: date) -> Screening:
        """The risk tier and suggested needs of one survey row (facts from ``contract.facts.survey_facts``)."""
        return next(self.screen_many([facts], on))

    def screen_many(self, rows: Iterable[Facts], on: date) -> Iterator[Screening]:
        """``screen`` for many rows, in order, in batches; a reload meanwhile does not change the rules used."""
        with self._lock:
            loaded = self._live()
            loaded.pins += 1
        try:
            day = day_number(on)
            iterator = iter(rows)
            while batch := list(itertools.islice(iterator, BATCH)):
                with self._lock:
                    try:
                        matches = self._run(loaded.screening, batch, ROW_FACT, day)
                    except SessionAbandoned:
                        self._replace(loaded)
                        raise
                fired: list[list[str]] = [[] for _ in batch]
                for name, index in matches:
                    fired[index].append(name)
                for facts, names in zip(batch, fired, strict=True):
                    yield screening_of(loaded.explainer, facts, names)
        finally:
            with self._lock:
                loaded.pins -= 1
                if loaded.retired and loaded.pins == 0:
                    self._unload(loaded)

    # --- lifecycle -------------------------------------------------------------------------------

    def reload(self, book: RuleBook) -> None:
        """Serve ``book`` from now on. Evaluations in flight finish on the old rules, which are then unloaded.

        Raises ``RuleFilesInvalid`` (and keeps the old rules) when the book crosses the engine's limits.
        """
        compiled = compile_checked(book)
        with self._lock:
            old = self._live()
            self._current = self._register(book, compiled)
            old.retired = True
            if old.pins == 0:
                self._unload(old)

    def close(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._current.retired = True
            if self._current.pins == 0:
                self._unload(self._current)

    def registered_rulesets(self) -> tuple[str, ...]:
        """Names of the rulesets loaded in the engine now (two per live rule version)."""
        with self._lock:
            return self._host.names()

    def sessions_left(self) -> int:
        """Sessions still held by the engine for any evaluation made so far (0 between calls): for tests."""
        with self._lock:
            names = [] if self._closed else [self._current.needs.name, self._current.screening.name]
            last = next(self._serial)
            left = 0
            for name in names:
                for sid in range(1, last):
                    try:
                        self._host.get_state(name, str(sid))
                    except native.error:
                        continue
                    left += 1
            return left

    # --- inside the lock -------------------------------------------------------------------------

    def _live(self) -> _Loaded:
        if self._closed:
            raise EngineClosed("the rule engine is closed")
        return self._current

    def _register(self, book: RuleBook, compiled: CompiledBook) -> _Loaded:
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
        return _Loaded(
            book=book,
            compiled=compiled,
            needs=_Ruleset(needs_name, self._host.handle(needs_name), fields_tested(compiled.needs)),
            screening=_Ruleset(screening_name, self._host.handle(screening_name), fields_tested(compiled.screening)),
            explainer=Explainer(compiled),
        )

    def _replace(self, loaded: _Loaded) -> None:
        """Register ``loaded``'s rules again, fresh, and retire the rulesets that hold an abandoned session."""
        if loaded is self._current and not self._closed:
            self._current = self._register(loaded.book, loaded.compiled)
        loaded.retired = True
        if loaded.pins == 0:
            self._unload(loaded)

    def _unload(self, loaded: _Loaded) -> None:
        for ruleset in (loaded.needs, loaded.screening):
            self._host.unload(ruleset.name)

    def _run(self, ruleset: _Ruleset, facts: Sequence[Facts], kind: str, day: int) -> list[tuple[str, int]]:
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
