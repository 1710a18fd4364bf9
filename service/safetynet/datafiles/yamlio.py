"""Safe YAML for files that people edit, with the line and column of every key and value.

``load_yaml`` is the only way data files are read. It refuses what a policy writer should never need and
an attacker might use: files over 1 MiB, aliases (``*name``), custom tags (``!tag``), duplicate keys.
Nothing in a file is ever executed: only plain maps, lists, strings, numbers, booleans, dates and nulls
come out. ``yamlsyntax`` says what to write instead of a syntax error; ``validation``
turns a pydantic error about that data into ``path:line:col`` lines.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from safetynet.datafiles.jsonplaces import MAX_DEPTH, DuplicateKey, TooDeep, may_be_too_deep, scan
from safetynet.datafiles.yamlsyntax import other_problem, reader_problem, syntax_problem
from safetynet.errors import Place, Problem, Severity

MAX_FILE_BYTES = 1 << 20
Loc = tuple[str | int, ...]

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


@dataclass(frozen=True)
class Mark:
    line: int
    col: int


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


class YamlFileError(Exception):
    """A file that cannot be read as safe YAML; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class DuplicateKeyError(YamlFileError):
    """A JSON text with a key given twice in one map: ``found`` has the key, the map's path and both places."""

    def __init__(self, display: str, found: DuplicateKey) -> None:
        self.found = found
        first, second = found.first, found.second
        message = twice(found.key, (first.line, first.col), second.line)
        super().__init__([Problem(display, second.line, second.col, message)])


def twice(key: str, first: tuple[int, int], line: int) -> str:
    """The message for a key given again on ``line``, the first time at ``first`` (line, column)."""
    where = f"column {first[1]}" if first[0] == line else f"line {first[0]}, column {first[1]}"
    return f"{key!r} appears twice in the same map (first at {where}): keep one"


def too_deep(display: str, line: int, col: int) -> Problem:
    return Problem(display, line, col, f"nested more than {MAX_DEPTH} levels deep: write a flatter file")


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


def _read_text(path: Path, shown: str, max_bytes: int) -> str:
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlFileError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    f"file is {size:,} bytes; the limit is {max_bytes:,} bytes (1 MiB): split it into smaller files",
                )
            ]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlFileError(
            [Problem(shown, line, 1, "file is not UTF-8 text: save it as UTF-8 (Thai text included)")]
        ) from None


def load_yaml(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> YamlDoc:
    """Read one data file safely: YAML, or JSON for machine exports (``.json``, parsed much faster).

    Raises ``YamlFileError`` with ``path:line:col`` problems.
    """
    shown = display or str(path)
    text = _read_text(path, shown, max_bytes)
    if path.suffix.lower() == ".json":
        return parse_json(text, shown)
    return parse_yaml(text, shown)


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


class _Duplicate(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)  # called for every JSON object: the fast way first
    if len(out) != len(pairs):
        raise _Duplicate
    return out


class _NotANumber(ValueError):
    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"{name} is not a number: write a plain number")


def _no_constants(name: str) -> Any:
    raise _NotANumber(name)


def _place_of(text: str, word: str) -> tuple[int, int]:
    """Line and column of ``word`` outside strings (NaN, Infinity: the json module does not say where)."""
    found = re.search(r"(?:^|[\[,:\s])(" + re.escape(word) + r")(?![\w\"])", text)
    at = found.start(1) if found else 0
    before = text[:at]
    return before.count("\n") + 1, at - (before.rfind("\n") + 1) + 1


def parse_json(text: str, display: str) -> YamlDoc:
    """JSON is parsed by the standard library; marks are found later, only if a problem needs one."""
    return YamlDoc(path=display, data=json_data(text, display), lazy_text=text)


def json_data(text: str, display: str) -> Any:
    """The data of a JSON text: no key twice in one map, no NaN or Infinity, nested at most ``MAX_DEPTH`` deep.

    Raises ``YamlFileError`` with the place of the problem (``DuplicateKeyError`` for a key given twice)."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise YamlFileError([Problem(display, exc.lineno, exc.colno, f"JSON syntax: {exc.msg}")]) from None
    except _NotANumber as exc:
        raise YamlFileError([Problem(display, *_place_of(text, exc.name), str(exc))]) from None
    except (_Duplicate, RecursionError):
        _raise_found(text, display)
        unplaced = "a key appears twice in one map, or nesting is too deep"
        raise YamlFileError([Problem(display, 1, 1, unplaced)]) from None
    except ValueError:  # a number with more digits than Python converts
        message = f"a number with more than {sys.get_int_max_str_digits():,} digits: write a shorter number"
        raise YamlFileError([Problem(display, *_long_number(text), message)]) from None
    if may_be_too_deep(text):
        _raise_found(text, display)
    return data


def _raise_found(text: str, display: str) -> None:
    found = scan(text)
    if isinstance(found, DuplicateKey):
        raise DuplicateKeyError(display, found) from None
    if isinstance(found, TooDeep):
        raise YamlFileError([too_deep(display, found.place.line, found.place.col)]) from None


def _long_number(text: str) -> tuple[int, int]:
    longest = max(re.finditer(r"[-+]?[0-9][0-9.eE+-]*", text), key=lambda m: m.end() - m.start(), default=None)
    at = longest.start() if longest else 0
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1
