"""``check_network`` and ``load_network``: read ``graph/``, check each record, then the network as a whole.

What the network may offer is the services catalogue of the rules (``rules/services.yaml``), passed in by the
caller; the calendar day (which MOUs are in force) is the day in the service's time zone, also passed in. Both
come from ``runtime.build``, so that the rules, the planner and the network agree.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path

from safetynet.contract.vocabulary import day_in
from safetynet.errors import NetworkFilesInvalid, Problem, errors_only
from safetynet.network.areas import resolve_areas
from safetynet.network.consistency import check_records
from safetynet.network.directory import Network
from safetynet.network.files import read_files


def check_network(
    directory: Path, services: Collection[str], *, timezone: tzinfo, at: datetime | date | None = None
) -> list[Problem]:
    """Every problem in the network files (errors and warnings), sorted by place.

    ``services`` is the services catalogue; ``at`` (default: now, in ``timezone``) decides which MOUs have
    expired and what is reachable.
    """
    return _check(directory, services, timezone, at)[1]


def load_network(
    directory: Path, services: Collection[str], *, timezone: tzinfo, at: datetime | date | None = None
) -> Network:
    """The network in ``directory``; raises ``NetworkFilesInvalid`` on any error (warnings: ``.warnings``)."""
    network, problems = _check(directory, services, timezone, at)
    if network is None:
        raise NetworkFilesInvalid(problems)
    return network


def _check(
    directory: Path, services: Collection[str], timezone: tzinfo, at: datetime | date | None
) -> tuple[Network | None, list[Problem]]:
    codes = tuple(services)
    day = day_in(timezone, at if at is not None else datetime.now(UTC))
    read = read_files(Path(directory))
    areas, area_problems = resolve_areas(read.organizations)  # every district and subdistrict, in the gazetteer
    problems = sorted([*read.problems, *area_problems, *check_records(read, set(codes), day)])
    if errors_only(problems):
        return None, problems
    organizations = {org.id: org for org, _ in read.organizations}
    mous = (m for m, _ in read.mous)
    network = Network(
        organizations, mous, version=read.version, services=codes, timezone=timezone, warnings=problems, areas=areas
    )
    return network, problems
