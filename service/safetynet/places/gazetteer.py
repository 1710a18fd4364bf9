"""Thailand's official gazetteer (DOPA codes, Thai and English names), read from ``geothai`` in one place.

This is the only module that imports ``geothai``, and only when the data is first needed: importing it (or
``safetynet.places``) loads nothing. The areas are our own frozen dataclasses, so no geothai type leaks out.

Codes: a province's ``code`` is ISO 3166-2:TH (``"TH-65"``), its ``dopa`` the 2-digit DOPA code (``"65"``);
districts and subdistricts carry their DOPA codes (``"6501"``, ``"650101"``) and their parents' codes.
Postcodes (Thailand Post's 5 digits) are geothai's too: ``postcode_areas`` gives the subdistricts a postcode serves.
Thai names are bare, without the word for the level: geothai writes Bangkok's 50 districts as ``เขตบางรัก``
and every other district as ``เกาะคา``; here Bangkok's are ``บางรัก`` too, so that every ``th`` is a name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

__all__ = [
    "District",
    "Province",
    "Subdistrict",
    "data_version",
    "district",
    "districts",
    "loaded",
    "postcode_areas",
    "province",
    "province_codes",
    "provinces",
    "subdistrict",
    "subdistricts",
]

BANGKOK = "TH-10"
_KHET = "เขต"


class _Named:
    """What every level has: a code, and the Thai and English names."""

    __slots__ = ()
    code: str
    th: str
    en: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "th": self.th, "en": self.en}


@dataclass(frozen=True, slots=True)
class Province(_Named):
    code: str  # ISO 3166-2:TH, "TH-65"
    dopa: str  # "65"
    th: str
    en: str


@dataclass(frozen=True, slots=True)
class _Local(_Named):
    """A district or a subdistrict: its DOPA code (4 digits, ``"6501"``; 6 digits, ``"650101"``) and names."""

    code: str
    th: str
    en: str


@dataclass(frozen=True, slots=True)
class District(_Local):
    """An อำเภอ (amphoe), or a เขต (khet) in Bangkok."""

    province: str  # ISO, "TH-65"


@dataclass(frozen=True, slots=True)
class Subdistrict(_Local):
    """A ตำบล (tambon), or a แขวง (khwaeng) in Bangkok."""

    district: str  # DOPA, "6501"
    province: str  # ISO, "TH-65"


class _Data(NamedTuple):
    provinces: tuple[Province, ...]
    province_by_iso: dict[str, Province]
    districts_by_province: dict[str, tuple[District, ...]]
    district_by_code: dict[str, District]
    subdistricts_by_district: dict[str, tuple[Subdistrict, ...]]
    subdistrict_by_code: dict[str, Subdistrict]
    subdistricts_by_postcode: dict[str, tuple[Subdistrict, ...]]
    version: str


def _bare(name: str, province_iso: str) -> str:
    if province_iso == BANGKOK and name.startswith(_KHET) and len(name) > len(_KHET):
        return name[len(_KHET) :]
    return name


@cache
def _data() -> _Data:
    # Imported here, not at the top: `import safetynet.places` must stay free of geothai, which is slow to import.
    import geothai  # noqa: PLC0415

    provinces_ = tuple(Province(f"TH-{p.code}", p.code, p.name_th, p.name_en) for p in geothai.provinces())
    districts_by_province: dict[str, tuple[District, ...]] = {}
    subdistricts_by_district: dict[str, tuple[Subdistrict, ...]] = {}
    by_postcode: dict[str, list[Subdistrict]] = {}
    for p in provinces_:
        found = tuple(District(d.code, _bare(d.name_th, p.code), d.name_en, p.code) for d in geothai.districts(p.dopa))
        districts_by_province[p.code] = found
        for d in found:
            areas = geothai.subdistricts(d.code)
            subdistricts_by_district[d.code] = tuple(
                Subdistrict(s.code, s.name_th, s.name_en, d.code, p.code) for s in areas
            )
            for area, ours in zip(areas, subdistricts_by_district[d.code], strict=True):
                for postcode in area.postal_codes:
                    by_postcode.setdefault(postcode, []).append(ours)
    return _Data(
        provinces=provinces_,
        province_by_iso={p.code: p for p in provinces_},
        districts_by_province=districts_by_province,
        district_by_code={d.code: d for ds in districts_by_province.values() for d in ds},
        subdistricts_by_district=subdistricts_by_district,
        subdistrict_by_code={s.code: s for ss in subdistricts_by_district.values() for s in ss},
        subdistricts_by_postcode={code: tuple(areas) for code, areas in by_postcode.items()},
        version=geothai.DATA_VERSION,
    )


def provinces() -> tuple[Province, ...]:
    """The 77 provinces (Bangkok included), by DOPA code."""
    return _data().provinces


def province(iso: str) -> Province | None:
    """The province with this ISO 3166-2:TH code (exactly, e.g. ``"TH-65"``), or None."""
    return _data().province_by_iso.get(iso)


@cache
def province_codes() -> frozenset[str]:
    """Every ISO 3166-2:TH province code, ``"TH-10"`` to ``"TH-96"``."""
    return frozenset(_data().province_by_iso)


def districts(iso: str) -> tuple[District, ...]:
    """The districts of a province (ISO code), by code; empty for an unknown province."""
    return _data().districts_by_province.get(iso, ())


def district(code: str) -> District | None:
    """The district with this 4-digit DOPA code, or None."""
    return _data().district_by_code.get(code)


def subdistricts(district_code: str) -> tuple[Subdistrict, ...]:
    """The subdistricts of a district (4-digit DOPA code), by code; empty for an unknown district."""
    return _data().subdistricts_by_district.get(district_code, ())


def subdistrict(code: str) -> Subdistrict | None:
    """The subdistrict with this 6-digit DOPA code, or None."""
    return _data().subdistrict_by_code.get(code)


def postcode_areas(postcode: str) -> tuple[Subdistrict, ...]:
    """The subdistricts Thailand Post's ``postcode`` (5 digits, ``"52130"``) serves, by code; empty for an unknown
    one. A postcode serves one or more subdistricts, most often of one district."""
    return _data().subdistricts_by_postcode.get(postcode, ())


def data_version() -> str:
    """The GeoThai/data release behind the gazetteer, e.g. ``"2026.10.23"``."""
    return _data().version


def loaded() -> bool:
    """Whether the data has been read (for tests and start-up checks; reading it does not count)."""
    return _data.cache_info().currsize > 0
