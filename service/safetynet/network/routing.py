"""Routing: for a service needed by a child in a place, the partners that can take the child, best first.

A candidate gives the service, takes a child of this age (and is not at capacity 0), and qualifies for the
child's place under the rule's providers (kind, level) as ``reach.py`` defines it, the one definition that
coverage uses too. Each candidate is reached along the shortest referral path from the requesting organization
over MOUs in force that cover the service. Ranking: within the rule's level before fallbacks, then area
closeness (0 subdistrict .. 3 national), then path hours, then hops, then id.

When nobody can be reached, the result says why for the nearest providers (``nearmiss.py``), computed only then.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import datetime
from operator import itemgetter
from typing import NamedTuple

from safetynet.contract.plan import NoRoute
from safetynet.contract.vocabulary import Level
from safetynet.errors import UnknownOrganization
from safetynet.network.directory import Network
from safetynet.network.model import Organization
from safetynet.network.nearmiss import NearMiss, near_misses, unreachable_misses
from safetynet.network.paths import HOP, Tree, paths_for
from safetynet.network.reach import FALLBACK, Offer, Place, levels, offers_for, reach, widest


# Requests, candidates and results are NamedTuples: immutable like frozen dataclasses, and cheaper to build (a
# plan builds about ten of them).
class RouteRequest(NamedTuple):
    service: str
    providers: Sequence[tuple[str, Level]]  # (kind, level); empty: any kind from any level
    province: str  # ISO 3166-2:TH code
    district: str | None  # DOPA code (4 digits); None: not given
    subdistrict: str | None  # DOPA code (6 digits)
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
    fallback: bool = False  # wider than the rule's level (a province-wide provider for a district-level rule)


class RouteResult(NamedTuple):
    candidates: list[PartnerRoute]
    reason: NoRoute | None = None
    # who acts when reason is set, or when over_deadline (nobody within an urgent need's deadline): Network.escalation
    escalation: Organization | None = None
    unreachable: Sequence[Organization] = ()  # eligible, but no path along MOUs in force
    over_deadline: bool = False  # urgent, and no candidate's path makes deadline_hours
    near_misses: Sequence[NearMiss] = ()  # when reason is set: the nearest providers and why each was left out


class Router:
    """Built once per network; ``route`` may be called from many threads at once."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.paths = paths_for(network)
        self.offers = offers_for(network)
        self._hours = {mou.id: mou.hours for mou in network.mous}
        self.illustrative = {mou.id: mou.illustrative for mou in network.mous}  # MOU id -> demo data?
        # The days on which the MOUs in force change: between two of them, every route is the same.
        self._turns = sorted({m.signed.toordinal() for m in network.mous} | {m.expires.toordinal() for m in network.mous
                                                                               if m.expires})  # fmt: skip

    def eligible(self, request: RouteRequest) -> list[tuple[Organization, int]]:
        """(organization, sort key) for every partner that may take this child, best first: the key is the area
        closeness, plus ``reach.FALLBACK`` for a provider wider than the rule's level."""
        place = Place(request.province, request.district, request.subdistrict)
        wide, within = widest(request.providers), levels(request.providers)
        age = request.age
        found: list[tuple[Organization, int]] = []
        offer: Offer
        for offer in self.offers.of(request.service, request.province):
            if age not in offer.ages:
                continue
            key = reach(offer, place, wide, within)
            if key is not None:
                found.append((offer.organization, key))
        if len(found) > 1:  # most children have one or two partners: skip the sort (and its keys) for one
            found.sort(key=lambda pair: (pair[1], pair[0].id))
        return found

    def route(self, request: RouteRequest) -> RouteResult:
        start = self.network.organization(request.requested_by)
        if start is None:
            raise UnknownOrganization(request.requested_by, "requested_by")
        eligible = self.eligible(request)
        if not eligible:
            misses = near_misses(self.offers.of(request.service, request.province), request)
            return RouteResult([], "no_partner", self.network.escalation(request.province, start.id), (), False, misses)
        tree = self._tree(request, start)
        reached: list[tuple[int, int, Organization]] = []  # (sort key, path weight, partner)
        unreachable: list[Organization] = []
        for org, key in eligible:
            weight = tree.dist.get(org.id)
            if weight is None:
                unreachable.append(org)
            else:
                reached.append((key, weight, org))
        if not reached:
            misses = unreachable_misses(unreachable, request)
            escalation = self.network.escalation(request.province, start.id)
            return RouteResult([], "no_path", escalation, unreachable, False, misses)
        if len(reached) > 1:
            reached.sort(key=lambda item: (item[0], item[1], item[2].id))
        fastest = min(reached, key=itemgetter(1))[1] // HOP  # minutes of the quickest path
        over = request.urgent and fastest > round(request.deadline_hours * 60)
        # the paths and hours of the candidates returned only
        candidates = [self._candidate(tree, org, key) for key, _, org in reached[: max(request.limit, 0)]]
        closer = self.network.escalation(request.province, start.id) if over else None  # to close the gap
        return RouteResult(candidates, None, closer, unreachable, over)

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

    def _candidate(self, tree: Tree, org: Organization, key: int) -> PartnerRoute:
        found = tree.path(org.id)
        assert found is not None  # only reached organizations are candidates
        path, mou_ids = found
        hours = self._path_hours(mou_ids)
        return PartnerRoute(org, key % FALLBACK, path, hours, len(mou_ids), mou_ids, key >= FALLBACK)
