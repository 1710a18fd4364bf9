"""One definition of reach: whether a provider may take a child's referral for a service, given where the
child lives and the rule's providers (kind, level), and how close it is. Routing (``routing.py``) and coverage
(``coverage.py``) both decide here, so a coverage cell counts exactly the candidates a plan gives.

- **Area.** A provider serves from its area: its subdistrict, its district, its whole province, or the whole
  country (``service_area``, per service or per organization). It *covers* a child when the child's place
  lies in that area. A district-wide provider covers a child only when the case gives the child's district
  (and it is that district); a subdistrict-wide one only when the case gives the subdistrict.
- **Level.** A rule's provider ``(kind, level)`` names the kind it asks for and the widest area the rule
  expects: ``subdistrict``, ``district``, ``province`` or ``national``. ``national`` lets national bodies in;
  the others keep to the child's province. Under a ``subdistrict`` or ``district`` level, a provider of that
  kind whose area is wider but still within the child's province (most often one filed province-wide because
  where it sits is not known) is a *fallback*: it qualifies, and ranks after every provider within the level.
- **Rank.** Within level first, then area closeness (subdistrict 0, district 1, province 2, national 3); the
  router then breaks ties by path hours, hops and id. No providers at all (coverage) means any kind, from any
  area.

Places are compared as codes (ISO province, DOPA district and subdistrict), never as text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from safetynet.contract.vocabulary import LEVEL_RANK, LEVELS, Level
from safetynet.network.directory import Network
from safetynet.network.model import OfferedService, Organization

SUBDISTRICT, DISTRICT, PROVINCE, NATIONAL = range(4)
FALLBACK = 4  # added to a fallback's closeness: it sorts after every provider within its level


class Place(NamedTuple):
    """A child's place, as codes: ISO 3166-2:TH province, DOPA district and subdistrict (None: not given)."""

    province: str
    district: str | None = None
    subdistrict: str | None = None


@dataclass(frozen=True, slots=True)
class Offer:
    """One service of one organization, with what reach needs of it at hand."""

    organization: Organization
    service: OfferedService
    rank: int  # the level of the area it gives the service from: SUBDISTRICT .. NATIONAL
    province: str
    district: str  # DOPA code, "" when the file gives none
    subdistrict: str
    ages: range  # service.ages, kept: ``age in ages`` is one test

    @property
    def kind(self) -> str:
        return self.organization.kind

    @property
    def area(self) -> Level:
        return LEVELS[self.rank]


def offer(org: Organization, service: OfferedService, district: str | None, subdistrict: str | None) -> Offer:
    rank = LEVEL_RANK[org.area_of(service)]
    return Offer(org, service, rank, org.province, district or "", subdistrict or "", service.ages)


Widest = dict[str, int]  # kind -> the widest area rank it may serve from; empty: any kind, from any area


def widest(providers: Iterable[tuple[str, Level]]) -> Widest:
    """Kind -> the widest area a provider of that kind may serve the child from under these providers (the level,
    or the whole province for a subdistrict or district level: the fallback)."""
    found: Widest = {}
    for kind, level in providers:
        rank = LEVEL_RANK[level]
        found[kind] = max(found.get(kind, -1), rank if rank >= PROVINCE else PROVINCE)
    return found


def levels(providers: Iterable[tuple[str, Level]]) -> Widest:
    """Kind -> the widest level the rule names for it (what counts as within level)."""
    found: Widest = {}
    for kind, level in providers:
        found[kind] = max(found.get(kind, -1), LEVEL_RANK[level])
    return found


def covers(offer: Offer, place: Place) -> bool:
    """Whether the offer's area holds the child's place."""
    rank = offer.rank
    if rank == NATIONAL:
        return True
    if offer.province != place.province:
        return False
    if rank == PROVINCE:
        return True
    if rank == DISTRICT:
        return place.district is not None and offer.district == place.district
    return place.subdistrict is not None and offer.subdistrict == place.subdistrict


def reach(offer: Offer, place: Place, wide: Widest, within: Widest) -> int | None:
    """The offer's sort key for this child (closeness, plus ``FALLBACK`` when beyond the rule's level), or None
    when it does not qualify by area, kind or level. Age and capacity are the caller's test (``offer.ages``).

    ``wide`` and ``within`` are ``widest(providers)`` and ``levels(providers)``; both empty: any kind, any area."""
    if not covers(offer, place):
        return None
    rank = offer.rank
    if not wide:
        return rank
    if rank > wide.get(offer.organization.kind, -1):
        return None
    return rank if rank <= within[offer.organization.kind] else rank + FALLBACK


class Offers:
    """Every service offered in a network, by (service, province): the province's own offers, then the national
    ones, so that a route looks up one tuple. Built once per network and shared (``offers_for``)."""

    def __init__(self, network: Network) -> None:
        local: dict[tuple[str, str], list[Offer]] = {}
        national: dict[str, list[Offer]] = {}
        for org in network.organizations.values():
            area = network.area(org.id)
            for service in org.services:
                found = offer(org, service, area.district, area.subdistrict)
                if found.rank == NATIONAL:
                    national.setdefault(service.code, []).append(found)
                else:
                    local.setdefault((service.code, org.province), []).append(found)
        self._national = {code: tuple(offers) for code, offers in national.items()}
        self._offers = {key: (*offers, *self._national.get(key[0], ())) for key, offers in local.items()}

    def of(self, service: str, province: str) -> tuple[Offer, ...]:
        """The offers of ``service`` that may serve a child of ``province``: its own, then the national ones."""
        found = self._offers.get((service, province))
        return self._national.get(service, ()) if found is None else found


def offers_for(network: Network) -> Offers:
    """The one ``Offers`` of this network (built on first use), shared by routing and coverage."""
    return network.index(Offers)
