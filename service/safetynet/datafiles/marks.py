"""Where a value stands in a data file's text (``Mark``: line and column, counted from 1, as an editor shows
them), how deep a file may nest, and the problems that both readers, YAML (``yamlio``) and JSON (``jsondata``), word
alike."""

from __future__ import annotations

from dataclasses import dataclass

from safetynet.errors import Problem

#: How deeply maps and lists may nest, in data files and request bodies alike (the deepest shipped file or
#: contract body is 7 levels deep, a rule with as many groups as the engine takes about 34): far from any
#: parser's or loader's recursion limit.
MAX_DEPTH = 64

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Mark:
    """``line`` and ``col`` counted from 1, as an editor shows them."""

    line: int
    col: int


class YamlFileError(Exception):
    """A file that cannot be read as safe YAML; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def twice(key: str, first: tuple[int, int], line: int) -> str:
    """The message for a key given again on ``line``, the first time at ``first`` (line, column)."""
    where = f"column {first[1]}" if first[0] == line else f"line {first[0]}, column {first[1]}"
    return f"{key!r} appears twice in the same map (first at {where}): keep one"


def too_deep(display: str, line: int, col: int) -> Problem:
    return Problem(display, line, col, f"nested more than {MAX_DEPTH} levels deep: write a flatter file")
