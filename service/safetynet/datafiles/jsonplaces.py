"""Where things are in JSON text: the two places of a key given twice, and where nesting goes too deep.

The standard library parses JSON fast but says nothing of where a key or a bracket stands. This scan walks the
text's strings and brackets once (numbers and words are skipped), only when the fast parse found a problem or
the text has enough brackets to be nested too deeply; it never builds the data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from safetynet.datafiles.marks import MAX_DEPTH, Mark

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]', re.DOTALL)

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class DuplicateKey:
    key: str
    path: Path  # of the map that has the key twice
    first: Mark
    second: Mark


@dataclass(frozen=True)
class TooDeep:
    place: Mark  # the bracket that opens the level past MAX_DEPTH


class _Lines:
    """Offsets → places, counting line breaks only once, forward."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.offset = 0
        self.line = 1
        self.line_start = 0

    def place(self, at: int) -> Mark:
        if at < self.offset:  # not expected: the scan only moves forward
            self.offset, self.line, self.line_start = 0, 1, 0
        breaks = self.text.count("\n", self.offset, at)
        if breaks:
            self.line += breaks
            self.line_start = self.text.rfind("\n", self.offset, at) + 1
        self.offset = at
        return Mark(self.line, at - self.line_start + 1)


def may_be_too_deep(text: str) -> bool:
    """A quick necessary test: fewer opening brackets than ``MAX_DEPTH`` cannot nest deeper than it."""
    return text.count("[") + text.count("{") > MAX_DEPTH


def scan(text: str, max_depth: int = MAX_DEPTH) -> DuplicateKey | TooDeep | None:
    """The first key given twice in one map, or the first bracket nested past ``max_depth``, in JSON text
    (read as far as it is well-formed); None when there is neither."""
    lines = _Lines(text)
    # one frame per open bracket: (keys seen with their offsets, or None for a list; the key or index inside it)
    frames: list[tuple[dict[str, int] | None, list[str | int]]] = []
    expect_key = False
    for token in _TOKEN.finditer(text):
        kind = token.group()
        if kind in "{[":
            if len(frames) >= max_depth:
                return TooDeep(lines.place(token.start()))
            frames.append(({}, [""]) if kind == "{" else (None, [0]))
            expect_key = kind == "{"
        elif kind in "}]":
            if frames:
                frames.pop()
            expect_key = False
        elif kind == ",":
            if frames:
                keys, inside = frames[-1]
                if keys is None:
                    inside[0] = int(inside[0]) + 1
                expect_key = keys is not None
        elif kind == ":":
            expect_key = False
        elif expect_key and frames:
            keys, inside = frames[-1]
            assert keys is not None
            key = _text_of(kind)
            inside[0] = key
            if key in keys:
                path = tuple(frame[1][0] for frame in frames[:-1])
                return DuplicateKey(key, path, lines.place(keys[key]), lines.place(token.start()))
            keys[key] = token.start()
            expect_key = False
    return None


def _text_of(quoted: str) -> str:
    try:
        value = json.loads(quoted)
    except ValueError:
        return quoted[1:-1]
    return value if isinstance(value, str) else quoted[1:-1]
