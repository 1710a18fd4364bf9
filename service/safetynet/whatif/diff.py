"""What changed between two versions of a set of records, by id and field by field (``rules diff``, ``graph diff``).

Each record is first made a flat map of dotted fields (``title.th``, ``services.housing_repair.capacity``); a
list of records with a ``code`` is keyed by it, so that one service changed in an organization's list is one
field, not the whole list. Other lists are compared whole.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def flat(record: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(flat(value, f"{name}."))
        elif isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) and "code" in v for v in value):
            for item in value:
                out.update(flat({k: v for k, v in item.items() if k != "code"}, f"{name}.{item['code']}."))
                out.setdefault(f"{name}.{item['code']}", "present")
        else:
            out[name] = list(value) if isinstance(value, tuple) else value
    return out


@dataclass
class Section:
    """Added, removed and changed records of one kind (rules, needs, organizations, ...)."""

    name: str
    label: tuple[str, str]  # (Thai, English)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)  # id -> field -> (before, after)
    names: dict[str, str] = field(default_factory=dict)  # id -> "Thai / English" of a record added or removed
    #: id -> what an added record is (an MOU's parties, services, hours), where the section says (``summary``)
    details: dict[str, dict[str, Any]] | None = None

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def as_dict(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": {
                record: {name: {"before": was, "after": now} for name, (was, now) in fields.items()}
                for record, fields in self.changed.items()
            },
            **({"added_details": self.details} if self.details is not None else {}),
        }


Summary = Callable[[Mapping[str, Any]], dict[str, Any]]


def compare(
    name: str,
    label: tuple[str, str],
    before: Mapping[str, Mapping[str, Any]],
    after: Mapping[str, Mapping[str, Any]],
    summary: Summary | None = None,
) -> Section:
    """The section for two versions of records by id (the records as plain JSON-able maps); ``summary`` says what
    each added record is (an id alone does not tell a coordinator what an added MOU binds)."""
    section = Section(name, label)
    section.added = sorted(after.keys() - before.keys())
    if summary is not None:
        section.details = {r: summary(after[r]) for r in section.added}
    section.removed = sorted(before.keys() - after.keys())
    section.names = {r: n for r in section.added if (n := _name(after[r]))}
    section.names |= {r: n for r in section.removed if (n := _name(before[r]))}
    for record in sorted(before.keys() & after.keys()):
        was, now = flat(before[record]), flat(after[record])
        fields = {f: (was.get(f), now.get(f)) for f in dict.fromkeys([*was, *now]) if was.get(f) != now.get(f)}
        if fields:
            section.changed[record] = fields
    return section


def _name(record: Mapping[str, Any]) -> str | None:
    """What people call a record (an organization's name, a need's label, a rule's title), in Thai and English: an
    id alone does not tell a coordinator which foundation was added."""
    for key in ("name", "label", "title"):
        named = record.get(key)
        if isinstance(named, Mapping) and named.get("th") and named.get("en"):
            return f"{named['th']} / {named['en']}"
    return None


@dataclass
class Diff:
    """A whole diff: its sections in order, and the versions compared."""

    what: tuple[str, str]  # (Thai, English): the rules, the partner network
    versions: tuple[str, str]
    sections: list[Section]

    @property
    def empty(self) -> bool:
        return all(s.empty for s in self.sections)

    def as_dict(self) -> dict[str, Any]:
        return {
            "before": self.versions[0],
            "after": self.versions[1],
            **{section.name: section.as_dict() for section in self.sections},
        }
