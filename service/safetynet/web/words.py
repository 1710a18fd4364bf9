"""Every word the pages show, in Thai and English: ``WORDS[key] = (th, en)``, read from ``words.toml`` beside this
module. Thai first; ``?lang=en`` (or the ``lang`` cookie it sets) switches. The codes' own labels (needs, services,
organization kinds, organizations, rules) come from the data; the labels of the contract's fixed codes (statuses,
sexes, ...) are in ``words.toml``, keyed by the code (``tests/web/test_words.py`` checks that every code of the
contract has one)."""

from __future__ import annotations

from typing import Final

from safetynet.contract.labels import labels, pick

LANGS: Final = ("th", "en")

WORDS: Final = labels("safetynet.web", "words.toml")


def word(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` (``th`` or ``en``); KeyError for a key that has no label."""
    return pick(WORDS[key], lang)
