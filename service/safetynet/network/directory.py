"""The loaded partner network: organizations by id, MOUs, and the look-ups the planner and the API need."""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date, datetime, tzinfo
from typing import Any, TypeVar

from safetynet.contract.vocabulary import CM_UNIT, CORE_TEAM, day_in
from safetynet.errors import Problem
from safetynet.network.areas import NOWHERE, Area, locations
from safetynet.network.model import Mou, Organization
from safetynet.places import Location

T = TypeVar("T")


class Network:
    """An immutable partner network; ``version`` is the content hash of the files it was read from, ``services``
    the services catalogue it was checked against, ``timezone`` the service's (which decides the calendar day)."""

    def __init__(
        self,
        organizations: dict[str, Organization],
        mous: Iterable[Mou],
        *,
        version: str,
        services: Iterable[str],
        timezone: tzinfo,
        warnings: Iterable[Problem] = (),
        areas: Mapping[str, Area] | None = None,
    ) -> None:
        self.organizations = organizations
        self.areas: Mapping[str, Area] = areas if areas is not None else {}
        self.mous = tuple(mous)
        self.version = version
        self.services = tuple(services)
        self.timezone = timezone
        self.warnings = tuple(warnings)
        self._mous_of: dict[str, tuple[Mou, ...]] | None = None  # built on first use: loading needs none
        self._mou_by_id: dict[str, Mou] | None = None
        self._locations: dict[str, Location] | None = None
        self._lock = threading.Lock()
        self._indexes: dict[Hashable, Any] = {}  # what ``index`` built, by factory
        self._index_lock = threading.Lock()
        by_kind: dict[tuple[str, str], list[Organization]] = {}
        for org in sorted(organizations.values(), key=lambda o: o.id):
            by_kind.setdefault((org.province, org.kind), []).append(org)
        self._by_province_kind = by_kind

    def __repr__(self) -> str:
        return f"<Network {self.version}: {len(self.organizations)} organizations, {len(self.mous)} MOUs>"

    def day(self, at: datetime | date) -> date:
        """The calendar day at ``at`` in the service's time zone: MOUs are in force, or not, for whole days."""
        return day_in(self.timezone, at)

    def organization(self, organization_id: str) -> Organization | None:
        return self.organizations.get(organization_id)

    def cm_units(self, province: str) -> list[Organization]:
        """The province's case management units (where referrals start), by id."""
        return list(self._by_province_kind.get((province, CM_UNIT), ()))

    def core_team(self, province: str) -> Organization | None:
        """The province's core team (where referrals with no path escalate); the first by id if several."""
        teams = self._by_province_kind.get((province, CORE_TEAM), ())
        return teams[0] if teams else None

    def index(self, factory: Callable[[Network], T]) -> T:
        """The one ``factory(self)`` of this network (an index built over it), built on first use and kept as long
        as the network: routing and coverage share one ``Paths`` and one ``Offers``."""
        with self._index_lock:
            found = self._indexes.get(factory)
            if found is None:
                found = self._indexes[factory] = factory(self)
            return found

    def escalation(self, province: str, requested_by: str) -> Organization:
        """Who acts on a need the plan cannot route: the core team of the child's province; when that province
        has none, the core team of the requesting organization's province; when that has none either, the
        requesting organization itself (it asked, so it exists). Never nobody."""
        requester = self.organizations[requested_by]
        return self.core_team(province) or self.core_team(requester.province) or requester

    def mous_of(self, organization_id: str) -> tuple[Mou, ...]:
        """Every MOU the organization is a party to, in force or not."""
        with self._lock:
            if self._mous_of is None:
                mous_of: dict[str, list[Mou]] = {}
                for mou in self.mous:
                    for party in mou.parties:
                        mous_of.setdefault(party, []).append(mou)
                self._mous_of = {org_id: tuple(found) for org_id, found in mous_of.items()}
            return self._mous_of.get(organization_id, ())

    def mou(self, mou_id: str) -> Mou:
        """The MOU with this id (KeyError when there is none)."""
        found = self._mou_by_id
        if found is None:
            with self._lock:
                found = self._mou_by_id = {mou.id: mou for mou in self.mous}
        return found[mou_id]

    def partners(self, organization_id: str, at: datetime | date) -> list[tuple[Organization, Mou]]:
        """(partner, MOU) for each MOU in force at ``at`` that binds this organization, by partner id then MOU id."""
        found: list[tuple[Organization, Mou]] = []
        day = self.day(at)
        for mou in self.mous_of(organization_id):
            if not mou.in_force(day):
                continue
            for party in mou.parties:
                other = self.organizations.get(party)
                if party != organization_id and other is not None:
                    found.append((other, mou))
        return sorted(found, key=lambda pair: (pair[0].id, pair[1].id))

    def area(self, organization_id: str) -> Area:
        """Where the organization is: the DOPA codes of its district and subdistrict (None where not given)."""
        return self.areas.get(organization_id, NOWHERE)

    def location(self, organization_id: str) -> Location:
        """Where the organization is, as a plan gives a child's place (``Location.as_dict()``: Thai and English
        names, ISO and DOPA codes). Made for the whole network on first use and kept (``areas.locations``): a
        listing of the national network costs a look-up per organization (KeyError for an unknown id)."""
        found = self._locations
        if found is None:
            with self._lock:
                found = self._locations
                if found is None:
                    found = self._locations = locations(self.organizations.values(), self.areas)
        return found[organization_id]

    def provinces(self) -> list[str]:
        return sorted({org.province for org in self.organizations.values()})

    def find(
        self, *, service: str | None = None, province: str | None = None, kind: str | None = None
    ) -> list[Organization]:
        """Organizations matching every filter given, by id."""
        return [
            org
            for org in sorted(self.organizations.values(), key=lambda o: o.id)
            if (service is None or org.offers(service) is not None)
            and (province is None or org.province == province)
            and (kind is None or org.kind == kind)
        ]
