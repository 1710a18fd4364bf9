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
        ("บางรัก กรุงเทพฯ ถนนสีลม", "district"),  # the city's name marks the province only last
    ],
)
def test_anything_else_is_left_as_written(text: str, level: str) -> None:
    assert split(text, level) == Written(text)  # type: ignore[arg-type]


def test_a_comma_may_stand_for_the_space_before_a_level_word() -> None:
    """Names have no commas, as they have no spaces: a comma may stand for the space before a level word."""
    with_commas = split("ต.ลำปางหลวง, อ.เกาะคา, จ.ลำปาง", "subdistrict")
    assert with_commas == split("ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง", "subdistrict")
    assert split("แขวงสีลม,เขตบางรัก,กทม.", "subdistrict").behind == (
        Behind("district", "บางรัก", "เขตบางรัก"), Behind("province", "กทม.", "กทม."),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "level", "written"),
    [
        ("ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง 52130", "subdistrict",
         Written("ต.ลำปางหลวง", (Behind("district", "เกาะคา", "อ.เกาะคา"), Behind("province", "ลำปาง", "จ.ลำปาง")),
                 "52130")),
        ("อ.เกาะคา จ.ลำปาง ๕๒๑๓๐", "district", Written("อ.เกาะคา", (Behind("province", "ลำปาง", "จ.ลำปาง"),), "52130")),
        ("ลำปางหลวง 52130", "subdistrict", Written("ลำปางหลวง", (), "52130")),
        ("จ.ลำปาง, 52130", "province", Written("จ.ลำปาง", (), "52130")),
        ("บางรัก กรุงเทพฯ 10500", "district", Written("บางรัก", (Behind("province", "กรุงเทพฯ", "กรุงเทพฯ"),), "10500")),
    ],
)  # fmt: skip
def test_a_postcode_last_is_set_apart_from_the_places(text: str, level: str, written: Written) -> None:
    assert split(text, level) == written  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["52130", "ลำปางหลวง 5213", "ลำปางหลวง 521300", "ลำปางหลวง52130"])
def test_five_digits_alone_or_not_after_a_space_are_no_postcode(text: str) -> None:
    """A field of digits alone is a code for the resolver (it says a postcode is not one); four or six digits are
    not a postcode, and digits stuck to a name are part of what was written."""
    assert split(text, "subdistrict") == Written(text)


@pytest.mark.parametrize(
    ("text", "village", "rest"),
    [
        ("ม.5 ต.ลำปางหลวง", "ม.5", "ต.ลำปางหลวง"),
        ("หมู่ที่ ๕ ตำบลลำปางหลวง", "หมู่ที่ ๕", "ตำบลลำปางหลวง"),
        ("หมู่ 12, ลำปางหลวง", "หมู่ 12", "ลำปางหลวง"),
        ("บ้านป่าเหียง ม.5 ต.ลำปางหลวง", "บ้านป่าเหียง ม.5", "ต.ลำปางหลวง"),
        ("ม.5 บ้านป่าเหียง, ต.ลำปางหลวง", "ม.5 บ้านป่าเหียง", "ต.ลำปางหลวง"),
    ],
)
def test_a_village_in_front_of_a_subdistrict_is_set_apart(text: str, village: str, rest: str) -> None:
    """CMs copy the subdistrict from an address that begins with the village (หมู่/ม.): the gazetteer has no
    villages, so it is never matched as part of the name."""
    assert split(text, "subdistrict") == Written(rest, (), None, village)
    assert split(f"{text} อ.เกาะคา จ.ลำปาง ๕๒๑๓๐", "subdistrict") == Written(
        rest, (Behind("district", "เกาะคา", "อ.เกาะคา"), Behind("province", "ลำปาง", "จ.ลำปาง")), "52130", village
    )


def test_a_village_name_after_its_number_is_read_only_before_the_subdistrict_word() -> None:
    """บ้านเป็ด is a subdistrict of Khon Kaen as well as a village's kind of name: after ม.5 without ต. it is the
    subdistrict."""
    assert split("ม.5 บ้านเป็ด", "subdistrict") == Written("บ้านเป็ด", (), None, "ม.5")
    assert split("ม.5 บ้านเป็ด อ.เมือง", "subdistrict") == Written(
        "บ้านเป็ด", (Behind("district", "เมือง", "อ.เมือง"),), None, "ม.5"
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [("ม.5 เกาะคา", "district"), ("12/3 ม.5 ต.ลำปางหลวง", "subdistrict"), ("ม.5", "subdistrict")],
)
def test_a_village_is_read_only_in_front_of_a_subdistrict_name(text: str, level: str) -> None:
    """Not in a district field, not after a house number (more than a plan needs), not with nothing after it."""
    assert split(text, level) == Written(text)  # type: ignore[arg-type]
