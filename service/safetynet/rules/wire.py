"""What crosses to the C engine and back: facts as the engine may see them, and the matches it sends.

No durable_rules here (``engine.py`` makes the calls); these are the pure encodings on either side of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from safetynet.contract.facts import FIELDS, Facts

#: Fields by group, e.g. {"child": ("age", "sex")} for child.age and child.sex
Fields = dict[str, tuple[str, ...]]
#: The head of a match message: ``{"<rule name>":{"m":<the fact as asserted, compact JSON with its id first>}}``.
MATCH = re.compile(r'\{"([^"]+)":\{"m":\{"id":(\d+),')
_MAX_INT = 1 << 53


def fields_tested(ruleset: dict[str, Any]) -> Fields:
    """The known fields (``FIELDS``) that a compiled ruleset tests, as {group: keys}.

    Only these reach the engine: the others cannot change which rules match, and leaving them out makes facts
    and match messages smaller, so quicker to encode and to read back.
    """
    tested: set[str] = set()
    nodes: list[Any] = [ruleset]
    while nodes:
        node = nodes.pop()
        if isinstance(node, dict):
            tested.update(key for key in node if key in FIELDS)
            nodes.extend(node.values())
        elif isinstance(node, list):
            nodes.extend(node)
    groups: dict[str, list[str]] = {}
    for name in sorted(tested):
        group, key = name.split(".", 1)
        groups.setdefault(group, []).append(key)
    return {group: tuple(keys) for group, keys in groups.items()}


def engine_facts(batch: Sequence[Facts], sid: str, kind: str, day: int, *, fields: Fields) -> list[dict[str, Any]]:
    """The facts the engine sees, one per item of ``batch`` (its place there is the fact's ``id``): only the known
    ``fields`` the rules test, with scalar values, text lower-cased.

    Anything else is dropped: the engine silently corrupts a fact with too many properties (about 252), and
    then crashes the process on the next call, so nothing outside the known fields ever reaches it.

    A group that is one object in several facts of the batch is cleaned once: the needs of a case share their
    child and household groups (``contract.facts.needs_facts`` says so). ``batch`` holds every group alive
    while this runs, so a group's ``id`` names it for the length of the call, and no longer.
    """
    cleaned: dict[tuple[str, int], dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for index, facts in enumerate(batch):
        fact: dict[str, Any] = {"id": index, "sid": sid, "t": kind, "d": day}
        for group, keys in fields.items():
            values = facts.get(group)
            if isinstance(values, dict):
                kept = cleaned.get((group, id(values)))
                if kept is None:
                    kept = cleaned[group, id(values)] = _scalars(values, keys)
                fact[group] = kept
        out.append(fact)
    return out


def _scalars(values: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key in keys:
        value = values.get(key)
        if isinstance(value, str):
            kept[key] = value.lower()[:200]
        elif isinstance(value, int) and (isinstance(value, bool) or -_MAX_INT < value < _MAX_INT):
            kept[key] = value
    return kept


def read_matches(message: str) -> list[tuple[str, int]]:
    # A message is one action: one rule and its one fact (durable's own host reads only its first key too), and
    # the fact's groups hold scalars only, so nothing after the head can match: the head alone is read, not the
    # whole message.
    head = MATCH.match(message)
    if head is not None:
        return [(head[1], int(head[2]))]
    parsed = json.loads(message)
    return [(name, int(frame["m"]["id"])) for name, frame in parsed.items()]
