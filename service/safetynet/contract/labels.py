"""Tables of labels in Thai and English, kept as data: a TOML file beside the module that owns the table, one
``code = ["Thai", "English"]`` a label, read once by ``labels`` (the kinds of organization, the ministries, every
word of the web pages, the what-if report's kinds of change)."""

from __future__ import annotations

import tomllib
from importlib import resources
from typing import NamedTuple


class Said(NamedTuple):
    """A thing said in Thai and in English: a label of a table, a line of a plan (``contract.said``)."""

    th: str
    en: str


def labels(package: str, name: str) -> dict[str, Said]:
    """The table in the data file ``name`` of ``package``, in file order; ValueError naming a key whose value is not
    two texts (the build would otherwise ship a page or a message with a hole in it)."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    table: dict[str, Said] = {}
    for key, value in tomllib.loads(text).items():
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) and v.strip() for v in value)):
            raise ValueError(f'{package}/{name}: {key}: write it as ["Thai", "English"]')
        table[key] = Said(value[0], value[1])
    return table


def pick(pair: tuple[str, str], lang: str) -> str:
    """The label of ``pair`` (a ``Said``, or Thai and English as a tuple) in ``lang``: English for ``en``, Thai for
    anything else."""
    th, en = pair
    return en if lang == "en" else th
