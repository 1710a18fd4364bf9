"""``check_network`` and ``load_network``: read ``graph/``, check each record, then the network as a whole."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, date, datetime
from pathlib import Path

from safetynet.errors import NetworkFilesInvalid, Problem, errors_only
from safetynet.network.areas import resolve_areas
from safetynet.network.checks import check_records
from safetynet.network.codes import DEFAULT_SERVICE_CODES, thai_day
from safetynet.network.files import read_files
from safetynet.network.network import Network
from safetynet.runtime.gcpolicy import no_gc_pauses


def _day(at: datetime | date | None) -> date:
    return thai_day(at if at is not None else datetime.now(UTC))


def check_network(
    directory: Path, services: Collection[str] | None = None, *, at: datetime | date | None = None
) -> list[Problem]:
    """Every problem in the network files (errors and warnings), sorted by place.

    ``services`` is the services catalogue (``rules/services.yaml``); None means ``DEFAULT_SERVICE_CODES``.
    ``at`` (default: now) decides which MOUs have expired and what is reachable.
    """
    return _check(directory, services, at)[1]


def load_network(
    directory: Path, services: Collection[str] | None = None, *, at: datetime | date | None = None
) -> Network:
    """The network in ``directory``; raises ``NetworkFilesInvalid`` on any error (warnings: ``.warnings``)."""
    network, problems = _check(directory, services, at)
    if network is None:
        raise NetworkFilesInvalid(problems)
    return network


def _check(
    directory: Path, services: Collection[str] | None, at: datetime | date | None
) -> tuple[Network | None, list[Problem]]:
    with no_gc_pauses():
        return _check_all(directory, services, at)


def _check_all(
    directory: Path, services: Collection[str] | None, at: datetime | date | None
) -> tuple[Network | None, list[Problem]]:
    codes = tuple(services) if services is not None else DEFAULT_SERVICE_CODES
    read = read_files(Path(directory))
    areas, area_problems = resolve_areas(read.organizations)
    problems = sorted([*read.problems, *area_problems, *check_records(read, set(codes), _day(at))])
    if errors_only(problems):
        return None, problems
    organizations = {org.id: org for org, _ in read.organizations}
    network = Network(
        organizations, (m for m, _ in read.mous), version=read.version, services=codes, warnings=problems, areas=areas
    )
    return network, problems
