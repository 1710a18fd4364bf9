"""A child that exists for whom every one of some condition leaves holds, or None when there is none.

The overlap warning gives one as its example, and a rule none of whose alternatives has one can never fire. The
child must be possible, not merely each value on its own: a place is a province, a district of that province and a
subdistrict of that district (the gazetteer says which); a number is within the bounds a case or a survey row
accepts (an age of 0 to 25); and a field every case gives (its age, province, education status, the need) is never
unknown for a need rule. For the other fields a small set of candidate values is enough to decide: the values the
leaves mention (and, for numbers, one either side), every value of a choice field, and one value that no leaf
mentions for free text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache
from typing import Any

from annotated_types import Ge, Le
from pydantic import BaseModel

from safetynet.contract.case import Child, Household, SurveyRow
from safetynet.contract.facts import FIELDS, Source
from safetynet.places import gazetteer
from safetynet.rules.conditions import Leaf, leaf_holds

FRESH = "\x00another value"
PLACES = ("child.province", "child.district", "child.subdistrict")
#: Fields that every case gives (``contract.facts``): a need rule never sees them unknown. A survey row may lack any.
ALWAYS_GIVEN: dict[Source, frozenset[str]] = {
    "case": frozenset(
        {"child.age", "child.education_status", "child.enrolled", "child.province", "need.code", "need.urgent"}
    ),
    "survey": frozenset(),
}
#: Where each number's bounds are written: the field of the model that accepts it.
_BOUNDED: dict[str, tuple[type[BaseModel], str]] = {
    "child.age": (Child, "age"),
    "child.days_absent": (SurveyRow, "days_absent"),
    "household.income_monthly": (Household, "income_monthly"),
    "household.income_per_member": (Household, "income_monthly"),  # at most the household's income
    "household.members": (Household, "members"),
}
_NONE = object()
Triple = tuple[str | None, str | None, str | None]


def witness(leaves: Sequence[Leaf], source: Source = "case") -> dict[str, Any] | None:
    """Values (None = unknown) of the fields the leaves read that make every leaf hold, or None when no child
    (``source``: of a case, or a survey row) can have them."""
    found: dict[str, Any] = {}
    for field, group in _groups(leaves).items():
        if field == "place":
            place = _place(group, source)
            if place is None:
                return None
            found.update(place)
            continue
        options = [*([] if field in ALWAYS_GIVEN[source] else [None]), *_candidates(field, group)]
        chosen = next((v for v in options if all(leaf_holds(leaf, v) for leaf in group)), _NONE)
        if chosen is _NONE:
            return None
        found[field] = chosen
    return found


def conflict(leaves: Sequence[Leaf], source: Source = "case") -> list[Leaf]:
    """The leaves of the first field (the place fields together) that no child can meet at once; [] if none."""
    return next((group for group in _groups(leaves).values() if witness(group, source) is None), [])


def _groups(leaves: Sequence[Leaf]) -> dict[str, list[Leaf]]:
    """The leaves by the field they read, the place fields together (``place``: one place must meet them all)."""
    groups: dict[str, list[Leaf]] = defaultdict(list)
    for leaf in leaves:
        groups["place" if leaf.field in PLACES else leaf.field].append(leaf)
    return groups


def _candidates(field: str, leaves: Sequence[Leaf]) -> list[Any]:
    fact = FIELDS.get(field)
    kind = fact.type if fact else "text"
    if kind == "bool":
        return [True, False]
    mentioned: list[Any] = [v for leaf in leaves for v in leaf.values]
    if kind == "int":
        low, high = bounds(field)
        near = sorted({v + d for v in mentioned if isinstance(v, int) for d in (-1, 0, 1)})
        return [i for i in dict.fromkeys([*near, low, high]) if low <= i <= high]
    if kind == "enum" and fact is not None and fact.values:
        return list(fact.values)
    return [*dict.fromkeys(mentioned), FRESH]


@cache
def bounds(field: str) -> tuple[int, int]:
    """The least and the most a number field takes, as the model that accepts it says (0 and 10**9 when unsaid)."""
    low, high = 0, 10**9
    where = _BOUNDED.get(field)
    if where is not None:
        for meta in where[0].model_fields[where[1]].metadata:
            if isinstance(meta, Ge):
                low = int(meta.ge)  # type: ignore[call-overload]
            elif isinstance(meta, Le):
                high = int(meta.le)  # type: ignore[call-overload]
    return low, high


def _place(leaves: Sequence[Leaf], source: Source) -> dict[str, Any] | None:
    """A real place (or none, where it may be unknown) that meets every place leaf, as the fields the leaves read."""
    read = [f for f in PLACES if any(leaf.field == f for leaf in leaves)]
    for triple in _places(leaves, source):
        values = dict(zip(PLACES, triple, strict=True))
        if all(leaf_holds(leaf, values[leaf.field]) for leaf in leaves):
            return {f: values[f] for f in read}
    return None


def _places(leaves: Sequence[Leaf], source: Source) -> Iterator[Triple]:
    """The candidate places: each place the leaves name, with the places above it, and for each province and district
    among them one province, district and subdistrict the leaves do not name (a province's own district; a
    district's own subdistrict); the unknown place first for a survey row."""
    named: dict[str, set[str]] = defaultdict(set)
    for leaf in leaves:
        named[leaf.field].update(str(v).upper() for v in leaf.values)
    if "child.province" not in ALWAYS_GIVEN[source]:
        yield None, None, None
    provinces = set(named["child.province"])
    districts = set(named["child.district"])
    for code in named["child.subdistrict"]:
        if (s := gazetteer.subdistrict(code)) is not None:
            districts.add(s.district)
            yield s.province, s.district, s.code
    provinces.update(p for code in districts if (p := _province_of(code)) is not None)
    other = next((p.code for p in gazetteer.provinces() if p.code not in named["child.province"]), None)
    for province in sorted(provinces | ({other} if other else set())):
        yield province, None, None
        own = next((d.code for d in gazetteer.districts(province) if d.code not in named["child.district"]), None)
        for district in sorted({d for d in districts if _province_of(d) == province} | ({own} if own else set())):
            yield province, district, None
            subs = gazetteer.subdistricts(district)
            sub = next((s.code for s in subs if s.code not in named["child.subdistrict"]), None)
            if sub is not None:
                yield province, district, sub


def _province_of(district: str) -> str | None:
    d = gazetteer.district(district)
    return d.province if d is not None else None
