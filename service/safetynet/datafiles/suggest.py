"""'Did you mean ...?': the nearest valid name for a misspelt one, for every message that names a choice."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(name: str, options: Iterable[str]) -> str | None:
    """The option nearest to ``name`` (for 'did you mean ...?'), or None when nothing is close."""
    found = difflib.get_close_matches(str(name), [str(o) for o in options], n=1, cutoff=0.6)
    return found[0] if found else None


def did_you_mean(name: str, options: Iterable[str]) -> str:
    near = closest(name, options)
    return f"; did you mean {near!r}?" if near else ""


def unknown_code(what: str, code: str, known: Iterable[str], where: str) -> str:
    """``unknown need 'x'; did you mean 'y'? (the needs are listed in needs.yaml)``"""
    return f"unknown {what} {code!r}{did_you_mean(code, known)} (the {what}s are listed in {where})"
