"""Safe YAML for files that people edit, with the line and column of every key and value.

``loadfile.load_yaml`` is the only way data files are read; this is its YAML. It refuses what a policy writer should
never need and an attacker might use: aliases (``*name``), custom tags (``!tag``), duplicate keys (``loadfile``
refuses files over 1 MiB).
Nothing in a file is ever executed: only plain maps, lists, strings, numbers, booleans, dates and nulls
come out. ``yamlsyntax`` says what to write instead of a syntax error; ``validation``
turns a pydantic error about that data into ``path:line:col`` lines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from safetynet.datafiles.marks import MAX_DEPTH, Loc, Mark, YamlFileError, too_deep, twice
from safetynet.datafiles.yamlsyntax import other_problem, reader_problem, syntax_problem
from safetynet.errors import Place, Problem, Severity

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class YamlDoc:
    """A loaded file: its plain data, and where each key and value stands in the file."""

    path: str
    data: Any
    value_marks: dict[Loc, Mark] = field(default_factory=dict)
    key_marks: dict[Loc, Mark] = field(default_factory=dict)
    lazy_text: str | None = None  # JSON: marks are computed from this text on first need

    def _ensure_marks(self) -> None:
        if self.lazy_text is None:
            return
        text, self.lazy_text = self.lazy_text, None
        try:
            located = parse_yaml(text, self.path)
        except YamlFileError:
            return
        self.value_marks, self.key_marks = located.value_marks, located.key_marks

    def mark(self, loc: Sequence[str | int], *, key: bool = False) -> Mark:
        """The place of ``loc`` (or of its nearest enclosing value that the file has)."""
        self._ensure_marks()
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.value_marks:
                return self.value_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), Mark(1, 1))

    def has(self, loc: Sequence[str | int]) -> bool:
        self._ensure_marks()
        return tuple(loc) in self.value_marks

    def place(self, loc: Sequence[str | int], *, key: bool = False) -> Place:
        m = self.mark(loc, key=key)
        return Place(self.path, m.line, m.col)

    def problem(
        self, loc: Sequence[str | int], message: str, *, key: bool = False, severity: Severity = "error"
    ) -> Problem:
        return Problem.at(self.place(loc, key=key), message, severity)


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise ComposerError(
                None,
                None,
                f"aliases ('*{event.anchor}') are not allowed: write the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)


_FastLoader: Any = getattr(yaml, "CSafeLoader", None) if yaml.__with_libyaml__ else None


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    def __init__(self, loader: Any, doc: YamlDoc) -> None:
        self.loader = loader
        self.doc = doc
        self.problems: list[Problem] = []
        self.seen: set[int] = set()

    def build(self, node: Node, loc: Loc) -> Any:  # noqa: PLR0911 - each refusal ends the value
        self.doc.value_marks[loc] = _mark(node)
        if len(loc) >= MAX_DEPTH and isinstance(node, MappingNode | SequenceNode):
            self.problems.append(too_deep(self.doc.path, *_astuple(_mark(node))))
            return None
        if id(node) in self.seen:
            # libyaml hands an alias back as the anchored node itself: seeing a node twice is an alias.
            self.problems.append(
                Problem(
                    self.doc.path,
                    *_astuple(_mark(node)),
                    "this value is anchored (&name) and used again (*name): aliases are not allowed, "
                    "write the value out in full",
                )
            )
            return None
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            self.problems.append(
                Problem(
                    self.doc.path,
                    *_astuple(_mark(node)),
                    f"custom tag {_shown_tag(node.tag)!r} is not allowed: remove it and write a plain value",
                )
            )
            return None
        if isinstance(node, MappingNode):
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build_scalar_key(key_node)
                if key is _BAD:
                    continue
                if key in out:
                    first, again = self.doc.key_marks[(*loc, key)], _mark(key_node)
                    self.problems.append(
                        Problem(self.doc.path, *_astuple(again), twice(key, _astuple(first), again.line))
                    )
                    continue
                self.doc.key_marks[(*loc, key)] = _mark(key_node)
                out[key] = self.build(value_node, (*loc, key))
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as exc:  # e.g. 2024-13-01 looks like a day but is none
            fix = ": write a real day, like 2026-01-31" if node.tag.endswith(":timestamp") else ": put it in quotes"
            self.problems.append(
                Problem(self.doc.path, *_astuple(_mark(node)), f"{node.value!r} is not a valid value ({exc}){fix}")
            )
            return None

    def build_scalar_key(self, node: Node) -> Any:
        if not isinstance(node, ScalarNode) or node.tag not in _STANDARD_TAGS:
            self.problems.append(
                Problem(self.doc.path, *_astuple(_mark(node)), "a key must be a plain name, like 'title'")
            )
            return _BAD
        key = self.loader.construct_object(node, deep=True)
        if not isinstance(key, str):
            # YAML 1.1 reads `yes:`/`no:`/`1:` as non-strings; keys are always names here.
            key = str(node.value)
        return key


_BAD = object()


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag


def _astuple(m: Mark) -> tuple[int, int]:
    return (m.line, m.col)


def parse_yaml(text: str, display: str) -> YamlDoc:
    """Parse YAML text with marks: libyaml when present; on any problem the pure reader says it precisely."""
    fast: YamlFileError | None = None
    if _FastLoader is not None:
        try:
            return _parse_yaml_with(_FastLoader, text, display)
        except YamlFileError as exc:
            fast = exc
    try:
        return _parse_yaml_with(_NoAliasLoader, text, display)
    except RecursionError:  # the pure reader composes recursively: past a few hundred levels, it cannot say where
        raise fast or YamlFileError([too_deep(display, 1, 1)]) from None


def _parse_yaml_with(loader_class: Any, text: str, display: str) -> YamlDoc:
    doc = YamlDoc(path=display, data=None)
    try:
        loader = loader_class(text)
    except ReaderError as exc:  # a control character: the pure reader checks the whole text first
        raise YamlFileError([reader_problem(display, text, exc)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            doc.value_marks[()] = Mark(1, 1)
            return doc
        builder = _Builder(loader, doc)
        doc.data = builder.build(node, ())
    except yaml.MarkedYAMLError as exc:
        raise YamlFileError([syntax_problem(display, exc, getattr(loader, "marks", ()))]) from None
    except ReaderError as exc:
        raise YamlFileError([reader_problem(display, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise YamlFileError([other_problem(display, exc)]) from None
    finally:
        loader.dispose()
    if builder.problems:
        raise YamlFileError(builder.problems)
    return doc
