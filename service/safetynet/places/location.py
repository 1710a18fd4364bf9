"""A child's location: province, district and subdistrict resolved together, in the plan's canonical form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeGuard, TypeVar

from safetynet.places import address, gazetteer, resolve
from safetynet.places.errors import PlaceError, UnknownPlace, label, where
from safetynet.places.gazetteer import District, Province, Subdistrict
from safetynet.places.resolve import CACHE_SIZE, resolve_district, resolve_province, resolve_subdistrict
from safetynet.places.text import MAX_LENGTH, Level

PlaceDict = dict[str, str]
Area = TypeVar("Area", Province, District, Subdistrict)


@dataclass(frozen=True, slots=True)
class Location:
    province: Province
    district: District | None = None
    subdistrict: Subdistrict | None = None

    def as_dict(self) -> dict[str, PlaceDict | None]:
        """``{province: {code, th, en}, district: {code, th, en} | None, subdistrict: ... | None}``: the plan's
        ``location`` (``code``: ISO for the province, DOPA for the district and subdistrict)."""
        return {
            "province": self.province.as_dict(),
            "district": self.district.as_dict() if self.district else None,
            "subdistrict": self.subdistrict.as_dict() if self.subdistrict else None,
        }


def _given(text: str | None) -> TypeGuard[str]:
    """None and a blank text (an empty CSV cell) mean "not given"."""
    return text is not None and not (isinstance(text, str) and not text.strip())


def resolve_location(
    province_text: str, district_text: str | None = None, subdistrict_text: str | None = None
) -> Location:
    """Each field as written -> the canonical location (``_resolve``). A location resolved is remembered (bounded),
    as each field's resolver remembers its names: a CM writes the same place case after case, and reading an
    address (``places.address``) on every plan cost more than the rest of the place matching."""
    texts = (province_text, district_text, subdistrict_text)
    if all(text is None or (type(text) is str and len(text) <= MAX_LENGTH) for text in texts):
        return _remembered(province_text, district_text, subdistrict_text)
    return _resolve(province_text, district_text, subdistrict_text)  # refused there, never kept


def clear_caches() -> None:
    """Forgets every location and name resolved (the gazetteer and its indexes stay)."""
    _remembered.cache_clear()
    resolve.clear_caches()


def _resolve(province_text: str, district_text: str | None, subdistrict_text: str | None) -> Location:
    """Each field as written -> the canonical location. A subdistrict without a district is looked for in the
    whole province (its name must be unique there), and its district is filled in. A field may carry the places
    above it as an address writes them (``ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง``: ``places.address``); each must agree with its
    own field, or fills it in when it is empty. Raises ``PlaceError`` (field ``province``, ``district`` or
    ``subdistrict``) for the first field that names no single place."""
    province = _province(province_text)
    district: District | None = None
    if _given(district_text):
        written = address.split(district_text, "district")
        district = _own("district", district_text, written, lambda name: resolve_district(province, name))
        _agrees("district", district_text, written.behind, province, None)
        _postcode_serves("district", district_text, written.postcode, district)
    if not _given(subdistrict_text):
        return Location(province, district)
    written = address.split(subdistrict_text, "subdistrict")
    district = _agrees("subdistrict", subdistrict_text, written.behind, province, district)
    subdistrict = _own(
        "subdistrict", subdistrict_text, written, lambda name: resolve_subdistrict(province, district, name)
    )
    _postcode_serves("subdistrict", subdistrict_text, written.postcode, subdistrict)
    return Location(province, district or gazetteer.district(subdistrict.district), subdistrict)


def _province(text: str) -> Province:
    """The province field: its name or code, and a postcode after it when one is written (``จ.ลำปาง 52130``)."""
    if not isinstance(text, str):
        return resolve_province(text)  # refused there, naming what was sent
    written = address.split(text, "province")
    province = _own("province", text, written, resolve_province)
    _postcode_serves("province", text, written.postcode, province)
    return province


_remembered = lru_cache(maxsize=CACHE_SIZE)(_resolve)  # successes only: a failure raises, and is not kept here


def _own(field: Level, text: str, written: address.Written, resolve: Callable[[str], Area]) -> Area:
    """The field's own place, resolved from its name; an error quotes the field as written, not only its name."""
    try:
        return resolve(written.name)
    except PlaceError as error:
        if not written.behind and written.postcode is None and written.village is None:
            raise
        raise type(error)(field, text, error.message, error.closest) from None


def _agrees(
    field: Level, text: str, behind: tuple[address.Behind, ...], province: Province, district: District | None
) -> District | None:
    """The district, once the places written behind ``field``'s own agree with the province and the district
    (a district written behind a subdistrict fills an empty district field in); else the ``PlaceError`` of
    ``field``, quoting ``text`` as written."""
    for place in behind:
        try:
            if place.level == "province":
                found: Province | District = resolve_province(place.name)
                given: Province | District | None = province
            else:
                found = district_found = resolve_district(province, place.name)
                given, district = district, district or district_found
        except PlaceError as error:
            raise type(error)(field, text, f"{place.written!r} in {text!r}: {error.message}", error.closest) from None
        if given is not None and found != given:
            raise UnknownPlace(
                field, text, f"{text!r} says {place.written!r}, {label(found)}, but the {place.level} is "
                f"{label(given)}: correct one of them, or write only the {field} here", [given],
            )  # fmt: skip
    return district


def _postcode_serves(field: Level, text: str, postcode: str | None, place: Province | District | Subdistrict) -> None:
    """Nothing when no postcode was written after the field's place, or when the gazetteer's postcode serves it (a
    subdistrict it serves, or lies in); else the ``UnknownPlace`` of ``field``, quoting ``text``, with the places
    of this level the postcode serves as the closest."""
    if postcode is None:
        return
    served = gazetteer.postcode_areas(postcode)
    inside = [
        area for area in served
        if place.code in (area.code, area.district, area.province)
    ]  # fmt: skip
    if inside:
        return
    if not served:
        raise UnknownPlace(
            field, text, f"{text!r} ends with {postcode}, which is no postcode of Thailand: correct it, or leave the "
            f"postcode out (the {field} alone is enough)", [place],
        )  # fmt: skip
    raise UnknownPlace(
        field, text, f"{text!r} ends with the postcode {postcode}, of {where(served)}, not of {label(place)}: "
        f"correct one of them, or leave the postcode out (the {field} alone is enough)", _at_level(field, served),
    )  # fmt: skip


def _at_level(field: Level, served: tuple[Subdistrict, ...]) -> list[Province | District | Subdistrict]:
    """The places of ``field``'s level that the subdistricts a postcode serves lie in, each once, at most 5."""
    found: dict[str, Province | District | Subdistrict] = {}
    for area in served:
        place = (
            area if field == "subdistrict"
            else gazetteer.district(area.district) if field == "district"
            else gazetteer.province(area.province)
        )  # fmt: skip
        if place is not None:
            found.setdefault(place.code, place)
    return list(found.values())[:5]
