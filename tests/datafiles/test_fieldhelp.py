"""fieldhelp.toml, read into the ``Explain`` of each field."""

from __future__ import annotations

import pytest

from safetynet.datafiles.fieldhelp import explain, parse_table


def test_an_entry_gives_its_words_and_its_fix() -> None:
    rule_id = explain("rule_id")
    assert rule_id.noun == "a rule id"
    assert rule_id.how.endswith("like housing.dilapidated_home")
    assert rule_id.fix is not None
    assert rule_id.fix("Housing-Bad Home") == "housing_bad_home"
    organization = explain("organization_id")
    assert organization.fix is not None
    assert organization.fix(" LPG_CM unit") == "lpg-cm-unit"
    assert explain("reference").fix is None


def test_a_field_not_in_the_file_fails_where_it_is_used() -> None:
    with pytest.raises(KeyError):
        explain("no_such_field")


@pytest.mark.parametrize(
    "text",
    [
        '[x]\nhow = "like 1"',  # no noun
        '[x]\nnoun = "a number"',  # no how
        '[x]\nnoun = "a number"\nhow = "like 1"\nfix = "upper"',  # unknown fix
        '[x]\nnoun = "a number"\nhow = "like 1"\nhint = "?"',  # unknown key
    ],
)
def test_an_entry_written_wrong_is_refused_with_its_name(text: str) -> None:
    with pytest.raises(ValueError, match=r"fieldhelp.toml: \[x\]: write noun, how"):
        parse_table(text)
