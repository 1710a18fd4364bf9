"""How each field of a rule or network file is written: plain words and an example, in one place.

A field's type carries its ``Explain`` (``Annotated[str, StringConstraints(...), RULE_ID]``), so that the
pattern and its explanation sit side by side. ``safetynet.datafiles.validation`` shows it instead of pydantic's
generic text: ``id: 'Housing.Bad' is not a rule id: write the file name, a dot, and a short name in lower
case, like housing.dilapidated_home; did you mean 'housing.bad'?``. The wording for each kind of error
(too short, not a number, ...) is in ``safetynet.datafiles.validation``; docs/rules.md and docs/network.md give the
Thai of each.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Explain:
    """``noun``: what the value should be ("a rule id"); ``how``: what to write, ending with an example.

    ``fix`` turns a wrong value into the likely right one (``Housing-Repair`` -> ``housing_repair``), offered
    as "did you mean" when it fits the field's pattern.
    """

    noun: str
    how: str
    fix: Callable[[str], str] | None = None


def _words(value: str, joiner: str) -> str:
    return re.sub(r"[\s_-]+", joiner, value.strip().lower())


def _snake(value: str) -> str:
    return _words(value, "_")


def _kebab(value: str) -> str:
    return _words(value, "-")


def _code_of(noun: str, catalogue: str) -> Explain:
    return Explain(noun, f"a code of {catalogue}: lower case letters, digits and _, like housing_repair", _snake)


def _listed(item: str, first_key: str) -> Explain:
    """A file's top-level list: ``rules:``, ``needs:``, ``services:``."""
    how = f"at least one {item} under '{item}s:', each starting with '- {first_key}: ...'"
    return Explain(f"a list of {item}s", how)


def _network_id(noun: str, example: str) -> Explain:
    how = f"lower case letters, digits and '-', starting with the province prefix, like {example}"
    return Explain(noun, how, _kebab)


def _record(noun: str) -> Explain:
    """One item of a network file's list."""
    return Explain(noun, f"each {noun.split(' ', 1)[1]} as a map that starts with '- id: ...'")


# --- rules/ --------------------------------------------------------------------------------------------

RULE_ID = Explain(
    "a rule id", "the file name, a dot, and a short name in lower case, like housing.dilapidated_home", _snake
)
NEED_CODE = _code_of("a need code", "needs.yaml")
SERVICE_CODE = _code_of("a service code", "services.yaml")
KIND_CODE = Explain(
    "a kind of organization", "a kind listed in docs/rules.md, in lower case, like local_government", _snake
)
REFERENCE = Explain("a reference", 'where the policy comes from, like "Lampang One Team (seed 003)"')
PRIORITY = Explain("a priority", "a whole number from -1000 to 1000 (higher wins), like 10")
STEP_DAYS = Explain("a number of days", "the days after the referral, a whole number from 0 to 3650, like 3")
RULE_LIST = _listed("rule", "id")
NEED_LIST = _listed("need", "code")
SERVICE_LIST = _listed("service", "code")
ANSWERED_NEEDS = Explain("a list of needs", "the needs this service answers, like needs: [housing_repair]")
PROVIDER_LIST = Explain(
    "a list of providers", "at least one provider, like - {kind: local_government, level: subdistrict}"
)
LABEL_TH = Explain("a Thai label", "the label in Thai, up to 300 characters, like th: ซ่อมแซมที่อยู่อาศัย")
LABEL_EN = Explain("an English label", "the label in English, up to 300 characters, like en: Home repair")

# --- graph/ --------------------------------------------------------------------------------------------

ORGANIZATION_ID = _network_id("an organization id", "lpg-cm-unit")
MOU_ID = _network_id("an MOU id", "lpg-cm-lampang-luang")
PARTIES = Explain(
    "a list of parties", "the ids of the organizations it binds, at least two, like [lpg-cm-unit, lpg-core-team]"
)
MOU_SERVICES = Explain("a list of services", "the service codes it covers, like [housing_repair], or all")
PLACE_NAME = Explain("a place name", "the Thai or English name or the DOPA code, like เกาะคา, Ko Kha or 5203")
AGE = Explain("an age", "whole years from 0 to 120, like 15")
CAPACITY = Explain("a capacity", "the referrals it can take now, a whole number, like 10 (0: not taking any)")
HOURS = Explain("a number of hours", "the expected hours for a referral to be taken up, above 0, like 4 or 1.5")
MOU_REFERENCE = Explain("a reference", "the agreement's reference, or why it is illustrative")
ORGANIZATION_RECORD = _record("an organization")
MOU_RECORD = _record("an MOU")
