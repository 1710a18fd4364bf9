"""JSON data files and bodies: parsed by the standard library (much faster than YAML), refusing a key given twice
in one map, NaN and Infinity, and nesting past ``MAX_DEPTH``; the places of a problem are found only when there is
one (``jsonplaces``)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from safetynet.datafiles.jsonplaces import DuplicateKey, TooDeep, may_be_too_deep, scan
from safetynet.datafiles.marks import YamlFileError, too_deep, twice
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Problem


class DuplicateKeyError(YamlFileError):
    """A JSON text with a key given twice in one map: ``found`` has the key, the map's path and both places."""

    def __init__(self, display: str, found: DuplicateKey) -> None:
        self.found = found
        first, second = found.first, found.second
        message = twice(found.key, (first.line, first.col), second.line)
        super().__init__([Problem(display, second.line, second.col, message)])


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
