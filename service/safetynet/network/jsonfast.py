"""The fast way to read a well-formed JSON network file (machine exports, the national benchmark network).

pydantic reads the JSON text itself, in Rust, straight into the models: no Python dicts in between, to
build, check for duplicate keys one by one, and free again, which was most of the time of loading a large
network. It answers only
when everything is right; on anything else it answers None and the careful path (``yamlio.load_yaml``)
reads the file again to say what is wrong and where, exactly as for YAML.

A key given twice in one JSON map is not an error to pydantic (the last one wins), so it is found by
counting: every key in the text ends with ``"`` and a colon, so the count of those is at least the number of
keys, and the keys that reached a model are its fields set. When both counts agree no key came twice; when
they do not (a duplicate key, or ``":`` inside a text), the careful path decides. A new nested map in the
models that is not counted below only sends files to the careful path: slower, never wrong.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from safetynet.network.model import Mou, Organization


class _WellFormed(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    organizations: list[Organization] = []
    mous: list[Mou] = []


_FILE: TypeAdapter[_WellFormed] = TypeAdapter(_WellFormed)
_SPACED_KEY_END = re.compile(r'"\s+:')


def read_well_formed(text: str) -> tuple[list[Organization], list[Mou]] | None:
    """The organizations and MOUs of a JSON network file with nothing wrong in it, else None."""
    try:
        parsed = _FILE.validate_json(text)
    except ValidationError:
        return None
    key_ends = text.count('":')
    if _SPACED_KEY_END.search(text):
        key_ends += len(_SPACED_KEY_END.findall(text))
    if key_ends != _keys_read(parsed):
        return None
    return parsed.organizations, parsed.mous


def _keys_read(parsed: _WellFormed) -> int:
    """How many keys of the text reached a model: the fields set of every map in the file."""
    count = len(parsed.model_fields_set)
    for org in parsed.organizations:
        count += len(org.model_fields_set) + len(org.name.model_fields_set)
        for service in org.services:
            count += len(service.model_fields_set)
            if service.eligibility is not None:
                count += len(service.eligibility.model_fields_set)
    for mou in parsed.mous:
        count += len(mou.model_fields_set)
    return count
