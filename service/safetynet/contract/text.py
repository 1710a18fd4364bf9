"""Text that people type into a case: no control characters, and no bidirectional controls.

A right-to-left override (U+202E) or an isolate makes a place name display as something other than what is
stored, in a CM's browser, a log or an export: the text people read is no longer the text the service matched.
Thai text needs none of these: it is written left to right.
"""

from __future__ import annotations

import re
import unicodedata

#: The characters refused in every text field of a case, named in the error message by their code point.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_REFUSED = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]")
#: The same rule as a JSON Schema pattern (OpenAPI): any text without those characters.
PLAIN_TEXT_PATTERN = f"^[^\\x00-\\x1f\\x7f-\\x9f{BIDI_CONTROLS}]+$"


def plain_text(value: str) -> str:
    """``value`` when it has no control or bidirectional control character; else ValueError naming the first."""
    found = _REFUSED.search(value)
    if found is None:
        return value
    char = found.group()
    name = unicodedata.name(char, "a control character")
    kind = "a bidirectional control character" if char in BIDI_CONTROLS else "a control character"
    raise ValueError(
        f"contains {kind}, U+{ord(char):04X} ({name.lower()}), at character {found.start() + 1}: "
        "remove it and send the name as plain text"
    )
