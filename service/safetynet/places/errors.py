"""What goes wrong when a place is written: not found (with the closest names), or more than one match."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from safetynet.errors import SafetynetError
from safetynet.places import gazetteer
from safetynet.places.gazetteer import District, Province, Subdistrict

Place = Province | District | Subdistrict


class PlaceError(SafetynetError):
    """A place the user wrote that names no single place.

    ``field`` is ``"province"``, ``"district"`` or ``"subdistrict"`` (a caller may prefix it, e.g. with
    ``prefixed("child.location.")``); ``text`` is the text as written; ``message`` says, in English, what
    went wrong and what to write; ``closest`` lists up to 5 places near the text, best first: of the province,
    or of the district when a subdistrict's district is given (a subdistrict of that name in another district
    of the province comes first). A name that lies in another province (or district) lists the most alike here
    even when none is near. For ``AmbiguousPlace``, ``closest`` is every match.

    ``code`` and ``details()`` are what a client gets (``api/errors.py``: 422): one detail naming the field,
    the text, the message and the closest places (``code``, ``th``, ``en``).
    """

    code: ClassVar[str] = "unknown_place"
    field: str

    def __init__(self, field: str, text: str, message: str, closest: Sequence[Place] = ()) -> None:
        self.field = field
        self.text = text
        self.message = message
        self.closest: list[Place] = list(closest)
        super().__init__(f"{field}: {message}")

    def prefixed(self, prefix: str) -> PlaceError:
        """The same error with ``prefix`` before its field, e.g. ``child.location.district``."""
        return type(self)(prefix + self.field, self.text, self.message, self.closest)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready: ``{field, text, message, closest: [{code, th, en}, ...]}``; a subdistrict also names
        its ``district`` (DOPA code), since a subdistrict's name can recur in one province."""
        closest: list[dict[str, str]] = []
        for place in self.closest:
            item = place.as_dict()
            if isinstance(place, Subdistrict):
                item["district"] = place.district
            closest.append(item)
        return {"field": self.field, "text": self.text, "message": self.message, "closest": closest}

    def details(self) -> list[dict[str, Any]]:
        return [self.as_dict()]


class UnknownPlace(PlaceError):
    """No place of that level has this name or code where it must lie, or the text cannot be a name."""


class AmbiguousPlace(PlaceError):
    """Several places of that level have this name where it must lie; ``closest`` lists them all."""

    code: ClassVar[str] = "ambiguous_place"


def label(place: Place) -> str:
    """``Ko Kha (เกาะคา, 5203)``; a province ``Lampang (TH-52)``."""
    if isinstance(place, Province):
        return f"{place.en} ({place.code})"
    return f"{place.en} ({place.th}, {place.code})"


def label_in(s: Subdistrict) -> str:
    """``Lampang Luang (ลำปางหลวง, 520301) in Ko Kha (เกาะคา)``."""
    d = gazetteer.district(s.district)
    return f"{label(s)} in {d.en} ({d.th})" if d else label(s)


def where(places: Sequence[District] | Sequence[Subdistrict]) -> str:
    """Where places lie: ``Lampang (TH-52)`` for a district, ``Ko Kha (Lampang, TH-52)`` for a subdistrict;
    at most 3, then a count."""
    seen: list[str] = []
    for place in places:
        p = gazetteer.province(place.province)
        d = gazetteer.district(place.district) if isinstance(place, Subdistrict) else None
        if p is None:
            continue
        text = f"{d.en} ({p.en}, {p.code})" if d is not None else label(p)
        if text not in seen:
            seen.append(text)
    more = f" and {len(seen) - 3} more" if len(seen) > 3 else ""
    return ", ".join(seen[:3]) + more


def closest_text(places: Sequence[Place]) -> str:
    """``; closest: Ko Kha (เกาะคา, 5203), ...``, or nothing when no place is close."""
    return "; closest: " + ", ".join(label(p) for p in places) if places else ""
