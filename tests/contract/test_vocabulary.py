"""The shared words (``contract/vocabulary.py``): the kinds the service acts on are kinds of ``kinds.toml``."""

from __future__ import annotations

from safetynet.contract.vocabulary import CM_UNIT, CORE_TEAM, ORGANIZATION_KINDS, kind_label


def test_the_kinds_the_service_acts_on_are_kinds_of_the_table() -> None:
    assert CM_UNIT in ORGANIZATION_KINDS
    assert CORE_TEAM in ORGANIZATION_KINDS


def test_a_kind_is_labelled_by_the_table_and_one_it_lacks_by_its_code() -> None:
    assert kind_label(CORE_TEAM) == ORGANIZATION_KINDS[CORE_TEAM]
    assert kind_label("no_such_kind") == ("no_such_kind", "no_such_kind")
