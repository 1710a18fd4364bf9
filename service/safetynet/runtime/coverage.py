"""Coverage of a province as a plan would count it: ``network.coverage`` given, service by service, the providers the
rules in force ask for (``planning.ruleparts.providers_asked``). The one call of the API (``GET /v1/coverage``), the
web board and ``safetynet coverage`` (a draft's rules and network too), so that all three show the same holes, and
the holes that plans meet."""

from __future__ import annotations

from datetime import date, datetime

from safetynet.network import Coverage, Network, coverage
from safetynet.planning.ruleparts import providers_asked
from safetynet.rules import RuleBook


def province_coverage(
    network: Network, book: RuleBook, province: str, at: datetime | date, services: tuple[str, ...] | None = None
) -> Coverage:
    """The service × district table of ``province`` at ``at``, each service counting the partners of the kinds (and
    levels) that the rules of ``book`` in force on that day ask for (services: the network's catalogue by default)."""
    asked = providers_asked(book.rules, network.day(at))
    return coverage(network, province, at, services, asked=asked)
