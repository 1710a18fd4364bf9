"""The Thai and English names of a referral's need and service, from the rule book in force when the referral is
shown: the catalogue (``rules/needs.yaml``, ``rules/services.yaml``) is their one source, so a stored referral keeps
only its codes and a relabelled catalogue shows at once. A ``RuleBook`` is a ``Catalogue`` as it is (this package
may not import the rules).

A code no longer in the catalogue (a need or service removed by a reload after the referral was sent) is shown as
itself in both languages: the referral stays readable and the agency still sees what was asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from safetynet.contract.vocabulary import Text


class Labelled(Protocol):
    """A need or a service of the catalogue."""

    @property
    def label(self) -> Text: ...


class Catalogue(Protocol):
    """The needs and services catalogues, by code."""

    @property
    def needs(self) -> Mapping[str, Labelled]: ...

    @property
    def services(self) -> Mapping[str, Labelled]: ...


def label_of(entries: Mapping[str, Labelled], code: str) -> Text:
    """The label of ``code`` in ``entries``; the code itself, in Thai and English, when the catalogue has it no more."""
    found = entries.get(code)
    return found.label if found is not None else Text(th=code, en=code)


@dataclass(frozen=True)
class CodesOnly:
    """No catalogue at hand (the rules do not load): every need and service is named by its code."""

    needs: Mapping[str, Labelled] = field(default_factory=dict)
    services: Mapping[str, Labelled] = field(default_factory=dict)
