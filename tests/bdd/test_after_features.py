"""Run after every scenario: each need code of rules/needs.yaml was asked for by a scenario, and each rule
fired in one (what the scenarios really sent to the API and got back, recorded by tests/bdd/rule_coverage.py).

``tests/bdd/conftest.py`` moves these tests after all the others. When not every scenario of ``features/`` ran
(``-k``, a node id, ``--lf``) they are skipped, saying so: a part of the features cannot tell.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_bdd.feature import get_features

from tests.bdd.rule_coverage import PLUGIN_NAME, RuleCoverage, unexercised
from tests.bdd.unexercised import needs_message, rules_message
from tests.bdd.world import DEFAULT_MOMENT

FEATURES = Path(__file__).resolve().parents[2] / "features"
pytestmark = pytest.mark.after_features


def scenario_count() -> int:
    """How many tests the scenarios of features/ make: one per scenario, one per example of an outline."""
    return sum(
        max(1, sum(len(list(examples.as_contexts())) for examples in template.examples))
        for feature in get_features([str(FEATURES)])
        for template in feature.scenarios.values()
    )


@pytest.fixture
def coverage(pytestconfig: pytest.Config) -> RuleCoverage:
    plugin = pytestconfig.pluginmanager.get_plugin(PLUGIN_NAME)
    assert isinstance(plugin, RuleCoverage)
    expected = scenario_count()
    if plugin.book is None or plugin.scenarios < expected:
        pytest.skip(
            f"{plugin.scenarios} of the {expected} scenarios of features/ ran: this check needs them all "
            "(make test, or pytest tests/bdd)"
        )
    return plugin


def test_every_need_code_is_asked_for_by_some_scenario(coverage: RuleCoverage) -> None:
    assert coverage.book is not None
    missing = coverage.needs_never_asked()
    if missing:
        pytest.fail(needs_message(coverage.book, missing), pytrace=False)


def test_every_rule_fires_in_some_scenario(coverage: RuleCoverage) -> None:
    assert coverage.book is not None
    missing = [rule_id for rule_id, _ in unexercised(coverage.book, coverage.fired)]
    if missing:
        pytest.fail(rules_message(coverage.book, missing, DEFAULT_MOMENT.date()), pytrace=False)
