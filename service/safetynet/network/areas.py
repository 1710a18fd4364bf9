"""Where each organization is: its district and subdistrict as written in ``graph/``, resolved through the
gazetteer (``safetynet.places``) when the network is read, so that routing and coverage compare DOPA codes,
never free text.

A coordinator may write a district or subdistrict as its Thai name (with or without ``อ.``/``ต.``), its English
name or its DOPA code. One that names no place of the organization's province (a misspelling, a place of another
province) or several places is an error at its ``path:line:col``, with the closest names of that province.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import NamedTuple

from safetynet.errors import Problem
from safetynet.network.files import Placed
from safetynet.network.model import Organization
from safetynet.places import Location, PlaceError, gazetteer, resolve_location


class Area(NamedTuple):
    """An organization's place: DOPA codes, or None where the file gives none."""

    district: str | None = None
    subdistrict: str | None = None


NOWHERE = Area()


def resolve_areas(records: Iterable[tuple[Organization, Placed]]) -> tuple[dict[str, Area], list[Problem]]:
    """The area of every organization that names a district or subdistrict (by id), and a problem for each name
    that does not resolve in the organization's province. A network repeats its places: each (province,
    district, subdistrict) as written is resolved once."""
    areas: dict[str, Area] = {}
    problems: list[Problem] = []
    seen: dict[tuple[str, str | None, str | None], Area | PlaceError] = {}
    for org, placed in records:
        if org.district is None and org.subdistrict is None:
            continue
        key = (org.province, org.district, org.subdistrict)
        found = seen.get(key)
        if found is None:
            found = seen[key] = _resolve(*key)
        if isinstance(found, PlaceError):
            problems.append(placed.problem((found.field,), _message(found)))
        else:
            areas[org.id] = found
    return areas, problems


def _resolve(province: str, district: str | None, subdistrict: str | None) -> Area | PlaceError:
    if gazetteer.province(province) is None:
        return NOWHERE  # the model refused the province already: nothing to add
    try:
        where = resolve_location(province, district, subdistrict)
    except PlaceError as error:
        return error
    return Area(where.district.code if where.district else None, where.subdistrict.code if where.subdistrict else None)


def locations(organizations: Iterable[Organization], areas: Mapping[str, Area]) -> dict[str, Location]:
    """Each organization's place in the plan's canonical form (``Location``), by id: made from the codes resolved
    when the network was read (gazetteer look-ups by code, no name is read again), each distinct place once and
    shared. An organization that names no district (a province-wide body) is its province, district and
    subdistrict None."""
    made: dict[tuple[str, Area], Location] = {}
    found: dict[str, Location] = {}
    for org in organizations:
        key = (org.province, areas.get(org.id, NOWHERE))
        where = made.get(key)
        if where is None:
            where = made[key] = _location(*key)
        found[org.id] = where
    return found


def _location(iso: str, area: Area) -> Location:
    province = gazetteer.province(iso)
    if province is None:  # the model accepts only the gazetteer's provinces
        raise ValueError(f"no province {iso!r} in the gazetteer")
    district = gazetteer.district(area.district) if area.district else None
    subdistrict = gazetteer.subdistrict(area.subdistrict) if area.subdistrict else None
    return Location(province, district, subdistrict)


def _message(error: PlaceError) -> str:
    return f"{error.field}: {error.message}"
