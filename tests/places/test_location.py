"""A whole location, and the names the partner network's files use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safetynet.places import AmbiguousPlace, Location, PlaceError, UnknownPlace, resolve_location
from safetynet.places.location import clear_caches

ROOT = Path(__file__).resolve().parents[2]


def test_as_dict_is_the_plans_location() -> None:
    location = resolve_location("TH-65", "Mueang Phitsanulok", "Nai Mueang")
    assert location.as_dict() == {
        "province": {"code": "TH-65", "th": "พิษณุโลก", "en": "Phitsanulok"},
        "district": {"code": "6501", "th": "เมืองพิษณุโลก", "en": "Mueang Phitsanulok"},
        "subdistrict": {"code": "650101", "th": "ในเมือง", "en": "Nai Mueang"},
    }
    assert resolve_location("จ.พิษณุโลก").as_dict()["district"] is None


def test_a_subdistrict_without_a_district_fills_in_its_district() -> None:
    location = resolve_location("ลำปาง", None, "ต.ลำปางหลวง")
    assert location.district is not None
    assert (location.district.code, location.district.en) == ("5203", "Ko Kha")
    assert resolve_location("Lampang", "  ", "Lampang Luang") == location  # a blank cell is "not given"
    assert isinstance(location, Location)


def test_the_first_wrong_field_is_named() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("Lampang", "Ko Kha", "Nai Mueang")
    assert raised.value.field == "subdistrict"
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("Lampan", "Ko Kha")
    assert raised.value.field == "province"


def _organizations() -> list[dict[str, str]]:
    found = []
    for path in sorted((ROOT / "graph" / "organizations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found += [o for o in data.get("organizations", []) if "district" in o or "subdistrict" in o]
    return found


def test_every_district_and_subdistrict_of_the_partner_network_resolves_in_its_province() -> None:
    organizations = _organizations()
    assert organizations
    failures = []
    for o in organizations:
        try:
            resolve_location(o["province"], o.get("district"), o.get("subdistrict"))
        except PlaceError as error:
            failures.append(f"{o['id']}: {error}")
    assert failures == []


@pytest.mark.parametrize(
    ("district", "subdistrict"),
    [
        ("อ.เกาะคา จ.ลำปาง", None),
        ("อำเภอเกาะคา จังหวัดลำปาง", "ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง"),
        (None, "ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง"),
        ("เกาะคา", "ลำปางหลวง อำเภอ เกาะคา"),
    ],
)
def test_a_field_copied_from_an_address_with_the_places_above_it_reads_as_its_own_place(
    district: str | None, subdistrict: str | None
) -> None:
    location = resolve_location("ลำปาง", district, subdistrict)
    assert location.district is not None
    assert location.district.code == "5203"
    assert location.subdistrict is None or location.subdistrict.code == "520301"


def test_a_district_written_behind_a_subdistrict_settles_a_name_the_province_shares() -> None:
    """ในเมือง names three subdistricts of Khon Kaen: the อ. written behind it says which, as a district field would."""
    location = resolve_location("ขอนแก่น", None, "ต.ในเมือง อ.บ้านไผ่")
    assert location.subdistrict is not None
    assert location.subdistrict.code == "401002"
    assert location.district is not None
    assert location.district.code == "4010"
    with pytest.raises(AmbiguousPlace):
        resolve_location("ขอนแก่น", None, "ต.ในเมือง")


@pytest.mark.parametrize(
    ("district", "subdistrict", "field", "says"),
    [
        ("อ.เกาะคา จ.พิษณุโลก", None, "district", "says 'จ.พิษณุโลก', Phitsanulok (TH-65), but the province is Lampang"),
        ("อ.เมืองลำปาง", "ต.ลำปางหลวง อ.เกาะคา", "subdistrict", "but the district is Mueang Lampang"),
        ("อ.เกาะคา จ.ลำปัง", None, "district", "'จ.ลำปัง' in 'อ.เกาะคา จ.ลำปัง': no province 'ลำปัง'"),
    ],
)
def test_a_place_written_behind_that_disagrees_with_its_own_field_is_refused_never_overridden(
    district: str, subdistrict: str | None, field: str, says: str
) -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("ลำปาง", district, subdistrict)
    assert raised.value.field == field
    assert raised.value.text == (subdistrict if field == "subdistrict" else district)  # as written, whole
    assert says in raised.value.message


def test_a_misspelt_name_before_its_province_is_refused_quoting_the_whole_field() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("ลำปาง", "อ.เกาคา จ.ลำปาง")
    assert (raised.value.field, raised.value.text) == ("district", "อ.เกาคา จ.ลำปาง")
    assert [p.code for p in raised.value.closest] == ["5203"]


@pytest.mark.parametrize(
    ("province", "district", "subdistrict"),
    [
        ("กรุงเทพมหานคร", None, "แขวงสีลม เขตบางรัก กรุงเทพฯ"),
        ("กทม.", "เขตบางรัก", "แขวงสีลม เขตบางรัก กรุงเทพมหานคร"),
        ("กรุงเทพฯ", "เขตบางรัก กทม.", "แขวงสีลม"),
        ("Bangkok", "บางรัก กรุงเทพ", "สีลม กทม"),
        ("TH-10", None, "แขวงสีลม กรุงเทพฯ"),
    ],
)
def test_a_bangkok_address_ends_with_the_citys_name_alone_and_reads_as_its_own_place(
    province: str, district: str | None, subdistrict: str
) -> None:
    """Bangkok's districts are เขต, its subdistricts แขวง, and it is never written after จ.: its name, last, is the
    province behind, checked against the province field as จ.ลำปาง is."""
    location = resolve_location(province, district, subdistrict)
    assert location.as_dict()["district"] == {"code": "1004", "th": "บางรัก", "en": "Bang Rak"}
    assert location.subdistrict is not None
    assert location.subdistrict.code == "100402"


def test_bangkok_written_behind_a_place_of_another_province_is_refused_never_overridden() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("นนทบุรี", "อ.เมืองนนทบุรี กรุงเทพฯ")
    assert raised.value.field == "district"
    assert "says 'กรุงเทพฯ', Bangkok (TH-10), but the province is Nonthaburi" in raised.value.message


def test_a_location_resolved_is_remembered_until_the_caches_are_cleared() -> None:
    """A CM writes the same place case after case: the second time, no field is read again."""
    clear_caches()
    written = ("จ.ลำปาง", "อ.เกาะคา จ.ลำปาง", "ต.ลำปางหลวง")
    first = resolve_location(*written)
    assert resolve_location(*written) is first
    clear_caches()
    again = resolve_location(*written)
    assert again == first
    assert again is not first


def test_what_is_not_remembered_is_still_refused_by_name() -> None:
    """A failure is not kept (each field's resolver keeps its own), nor a text longer than any name."""
    for _ in range(2):
        with pytest.raises(UnknownPlace) as raised:
            resolve_location("TH-52", "Ko Kah")
        assert raised.value.field == "district"
    with pytest.raises(PlaceError) as too_long:
        resolve_location("TH-52", "ก" * 500)
    assert too_long.value.field == "district"


@pytest.mark.parametrize(
    ("province", "district", "subdistrict"),
    [
        ("ลำปาง", None, "ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง 52130"),
        ("ลำปาง", "อ.เกาะคา จ.ลำปาง ๕๒๑๓๐", "ลำปางหลวง"),  # Thai digits
        ("จ.ลำปาง 52130", "เกาะคา", "ต.ลำปางหลวง, อ.เกาะคา, จ.ลำปาง, 52130"),
        ("กทม.", None, "แขวงสีลม เขตบางรัก กรุงเทพฯ 10500"),
    ],
)
def test_an_address_ending_with_the_postcode_that_serves_it_reads_as_its_place(
    province: str, district: str | None, subdistrict: str
) -> None:
    location = resolve_location(province, district, subdistrict)
    assert location.subdistrict is not None
    assert location.subdistrict.code in ("520301", "100402")


@pytest.mark.parametrize(
    ("district", "subdistrict", "field", "says", "closest"),
    [
        (None, "ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง 52000", "subdistrict",
         "ends with the postcode 52000, of Mueang Lampang (Lampang, TH-52), Mae Mo (Lampang, TH-52), not of Lampang "
         "Luang (ลำปางหลวง, 520301): correct one of them, or leave the postcode out", "520101"),
        ("อ.เกาะคา จ.ลำปาง 65000", None, "district",
         "ends with the postcode 65000, of Mueang Phitsanulok (Phitsanulok, TH-65), not of Ko Kha", "6501"),
        ("อ.เกาะคา 99999", None, "district", "ends with 99999, which is no postcode of Thailand", "5203"),
    ],
)  # fmt: skip
def test_a_postcode_that_does_not_serve_the_place_is_refused_naming_the_field_and_where_it_serves(
    district: str | None, subdistrict: str | None, field: str, says: str, closest: str
) -> None:
    """The gazetteer's postcodes decide: never the postcode over the name, nor the name over the postcode."""
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("ลำปาง", district, subdistrict)
    assert raised.value.field == field
    assert raised.value.text == (subdistrict if field == "subdistrict" else district)
    assert says in raised.value.message
    assert raised.value.closest[0].code == closest


@pytest.mark.parametrize(
    ("district", "subdistrict"),
    [
        ("อ.เกาะคา", "ม.5 ต.ลำปางหลวง"),
        (None, "หมู่ที่ ๓ ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง ๕๒๑๓๐"),
        ("เกาะคา", "บ้านป่าเหียง หมู่ 5 ลำปางหลวง"),
        ("เกาะคา", "หมู่ ๕ บ้านป่าเหียง ต.ลำปางหลวง"),
    ],
)
def test_a_subdistrict_written_after_its_village_reads_as_the_subdistrict(
    district: str | None, subdistrict: str
) -> None:
    location = resolve_location("ลำปาง", district, subdistrict)
    assert (location.district.code, location.subdistrict.code) == ("5203", "520301")  # type: ignore[union-attr]


def test_a_misspelt_subdistrict_after_its_village_is_refused_quoting_the_whole_field() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("ลำปาง", "เกาะคา", "ม.5 ต.ลำปางหลว")
    assert (raised.value.field, raised.value.text) == ("subdistrict", "ม.5 ต.ลำปางหลว")
    assert [p.code for p in raised.value.closest] == ["520301"]
