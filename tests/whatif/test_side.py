"""The replay's batch path says, need by need, exactly what a whole plan says, however the work is shared."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from safetynet.contract.case import Case
from safetynet.network import Network, load_network
from safetynet.rules import RuleBook, RuleEngine, load_rulebook
from safetynet.rules.conditions import Leaf
from safetynet.whatif import outcomes_of_plan
from safetynet.whatif.keys import NeedKeys, classifier
from safetynet.whatif.side import Side
from tests.shipped import ZONE
from tests.whatif.conftest import ROOT, case, small_rules

NOW = datetime(2026, 6, 1, tzinfo=UTC)
PLACES: dict[str, list[tuple[str | None, str | None]]] = {
    "TH-65": [("Mueang Phitsanulok", "Nai Mueang"), ("Mueang Phitsanulok", None), (None, None)],
    "TH-52": [("Ko Kha", "Lampang Luang"), ("Mueang Lampang", None)],
    "TH-40": [("Mueang Khon Kaen", None)],
    "TH-30": [("Mueang Nakhon Ratchasima", None)],
    "TH-96": [(None, None)],
}


def random_cases(count: int, codes: list[str], seed: int) -> Iterator[Case]:
    pick = random.Random(seed)
    for n in range(count):
        province = pick.choice(list(PLACES))
        district, subdistrict = pick.choice(PLACES[province])
        where = {"province": province} | ({"district": district} if district else {})
        where |= {"subdistrict": subdistrict} if subdistrict else {}
        child: dict[str, Any] = {
            "age": pick.randrange(0, 25),
            "education_status": pick.choice(["in_school", "at_risk", "dropped_out", "never_enrolled"]),
            "location": where,
        }
        if pick.random() < 0.3:
            child["disability"] = {"has_disability": True, "registered": pick.random() < 0.5}
        household = {
            "income_monthly": pick.randrange(0, 8000),
            "housing_condition": pick.choice(["good", "poor", "dilapidated"]),
            "guardian": pick.choice(["parents", "grandparents", "relatives", "none"]),
        }
        needs = [
            {"code": code} | ({"urgent": pick.random() < 0.5} if pick.random() < 0.3 else {})
            for code in pick.sample(codes, 4)
        ]
        month, day = pick.randrange(1, 13), pick.randrange(1, 28)
        yield Case.model_validate(
            {
                "case_ref": f"R-{n}",
                "requested_at": f"2026-{month:02d}-{day:02d}T09:00:00+07:00",
                "child": child,
                "household": household,
                "needs": needs,
            }
        )


@pytest.fixture(scope="module")
def shipped() -> Iterator[tuple[RuleBook, Network, RuleEngine]]:
    book = load_rulebook(ROOT / "rules")
    engine = RuleEngine(book)
    try:
        yield book, load_network(ROOT / "graph", book.services, timezone=ZONE), engine
    finally:
        engine.close()


@pytest.mark.parametrize("limit", [50_000, 7])  # 7: the caches are emptied again and again
def test_the_batch_path_says_what_each_plan_says(shipped: tuple[RuleBook, Network, RuleEngine], limit: int) -> None:
    book, network, engine = shipped
    side = Side(engine=engine, network=network, timezone=ZONE)
    side._fired.limit = side._decided.limit = limit
    for one in random_cases(1500, sorted(book.needs), seed=limit):
        assert side.outcomes(one, start=None, now=NOW) == outcomes_of_plan(side.planner.plan(one, now=NOW)), one


def test_work_is_shared_between_cases_with_equal_facts(shipped: tuple[RuleBook, Network, RuleEngine]) -> None:
    book, network, engine = shipped
    side = Side(engine=engine, network=network, timezone=ZONE)
    for one in random_cases(2000, sorted(book.needs), seed=3):
        side.outcomes(one, start=None, now=NOW)
    assert len(side._fired.items) < 1000  # of 8,000 needs: the engine was asked once per key


def test_a_need_not_in_the_catalogue_and_a_start_not_in_the_network_are_said(
    tmp_path: Path, shipped: tuple[RuleBook, Network, RuleEngine]
) -> None:
    _, network, _ = shipped
    engine = RuleEngine(load_rulebook(small_rules(tmp_path / "rules")))  # no learning_supplies in its catalogue
    try:
        side = Side(engine=engine, network=network, timezone=ZONE)
        needs = ["housing_repair", "learning_supplies"]
        one = Case.model_validate(case("U-1", 10, needs, housing_condition="dilapidated"))
        outcomes = side.outcomes(one, start=None, now=NOW)
        assert (outcomes["housing_repair"].status, outcomes["learning_supplies"].status) == ("served", "unknown_need")
        elsewhere = Case.model_validate(case("U-2", 10, ["housing_repair"]) | {"requested_by": "no-such-unit"})
        assert side.outcomes(elsewhere, start=None, now=NOW)["housing_repair"].status == "not_planned"
    finally:
        engine.close()


def test_values_a_rule_cannot_tell_apart_share_a_class() -> None:
    leaves = [Leaf("child.age", "<", 18, "child.age < 18"), Leaf("child.age", ">=", 6, "child.age >= 6")]
    age = classifier(leaves)
    assert age(12) == age(13) == age(7) != age(5)  # a value a rule names is a class of its own: sound, if cautious
    assert age(17) != age(19) == age(30)
    assert age(None) not in (age(0), age(18))
    words = classifier([Leaf("household.guardian", "in", ("none", "relatives"), "household.guardian in [...]")])
    assert words("None") == words("none") != words("parents") == words("grandparents")


def test_a_key_reads_only_what_the_need_s_rules_read() -> None:
    book = load_rulebook(ROOT / "rules")
    keys = NeedKeys(book)
    on = date(2026, 6, 1)
    young = {"child": {"age": 9, "province": "TH-65"}, "household": {"housing_condition": "dilapidated"}}
    older = {"child": {"age": 10, "province": "TH-52"}, "household": {"housing_condition": "dilapidated", "members": 3}}
    assert keys.key("housing_repair", young, on) == keys.key("housing_repair", older, on)
    poor = {"child": {"age": 9}, "household": {"housing_condition": "poor"}}
    assert keys.key("housing_repair", young, on) != keys.key("housing_repair", poor, on)
    assert keys.key("housing_repair", young, on) != keys.key("housing_repair", young, date(2023, 1, 1))  # not in force
