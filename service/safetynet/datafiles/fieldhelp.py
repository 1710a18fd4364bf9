"""How each field of a rule or network file is written: plain words and an example, kept as data in
``fieldhelp.toml`` beside this module.

A field's type carries its ``Explain`` (``Annotated[str, StringConstraints(...), explain("rule_id")]``), so that
the pattern and its explanation sit side by side. ``safetynet.datafiles.validation`` shows it instead of
pydantic's generic text: ``id: 'Housing.Bad' is not a rule id: write the file name, a dot, and a short name in
lower case, like housing.dilapidated_home; did you mean 'housing.bad'?``. The wording for each kind of error (too
short, not a number, ...) is in ``safetynet.datafiles.validation``; docs/rules.md and docs/network.md give the
Thai of each.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources


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


# The ways of mending a value that ``fix`` names in fieldhelp.toml.
FIXES: dict[str, Callable[[str], str]] = {
    "snake": lambda value: _words(value, "_"),
    "kebab": lambda value: _words(value, "-"),
    "dashed": lambda value: re.sub(r"\s+", "-", value.strip()),  # a reference keeps its case: "LPG 12" -> LPG-12
}


def parse_table(text: str) -> dict[str, Explain]:
    """fieldhelp.toml's entries; ValueError naming an entry that lacks its words or names an unknown fix."""
    table: dict[str, Explain] = {}
    for key, entry in tomllib.loads(text).items():
        fix = entry.get("fix")
        if set(entry) - {"noun", "how", "fix"} or not entry.get("noun") or not entry.get("how") or (
            fix is not None and fix not in FIXES
        ):
            raise ValueError(f"fieldhelp.toml: [{key}]: write noun, how and, if any, fix ({', '.join(FIXES)})")
        table[key] = Explain(entry["noun"], entry["how"], FIXES[fix] if fix else None)
    return table


@cache
def _table() -> dict[str, Explain]:
    return parse_table(resources.files(__package__).joinpath("fieldhelp.toml").read_text(encoding="utf-8"))


def explain(field: str) -> Explain:
    """The explanation ``[field]`` of fieldhelp.toml; KeyError for one not there (at import of the model using it)."""
    return _table()[field]
