"""Is each section of a guide written in Thai and in English? Used by the tests of docs/scenarios.md and docs/api.md.

A section is a heading (``#``, ``##`` or ``###``) and the text under it up to the next heading. Its title must
have Thai and English words. Its text, without code (fenced blocks and ```inline``` code: commands, ids and
step examples, which the catalogue tests check), is measured in Thai characters and Latin letters: once there
is more than a caption's worth of either, the other language must have at least half as much. A section in one
language with the other's words in parentheses (``จังหวัด``, ``CM``) has far less than half, and fails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_THAI = re.compile(r"[\u0e00-\u0e7f]")
_LATIN = re.compile(r"[A-Za-z]")
_HEADING = re.compile(r"^(#{1,3}) (.+)$", re.MULTILINE)
_FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"`[^`]*`")
CAPTION = 40  # letters: a table's headings and a short note, below which nothing is measured
RATIO = 0.5


@dataclass(frozen=True)
class Section:
    title: str
    line: int
    thai: int  # Thai characters outside code
    latin: int  # Latin letters outside code

    def problem(self) -> str | None:
        """What is missing, in the words of the test's failure; None when the section is bilingual."""
        where = f"line {self.line}, section {self.title!r}"
        if not _THAI.search(self.title) or not re.search(r"[A-Za-z]{3,}", _INLINE.sub("", self.title)):
            return f"{where}: the title needs Thai and English"
        if max(self.thai, self.latin) < CAPTION:
            return None
        if self.thai < RATIO * self.latin:
            return f"{where}: {self.thai} Thai characters for {self.latin} English letters: write it in Thai too"
        if self.latin < RATIO * self.thai:
            return f"{where}: {self.latin} English letters for {self.thai} Thai characters: write it in English too"
        return None


def sections(text: str) -> list[Section]:
    """Every section of a markdown text, measured; headings inside fenced code are not headings."""
    fenced = _FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    marks = list(_HEADING.finditer(fenced))
    found = []
    for n, mark in enumerate(marks):
        end = marks[n + 1].start() if n + 1 < len(marks) else len(fenced)
        body = _INLINE.sub("", fenced[mark.end() : end])
        line = fenced.count("\n", 0, mark.start()) + 1
        found.append(Section(mark.group(2), line, len(_THAI.findall(body)), len(_LATIN.findall(body))))
    return found
