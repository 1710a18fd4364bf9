"""Routing: for a service needed by a child in a place, the partners that can take the child, best first.

A candidate gives the service, takes a child of this age (and is not at capacity 0), covers the child's
place from its service area, and fits one of the rule's providers (kind, widest level). Each candidate is
reached along the shortest referral path from the requesting organization over MOUs in force that cover
the service. Ranking: area closeness (0 subdistrict .. 3 national), then path hours, then hops, then id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from safetynet.errors import UnknownOrganization
from safetynet.network.codes import thai_day
from safetynet.network.graph import HOP, paths_for
from safetynet.network.model import LEVEL_RANK, OfferedService, Organization
from safetynet.network.network import Network
from safetynet.vocabulary import Level

Reason = Literal["no_partner", "no_path"]


@dataclass(frozen=True)
class RouteRequest:
    service: str
    providers: Sequence[tuple[str, Level]]  # (kind, widest level); empty: any kind from any level
    province: str
    district: str | None
    subdistrict: str | None
    age: int
    requested_by: str
    at: datetime
    urgent: bool
    limit: int = 5
    deadline_hours: float = 24


@dataclass(frozen=True)
class Candidate:
    organization: Organization
    area_closeness: int  # 0 the child's subdistrict, 1 district, 2 province, 3 national
    path: tuple[str, ...]  # organization ids from requested_by to the candidate, both included
    path_hours: float
    hops: int
    mous: tuple[str, ...] = ()  # the MOU used for each hop

    @property
    def area(self) -> Level:
        return ("subdistrict", "district", "province", "national")[self.area_closeness]


@dataclass(frozen=True)
class RouteResult:
    candidates: list[Candidate]
    reason: Reason | None = None
    escalation: Organization | None = None  # the child's provincial core team, when reason is set
    unreachable: list[Organization] = field(default_factory=list)  # eligible, but no path along MOUs in force
    over_deadline: bool = False  # urgent, and no candidate's path makes deadline_hours


@dataclass(frozen=True)
class _Offer:
    organization: Organization
    service: OfferedService
    rank: int  # LEVEL_RANK of the area the service is given from
    district: str  # casefolded, "" when unknown
    subdistrict: str


class Router:
    """Built once per network; ``route`` may be called from many threads at once."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.paths = paths_for(network)
        local: dict[tuple[str, str], list[_Offer]] = {}
        national: dict[str, list[_Offer]] = {}
        for org in network.organizations.values():
            for service in org.services:
                rank = LEVEL_RANK[org.area_of(service)]
                offer = _Offer(org, service, rank, (org.district or "").casefold(), (org.subdistrict or "").casefold())
                if rank == LEVEL_RANK["national"]:
                    national.setdefault(service.code, []).append(offer)
                else:
                    local.setdefault((service.code, org.province), []).append(offer)
        self._local = local
        self._national = national
        self._hours = {mou.id: mou.hours for mou in network.mous}

    def eligible(self, request: RouteRequest) -> list[tuple[Organization, int]]:
        """(organization, area closeness) for every partner that may take this child, by closeness then id."""
        district = (request.district or "").casefold()
        subdistrict = (request.subdistrict or "").casefold()
        found: list[tuple[Organization, int]] = []
        offers = [*self._local.get((request.service, request.province), ()), *self._national.get(request.service, ())]
        for offer in offers:
            closeness = _closeness(offer, request.province, district, subdistrict)
            if closeness is None or not offer.service.accepts(request.age):
                continue
            if request.providers and not any(
                kind == offer.organization.kind and closeness <= LEVEL_RANK[level] for kind, level in request.providers
            ):
                continue
            found.append((offer.organization, closeness))
        return sorted(found, key=lambda pair: (pair[1], pair[0].id))

    def route(self, request: RouteRequest) -> RouteResult:
        start = self.network.organization(request.requested_by)
        if start is None:
            raise UnknownOrganization(request.requested_by, "requested_by")
        eligible = self.eligible(request)
        escalation = self.network.core_team(request.province)
        if not eligible:
            return RouteResult([], "no_partner", escalation)
        region = frozenset({request.province, start.province})
        tree = self.paths.tree(request.service, thai_day(request.at), region, start.id)
        ranked: list[tuple[tuple[int, int, str], Candidate]] = []
        unreachable: list[Organization] = []
        for org, closeness in eligible:
            found = tree.path(org.id)
            if found is None:
                unreachable.append(org)
                continue
            path, mou_ids = found
            hours = round(sum(self._hours[m] for m in mou_ids), 6)
            candidate = Candidate(org, closeness, tuple(path), hours, len(mou_ids), tuple(mou_ids))
            ranked.append(((closeness, tree.dist[org.id], org.id), candidate))
        if not ranked:
            return RouteResult([], "no_path", escalation, unreachable)
        ranked.sort(key=lambda item: item[0])
        fastest = min(item[0][1] for item in ranked) // HOP  # minutes of the quickest path
        over = request.urgent and fastest > round(request.deadline_hours * 60)
        candidates = [c for _, c in ranked[: max(request.limit, 0)]]
        return RouteResult(candidates, None, None, unreachable, over)


def _closeness(offer: _Offer, province: str, district: str, subdistrict: str) -> int | None:
    """The offer's area level when that area covers the child's place (its closeness), else None."""
    rank = offer.rank
    same_subdistrict = bool(subdistrict) and offer.subdistrict == subdistrict
    same_district = bool(district) and offer.district == district and (rank >= 1 or same_subdistrict)
    same_province = offer.organization.province == province and (rank >= 2 or same_district)
    return rank if rank == 3 or same_province else None
