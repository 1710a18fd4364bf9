"""Near misses: when no partner can take a referral, the nearest providers of the kinds searched and why each
was left out, so that a case manager can act on it (correct the case, ask for an exception, get an MOU signed).

Computed only when a route finds no candidate. Reasons, in the order they are told: ``district_not_given`` /
``subdistrict_not_given`` (it serves one district or subdistrict and the case does not say whether the child lives
there), ``outside_area``, ``level`` (a national body, and the rule asks for a provider within the province),
``capacity`` (0: not taking referrals now), ``age`` (outside its age limits), ``no_path`` (it qualifies, but no MOU
in force covering the service leads to it). Every reason that holds is told (``reasons``), the first is
``reason``. "Nearest": where it sits (the child's subdistrict, district, province, then national bodies), then
the area it serves, then its id.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from safetynet.network.model import Organization
from safetynet.network.reach import DISTRICT, NATIONAL, SUBDISTRICT, Offer, Place, covers, widest
from safetynet.places import gazetteer

if TYPE_CHECKING:
    from safetynet.network.routing import RouteRequest

MissReason = Literal[
    "district_not_given", "subdistrict_not_given", "outside_area", "level", "capacity", "age", "no_path"
]
NEAREST = 3


class NearMiss(NamedTuple):
    organization: Organization
    reason: MissReason  # the first of ``reasons``
    detail: str  # in English, e.g. "takes ages 6-15 (the child is 17)"
    reasons: tuple[MissReason, ...] = ()

    def __str__(self) -> str:
        return f"{self.organization.id} ({self.organization.name.en}): {self.detail}"


def near_misses(offers: Iterable[Offer], request: RouteRequest) -> tuple[NearMiss, ...]:
    """Up to ``NEAREST`` providers of the service (of the kinds the rule asks for) nearest the child, with why each
    does not qualify."""
    place = Place(request.province, request.district, request.subdistrict)
    wide = widest(request.providers)
    scored: list[tuple[int, int, str, NearMiss]] = []
    for offer in offers:
        if wide and offer.kind not in wide:
            continue
        why = _why(offer, place, wide, request.age)
        if why:
            codes = tuple(code for code, _ in why)
            miss = NearMiss(offer.organization, codes[0], " and ".join(text for _, text in why), codes)
            scored.append((_distance(offer, place), offer.rank, offer.organization.id, miss))
    return tuple(miss for *_, miss in heapq.nsmallest(NEAREST, scored))


def unreachable_misses(unreachable: Sequence[Organization], request: RouteRequest) -> tuple[NearMiss, ...]:
    """The first ``NEAREST`` partners that qualify but cannot be reached (in the order they would rank)."""
    detail = f"qualifies but no MOU in force covering {request.service} leads to it from {request.requested_by}"
    return tuple(NearMiss(org, "no_path", detail, ("no_path",)) for org in unreachable[:NEAREST])


def _why(offer: Offer, place: Place, wide: dict[str, int], age: int) -> list[tuple[MissReason, str]]:
    """Every reason the offer does not qualify for this child (none: it qualifies)."""
    found: list[tuple[MissReason, str]] = []
    if not covers(offer, place):
        found.append(_outside(offer, place))
    if wide and offer.rank > wide[offer.kind]:
        found.append(
            ("level", f"serves the whole country (this rule asks for a {offer.kind} within the child's province)")
        )
    if offer.service.capacity == 0:
        found.append(("capacity", "has capacity 0 (not taking referrals now)"))
    elif age not in offer.ages:
        found.append(("age", f"takes ages {_ages(offer)} (the child is {age})"))
    return found


def _outside(offer: Offer, place: Place) -> tuple[MissReason, str]:
    where = _area(offer)
    if offer.rank == DISTRICT and place.district is None:
        return "district_not_given", f"serves only {where} (the case gives no district)"
    if offer.rank == SUBDISTRICT and place.district is None:
        return "district_not_given", f"serves only {where} (the case gives no district nor subdistrict)"
    if offer.rank == SUBDISTRICT and place.subdistrict is None and offer.district == place.district:
        return "subdistrict_not_given", f"serves only {where} (the case gives no subdistrict)"
    level = "district" if offer.rank == DISTRICT else "subdistrict"
    return "outside_area", f"serves only {where} (not the child's {level})"


def _area(offer: Offer) -> str:
    district = gazetteer.district(offer.district)
    named = f"{district.en} ({district.code})" if district else offer.district or "?"
    if offer.rank == DISTRICT:
        return f"district {named}"
    sub = gazetteer.subdistrict(offer.subdistrict)
    return f"subdistrict {sub.en} ({sub.code}) of {named}" if sub else f"one subdistrict of {named}"


def _ages(offer: Offer) -> str:
    low, high = offer.service.min_age, offer.service.max_age
    if low is not None and high is not None:
        return f"{low}-{high}"
    return f"{low} and over" if low is not None else f"up to {high}"


def _distance(offer: Offer, place: Place) -> int:
    """Where the provider sits, seen from the child: 0 the same subdistrict, 1 district, 2 province, 3 further."""
    if offer.rank == NATIONAL or offer.province != place.province:
        return 3
    if place.subdistrict is not None and offer.subdistrict == place.subdistrict:
        return 0
    if place.district is not None and offer.district == place.district:
        return 1
    return 2
