"""A child's location: province, district and subdistrict resolved together, in the plan's canonical form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeGuard

from safetynet.places import gazetteer
from safetynet.places.gazetteer import District, Province, Subdistrict
from safetynet.places.resolve import resolve_district, resolve_province, resolve_subdistrict

PlaceDict = dict[str, str]


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
    """Each field as written -> the canonical location. A subdistrict without a district is looked for in the
    whole province (its name must be unique there), and its district is filled in. Raises ``PlaceError``
    (field ``province``, ``district`` or ``subdistrict``) for the first field that names no single place."""
    province = resolve_province(province_text)
    district = resolve_district(province, district_text) if _given(district_text) else None
    if not _given(subdistrict_text):
        return Location(province, district)
    subdistrict = resolve_subdistrict(province, district, subdistrict_text)
    return Location(province, district or gazetteer.district(subdistrict.district), subdistrict)
