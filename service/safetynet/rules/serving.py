"""The rules served now, evaluated under one lock: ``RuleEngine`` evaluates cases and screens survey rows against the
live ``RuleBook``, and swaps in a reloaded one while evaluations in flight finish on the rules they started with
(pinned, then unloaded). Every call into durable_rules goes through ``engine.Rulesets``, under this lock.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from safetynet.contract.facts import Facts
from safetynet.errors import SafetynetError
from safetynet.rules.compiler import NEED_FACT, ROW_FACT, CompiledBook, day_number
from safetynet.rules.engine import Ruleset, Rulesets, SessionAbandoned
from safetynet.rules.explain import Explainer, Firing, Screening, screening_of
from safetynet.rules.limits import compile_checked
from safetynet.rules.model import RuleBook

BATCH = 500


class EngineClosed(SafetynetError):
    """The engine was closed; build a new one."""


@dataclass
class _Loaded:
    book: RuleBook
    compiled: CompiledBook
    needs: Ruleset
    screening: Ruleset
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
        self._rulesets = Rulesets()
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
        """Every rule in force on ``on`` that matches each need's facts (from ``safetynet.contract.facts.needs_facts``).

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
                matches = self._rulesets.run(loaded.needs, needs, NEED_FACT, day) if needs else []
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
                        matches = self._rulesets.run(loaded.screening, batch, ROW_FACT, day)
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
            return self._rulesets.names()

    def sessions_left(self) -> int:
        """Sessions still held by the engine for any evaluation made so far (0 between calls): for tests."""
        with self._lock:
            return self._rulesets.sessions_left([] if self._closed else [self._current.needs, self._current.screening])

    # --- inside the lock -------------------------------------------------------------------------

    def _live(self) -> _Loaded:
        if self._closed:
            raise EngineClosed("the rule engine is closed")
        return self._current

    def _register(self, book: RuleBook, compiled: CompiledBook) -> _Loaded:
        needs, screening = self._rulesets.register(compiled)
        return _Loaded(book=book, compiled=compiled, needs=needs, screening=screening, explainer=Explainer(compiled))

    def _replace(self, loaded: _Loaded) -> None:
        """Register ``loaded``'s rules again, fresh, and retire the rulesets that hold an abandoned session."""
        if loaded is self._current and not self._closed:
            self._current = self._register(loaded.book, loaded.compiled)
        loaded.retired = True
        if loaded.pins == 0:
            self._unload(loaded)

    def _unload(self, loaded: _Loaded) -> None:
        for ruleset in (loaded.needs, loaded.screening):
            self._rulesets.unload(ruleset)
