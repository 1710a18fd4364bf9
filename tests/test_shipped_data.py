"""The shipped rules and network agree with each other (each is validated alone in test_shipped_rules.py and
test_shipped_graph.py)."""

from __future__ import annotations

from safetynet.errors import errors_only
from safetynet.network import check_network, load_network
from safetynet.rules import load_rulebook
from tests.shipped import GRAPH, RULES, ZONE


def test_the_network_checks_clean_against_the_rules_services() -> None:
    services = list(load_rulebook(RULES).services)
    assert errors_only(check_network(GRAPH, services, timezone=ZONE)) == []


def test_every_rule_names_a_service_that_some_organization_of_a_listed_kind_gives() -> None:
    book = load_rulebook(RULES)
    network = load_network(GRAPH, book.services, timezone=ZONE)
    dead = []
    for rule in book.rules:
        kinds = {p.kind for p in rule.outcome.providers}
        givers = [
            org for org in network.organizations.values()
            if org.offers(rule.outcome.service) is not None and (not kinds or org.kind in kinds)
        ]  # fmt: skip
        if not givers:
            dead.append(f"{rule.id}: {rule.outcome.service} from {sorted(kinds)}")
    assert dead == []
