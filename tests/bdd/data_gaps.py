"""Scenarios from the seeds that should pass but cannot yet, because the shipped rules or network lack
something. A scenario tagged ``@data_gap_<name>`` is expected to fail (strict xfail) with the reason
below; once the data is fixed it passes, pytest reports XPASS(strict) as a failure, and the tag must go.
"""

from __future__ import annotations

DATA_GAPS: dict[str, str] = {}  # none open: the last three were closed by rule changes (see git log)


def reason(tag: str) -> str:
    return DATA_GAPS.get(tag, f"unknown data gap tag @{tag}: add it to tests/bdd/data_gaps.py with its reason")
