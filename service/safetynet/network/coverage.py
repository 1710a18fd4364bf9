"""Coverage of a province: for each service and district, how many partners its CM units reach.

A partner counts for a district when it gives the service (capacity not 0), its service area covers the
whole district (district, province or national level), and a path along MOUs in force that cover the
service leads to it from one of the province's case_management units. A cell with no such partner is a
hole: most children there needing that service have nowhere to go but the core team. Partners that serve
only one subdistrict of the district are listed apart (``partial``; shown as ``+k`` in the text table).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from safetynet.network.codes import PROVINCES
from safetynet.network.directory import Network
from safetynet.network.graph import paths_for
from safetynet.network.model import Organization

#: The column used when no organization of the province names its district.
WHOLE_PROVINCE = "*"


@dataclass(frozen=True)
class Coverage:
    province: str
    day: date
    services: tuple[str, ...]
    districts: tuple[str, ...]
    partners: dict[tuple[str, str], tuple[str, ...]]  # (service, district) -> ids of partners reached
    cm_units: tuple[str, ...]
    partial: dict[tuple[str, str], tuple[str, ...]]  # reached partners serving only one subdistrict of it

    def count(self, service: str, district: str) -> int:
        return len(self.partners.get((service, district), ()))

    @property
    def holes(self) -> list[tuple[str, str]]:
        """(service, district) cells that no reachable partner covers."""
        return [(s, d) for s in self.services for d in self.districts if not self.count(s, d)]

    def to_text(self) -> str:
        name = PROVINCES.get(self.province, self.province)
        lines = [
            f"Coverage of {self.province} {name} on {self.day.isoformat()}: partners reached from "
            f"{', '.join(self.cm_units) or 'no case_management unit'} (0 = hole; +k = k more for one subdistrict only)",
        ]
        width = max([len("service"), *(len(s) for s in self.services)])
        columns = [max(len(d), 3) for d in self.districts]
        lines.append(
            "  ".join(["service".ljust(width), *(d.rjust(w) for d, w in zip(self.districts, columns, strict=True))])
        )
        for service in self.services:
            cells = [self._cell(service, d).rjust(w) for d, w in zip(self.districts, columns, strict=True)]
            lines.append("  ".join([service.ljust(width), *cells]))
        holes = self.holes
        lines.append(f"{len(holes)} hole(s)" + (":" if holes else ""))
        for service, district in holes:
            only = ", ".join(self.partial.get((service, district), ()))
            lines.append(f"  {service} in {district}" + (f" (only one subdistrict: {only})" if only else ""))
        return "\n".join(lines)

    def _cell(self, service: str, district: str) -> str:
        extra = len(self.partial.get((service, district), ()))
        return f"{self.count(service, district)}" + (f"+{extra}" if extra else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "province_name": PROVINCES.get(self.province),
            "date": self.day.isoformat(),
            "cm_units": list(self.cm_units),
            "districts": list(self.districts),
            "rows": [
                {
                    "service": service,
                    "cells": [
                        {
                            "district": d,
                            "partners": self.count(service, d),
                            "organizations": list(self.partners[service, d]),
                            "subdistrict_only": list(self.partial.get((service, d), ())),
                        }
                        for d in self.districts
                    ],
                }
                for service in self.services
            ],
            "holes": [{"service": s, "district": d} for s, d in self.holes],
        }


def coverage(network: Network, province: str, at: datetime | date, services: tuple[str, ...] | None = None) -> Coverage:
    """The service × district table of ``province`` at ``at`` (services: the network's catalogue by default)."""
    day = network.day(at)
    codes = services if services is not None else network.services
    districts = tuple(network.districts(province)) or (WHOLE_PROVINCE,)
    sources = [org.id for org in network.cm_units(province)]
    paths = paths_for(network)
    region = frozenset({province})
    offering: dict[str, list[Organization]] = {}
    for org in network.organizations.values():
        for service in org.services:
            if service.capacity != 0:
                offering.setdefault(service.code, []).append(org)
    partners: dict[tuple[str, str], tuple[str, ...]] = {}
    partial: dict[tuple[str, str], tuple[str, ...]] = {}
    for code in codes:
        reached = paths.reached(code, day, region, sources) if sources else set()
        for district in districts:
            scopes = [
                (org.id, _scope(org, code, province, district)) for org in offering.get(code, ()) if org.id in reached
            ]
            partners[code, district] = tuple(sorted(i for i, scope in scopes if scope == "whole"))
            partial[code, district] = tuple(sorted(i for i, scope in scopes if scope == "part"))
    return Coverage(province, day, tuple(codes), districts, partners, tuple(sources), partial)


def _scope(org: Organization, code: str, province: str, district: str) -> str | None:
    """'whole' when ``org`` serves all of the district for ``code``, 'part' for one subdistrict of it, else None."""
    service = org.offers(code)
    level = org.area_of(service) if service is not None else org.service_area
    if level == "national" or (org.province == province and level == "province"):
        return "whole"
    if org.province != province or district == WHOLE_PROVINCE or (org.district or "").casefold() != district.casefold():
        return None
    return "whole" if level == "district" else "part"
