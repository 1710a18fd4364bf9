"""What to write instead, for every YAML syntax error PyYAML can report.

PyYAML says what it expected ("expected ',' or '}', but got '<stream end>'"); a policy writer needs to know
what to type. ``syntax_problem`` turns a PyYAML error into ``path:line:col: YAML syntax: <what PyYAML
says> (<hint>)``. Every message gets a hint: a specific one from ``HINTS`` (matched on PyYAML's context and
problem text, first match wins), else ``FALLBACK_HINT``. A test feeds every message template of PyYAML's
scanner, parser and composer through ``hint_for`` and a set of broken files through the reader, and fails
when one gets only the fallback, so that a new PyYAML message is noticed. docs/rules.md lists the hints in
Thai and English.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import yaml
from yaml.reader import ReaderError

from safetynet.errors import Problem


@dataclass(frozen=True)
class Hint:
    """``text`` is shown for a message whose context or problem contains ``key``.

    ``{opened}`` in the text becomes "line L, column C" of the bracket or quote that PyYAML was reading;
    with ``at_opening`` the problem is placed there too (e.g. a bracket never closed: the end of the file
    is no help, the bracket is).
    """

    key: str
    text: str
    at_opening: bool = False


_QUOTE_IT = 'put the whole value in quotes, like note: "@home"'
_INDENT = "check the indentation: lines of the same map or list start in the same column"
_TAG = "remove the '!' before the value, or put the value in quotes"
_DIRECTIVE = "remove the line that starts with '%': these files need no YAML directives"
_CLOSES_NOTHING = "this bracket closes nothing: remove it, or put the value in quotes"
_LIST_NEVER_CLOSED = Hint(
    "expected ',' or ']', but got '<stream end>'",
    "this '[' is never closed: end the list with ']', like [poor, dilapidated]",
    at_opening=True,
)
_MAP_NEVER_CLOSED = Hint(
    "expected ',' or '}', but got '<stream end>'",
    "this '{' is never closed: end the map with '}', like {th: บ้าน, en: home}",
    at_opening=True,
)

HINTS: tuple[Hint, ...] = (
    # characters
    Hint("found character '\\t'", "indent with spaces, not tabs"),
    Hint("that cannot start any token", "a value cannot start with this character: " + _QUOTE_IT),
    Hint("special characters are not allowed", "delete this invisible character; it often comes with copied text"),
    # keys and values
    Hint(
        "could not find expected ':'",
        "each line of a map is 'name: value': add the ':' after the name, or join this line to the one above",
        at_opening=True,
    ),
    Hint("mapping values are not allowed here", "put text that contains ': ' in quotes, like title: \"Note: x\""),
    Hint("mapping keys are not allowed here", "a line cannot start with '?' here: put the text in quotes"),
    Hint(
        "sequence entries are not allowed here",
        "start a '- ' item on its own line, under a 'name:' line; put text that starts with '-' in quotes",
    ),
    Hint("did not find expected key", _INDENT),
    Hint("did not find expected '-' indicator", "items of a list start with '- ' in the same column"),
    # anchors, aliases, tags, directives, block text
    Hint("found undefined alias", "aliases, '*name', are not allowed: write the value out in full"),
    Hint("found duplicate anchor", "remove the '&name' marks: write each value out in full"),
    Hint("while scanning an anchor", "'&' starts an anchor, which is not needed: " + _QUOTE_IT),
    Hint("while scanning an alias", "'*' starts an alias, which is not allowed: " + _QUOTE_IT),
    Hint("found undefined tag handle", _TAG),
    Hint("while scanning a tag", _TAG),
    Hint("while parsing a tag", _TAG),
    Hint("expected '!'", _TAG),
    Hint("expected URI", _TAG),
    Hint("expected '>'", _TAG),
    Hint("while scanning a directive", _DIRECTIVE),
    Hint("YAML directive", _DIRECTIVE),
    Hint("incompatible YAML document", _DIRECTIVE),
    Hint("duplicate tag handle", _DIRECTIVE),
    Hint("expected a digit", _DIRECTIVE),
    Hint("expected alphabetic or numeric character", "'&', '*' and '%' cannot start a value: " + _QUOTE_IT),
    Hint("expected '<document start>'", "write the file as one map, with no '...' or '%' lines"),
    Hint("but found another document", "a file holds one document: remove this '---' line, or use two files"),
    Hint(
        "while scanning a block scalar",
        "write nothing after '|' or '>' on its line: the text goes on the lines below, indented",
    ),
    Hint("expected indentation indicator", "write nothing after '|' or '>' on its line"),
    Hint("expected chomping or indentation indicators", "write nothing after '|' or '>' on its line"),
    Hint("expected a comment or a line break", "write nothing else on the line of a '|', '>' or '%'"),
    Hint("expected ' ', but found", "put a space after the tag or directive, or put the value in quotes"),
    # quotes
    Hint(
        "escape",
        "in double quotes '\\' starts an escape: write '\\\\' for one '\\', or use single quotes, like 'C:\\files'",
    ),
    Hint(
        "found unexpected document separator",
        "this quote is not closed: add the closing quote before the '---' line",
        at_opening=True,
    ),
    Hint(
        "while scanning a quoted scalar",
        "this quote is not closed: add the closing quote; an apostrophe inside '...' is written ''",
        at_opening=True,
    ),
    Hint("found unexpected end of stream", "a quote is not closed: add the closing quote"),
    # brackets
    _LIST_NEVER_CLOSED,
    _MAP_NEVER_CLOSED,
    Hint(
        "expected ',' or ']'",
        "the list opened at {opened} needs ', ' between items and ']' at its end, like [poor, dilapidated]; "
        "put text with ':' in quotes",
    ),
    Hint(
        "expected ',' or '}'",
        "the map opened at {opened} needs ', ' between items and '}' at its end, like {th: บ้าน, en: home}",
    ),
    Hint("expected the node content, but found ']'", _CLOSES_NOTHING),
    Hint("expected the node content, but found '}'", _CLOSES_NOTHING),
    Hint("expected the node content, but found ','", "an empty item: remove the extra ',', like [a, b]"),
    Hint("expected the node content, but found '-'", "inside [ ] write items without '- ', like [a, b]"),
    Hint(
        "expected the node content, but found '<stream end>'",
        "this bracket is never closed: close it, like [a, b] or {th: ..., en: ...}",
        at_opening=True,
    ),
    Hint("expected the node content", "a value is missing here: write one, or " + _QUOTE_IT),
    # indentation and stray text
    Hint("expected <block end>, but found '}'", _CLOSES_NOTHING),
    Hint("expected <block end>, but found ']'", _CLOSES_NOTHING),
    Hint(
        "expected <block end>, but found '<scalar>'",
        "text after a closing quote: put the whole value in quotes; inside '...' write '' for an apostrophe: 'it''s'",
    ),
    Hint(
        "expected <block end>, but found '-'",
        "a '- ' item among 'name: value' lines: put it under a 'name:' line, indented, or fix its indentation",
    ),
    Hint(
        "expected <block end>, but found '?'",
        "a 'name: value' line among '- ' items: start it with '- ', or fix its indentation",
    ),
    Hint("expected <block end>, but found ':'", "a ':' with no name before it: write 'name: value'"),
    Hint("expected <block end>", _INDENT),
)

#: "mapping values are not allowed here" on a 'name: value' line indented deeper than a 'name: value' line above:
#: YAML reads it as the rest of the value above (``from: 2024-01-01`` then ``      need: x``), not as text with ':'.
_DEEPER_THAN_ABOVE = Hint(
    "mapping values are not allowed here",
    "this line is indented more than the line above, so it is read as part of that line's value: "
    "start its name in the same column as the name on the line above",
)
_NAME = re.compile(r"(?:- )?[A-Za-z_][\w.-]*")
_NAME_AND_VALUE = re.compile(r"(?:- )?[A-Za-z_][\w.-]*:[ \t]+[^\s#]")


def _deeper_than_a_value_above(mark: yaml.Mark | None) -> int | None:
    """The column (1-based) of the 'name:' line at ``mark`` when it is indented deeper than the nearest line above
    that already gives a value ('name: value'); None otherwise (or when PyYAML kept no text to look at)."""
    if mark is None or not isinstance(mark.buffer, str):
        return None
    lines = mark.buffer.split("\n")
    here = lines[mark.line] if mark.line < len(lines) else ""
    if not _NAME.fullmatch(here[: mark.column].strip()):
        return None
    above = next((t for t in reversed(lines[: mark.line]) if t.strip() and not t.lstrip().startswith("#")), "")
    indent, above_indent = len(here) - len(here.lstrip(" ")), len(above) - len(above.lstrip(" "))
    if indent <= above_indent or not _NAME_AND_VALUE.match(above.strip()):
        return None
    return indent + 1


FALLBACK_HINT = "check this line and the one above: put text with special characters in quotes, and " + _INDENT


def hint_for(context: str | None, problem: str) -> Hint | None:
    """The specific hint for a PyYAML message, or None when there is none (``FALLBACK_HINT`` is then used)."""
    said = f"{context or ''}\n{problem}"
    return next((h for h in HINTS if h.key in said), None)


def _place(mark: yaml.Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _never_closed(problem: str, open_marks: Sequence[yaml.Mark]) -> tuple[Hint, yaml.Mark] | None:
    """The '[' or '{' a file ends inside of, with its hint, when PyYAML names only the end of the file.

    After ``foo: [1,`` as the last line PyYAML is looking for the next item and places the error at the end of
    the file; its stack of open collections (``open_marks``) still holds the bracket that was never closed.
    """
    if "'<stream end>'" not in problem or not open_marks:
        return None
    mark = open_marks[-1]
    char = mark.buffer[mark.pointer] if mark.buffer is not None else ""
    hint = {"[": _LIST_NEVER_CLOSED, "{": _MAP_NEVER_CLOSED}.get(char)
    return (hint, mark) if hint is not None else None


def syntax_problem(path: str, exc: yaml.MarkedYAMLError, open_marks: Sequence[yaml.Mark] = ()) -> Problem:
    """``exc`` as ``path:line:col: YAML syntax: ... (hint)``; ``open_marks`` are the starts of the collections
    the (pure Python) parser had open, innermost last: a bracket never closed is placed at its opening."""
    problem = exc.problem or str(exc)
    if "are not allowed: write" in problem:  # our own message about aliases
        return Problem(path, *_place(exc.problem_mark or exc.context_mark), problem)
    context = exc.context
    said = problem
    if context and not context.startswith("while"):
        # the composer's own wording: "expected a single document in the stream, but found another document",
        # "found duplicate anchor 'x'; first occurrence" + "second occurrence"
        said = context.split(";")[0] if problem == "second occurrence" else f"{context}, {problem}"
    hint = hint_for(context, problem)
    opened = exc.context_mark
    unclosed = _never_closed(problem, open_marks)
    if unclosed is not None:
        hint, opened = unclosed
    line, col = _place(exc.problem_mark or opened)
    same_message = hint is not None and hint.key == _DEEPER_THAN_ABOVE.key
    if same_message and (deeper := _deeper_than_a_value_above(exc.problem_mark)) is not None:
        hint, col = _DEEPER_THAN_ABOVE, deeper
    text = FALLBACK_HINT
    if hint is not None:
        text = hint.text.replace("{opened}", "line {}, column {}".format(*_place(opened)))
        if hint.at_opening and opened is not None:
            line, col = _place(opened)
    return Problem(path, line, col, f"YAML syntax: {said} ({text})")


def reader_problem(path: str, text: str, exc: ReaderError) -> Problem:
    """A character YAML does not accept (a control character), at its line and column."""
    before = text[: exc.position]
    line = before.count("\n") + 1
    col = exc.position - (before.rfind("\n") + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    hint = hint_for(None, exc.reason)
    shown = hint.text if hint else FALLBACK_HINT
    return Problem(path, line, col, f"YAML syntax: unacceptable character #x{code:04x}: {exc.reason} ({shown})")


def other_problem(path: str, exc: yaml.YAMLError) -> Problem:
    """Any other PyYAML error (none is known to reach here): placed at the start of the file."""
    return Problem(path, 1, 1, f"YAML syntax: {exc} ({FALLBACK_HINT})")
