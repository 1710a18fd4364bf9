"""A field as an address writes it: the field's own place, then the places above it, each after its level word."""

from __future__ import annotations

import pytest

from safetynet.places.address import Behind, Written, split


def test_the_places_behind_are_split_off_nearest_first() -> None:
    assert split("ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง", "subdistrict") == Written(
        "ต.ลำปางหลวง",
        (Behind("district", "เกาะคา", "อ.เกาะคา"), Behind("province", "ลำปาง", "จ.ลำปาง")),
    )
    assert split("แขวงสีลม เขตบางรัก", "subdistrict") == Written("แขวงสีลม", (Behind("district", "บางรัก", "เขตบางรัก"),))
    # Bangkok is never written after จ.: its name alone, last, is the province behind
    assert split("แขวงสีลม เขตบางรัก กรุงเทพฯ", "subdistrict") == Written(
        "แขวงสีลม", (Behind("district", "บางรัก", "เขตบางรัก"), Behind("province", "กรุงเทพฯ", "กรุงเทพฯ"))
    )
    assert split("เขตบางรัก กทม.", "district") == Written("เขตบางรัก", (Behind("province", "กทม.", "กทม."),))
    assert split("เกาะคา  จังหวัด ลำปาง", "district") == Written("เกาะคา", (Behind("province", "ลำปาง", "จังหวัด ลำปาง"),))


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("เกาะคา", "district"),
        ("อ.เกาะคา", "district"),  # the field's own level word, in front
        ("อ.เกาะคา อ.เมือง", "district"),  # a place of the same level behind is no address
        ("ต.ลำปางหลวง จ.ลำปาง อ.เกาะคา", "subdistrict"),  # the province before the district
        ("ลำปาง", "province"),
        ("อ.เกาะคา จ.", "district"),  # a level word with no name
        ("ลำปางหลวง อ เกาะคา", "subdistrict"),  # อ without its dot may begin a name
        ("Ko Kha, Lampang", "district"),
        ("กรุงเทพฯ", "province"),  # the city's name alone is the field's own place
        ("บางรัก กรุงเทพฯ 10500", "district"),  # the city's name marks the province only last
    ],
)
def test_anything_else_is_left_as_written(text: str, level: str) -> None:
    assert split(text, level) == Written(text)  # type: ignore[arg-type]
