"""A rule's conditions in words, in Thai or English, for the rules page: the fields by their labels
(``contract.facts.FIELDS``), the operators and values in words. Words only: whether a rule fires is decided by the
engine alone (``rules/engine.py``)."""

from __future__ import annotations

from collections.abc import Callable

from safetynet.contract.facts import FIELDS
from safetynet.rules.conditions import All, AnyOf, Condition, Leaf, Not, Value
from safetynet.web.words import WORDS, word


def _value(field: str, value: Value, lang: str, need_label: Callable[[str], str]) -> str:
    if isinstance(value, bool):
        return word("yes" if value else "no", lang)
    if field == "need.code" and isinstance(value, str):
        return need_label(value)
    key = f"{field.rsplit('.', maxsplit=1)[-1]}.{value}"
    return word(key, lang) if key in WORDS else str(value)


def leaf_words(leaf: Leaf, lang: str, need_label: Callable[[str], str]) -> str:
    known = FIELDS.get(leaf.field)
    label = leaf.field if known is None else (known.en if lang == "en" else known.th)
    op = word(f"op.{leaf.op}", lang)
    if leaf.op in ("known", "unknown"):
        return f"{label} {op}"
    shown = ", ".join(_value(leaf.field, v, lang, need_label) for v in leaf.values if v is not None)
    return f"{label} {op} {shown}"


def words(condition: Condition, lang: str, need_label: Callable[[str], str], top: bool = True) -> list[str]:
    """The condition as lines: each item of a top-level ``all`` on a line of its own; groups in brackets. An empty
    list: the rule has no condition (the need's baseline)."""
    if isinstance(condition, Leaf):
        return [leaf_words(condition, lang, need_label)]
    if isinstance(condition, Not):
        inner = " ".join(words(condition.item, lang, need_label, top=False))
        return [f"{word('op.not', lang)} ({inner})"]
    parts = [" ".join(words(item, lang, need_label, top=False)) for item in condition.items]
    if isinstance(condition, All) and top:
        return parts
    joined = word("join.all" if isinstance(condition, All) else "join.any", lang).join(parts)
    return [f"({joined})"] if parts else []


__all__ = ["AnyOf", "leaf_words", "words"]
