"""A condition that held for a case, in words, Thai and English from one function, with the case's value:
``child.age is 12, below 18`` / ``อายุ (ปี): 12 (น้อยกว่า 18)``. The Thai names the field by its label
(``contract.facts.FIELDS``), a value of the case's fields and the operator by the contract's words
(``contract/words.toml``) and a place by the gazetteer's Thai name; the English keeps the field's name and the
value as rules write them."""

from __future__ import annotations

from typing import Any

from safetynet.contract.facts import FIELDS
from safetynet.contract.said import WORDS, Said, word
from safetynet.places import gazetteer
from safetynet.rules.conditions import Leaf, Op, shown

# How an English explanation says the operator after the case's value ("12, below 18"); the Thai says the
# operator's label of words.toml in brackets ("12 (น้อยกว่า 18)").
_AFTER: dict[Op, str] = {
    "<": "below",
    "<=": "at most",
    ">": "above",
    ">=": "at least",
    "!=": "not",
    "in": "one of",
    "not in": "none of",
}


def because(leaf: Leaf, value: Any) -> Said:
    """``leaf``, which held, with the case's ``value`` (None: not given)."""
    known = FIELDS.get(leaf.field)
    label = leaf.field if known is None else known.th
    if leaf.op == "unknown":
        return Said(f"{label}: {word('op.unknown').th}", f"{leaf.field} is unknown")
    if leaf.op == "known":
        return Said(f"{label}: {thai(leaf.field, value)}", f"{leaf.field} is known ({shown(value)})")
    if leaf.op == "==":
        return Said(f"{label}: {thai(leaf.field, value)}", f"{leaf.field} is {shown(value)}")
    return Said(
        f"{label}: {thai(leaf.field, value)} ({word(f'op.{leaf.op}').th} {thai(leaf.field, leaf.value)})",
        f"{leaf.field} is {shown(value)}, {_AFTER[leaf.op]} {shown(leaf.value)}",
    )


def thai(field: str, value: Any) -> str:
    """A value of ``field`` as a Thai reader knows it: ใช่/ไม่ใช่, the label of a case's value (ทรุดโทรม), a place's
    Thai name with its code (เกาะคา (5203)); a number or another text as it is."""
    if isinstance(value, bool):
        return word("value.true" if value else "value.false").th
    if isinstance(value, tuple):
        return ", ".join(thai(field, v) for v in value)
    text = str(value)
    key = f"{field.rpartition('.')[2]}.{text.lower()}"
    if key in WORDS:
        return WORDS[key][0]
    place = _place(field, text)
    return f"{place} ({text})" if place else text


def _place(field: str, code: str) -> str | None:
    if field == "child.province":
        found: Any = gazetteer.province(code.upper())
    elif field == "child.district":
        found = gazetteer.district(code)
    elif field == "child.subdistrict":
        found = gazetteer.subdistrict(code)
    else:
        return None
    return None if found is None else str(found.th)
