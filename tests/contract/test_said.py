"""``joined`` and ``concat`` put pairs together in each language alike, whatever the parts come in: a list, a
generator, one part, none."""

from __future__ import annotations

from safetynet.contract.said import NOTHING, Said, concat, joined

A, B, C = Said("ก", "a"), Said("ข", "b"), Said("ค", "c")


def test_joined_puts_each_language_between_its_own_separator() -> None:
    assert joined([A, B, C], " และ ", "; ") == Said("ก และ ข และ ค", "a; b; c")
    assert joined((part for part in (A, B)), " ", ", ") == Said("ก ข", "a, b")
    assert joined([A], " และ ", "; ") == A


def test_nothing_joined_is_nothing_said() -> None:
    assert joined([], " และ ", "; ") == NOTHING == Said("", "")
    none: list[Said] = []
    assert joined((part for part in none), " ", ", ") == NOTHING


def test_concat_puts_the_parts_one_after_the_other() -> None:
    assert concat(A, B) == Said("กข", "ab")
    assert concat(A, B, C) == Said("กขค", "abc")
    assert concat(A) == A
    assert concat() == NOTHING
