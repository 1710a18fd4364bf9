"""The shared words (``contract/vocabulary.py``): the kinds the service acts on are kinds of ``kinds.toml``."""

from __future__ import annotations

from safetynet.contract.vocabulary import CM_UNIT, CORE_TEAM, ORGANIZATION_KINDS


def test_the_kinds_the_service_acts_on_are_kinds_of_the_table() -> None:
    assert CM_UNIT in ORGANIZATION_KINDS
    assert CORE_TEAM in ORGANIZATION_KINDS
