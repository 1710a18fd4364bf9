"""Places in a rule's conditions: ``child.province``, ``child.district`` and ``child.subdistrict`` hold codes (the
ISO province code, the DOPA district and subdistrict codes: the planner resolves every case's place through the
gazetteer), so a rule compares codes too.

A policy writer may write the code or the Thai or English name: the name is read as its code when the rules are
loaded (``ลำปาง`` -> ``TH-52``; ``อ.เกาะคา`` -> ``5203``, since it names one district in the country). A name
that names several places (a district name found in two provinces) is an error that lists them; one that names no
place is an error with the closest names of the country, said as the network files and the cases say them
(``places.errors.closest_text``).
A condition on a name that could never match a case's code would otherwise fail silently.
"""

from __future__ import annotations

from typing import Literal

from safetynet.places import (
    AmbiguousPlace,
    District,
    PlaceError,
    gazetteer,
    index,
    provinces,
    resolve_district,
    resolve_province,
    resolve_subdistrict,
)
from safetynet.places.errors import closest_text
from safetynet.places.gazetteer import Subdistrict
from safetynet.places.text import key

Place = District | Subdistrict

FIELDS = ("child.province", "child.district", "child.subdistrict")


def place_code(field: str, text: str) -> tuple[str | None, str]:
    """(the code ``text`` names for ``field``, "") or (None, what is wrong and what to write)."""
    if field == "child.province":
        try:
            return resolve_province(text).code, ""
        except PlaceError as error:
            return None, f"{field}: {error.message}"
    level: Literal["district", "subdistrict"] = "district" if field == "child.district" else "subdistrict"
    found = gazetteer.district(text) if level == "district" else gazetteer.subdistrict(text)
    if found is not None:
        return found.code, ""
    matches: list[Place] = []
    for province in provinces():
        try:
            if level == "district":
                matches.append(resolve_district(province, text))
            else:
                matches.append(resolve_subdistrict(province, None, text))
        except AmbiguousPlace as error:  # the name recurs within the province: every one of them is a match
            matches.extend(p for p in error.closest if isinstance(p, Subdistrict))
        except PlaceError:
            continue
    if len(matches) == 1:
        return matches[0].code, ""
    if not matches:
        near = index.closest(key(text, level), index.nationwide_candidates(level))
        digits = "4 digits, e.g. 5203" if level == "district" else "6 digits, e.g. 520301"
        write = "write one of them, or its DOPA code" if near else "write its DOPA code"
        return None, f"{field}: no {level} in the country is named {text!r}{closest_text(near)}; {write} ({digits})"
    listed = ", ".join(f"{m.code} {m.en} ({m.th}, {m.province})" for m in matches[:6])
    return None, f"{field}: {text!r} names {len(matches)} {level}s: {listed}; write the DOPA code of the one meant"
