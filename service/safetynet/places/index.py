"""Name indexes over the gazetteer, built lazily once: per province (to resolve), nationwide (to say where
else a name lies), and the similarity ranking behind "closest"."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import cache
from typing import Literal, NamedTuple, TypeVar

from safetynet.places import gazetteer
from safetynet.places.errors import Place
from safetynet.places.gazetteer import BANGKOK, District, Province, Subdistrict
from safetynet.places.text import Level, key

# Names people use that are not the official ones (keys, i.e. already in text.key form).
PROVINCE_ALIASES = {
    "กทม": BANGKOK,
    "กรุงเทพ": BANGKOK,
    "krungthep": BANGKOK,
    "krungthepmahanakhon": BANGKOK,
    "อยุธยา": "TH-14",
    "ayutthaya": "TH-14",
    "โคราช": "TH-30",
    "korat": "TH-30",
    "khorat": "TH-30",
}
# "อ.เมือง", "Mueang District", "Amphur Muang": the capital district, always XX01. "Muang" is the older spelling of
# เมือง; alone or before the province's name it is only ever the capital (ม่วง, also "Muang", begins no such name).
CAPITAL_WORDS = ("เมือง", "mueang", "muang")
CLOSEST = 5
CUTOFF = 0.5  # similarity (difflib ratio) below which a name is not offered as "closest"

Candidates = tuple[tuple[Place, tuple[str, ...]], ...]
T = TypeVar("T")


class ProvinceIndex(NamedTuple):
    province: Province
    districts: dict[str, tuple[District, ...]]  # key -> the districts of the province with that name
    subdistricts: dict[str, tuple[Subdistrict, ...]]  # key -> the subdistricts of the province with that name
    district_candidates: Candidates  # each district with its keys, for closest()
    subdistrict_candidates: Candidates

    @property
    def capital(self) -> District | None:
        """The อำเภอเมือง (code XX01); Bangkok has none."""
        if self.province.code == BANGKOK:
            return None
        return gazetteer.district(self.province.dopa + "01")


def _group(pairs: Iterable[tuple[str, T]]) -> dict[str, tuple[T, ...]]:
    """key -> the values with that key, in order (each place gives each of its keys once: see ``_names``)."""
    grouped: dict[str, list[T]] = {}
    for k, value in pairs:
        grouped.setdefault(k, []).append(value)
    return {k: tuple(v) for k, v in grouped.items()}


@cache
def province_keys() -> dict[str, Province]:
    """Every key a province may be written as: Thai and English names and the common short forms."""
    found: dict[str, Province] = {}
    for p in gazetteer.provinces():
        found[key(p.th, "province")] = p
        found[key(p.en, "province")] = p
    for alias, iso in PROVINCE_ALIASES.items():
        aliased = gazetteer.province(iso)
        if aliased is not None:
            found.setdefault(alias, aliased)
    return found


def _names(place: District | Subdistrict) -> tuple[str, ...]:
    level: Level = "district" if isinstance(place, District) else "subdistrict"
    return tuple(dict.fromkeys((key(place.th, level), key(place.en, level))))


@cache
def province_index(iso: str) -> ProvinceIndex:
    """The name indexes of one province (built on its first use, then kept)."""
    province = gazetteer.province(iso)
    if province is None:
        raise KeyError(iso)
    districts = gazetteer.districts(iso)
    subdistricts = [s for d in districts for s in gazetteer.subdistricts(d.code)]
    by_district = _group((k, d) for d in districts for k in _names(d))
    index = ProvinceIndex(
        province=province,
        districts=by_district,
        subdistricts=_group((k, s) for s in subdistricts for k in _names(s)),
        district_candidates=(),
        subdistrict_candidates=tuple((s, _names(s)) for s in subdistricts),
    )
    capital = index.capital
    if capital is None:
        return index._replace(district_candidates=tuple((d, _names(d)) for d in districts))
    # "เมือง", "Mueang", and "เมือง"/"Mueang" + any name of the province ("Mueang Korat"), unless a district
    # has that very name (official names win).
    names = [k for k, p in province_keys().items() if p == province]
    for k in (*CAPITAL_WORDS, *(w + n for w in CAPITAL_WORDS for n in names)):
        by_district.setdefault(k, (capital,))
    candidates = tuple((d, _names(d) + (CAPITAL_WORDS if d == capital else ())) for d in districts)
    return index._replace(district_candidates=candidates)


@cache
def _every_district() -> tuple[District, ...]:
    """Every district of the country, province by province: the one walk the nationwide lookups share."""
    return tuple(d for p in gazetteer.provinces() for d in gazetteer.districts(p.code))


@cache
def _every_subdistrict() -> tuple[Subdistrict, ...]:
    return tuple(s for d in _every_district() for s in gazetteer.subdistricts(d.code))


@cache
def nationwide_districts() -> dict[str, tuple[District, ...]]:
    """key -> every district of that name in the country (to say in which province a name lies)."""
    return _group((k, d) for d in _every_district() for k in _names(d))


@cache
def nationwide_subdistricts() -> dict[str, tuple[Subdistrict, ...]]:
    """key -> every subdistrict of that name in the country."""
    return _group((k, s) for s in _every_subdistrict() for k in _names(s))


@cache
def nationwide_candidates(level: Literal["district", "subdistrict"]) -> Candidates:
    """Every district (or subdistrict) of the country with its keys, for ``closest`` where no province is known:
    a rule's condition names a place of the whole country."""
    every: tuple[District | Subdistrict, ...] = _every_district() if level == "district" else _every_subdistrict()
    return tuple((place, _names(place)) for place in every)


@cache
def province_candidates() -> Candidates:
    keys: dict[Province, list[str]] = {}
    for k, p in province_keys().items():
        keys.setdefault(p, []).append(k)
    return tuple((p, tuple(ks)) for p, ks in keys.items())


def closest(text_key: str, candidates: Candidates, n: int = CLOSEST, cutoff: float = CUTOFF) -> list[Place]:
    """The ``n`` places whose Thai or English name is most like ``text_key``, best first (ties by code); none less
    alike than ``cutoff``."""
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(text_key)  # the query is analysed once; each name is compared with it
    scored: list[tuple[float, str, Place]] = []
    for place, keys in candidates:
        best = 0.0
        for k in keys:
            matcher.set_seq1(k)
            if matcher.real_quick_ratio() > best and matcher.quick_ratio() > best:
                best = max(best, matcher.ratio())
        if best >= cutoff:
            scored.append((-best, place.code, place))
    return [place for _, _, place in heapq.nsmallest(n, scored)]
