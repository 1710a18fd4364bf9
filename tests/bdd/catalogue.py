"""The step catalogue: every step, registered once in English and once in Thai, with an example of each.

``phrase`` registers one step function under two regular expressions (English and Thai) and records an
example sentence in each language. ``tests/bdd/test_catalogue.py`` checks that every example matches its
own step and no other, and that ``docs/scenarios.md`` shows every example, so the documentation cannot
drift from the steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

from pytest_bdd import given, parsers, then, when

Kind = Literal["given", "when", "then"]
F = TypeVar("F", bound=Callable[..., object])
_DECORATORS = {"given": given, "when": when, "then": then}


@dataclass(frozen=True)
class Phrase:
    kind: Kind
    topic: str
    en: str  # regular expression, matched against the whole step text
    th: str
    en_example: str
    th_example: str
    table: bool = False  # the step takes a data table


CATALOGUE: list[Phrase] = []


def phrase(
    kind: Kind,
    topic: str,
    *,
    en: str,
    th: str,
    en_example: str,
    th_example: str,
    table: bool = False,
    target_fixture: str | None = None,
) -> Callable[[F], F]:
    """Register the decorated function as a step in both languages (in the calling module)."""
    CATALOGUE.append(Phrase(kind, topic, en, th, en_example, th_example, table))
    decorator = _DECORATORS[kind]

    def register(func: F) -> F:
        # stacklevel=2: the step fixtures go into the module that uses @phrase, not into this one
        decorator(parsers.re(en), target_fixture=target_fixture, stacklevel=2)(func)
        decorator(parsers.re(th), target_fixture=target_fixture, stacklevel=2)(func)
        return func

    return register


def matching(kind: str, text: str) -> list[Phrase]:
    """The registered steps of this kind whose English or Thai expression matches the whole of ``text``."""
    return [p for p in CATALOGUE if p.kind == kind for rx in (p.en, p.th) if re.fullmatch(rx, text)]
