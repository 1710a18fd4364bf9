"""A place written with the places above it, as a Thai address gives them: ``ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง`` in the
subdistrict field, ``อ.เกาะคา จ.ลำปาง`` in the district field.

CMs copy a field from an address. Each place behind the first is marked by the word for its level (``อ.``,
``อำเภอ``, ``เขต``, ``จ.``, ``จังหวัด``) after a space, so where one ends is never a guess (official Thai names have no
spaces; a comma may stand for the space, ``ต.ลำปางหลวง, อ.เกาะคา, จ.ลำปาง``, as no name has one either). Bangkok is the
one province never written after ``จ.``: an address ends with its name alone (``แขวงสีลม เขตบางรัก กรุงเทพฯ``), so that
name, last and after a space, is the province behind. An address ends with its postcode (``... จ.ลำปาง 52130``): five
digits, last and after a space, are kept apart as the postcode. A subdistrict copied from an address often begins
with the village, ``ม.5`` or ``หมู่ที่ ๕`` (``บ้านป่าเหียง ม.5 ต.ลำปางหลวง``): the village lies inside the
subdistrict and the gazetteer has no villages, so it is set apart, never matched as a name. ``location`` then
checks that each place written behind agrees with the field of its own level, or fills that field in when it was
left empty, and that the postcode serves the field's place (the gazetteer's postcodes); a place or a postcode that
disagrees is refused, never overridden.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from safetynet.places.text import THAI_DIGITS, Level

#: The level a word marks, when it follows a space. The bare short forms (``อ``, ``จ`` without a dot) are not
#: read here: without the dot they may begin a name. Bangkok's names mark themselves (an empty mark before them),
#: only at the end: the province is the widest place an address gives.
_BANGKOK = r"กรุงเทพมหานคร|กรุงเทพฯ|กรุงเทพ|กทม\.?"
_MARK = re.compile(rf"(?:\s*,\s*|\s+)(กิ่งอำเภอ|อำเภอ|เขต|อ\.|จังหวัด|จ\.|(?=(?:{_BANGKOK})\s*$))\s*")
#: A village in front of a subdistrict: its number after หมู่/หมู่ที่/ม. (Arabic or Thai digits), its name (บ้าน...) before
#: or after the number if written (after it, only before ต./ตำบล: บ้านเป็ด is a subdistrict too), then a space or a
#: comma. A house number (``12/3 ม.5``) is not read: it is more than a plan needs.
_VILLAGE = re.compile(
    r"^\s*(?:บ้าน\S+\s+)?(?:หมู่ที่|หมู่|ม\.)\s*[0-9๐-๙]{1,3}(?:\s+บ้าน[^\s,]+(?=\s*,?\s*(?:ต\.|ตำบล|แขวง)))?"
    r"(?:\s*,\s*|\s+)(?=\S)"
)
#: Thailand Post's five digits (Arabic or Thai), last in the field, after a space or a comma.
_POSTCODE = re.compile(r"(?:\s*,\s*|\s+)(?P<code>[0-9๐-๙]{5})\s*$")
_LEVEL_OF = {"กิ่งอำเภอ": "district", "อำเภอ": "district", "เขต": "district", "อ.": "district"}
_ABOVE: dict[Level, tuple[Level, ...]] = {
    "province": (),
    "district": ("province",),
    "subdistrict": ("district", "province"),
}


class Behind(NamedTuple):
    """A place written behind the field's own: its level, its name, and the words as written (for messages)."""

    level: Level
    name: str
    written: str


class Written(NamedTuple):
    """A field as written: the name of its own place, the places above it written behind, in order, and the postcode
    written last (in Arabic digits), if any; the village written first (``ม.5``), if any, as written.
    """

    name: str
    behind: tuple[Behind, ...] = ()
    postcode: str | None = None
    village: str | None = None


def split(text: str, level: Level) -> Written:
    """``"ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง"`` (subdistrict) -> ``ต.ลำปางหลวง``, behind: the district ``เกาะคา`` and the
    province ``ลำปาง``. Only the levels above ``level``, each once, from the nearest to the widest; anything else
    (a mark of the same level, the province before the district, nothing before the first mark) is left as
    written, for the resolver to say what is wrong with it. A postcode last (``... จ.ลำปาง 52130``) is set apart
    first, whatever comes before it, and in a subdistrict the village first (``ม.5 ต.ลำปางหลวง``)."""
    postcode = village = None
    if (last := _POSTCODE.search(text)) is not None and text[: last.start()].strip(" ,"):
        text, postcode = text[: last.start()], last["code"].translate(THAI_DIGITS)
    if level == "subdistrict" and (first := _VILLAGE.match(text)) is not None:
        text, village = text[first.end() :], first.group().strip(" ,")
    marks = list(_MARK.finditer(text))
    head = text[: marks[0].start()].strip() if marks else ""
    if not marks or not head:
        return Written(text, (), postcode, village)
    allowed = list(_ABOVE[level])
    behind: list[Behind] = []
    for mark, after in zip(marks, [*marks[1:], None], strict=True):
        found: Level = "district" if mark.group(1) in _LEVEL_OF else "province"
        end = after.start() if after else len(text)
        name = text[mark.end() : end].strip()
        if found not in allowed or not name:
            return Written(text, (), postcode, village)
        del allowed[: allowed.index(found) + 1]  # what is written behind narrows no more: district, then province
        behind.append(Behind(found, name, text[mark.start() : end].strip().lstrip(",").strip()))
    return Written(head, tuple(behind), postcode, village)
