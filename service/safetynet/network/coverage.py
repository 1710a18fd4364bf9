"""Coverage of a province: for each service and each of its districts (all of them, from the gazetteer), the
partners its CM units reach.

A cell counts exactly the candidates a plan gives a child of that district (subdistrict not given) for that
service under the rules in force that suggest it (``asked``: their providers together, a union, so that a
partner counts when any of those rules would propose it): the same test of reach (``reach.py``: its service area
covers the district — a district-level partner of that district, a province-wide one, a national body where a
rule lets national bodies in — and its kind is one a rule asks for), a partner taking referrals (capacity not 0)
and a path along MOUs in force that cover the service from one of the province's case_management units. Age is
left out: each partner's age limits apply to each child. A cell with no such partner is a hole: most children
there needing that service have nowhere to go but the core team. Partners that serve only one subdistrict of the
district are listed apart (``partial``; shown as ``+k`` in the text). Without ``asked`` (no rule book at hand)
every kind counts, from any area.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from safetynet.contract.text import pad, width
from safetynet.contract.vocabulary import Level, Text
from safetynet.network.directory import Network
from safetynet.network.paths import paths_for
from safetynet.network.reach import SUBDISTRICT, Place, levels, offers_for, reach, widest
from safetynet.places import District, gazetteer

#: service -> the providers (kind, level) of the rules in force that suggest it, together; () when one of those rules
#: names none (any kind, from any area, as for routing). A service absent: no rule in force suggests it, so no plan
#: routes a child to it and no partner counts. Worked out from a rule book by ``planning.ruleparts.providers_asked``.
Asked = Mapping[str, tuple[tuple[str, Level], ...]]


@dataclass(frozen=True)
class Coverage:
    province: str
    day: date
    services: tuple[str, ...]
    districts: tuple[District, ...]  # every district of the province, by DOPA code
    partners: dict[tuple[str, str], tuple[str, ...]]  # (service, district code) -> ids of partners reached
    cm_units: tuple[str, ...]
    partial: dict[tuple[str, str], tuple[str, ...]]  # reached partners serving only one subdistrict of it
    #: service -> the kinds counted, sorted; None: any kind; (): none (no rule in force suggests the service)
    kinds: dict[str, tuple[str, ...] | None] = field(default_factory=dict)

    @property
    def province_name(self) -> str | None:
        """The province's English name in the gazetteer."""
        found = gazetteer.province(self.province)
        return found.en if found is not None else None

    def count(self, service: str, district: str) -> int:
        """Partners for ``service`` in the district with this DOPA code."""
        return len(self.partners.get((service, district), ()))

    @property
    def holes(self) -> list[tuple[str, str]]:
        """(service, district code) cells that no reachable partner covers."""
        return [(s, d.code) for s in self.services for d in self.districts if not self.count(s, d.code)]

    def to_text(self, labels: Mapping[str, Text] | None = None) -> str:
        """One row per district (its Thai and English names), one column per service (numbered; the legend is above
        the table, each service with its Thai and English label from ``labels``, the services catalogue)."""
        found = gazetteer.province(self.province)
        name = f"{found.th} {found.en}" if found is not None else self.province
        lines = [
            f"ความครอบคลุม / Coverage of {self.province} {name} on {self.day.isoformat()}: partners reached from "
            f"{', '.join(self.cm_units) or 'no case_management unit'} (0 = hole; +k = k more for one subdistrict only)",
            "บริการ / services:",
            *(f"  {n} {s}{_label(labels, s, ': ')}{self._kinds_said(s)}" for n, s in enumerate(self.services, 1)),
        ]
        names = [f"{d.code} {d.th} {d.en}" for d in self.districts]
        widest = max([len("district"), *(width(name) for name in names)])
        cells = {(s, d.code): self._cell(s, d.code) for s in self.services for d in self.districts}
        columns = [
            max(len(str(n)), *(len(cells[s, d.code]) for d in self.districts)) for n, s in enumerate(self.services, 1)
        ]
        lines.append("  ".join(["district".ljust(widest), *(str(n).rjust(w) for n, w in enumerate(columns, 1))]))
        for name, d in zip(names, self.districts, strict=True):
            row = [cells[s, d.code].rjust(w) for s, w in zip(self.services, columns, strict=True)]
            lines.append("  ".join([pad(name, widest), *row]))
        holes = self.holes
        lines.append(f"ช่องว่าง / {len(holes)} hole(s)" + (":" if holes else ""))
        districts = {d.code: d for d in self.districts}
        for service, code in holes:
            only = ", ".join(self.partial.get((service, code), ()))
            also = f" (only one subdistrict: {only})" if only else ""
            d = districts[code]
            lines.append(f"  {service}{_label(labels, service, ' ')} in {d.en} ({d.th}, {code}){also}")
        return "\n".join(lines)

    def _kinds_said(self, service: str) -> str:
        kinds = self.kinds.get(service)
        if kinds is None:
            return ""
        if not kinds:
            return " (ไม่มีกฎที่ใช้อยู่เสนอบริการนี้ / no rule in force suggests it)"
        return f" (ประเภท / kinds: {', '.join(kinds)})"

    def _cell(self, service: str, district: str) -> str:
        extra = len(self.partial.get((service, district), ()))
        return f"{self.count(service, district)}" + (f"+{extra}" if extra else "")

    def as_dict(self) -> dict[str, Any]:
        return {
            "province": self.province,
            "province_name": self.province_name,
            "date": self.day.isoformat(),
            "cm_units": list(self.cm_units),
            "districts": [d.as_dict() for d in self.districts],
            "rows": [
                {
                    "service": service,
                    "kinds": _listed(self.kinds.get(service)),
                    "cells": [
                        {
                            "district": d.en,
                            "district_code": d.code,
                            "partners": self.count(service, d.code),
                            "organizations": list(self.partners[service, d.code]),
                            "subdistrict_only": list(self.partial.get((service, d.code), ())),
                        }
                        for d in self.districts
                    ],
                }
                for service in self.services
            ],
            "holes": [{"service": s, "district": d} for s, d in self.holes],
        }


