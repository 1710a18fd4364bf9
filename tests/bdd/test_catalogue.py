"""The step catalogue and the features hold together: each example matches its own step and no other, every
step of every feature matches exactly one step, docs/scenarios.md shows every example, and the features
cover every rule file with enough Thai. (That the scenarios ask for every need code and make every rule fire
is checked on what they really sent, after they ran: tests/bdd/test_after_features.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature, Step

from tests.bdd.catalogue import CATALOGUE, Phrase, matching

ROOT = Path(__file__).resolve().parents[2]
FEATURES = ROOT / "features"
DOCS = ROOT / "docs" / "scenarios.md"


@pytest.fixture(scope="module")
def features() -> list[Feature]:
    return get_features([str(FEATURES)])


def _steps(features: list[Feature]) -> Iterator[tuple[str, Step]]:
    for feature in features:
        for template in feature.scenarios.values():
            contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
            for context in contexts:
                for step in template.render(context).steps:
                    yield f"{Path(feature.filename).relative_to(ROOT)}:{step.line_number}", step


@pytest.mark.parametrize("phrase", CATALOGUE, ids=lambda p: p.en_example)
def test_each_example_matches_its_own_step_and_no_other(phrase: Phrase) -> None:
    for example in (phrase.en_example, phrase.th_example):
        assert matching(phrase.kind, example) == [phrase], example


def test_every_step_in_the_features_matches_exactly_one_step(features: list[Feature]) -> None:
    problems = []
    for where, step in _steps(features):
        found = matching(step.type, step.name)
        if len(found) != 1:
            problems.append(f"{where}: {step.keyword} {step.name}: matches {len(found)} steps")
    assert not problems, "\n".join(problems)


def test_the_guide_shows_every_example_in_both_languages() -> None:
    guide = DOCS.read_text(encoding="utf-8")
    missing = [e for p in CATALOGUE for e in (p.en_example, p.th_example) if e not in guide]
    assert not missing, "docs/scenarios.md lacks these examples:\n" + "\n".join(missing)


def test_every_rule_file_has_its_feature() -> None:
    rules = ROOT / "rules"
    wanted = [
        path.relative_to(rules).with_suffix(".feature")
        for path in sorted(rules.rglob("*.yaml"))
        if path.name not in ("needs.yaml", "services.yaml")
    ]
    missing = [str(f) for f in wanted if not (FEATURES / f).is_file()]
    assert not missing, f"rule files without a feature in features/: {missing}"


def test_at_least_25_scenarios_a_third_of_them_in_thai(features: list[Feature]) -> None:
    languages = [f.language for f in features for _ in f.scenarios]
    assert len(languages) >= 25
    assert languages.count("th") * 3 >= len(languages)
