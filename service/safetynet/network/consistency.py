"""Checks of the network as a whole: ids, service codes, areas, dates and reachability.

Errors: duplicate ids, MOU parties that name no organization, unknown service codes, a service listed twice,
an area level without the place names it needs. Warnings: MOUs expired or not yet signed at the check date,
organizations that no case_management unit can reach along MOUs in force, provinces with organizations but
no case_management unit or no core team.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import chain
from typing import TypeVar

from safetynet.contract.vocabulary import CM_UNIT, CORE_TEAM
from safetynet.datafiles.suggest import closest
from safetynet.errors import Place, Problem
from safetynet.network.files import Placed, ReadFiles
from safetynet.network.model import ALL, Mou, Organization

_R = TypeVar("_R", Organization, Mou)


def check_records(read: ReadFiles, services: set[str], day: date) -> list[Problem]:
    problems: list[Problem] = []
    orgs = _unique(read.organizations, "organization", problems)
    _unique(read.mous, "MOU", problems)
    catalogue = ", ".join(sorted(services))
    for org, placed in read.organizations:
        problems.extend(_organization_problems(org, placed, services, catalogue))
    # the ids and codes that name nothing, found for all MOUs at once: most networks have none
    strangers = set(chain.from_iterable(m.parties for m, _ in read.mous)).difference(orgs)
    unknown = set(chain.from_iterable(m.services for m, _ in read.mous)).difference(services, (ALL,))
    for mou, placed in read.mous:
        fine = (
            mou.signed <= day
            and (mou.expires is None or day < mou.expires)
            and strangers.isdisjoint(mou.parties)
            and unknown.isdisjoint(mou.services)
        )
        if not fine:  # the common case costs no call
            problems.extend(
                _mou_problems(mou, placed, services, catalogue=catalogue, orgs=orgs, day=day, read=read)
            )
    problems.extend(_unreachable(orgs, (m for m, _ in read.mous), day))
    problems.extend(_missing_roles(orgs))
    return problems


def _unique(records: list[tuple[_R, Placed]], what: str, problems: list[Problem]) -> dict[str, tuple[_R, Placed]]:
    first = dict(zip([record.id for record, _ in records], records, strict=True))
    if len(first) == len(records):  # no id twice: the common case, without a step per record
        return first
    first = {}
    for record, placed in records:
        if record.id in first:
            other = first[record.id][1].where(("id",))
            message = f"{what} id {record.id!r} is already used at {other}: give each {what} its own id"
            problems.append(placed.problem(("id",), message))
        else:
            first[record.id] = (record, placed)
    return first


def _unknown_service(code: str, services: set[str], catalogue: str) -> str:
    near = closest(code, services)
    hint = f"did you mean {near!r}?" if near else f"service codes: {catalogue}"
    return f"{code!r} is not a service code in the services catalogue; {hint}"


def _organization_problems(org: Organization, placed: Placed, services: set[str], catalogue: str) -> list[Problem]:
    out: list[Problem] = []
    seen: set[str] = set()
    for j, service in enumerate(org.services):
        if service.code not in services:
            out.append(placed.problem(("services", j, "code"), _unknown_service(service.code, services, catalogue)))
        elif service.code in seen:
            out.append(placed.problem(("services", j, "code"), f"{service.code!r} is listed twice: keep one entry"))
        seen.add(service.code)
        if service.service_area is not None:
            out.extend(_area_problems(org, placed, service.service_area, ("services", j, "service_area")))
    out.extend(_area_problems(org, placed, org.service_area, ("service_area",)))
    if org.subdistrict and not org.district:
        out.append(placed.problem(("subdistrict",), f"give the district of subdistrict {org.subdistrict!r}"))
    return out


def _area_problems(org: Organization, placed: Placed, level: str, loc: tuple[str | int, ...]) -> list[Problem]:
    if level == "subdistrict" and not (org.district and org.subdistrict):
        return [
            placed.problem(
                loc,
                "service area 'subdistrict' needs the organization's 'district' and 'subdistrict' "
                "(Thai or English names or DOPA codes, e.g. district: Ko Kha, subdistrict: Lampang Luang)",
            )
        ]
    if level == "district" and not org.district:
        return [placed.problem(loc, "service area 'district' needs the organization's 'district' (e.g. Ko Kha)")]
    return []


def _mou_problems(
    mou: Mou,
    placed: Placed,
    services: set[str],
    *,
    catalogue: str,
    orgs: dict[str, tuple[Organization, Placed]],
    day: date,
    read: ReadFiles,
) -> list[Problem]:
    out: list[Problem] = []
    if mou.services != ("all",):
        for j, code in enumerate(mou.services):
            if code not in services:
                out.append(placed.problem(("services", j), _unknown_service(code, services, catalogue)))
    for j, party in enumerate(mou.parties):
        if party in read.refused:
            message = f"{party!r} is left out for the error(s) of its record at {read.refused[party]}: fix them"
            out.append(placed.problem(("parties", j), message))
        elif party not in orgs and read.unread:
            out.append(placed.problem(("parties", j), _maybe_unread(party, read.unread)))
        elif party not in orgs:
            options = [o for o in orgs if o[:3] == party[:3]] if len(orgs) > 2000 else list(orgs)
            near = closest(party, options)
            hint = f"; did you mean {near!r}?" if near else ": add the organization, or correct the id"
            out.append(placed.problem(("parties", j), f"{party!r} is not the id of any organization{hint}"))
    if mou.expires is not None and mou.expires <= day:
        out.append(
            placed.problem(
                ("expires",),
                f"MOU {mou.id!r} expired on {mou.expires.isoformat()}: referrals no longer use it; "
                "renew it (a later 'expires') or remove it",
                warning=True,
            )
        )
    elif mou.signed > day:
        out.append(
            placed.problem(
                ("signed",),
                f"MOU {mou.id!r} is not in force until {mou.signed.isoformat()}: referrals will not use it before then",
                warning=True,
            )
        )
    return out


def _maybe_unread(party: str, unread: list[Place]) -> str:
    """A party not found while some file could not be read: it is most likely there (a tab or an indentation in
    organizations/<province>.yaml hides the whole province), so no other id is suggested."""
    files = ", ".join(str(p) for p in unread[:3]) + (f" and {len(unread) - 3} more" if len(unread) > 3 else "")
    return (
        f"{party!r} is not the id of any organization read; {len(unread)} file(s) could not be read ({files}), "
        "so it may be there: fix that error first, then check again"
    )


def _unreachable(orgs: dict[str, tuple[Organization, Placed]], mous: Iterable[Mou], day: date) -> list[Problem]:
    """Organizations that no case_management unit reaches along MOUs in force on ``day`` (for any service)."""
    neighbours: dict[str, list[str]] = {}
    for mou in mous:
        if mou.signed <= day and (mou.expires is None or day < mou.expires):
            parties = mou.parties
            if len(parties) == 2:
                a, b = parties
                neighbours.setdefault(a, []).append(b)
                neighbours.setdefault(b, []).append(a)
            else:  # the MOU is a node of its own: k parties cost k links, not k²
                hub = "\0" + mou.id
                neighbours[hub] = list(parties)
                for party in parties:
                    neighbours.setdefault(party, []).append(hub)
    start = [org_id for org_id, (org, _) in orgs.items() if org.kind == CM_UNIT]
    seen = set(start)
    stack = list(start)
    while stack:
        for nxt in neighbours.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return [
        placed.problem(
            ("id",),
            f"{org_id!r} cannot be reached from any case_management unit along MOUs in force: add an MOU "
            "with a partner that is reached (e.g. the provincial core team)",
            warning=True,
        )
        for org_id, (_, placed) in orgs.items()
        if org_id not in seen
    ]


def _missing_roles(orgs: dict[str, tuple[Organization, Placed]]) -> list[Problem]:
    """Provinces with organizations (national bodies filed under one included) but no case_management unit or no
    core team: a case in that province could not start, or could not escalate."""
    first: dict[str, Placed] = {}
    kinds: dict[str, set[str]] = {}
    for org, placed in orgs.values():
        first.setdefault(org.province, placed)
        kinds.setdefault(org.province, set()).add(org.kind)
    out: list[Problem] = []
    for province, placed in first.items():
        for kind, role in ((CM_UNIT, "referrals for its children cannot start"),
                           (CORE_TEAM, "referrals with no path have nowhere to escalate")):  # fmt: skip
            if kind not in kinds[province]:
                out.append(
                    placed.problem(
                        ("province",), f"province {province} has no {kind} organization: {role}; add one", warning=True
                    )
                )
    return out
