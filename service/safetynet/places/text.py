"""Place names as people type them, put in one comparable form (a *key*).

The same function makes the keys of the gazetteer's names and of what a user wrote, so both sides agree:
case, spaces, dots, hyphens and apostrophes do not count; nor does the word for the level in front
(``อ.``/``อำเภอ``/``เขต``, ``ต.``/``ตำบล``/``แขวง``, ``จ.``/``จังหวัด``, ``Amphoe``/``Tambon``/``Changwat``/``Khet``/
``Khwaeng``, and the older ``Amphur``/``Amphor``, ``Tambol``/``Tumbon``/``Tumbol``; the short forms also without
their dot before a space, ``อ เกาะคา``) or an English one behind (``District``, ``Subdistrict``, ``Province``). Thai
typed in other but equal-looking ways is folded: ``ํา`` for ``ำ``, a tone mark typed before its vowel, ``เเ`` for
``แ``; codes may be typed in Thai digits. Invisible characters are not folded away: ``hidden_character`` finds
them, to refuse them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Level = Literal["province", "district", "subdistrict"]

MAX_LENGTH = 100  # the longest official name has 31 characters (Nikhom Sang Ton-eng Lam Dom Noi)

_THAI_PREFIX: dict[Level, re.Pattern[str]] = {
    # Short forms need their dot or a space after them: else "อ" is the first letter of names such as อ่างทอง.
    "province": re.compile(r"^(?:จังหวัด|จ\.|จ(?=\s))\s*"),
    "district": re.compile(r"^(?:กิ่งอำเภอ|อำเภอ|เขต|อ\.|อ(?=\s))\s*"),
    "subdistrict": re.compile(r"^(?:ตำบล|แขวง|ต\.|ต(?=\s))\s*"),
}
# English words for the level, only as whole words: "Sanam Chai Khet" and "Sam Tambon" are names.
_ENGLISH_WORDS: dict[Level, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "province": (re.compile(r"^changwat\s+"), re.compile(r"\s+province$")),
    # "Amphur", "Tambol", "Tumbon": the older spellings many addresses and school records still use.
    "district": (re.compile(r"^(?:king\s+amphoe|amphoe|amphur|amphor|khet)\s+"), re.compile(r"\s+district$")),
    "subdistrict": (re.compile(r"^(?:tambon|tambol|tumbon|tumbol|khwaeng)\s+"), re.compile(r"\s+sub-?\s?district$")),
}
_MARKS = re.compile(r"[\s.'’‘`\-‐‑–—ฯ]")  # ฯ: "กรุงเทพฯ"
_SARA_AM = re.compile("\u0e4d([\u0e48-\u0e4b]?)\u0e32")  # ํ (tone) า -> (tone) ำ
_TONE_FIRST = re.compile("([\u0e48-\u0e4b])([\u0e31\u0e34-\u0e3a\u0e47])")  # tone before its vowel
_NOT_THAI_OR_ASCII = re.compile("[^\x00-\x7f\u0e00-\u0e7f]")
#: Thai digits to Arabic (``str.translate``): the one table for names, postcodes and numbers (``contract/text.py``).
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

#: Bidirectional controls: refused in every text field of a case (``contract/text.py``), never stripped.
BIDI_CONTROLS = "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c"
_BIDI = frozenset(BIDI_CONTROLS)
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
#: Letters and marks that draw nothing (Unicode's default-ignorable ones outside the categories above): Hangul
#: fillers, the combining grapheme joiner, Khmer's inherent vowels, Mongolian variation selectors. A note made of
#: them looks blank and can carry text no reader sees.
_BLANK = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180e\u180f\u3164\uffa0")
#: Variation selectors: only text or emoji presentation (VS15, VS16), as phones put after an emoji, and only one,
#: right after what it shapes; a run of selectors hides bytes in plain sight.
_SELECTORS = frozenset(map(chr, [*range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)]))
_PRESENTATION = frozenset("\ufe0e\ufe0f")


def fold(text: str) -> str:
    """Thai and Latin text in one Unicode form, before any level word is looked for."""
    if not text.isascii():
        if _NOT_THAI_OR_ASCII.search(text):  # full-width Latin, no-break spaces...; in Thai NFKC only splits ำ
            text = _SARA_AM.sub(lambda m: m.group(1) + "ำ", unicodedata.normalize("NFKC", text))
        elif "\u0e4d" in text:
            text = _SARA_AM.sub(lambda m: m.group(1) + "ำ", text)
        text = _TONE_FIRST.sub(r"\2\1", text).replace("เเ", "แ")
    return text.casefold().strip()


def key(text: str, level: Level) -> str:
    """The comparable form of a name at this level: ``key("อ. เกาะคา", "district") == key("Ko-Kha", ...)``."""
    text = _THAI_PREFIX[level].sub("", fold(text))
    first, last = _ENGLISH_WORDS[level]
    text = last.sub("", first.sub("", text))
    return _MARKS.sub("", text)


def compact(text: str) -> str:
    """A code as typed, e.g. ``" th-65 "`` -> ``"TH65"``, ``"๖๕"`` -> ``"65"``."""
    return _MARKS.sub("", fold(text)).translate(THAI_DIGITS).upper()


def hidden_character(text: str) -> str | None:
    """A description of the first invisible or control character in ``text``, or None when there is none.

    Bidirectional controls (U+202A-U+202E, U+2066-U+2069, U+200E/F) can make a name display as another;
    they, control characters and other invisible format characters (zero-width space, BOM), letters that draw
    nothing (a Hangul filler) and variation selectors other than one emoji presentation are refused, never
    stripped silently.
    """
    previous = ""
    for position, char in enumerate(text, start=1):
        if (
            char in _BIDI
            or char in _BLANK
            or (char in _SELECTORS and (char not in _PRESENTATION or previous in ("", *_PRESENTATION)))
            or unicodedata.category(char) in _INVISIBLE_CATEGORIES
        ):
            kind = "a bidirectional-text control" if char in _BIDI else "an invisible or control character"
            name = unicodedata.name(char, "unnamed")
            return f"U+{ord(char):04X} ({name}, {kind}) at character {position}"
        previous = char
    return None