def _listed(kinds: tuple[str, ...] | None) -> list[str] | None:
    return None if kinds is None else list(kinds)


def _label(labels: Mapping[str, Text] | None, service: str, before: str) -> str:
    """`` (ซ่อมแซมที่อยู่อาศัย / Housing repair)``-like text of a service, or '' when the catalogue does not name it."""
    label = labels.get(service) if labels else None
    if label is None:
        return ""
    return f"{before}{label.th} / {label.en}" if before.strip() else f"{before}({label.th} / {label.en})"


def coverage(
    network: Network,
    province: str,
    at: datetime | date,
    services: tuple[str, ...] | None = None,
    *,
    asked: Asked | None = None,
) -> Coverage:
    """The service × district table of ``province`` at ``at`` (services: the network's catalogue by default),
    counting for each service the providers ``asked`` for it (None: any kind)."""
    day = network.day(at)
    codes = services if services is not None else network.services
    districts = gazetteer.districts(province)
    sources = [org.id for org in network.cm_units(province)]
    paths = paths_for(network)
    offers = offers_for(network)
    region = frozenset({province})
    partners: dict[tuple[str, str], tuple[str, ...]] = {}
    partial: dict[tuple[str, str], tuple[str, ...]] = {}
    kinds: dict[str, tuple[str, ...] | None] = {}
    for code in codes:
        providers = () if asked is None else asked.get(code)
        wide, within = widest(providers or ()), levels(providers or ())
        kinds[code] = None if asked is None or providers == () else tuple(sorted(wide))
        reached = paths.reached(code, day, region, sources) if sources and providers is not None else set()
        taking = [o for o in offers.of(code, province) if o.ages and o.organization.id in reached]
        for district in districts:
            place = Place(province, district.code)
            partners[code, district.code] = tuple(
                sorted(o.organization.id for o in taking if reach(o, place, wide, within) is not None)
            )
            partial[code, district.code] = tuple(
                sorted(
                    o.organization.id
                    for o in taking
                    if o.rank == SUBDISTRICT
                    and o.district == district.code
                    and reach(o, Place(province, district.code, o.subdistrict), wide, within) is not None
                )
            )
    return Coverage(province, day, tuple(codes), districts, partners, tuple(sources), partial, kinds)
