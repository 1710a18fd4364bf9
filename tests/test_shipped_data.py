"""The shipped rules and network agree with each other (each is validated alone in test_shipped_rules.py and
test_shipped_graph.py)."""

from __future__ import annotations

from pathlib import Path

from safetynet.errors import errors_only
from safetynet.network import DEFAULT_SERVICE_CODES, check_network, load_network
from safetynet.rules import load_rulebook

ROOT = Path(__file__).resolve().parents[1]


def test_the_network_s_default_service_codes_are_the_rules_service_catalogue() -> None:
    assert set(load_rulebook(ROOT / "rules").services) == set(DEFAULT_SERVICE_CODES)


def test_the_network_checks_clean_against_the_rules_services() -> None:
    services = list(load_rulebook(ROOT / "rules").services)
    assert errors_only(check_network(ROOT / "graph", services)) == []


def test_every_rule_names_a_service_that_some_organization_of_a_listed_kind_gives() -> None:
    book = load_rulebook(ROOT / "rules")
    network = load_network(ROOT / "graph", list(book.services))
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
