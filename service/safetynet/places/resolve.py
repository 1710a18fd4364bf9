"""What a case manager wrote -> one canonical place, per field; or an error naming the closest places.

Each resolver keeps a bounded cache of (province, district, text) -> place or failure, so a name seen
before costs one dictionary look-up; a failure is cached too (a survey file repeats its misspellings) and
raised anew each time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from safetynet.places import gazetteer, index, misplaced
from safetynet.places.errors import (
    AmbiguousPlace,
    Place,
    PlaceError,
    UnknownPlace,
    closest_text,
    label,
    label_in,
    where,
)
from safetynet.places.gazetteer import District, Province, Subdistrict
from safetynet.places.text import MAX_LENGTH, Level, compact, hidden_character, key

CACHE_SIZE = 4096  # entries per resolver: far more names than the CMs of one province write

Area = TypeVar("Area", District, Subdistrict)

_DIGITS = re.compile(r"[0-9]+")
_ISO = re.compile(r"TH([0-9]{2})")


@dataclass(frozen=True, slots=True)
class _Failure:
    """A cached error. Each raise makes a fresh exception: a shared one would pile up tracebacks."""

    kind: type[PlaceError]
    field: Level
    text: str
    message: str
    closest: tuple[Place, ...] = ()

    def error(self) -> PlaceError:
        return self.kind(self.field, self.text, self.message, self.closest)


def _unknown(field: Level, text: str, message: str, closest: list[Place] | tuple[Place, ...] = ()) -> _Failure:
    return _Failure(UnknownPlace, field, text, message, tuple(closest))


def _precheck(field: Level, text: object) -> None:
    """Refuses what must not reach a cache: a non-string, or a text longer than any name."""
    if not isinstance(text, str):
        raise UnknownPlace(field, repr(text), f"expected the {field}'s name or code as text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise UnknownPlace(field, text, f"{len(text)} characters is longer than any {field}'s name; write the name")


def _hidden(field: Level, text: str) -> _Failure | None:
    found = hidden_character(text)
    return _unknown(field, text, f"{text!r} contains {found}; type the name again without it") if found else None


def _closest_here(text_key: str, candidates: index.Candidates) -> list[Place]:
    """The closest names of a place that lies elsewhere: those like it here, or else the most alike here anyway,
    so that the user is shown what this province (or district) has."""
    return index.closest(text_key, candidates) or index.closest(text_key, candidates, cutoff=0.0)


def _by_code(field: Level, text: str, found: Area | None, *, lies_here: bool, here: str, hint: str) -> Area | _Failure:
    """The district or subdistrict that the DOPA code ``text`` names, when it lies ``here``; else the failure saying
    where it lies."""
    if found is not None and lies_here:
        return found
    if found is None:
        message = f"no {field} of {here} has the code {text!r}"
    else:
        message = f"{field} code {found.code} is {label(found)} in {where((found,))}, not in {here}"
    return _unknown(field, text, f"{message}; {hint}")


# -- province -------------------------------------------------------------------------------------------

_PROVINCE_HINT = "write the ISO 3166-2:TH code (TH-65), the DOPA code (65) or the Thai or English name (Phitsanulok)"


@lru_cache(maxsize=CACHE_SIZE)
def _province(text: str) -> Province | _Failure:
    if failure := _hidden("province", text):
        return failure
    code = compact(text)
    iso = _ISO.fullmatch(code)
    if iso or _DIGITS.fullmatch(code):
        found = gazetteer.province(f"TH-{iso.group(1) if iso else code}")
        return found or _unknown("province", text, f"no province has the code {text!r}; {_PROVINCE_HINT}")
    k = key(text, "province")
    found = index.province_keys().get(k)
    if found is not None:
        return found
    near = index.closest(k, index.province_candidates()) if k else []
    message = f"no province {text!r}{closest_text(near)}" if k else "the province is empty"
    if k and (district := misplaced.district_as_province(text)):
        message, near = district[0] + closest_text(district[1]), district[1]
    return _unknown("province", text, f"{message}; {_PROVINCE_HINT}", near)


def resolve_province(text: str) -> Province:
    """``TH-65``, ``th 65``, ``65``, ``พิษณุโลก``, ``จ.พิษณุโลก``, ``จังหวัดพิษณุโลก``, ``Phitsanulok``, ``กทม``, ``กรุงเทพฯ``,
    ``Bangkok``... -> the province."""
    _precheck("province", text)
    found = _province(text)
    if isinstance(found, _Failure):
        raise found.error()
    return found


# -- district -------------------------------------------------------------------------------------------


def _district_hint(idx: index.ProvinceIndex, near: Sequence[Place] = ()) -> str:
    """How to write a district of the province; the example is the closest name when there is one, so that the
    message does not suggest one district and show another."""
    closest = next((place for place in near if isinstance(place, District)), None)
    example = closest or idx.capital or gazetteer.districts(idx.province.code)[0]
    return f"write the district's Thai or English name ({example.th} or {example.en}) or its DOPA code ({example.code})"


@lru_cache(maxsize=CACHE_SIZE)
def _district(iso: str, text: str) -> District | _Failure:
    if failure := _hidden("district", text):
        return failure
    idx = index.province_index(iso)
    code = compact(text)
    if _DIGITS.fullmatch(code):
        found = gazetteer.district(code)
        return _by_code(
            "district", text, found, lies_here=found is not None and found.province == iso,
            here=label(idx.province), hint=_district_hint(idx),
        )  # fmt: skip
    k = key(text, "district")
    matches = idx.districts.get(k, ())
    if len(matches) == 1:
        return matches[0]
    in_province = label(idx.province)
    if matches:
        listed = ", ".join(label(d) for d in matches)
        message = f"{text!r} names {len(matches)} districts of {in_province}: {listed}; write the Thai name or the code"
        return _Failure(AmbiguousPlace, "district", text, message, matches)
    near = index.closest(k, idx.district_candidates) if k else []
    if not k:
        message = "the district is empty"
    elif k in index.CAPITAL_WORDS:  # only Bangkok has no capital district
        message = f"{in_province} has no อำเภอเมือง (capital district): its districts are เขต (khet)"
    elif subdistrict := misplaced.subdistrict_as_district(idx, text):
        message, near = subdistrict[0] + closest_text(subdistrict[1]), subdistrict[1]
    elif elsewhere := index.nationwide_districts().get(k):
        near = _closest_here(k, idx.district_candidates)
        message = f"{text!r} is a district of {where(elsewhere)}, not of {in_province}{closest_text(near)}"
    else:
        message = f"no district {text!r} in {in_province}{closest_text(near)}"
    return _unknown("district", text, f"{message}; {_district_hint(idx, near)}", near)


def resolve_district(province: Province, text: str) -> District:
    """``อ.เกาะคา``, ``อำเภอ เกาะคา``, ``เกาะคา``, ``Ko Kha``, ``ko-kha``, ``5203``; ``เมือง``, ``อ.เมือง``, ``Mueang``
    (the capital district), ``อำเภอเมืองนครราชสีมา``; ``เขตบางรัก`` in Bangkok -> the district, in ``province``."""
    _precheck("district", text)
    found = _district(province.code, text)
    if isinstance(found, _Failure):
        raise found.error()
    return found


# -- subdistrict ----------------------------------------------------------------------------------------


def _subdistrict_hint(district: District | None) -> str:
    of = label(district) if district else "the province"
    return f"write the Thai or English name of a subdistrict of {of}, or its 6-digit DOPA code"


def _inside(idx: index.ProvinceIndex, district: District | None) -> str:
    """Where a subdistrict must lie, as a message says it: ``Ko Kha (เกาะคา, 5203) in Lampang (TH-52)``."""
    return label(district) + " in " + label(idx.province) if district else label(idx.province)


def _subdistrict_candidates(idx: index.ProvinceIndex, district: District | None) -> index.Candidates:
    """The subdistricts a closest name is taken from: the district's when it is given, else the province's."""
    if district is None:
        return idx.subdistrict_candidates
    return tuple(c for c in idx.subdistrict_candidates if c[0].code.startswith(district.code))


@lru_cache(maxsize=CACHE_SIZE)
def _subdistrict(iso: str, district_code: str | None, text: str) -> Subdistrict | _Failure:
    if failure := _hidden("subdistrict", text):
        return failure
    idx = index.province_index(iso)
    district = gazetteer.district(district_code) if district_code else None
    code = compact(text)
    if _DIGITS.fullmatch(code):
        found = gazetteer.subdistrict(code)
        return _by_code(
            "subdistrict", text, found,
            lies_here=found is not None and found.province == iso and district_code in (None, found.district),
            here=_inside(idx, district), hint=_subdistrict_hint(district),
        )  # fmt: skip
    k = key(text, "subdistrict")
    in_province = idx.subdistricts.get(k, ())
    matches = tuple(s for s in in_province if district_code in (None, s.district))
    if len(matches) == 1:
        return matches[0]
    inside = _inside(idx, district)
    if matches:
        listed = ", ".join(label_in(s) for s in matches)
        what = "write the Thai name or the code" if district else "give the district, or write the code"
        message = f"{text!r} names {len(matches)} subdistricts of {inside}: {listed}; {what}"
        return _Failure(AmbiguousPlace, "subdistrict", text, message, matches)
    candidates = _subdistrict_candidates(idx, district)
    near = index.closest(k, candidates) if k else []
    if not k:
        message = "the subdistrict is empty"
    elif in_province:  # in another district of the province: those come first among the closest
        message = f"{text!r} is {', '.join(label_in(s) for s in in_province)}, not in {inside}"
        near = [*in_province, *near][: index.CLOSEST]
    elif elsewhere := index.nationwide_subdistricts().get(k):
        near = _closest_here(k, candidates)
        message = f"{text!r} is a subdistrict in {where(elsewhere)}, not in {inside}"
    else:
        message = f"no subdistrict {text!r} in {inside}"
    return _unknown("subdistrict", text, f"{message}{closest_text(near)}; {_subdistrict_hint(district)}", near)


def resolve_subdistrict(province: Province, district: District | None, text: str) -> Subdistrict:
    """``ต.ลำปางหลวง``, ``ตำบลลำปางหลวง``, ``Lampang Luang``, ``520301``; ``แขวงสีลม`` in Bangkok -> the subdistrict.
    It must lie in ``district`` when one is given; without one its name must be unique in ``province``."""
    _precheck("subdistrict", text)
    if district is not None and district.province != province.code:
        raise ValueError(f"district {district.code} does not lie in {province.code}")
    found = _subdistrict(province.code, district.code if district else None, text)
    if isinstance(found, _Failure):
        raise found.error()
    return found


def cache_info() -> dict[str, tuple[int, int]]:
    """Per resolver: (entries now, most entries kept). Every cache is bounded."""
    caches = {"province": _province, "district": _district, "subdistrict": _subdistrict}
    return {field: (c.cache_info().currsize, c.cache_info().maxsize or 0) for field, c in caches.items()}


def clear_caches() -> None:
    """Forgets every resolved name (the gazetteer and its indexes stay)."""
    for cached in (_province, _district, _subdistrict):
        cached.cache_clear()
