"""Every word the pages show, in Thai and English: ``WORDS[key] = (th, en)``, read from ``words.toml`` beside this
module. Thai first; ``?lang=en`` (or the ``lang`` cookie it sets) switches. The codes' own labels (needs, services,
organization kinds, organizations, rules) come from the data; the labels of the contract's fixed codes (statuses,
sexes, ...) are in ``words.toml``, keyed by the code, and those the plans' explanations say too (the case's values,
levels, unmet reasons, operators) in ``contract/words.toml`` (``tests/web/test_words.py`` checks that every code of
the contract has one)."""

from __future__ import annotations

from typing import Final

from safetynet.contract import said
from safetynet.contract.labels import Said, labels, pick

LANGS: Final = ("th", "en")


def _merged(own: dict[str, Said], shared: dict[str, Said]) -> dict[str, Said]:
    """The pages' words and the contract's, a key in both refused (one of the two labels would never show)."""
    both = sorted(own.keys() & shared.keys())
    if both:
        raise ValueError(f"web/words.toml: {', '.join(both)}: already in contract/words.toml")
    return own | shared


WORDS: Final = _merged(labels("safetynet.web", "words.toml"), said.WORDS)


def word(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (``th`` or ``en``); KeyError for a key that has no label."""
    return pick(WORDS[key], lang)
