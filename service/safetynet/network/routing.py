"""Routing: for a service needed by a child in a place, the partners that can take the child, best first.

A candidate gives the service, takes a child of this age (and is not at capacity 0), covers the child's
place from its service area, and fits one of the rule's providers (kind, widest level). Each candidate is
reached along the shortest referral path from the requesting organization over MOUs in force that cover
the service. Ranking: area closeness (0 subdistrict .. 3 national), then path hours, then hops, then id.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Literal, NamedTuple

from safetynet.contract.vocabulary import LEVEL_RANK, Level
from safetynet.errors import UnknownOrganization
from safetynet.network.directory import Network
from safetynet.network.graph import HOP, Tree, paths_for
from safetynet.network.model import OfferedService, Organization

Reason = Literal["no_partner", "no_path"]


# Requests, candidates and results are NamedTuples: immutable like frozen dataclasses, and cheaper to build (a
# plan builds about ten of them).
class RouteRequest(NamedTuple):
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


class PartnerRoute(NamedTuple):
    """A partner that can take the child, and the referral path to it."""

    organization: Organization
    area_closeness: int  # the index in LEVELS of the area it serves the child from: 0 subdistrict .. 3 national
    path: tuple[str, ...]  # organization ids from requested_by to the partner, both included
    path_hours: float
    hops: int
    mous: tuple[str, ...] = ()  # the MOU used for each hop


class RouteResult(NamedTuple):
    candidates: list[PartnerRoute]
    reason: Reason | None = None
    escalation: Organization | None = None  # the child's provincial core team, when reason is set
    unreachable: Sequence[Organization] = ()  # eligible, but no path along MOUs in force
    over_deadline: bool = False  # urgent, and no candidate's path makes deadline_hours


@dataclass(frozen=True)
class _Offer:
    organization: Organization
    service: OfferedService
    rank: int  # LEVEL_RANK of the area the service is given from
    district: str  # casefolded, "" when unknown
    subdistrict: str
    ages: range  # service.ages, kept: ``age in ages`` is one test


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
                district, subdistrict = (org.district or "").casefold(), (org.subdistrict or "").casefold()
                offer = _Offer(org, service, rank, district, subdistrict, service.ages)
                if rank == LEVEL_RANK["national"]:
                    national.setdefault(service.code, []).append(offer)
                else:
                    local.setdefault((service.code, org.province), []).append(offer)
        # Per (service, province): its local offers, then the national ones, so that a route looks up one tuple.
        self._national = {code: tuple(offers) for code, offers in national.items()}
        self._offers = {key: (*offers, *self._national.get(key[0], ())) for key, offers in local.items()}
        self._hours = {mou.id: mou.hours for mou in network.mous}
        # The days on which the MOUs in force change: between two of them, every route is the same.
        self._turns = sorted({m.signed.toordinal() for m in network.mous} | {m.expires.toordinal() for m in network.mous
                                                                               if m.expires})  # fmt: skip

    def eligible(self, request: RouteRequest) -> list[tuple[Organization, int]]:
        """(organization, area closeness) for every partner that may take this child, by closeness then id."""
        province, age = request.province, request.age
        district = (request.district or "").casefold()
        subdistrict = (request.subdistrict or "").casefold()
        # the widest level from which each kind of provider may give the service (no providers: any kind, any level)
        widest: dict[str, int] = {}
        for kind, level in request.providers:
            widest[kind] = max(widest.get(kind, -1), LEVEL_RANK[level])
        offers = self._offers.get((request.service, province))
        found: list[tuple[Organization, int]] = []
        for offer in self._national.get(request.service, ()) if offers is None else offers:
            closeness = _closeness(offer, province, district, subdistrict)
            if closeness is None or age not in offer.ages:
                continue
            if widest and closeness > widest.get(offer.organization.kind, -1):
                continue
            found.append((offer.organization, closeness))
        if len(found) > 1:  # most children have one or two partners: skip the sort (and its keys) for one
            found.sort(key=lambda pair: (pair[1], pair[0].id))
        return found

    def route(self, request: RouteRequest) -> RouteResult:
        start = self.network.organization(request.requested_by)
        if start is None:
            raise UnknownOrganization(request.requested_by, "requested_by")
        eligible = self.eligible(request)
        if not eligible:
            return RouteResult([], "no_partner", self.network.core_team(request.province))
        tree = self._tree(request, start)
        reached: list[tuple[int, int, Organization]] = []  # (closeness, path weight, partner)
        unreachable: list[Organization] = []
        for org, closeness in eligible:
            weight = tree.dist.get(org.id)
            if weight is None:
                unreachable.append(org)
            else:
                reached.append((closeness, weight, org))
        if not reached:
            return RouteResult([], "no_path", self.network.core_team(request.province), unreachable)
        if len(reached) > 1:
            reached.sort(key=lambda item: (item[0], item[1], item[2].id))
        fastest = min(reached, key=itemgetter(1))[1] // HOP  # minutes of the quickest path
        over = request.urgent and fastest > round(request.deadline_hours * 60)
        # the paths and hours of the candidates returned only
        candidates = [self._candidate(tree, org, closeness) for closeness, _, org in reached[: max(request.limit, 0)]]
        return RouteResult(candidates, None, None, unreachable, over)

    def routing_day(self, at: datetime) -> int:
        """A number for the day of ``at`` (Thailand) that routing tells apart: two days with the same number have
        the same MOUs in force, so every request answers the same on both (the what-if asks once for both)."""
        return bisect_right(self._turns, self.network.day(at).toordinal())

    def hours_to(self, request: RouteRequest, organization_ids: Iterable[str]) -> dict[str, float | None]:
        """Hours along the shortest referral path from ``request.requested_by`` to each organization, for the
        request's service on its day, measured as ``route`` measures its candidates' (None: not reachable)."""
        start = self.network.organization(request.requested_by)
        if start is None:
            raise UnknownOrganization(request.requested_by, "requested_by")
        tree = self._tree(request, start)
        out: dict[str, float | None] = {}
        for org_id in organization_ids:
            found = tree.path(org_id)
            out[org_id] = None if found is None else self._path_hours(found[1])
        return out

    def _tree(self, request: RouteRequest, start: Organization) -> Tree:
        region = frozenset({request.province, start.province})
        return self.paths.tree(request.service, self.network.day(request.at), region, start.id)

    def _path_hours(self, mou_ids: Sequence[str]) -> float:
        return round(sum(map(self._hours.__getitem__, mou_ids)), 6)

    def _candidate(self, tree: Tree, org: Organization, closeness: int) -> PartnerRoute:
        found = tree.path(org.id)
        assert found is not None  # only reached organizations are candidates
        path, mou_ids = found
        return PartnerRoute(org, closeness, path, self._path_hours(mou_ids), len(mou_ids), mou_ids)


def _closeness(offer: _Offer, province: str, district: str, subdistrict: str) -> int | None:
    """The offer's area level when that area covers the child's place (its closeness), else None."""
    rank = offer.rank
    same_subdistrict = bool(subdistrict) and offer.subdistrict == subdistrict
    same_district = bool(district) and offer.district == district and (rank >= 1 or same_subdistrict)
    same_province = offer.organization.province == province and (rank >= 2 or same_district)
    return rank if rank == 3 or same_province else None
