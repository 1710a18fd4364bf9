"""Files read line by line as UTF-8 text, where a line that is not UTF-8 is named with what to do.

Thai spreadsheets are often saved in the Windows Thai code page (cp874 / TIS-620): its Thai letters are not
UTF-8. Decoding line by line lets ``safetynet screen`` and ``safetynet plan`` report such a line by its number
and go on with the next one, instead of stopping the whole run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

SAVE_AS_UTF8 = "save the file as UTF-8 (in Excel: Save As, then 'CSV UTF-8 (Comma delimited)') and run it again"


@dataclass(frozen=True)
class NotUtf8:
    """A line that is not UTF-8 text; ``col`` is the character where the first undecodable byte is."""

    line: int
    col: int

    def __str__(self) -> str:
        return f"not UTF-8 text from column {self.col} (a Thai code page such as cp874/TIS-620?): {SAVE_AS_UTF8}"


def decode_line(raw: bytes, number: int) -> str | NotUtf8:
    """The line as text, or where it stops being UTF-8. A byte order mark on line 1 is dropped."""
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        return NotUtf8(number, len(raw[: exc.start].decode("utf-8-sig", "replace")) + 1)


def column_in_line(text: str, pos: int) -> int:
    """The column (from 1) of character ``pos`` of one line of text. A place in the line break itself, where a
    JSON reader notices that a line stops early (``{"child": {``), is just after the line's last character."""
    return min(pos, len(text.rstrip("\r\n"))) + 1


class TextLines(Iterator[str]):
    """A binary stream's lines as text, for readers (``csv``) that need every line in order.

    A line that is not UTF-8 comes through with U+FFFD in place of the bad bytes, so that the reader keeps its
    place, and is noted: ``take_bad`` tells the caller, which reports the row instead of reading it.
    """

    def __init__(self, stream: IO[bytes], advance: Callable[[int], None] = lambda n: None) -> None:
        self._stream = iter(stream)
        self._advance = advance
        self._bad: dict[int, NotUtf8] = {}
        self.number = 0

    def __next__(self) -> str:
        raw = next(self._stream)
        self._advance(len(raw))
        self.number += 1
        text = decode_line(raw, self.number)
        if isinstance(text, NotUtf8):
            self._bad[self.number] = text
            return raw.decode("utf-8", "replace")
        return text

    def take_bad(self, upto: int) -> NotUtf8 | None:
        """The first line up to ``upto`` that was not UTF-8, if any; the lines up to there are then forgotten."""
        if not self._bad:  # the usual case, once per row
            return None
        found = [self._bad.pop(n) for n in sorted(self._bad) if n <= upto]
        return found[0] if found else None
