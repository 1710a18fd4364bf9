"""Places of Thailand: the official gazetteer (DOPA codes, Thai and English names) and a resolver for places
as case managers write them (``อ.เกาะคา``, ``Ko Kha``, ``5203`` -> the district 5203 of TH-52).

``gazetteer`` is the only module that imports ``geothai``, and only on first use: importing this package
loads no data. Of the rest of safetynet, the package may import only ``safetynet.errors`` (the base class of
its errors). Modules: ``gazetteer`` (the data), ``text`` (the comparable form of a
name), ``index`` (name indexes, closest names), ``resolve`` (one field), ``misplaced`` (a name written in the
field of another level), ``address`` (a field copied from an address, with the places above it), ``location``
(all three fields).
"""

from safetynet.places.errors import AmbiguousPlace, PlaceError, UnknownPlace
from safetynet.places.gazetteer import (
    District,
    Province,
    Subdistrict,
    data_version,
    district,
    districts,
    province,
    province_codes,
    provinces,
    subdistrict,
    subdistricts,
)
from safetynet.places.location import Location, resolve_location
from safetynet.places.resolve import resolve_district, resolve_province, resolve_subdistrict

__all__ = [
    "AmbiguousPlace",
    "District",
    "Location",
    "PlaceError",
    "Province",
    "Subdistrict",
    "UnknownPlace",
    "data_version",
    "district",
    "districts",
    "province",
    "province_codes",
    "provinces",
    "resolve_district",
    "resolve_location",
    "resolve_province",
    "resolve_subdistrict",
    "subdistrict",
    "subdistricts",
]
