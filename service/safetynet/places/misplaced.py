"""A name written in the field of another level: a ตำบล in the district field, an อำเภอ in the province field.

CMs mix the levels up; the message then says which level the name is, where it lies, and offers the place the
field wants (the subdistrict's district, the district's province) as the closest, rather than a look-alike.
"""

from __future__ import annotations

from safetynet.places import gazetteer, index
from safetynet.places.errors import Place, label, label_in, where
from safetynet.places.gazetteer import District, Province
from safetynet.places.text import key

SHOWN = 3  # places named in a message; the rest are counted


def _listed(texts: list[str]) -> str:
    more = f" and {len(texts) - SHOWN} more" if len(texts) > SHOWN else ""
    return ", ".join(texts[:SHOWN]) + more


def subdistrict_as_district(idx: index.ProvinceIndex, text: str) -> tuple[str, list[Place]] | None:
    """When ``text`` names a subdistrict of the province (and no district): what to say, and its districts."""
    found = idx.subdistricts.get(key(text, "subdistrict"))
    if not found:
        return None
    districts: list[Place] = []
    for s in found:
        d = gazetteer.district(s.district)
        if d is not None and d not in districts:
            districts.append(d)
    listed = _listed([label_in(s) for s in found])
    return (
        f"{text!r} is a subdistrict, {listed}, not a district: write it as the subdistrict, and its district",
        districts,
    )


def district_as_province(text: str) -> tuple[str, list[Place]] | None:
    """When ``text`` names a district (and no province): what to say, and the provinces it lies in."""
    found: tuple[District, ...] = index.nationwide_districts().get(key(text, "district"), ())
    if not found:
        return None
    provinces: list[Place] = []
    for d in found:
        p: Province | None = gazetteer.province(d.province)
        if p is not None and p not in provinces:
            provinces.append(p)
    listed = _listed([f"{label(d)} in {where((d,))}" for d in found])
    return f"{text!r} is a district, {listed}, not a province: write it as the district, and its province", provinces
