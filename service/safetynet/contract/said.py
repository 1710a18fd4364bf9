"""A thing said in Thai and in English, built once from the same values: a plan's explanation lines and an unmet
need's detail are made as ``Said`` pairs by one function per kind of line, then split into the plan's English
(``explanation``, ``detail``) and Thai (``explanation_th``, ``detail_th``). ``WORDS``: the words of the contract's
fixed codes (``words.toml`` beside this module), which the web pages show too. ``Said`` is the one pair of Thai and
English of the contract: the tables of labels (``labels``) are made of it too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from safetynet.contract.labels import Said, labels

__all__ = ["NOTHING", "WORDS", "Said", "concat", "joined", "word"]


#: Nothing said, in either language.
NOTHING: Final = Said("", "")
#: ``"field.value"`` -> (Thai, English): the values of the case's fields, levels, unmet reasons, operators.
WORDS: Final = labels("safetynet.contract", "words.toml")


def word(key: str) -> Said:
    """The words of ``key`` in ``WORDS``; KeyError for one that has none."""
    return WORDS[key]


def joined(parts: Iterable[Said], th: str, en: str) -> Said:
    """The Thai parts joined by ``th``, the English by ``en`` (Thai separates clauses with a space, not a ';')."""
    # zip transposes the pairs in C, where a generator per language ran Python for every part (every plan's
    # lines are joined so).
    try:
        ths, ens = zip(*parts, strict=False)
    except ValueError:  # no parts: zip(*()) has no columns to unpack
        return NOTHING
    return Said(th.join(ths), en.join(ens))


def concat(*parts: Said) -> Said:
    """The parts one after the other, in each language."""
    if len(parts) == 2:  # the common case, a line's start and its rest
        first, rest = parts
        return Said(first.th + rest.th, first.en + rest.en)
    return joined(parts, "", "")
