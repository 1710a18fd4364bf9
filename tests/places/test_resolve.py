"""Places as CMs write them -> one canonical place, or an error that names the closest places."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from functools import partial

import pytest

from safetynet.errors import SafetynetError
from safetynet.places import (
    AmbiguousPlace,
    District,
    PlaceError,
    Province,
    UnknownPlace,
    district,
    districts,
    province,
    provinces,
    resolve_district,
    resolve_province,
    resolve_subdistrict,
    subdistricts,
)
from safetynet.places import resolve as resolver
from safetynet.places.errors import Place

# Real DOPA codes: Ko Kha is 5203 (5202 is Mae Mo), Lampang Luang 520301.
KO_KHA = "5203"
LAMPANG_LUANG = "520301"


def _province(iso: str) -> Province:
    found = province(iso)
    assert found is not None
    return found


def _district(code: str) -> District:
    found = district(code)
    assert found is not None
    return found


LAMPANG = _province("TH-52")
PHITSANULOK = _province("TH-65")
BANGKOK = _province("TH-10")


@pytest.mark.parametrize("p", provinces(), ids=lambda p: p.code)
def test_every_province_by_iso_dopa_thai_and_english(p: Province) -> None:
    written = [p.code, p.code.lower(), f" {p.code} ", p.dopa, p.th, f"จ.{p.th}", f"จังหวัด {p.th}"]
    written += [p.en, p.en.upper(), p.en.lower().replace(" ", ""), p.en.replace(" ", "-"), f"{p.en} Province"]
    assert {resolve_province(text) for text in written} == {p}


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("th 65", "TH-65"), ("TH65", "TH-65"), ("๖๕", "TH-65"), ("phitsanulok", "TH-65"),
        ("Nakhon Si Thammarat", "TH-80"), ("nakhon-si-thammarat", "TH-80"), ("Bangkok", "TH-10"), ("กทม", "TH-10"),
        ("กทม.", "TH-10"), ("กรุงเทพฯ", "TH-10"), ("กรุงเทพมหานคร", "TH-10"), ("Ayutthaya", "TH-14"),
        ("Korat", "TH-30"), ("Phang Nga", "TH-82"), ("Lopburi", "TH-16"), ("Buriram", "TH-31"),
    ],
)  # fmt: skip
def test_province_short_and_common_forms(text: str, iso: str) -> None:
    assert resolve_province(text).code == iso


@pytest.mark.parametrize(
    "text", ["อ.เกาะคา", "อ. เกาะคา", "อำเภอเกาะคา", "อำเภอ เกาะคา", "เกาะคา", "Ko Kha", "ko-kha", "KO KHA", KO_KHA,
             "Amphoe Ko Kha", "Ko Kha District", "๕๒๐๓"],
)  # fmt: skip
def test_thai_and_english_forms_of_a_district_route_to_one_code(text: str) -> None:
    found = resolve_district(LAMPANG, text)
    assert (found.code, found.province, found.en) == (KO_KHA, "TH-52", "Ko Kha")


@pytest.mark.parametrize("text", ["เมือง", "อ.เมือง", "อำเภอเมือง", "Mueang", "Mueang District", "อำเภอเมืองนครราชสีมา",
                                  "อ.เมืองนครราชสีมา", "Mueang Nakhon Ratchasima", "เมืองโคราช",
                                  "Muang", "Amphur Muang", "Muang District", "Muang Nakhon Ratchasima",
                                  "Muang Korat"])  # fmt: skip
def test_mueang_is_the_capital_district(text: str) -> None:
    assert resolve_district(_province("TH-30"), text).code == "3001"


def test_muang_stays_the_name_of_the_districts_it_begins() -> None:
    """"Muang" is also how ม่วง is written: ม่วงสามสิบ is Muang Sam Sip, not a capital; เมืองปาน (Mueang Pan) is no
    capital either, so "Muang Pan" is only offered as the closest."""
    assert resolve_district(_province("TH-34"), "Muang Sam Sip").code == "3414"
    with pytest.raises(UnknownPlace) as raised:
        resolve_district(LAMPANG, "Muang Pan")
    assert raised.value.closest[0].code == "5213"


def _finds(resolve: Callable[[], Place], place: Place) -> bool:
    """The place itself, or an AmbiguousPlace that lists it (e.g. two districts of TH-14 are "Bang Sai" in
    English, แม่คะ and แม่ข่า of Fang both "Mae Kha")."""
    try:
        return resolve() == place
    except AmbiguousPlace as error:
        return place in error.closest


def test_every_district_and_subdistrict_by_thai_english_and_code() -> None:
    for p in provinces():
        prefix, sub_prefix = ("เขต", "แขวง") if p.code == "TH-10" else ("อ.", "ต.")
        for d in districts(p.code):
            assert resolve_district(p, d.code) == d
            assert resolve_district(p, f"{prefix}{d.th}") == d
            assert _finds(partial(resolve_district, p, d.en), d)
            for s in subdistricts(d.code):
                assert resolve_subdistrict(p, d, s.code) == s
                assert resolve_subdistrict(p, None, s.code) == s
                assert _finds(partial(resolve_subdistrict, p, d, f"{sub_prefix}{s.th}"), s)
                assert _finds(partial(resolve_subdistrict, p, d, s.en), s)


def test_subdistrict_in_its_district_and_in_bangkok() -> None:
    ko_kha = _district(KO_KHA)
    for text in ["ต.ลำปางหลวง", "ตำบลลำปางหลวง", "ตำบล ลำปางหลวง", "Lampang Luang", "Tambon Lampang Luang"]:
        assert resolve_subdistrict(LAMPANG, ko_kha, text).code == LAMPANG_LUANG
        assert resolve_subdistrict(LAMPANG, None, text).code == LAMPANG_LUANG
    bang_rak = resolve_district(BANGKOK, "เขตบางรัก")
    assert (bang_rak.code, bang_rak.th) == ("1004", "บางรัก")
    assert resolve_district(BANGKOK, "เขต บางรัก") == resolve_district(BANGKOK, "Khet Bang Rak") == bang_rak
    assert resolve_subdistrict(BANGKOK, bang_rak, "แขวงสีลม").code == "100402"
    assert resolve_subdistrict(BANGKOK, None, "Khwaeng Si Lom").code == "100402"


@pytest.mark.parametrize(("text", "expected"), [("Ko Ka", KO_KHA), ("Meuang Lampang", "5201"), ("เกาะคาา", KO_KHA),
                                                ("Mae Moh", "5202"), ("เถีน", "5208")])  # fmt: skip
def test_a_misspelt_district_puts_the_right_one_first(text: str, expected: str) -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_district(LAMPANG, text)
    error = raised.value
    assert error.closest[0].code == expected
    assert (error.field, error.text) == ("district", text)
    assert len(error.closest) <= 5
    assert f"no district {text!r} in Lampang (TH-52); closest: " in error.message
    first = error.closest[0]
    example = f"write the district's Thai or English name ({first.th} or {first.en}) or its DOPA code ({first.code})"
    assert example in error.message, "the example of how to write it is the district it suggests, not another"
    assert isinstance(error, SafetynetError)


def test_the_ko_ka_message_reads_as_documented() -> None:
    with pytest.raises(
        UnknownPlace, match=r"no district 'Ko Ka' in Lampang \(TH-52\); closest: Ko Kha \(เกาะคา, 5203\)"
    ):
        resolve_district(LAMPANG, "Ko Ka")


def test_a_district_of_another_province_is_refused_naming_its_province() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_district(PHITSANULOK, "Ko Kha")
    assert "'Ko Kha' is a district of Lampang (TH-52), not of Phitsanulok (TH-65)" in raised.value.message
    assert all(d.code.startswith("65") for d in raised.value.closest)


def test_a_name_of_another_province_lists_the_closest_names_of_this_one_even_when_none_looks_alike() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_district(PHITSANULOK, "เกาะคา")  # nothing in Phitsanulok is written like it
    error = raised.value
    assert "'เกาะคา' is a district of Lampang (TH-52), not of Phitsanulok (TH-65); closest: " in error.message
    assert len(error.closest) == 5
    assert all(d.code.startswith("65") for d in error.closest)
    with pytest.raises(UnknownPlace) as raised:
        resolve_subdistrict(LAMPANG, _district(KO_KHA), "สีลม")  # a แขวง of Bangkok
    error = raised.value
    assert "is a subdistrict in Bang Rak (Bangkok, TH-10), not in Ko Kha" in error.message
    assert len(error.closest) == 5
    assert all(s.code.startswith(KO_KHA) for s in error.closest)


def test_a_subdistrict_written_as_the_district_names_its_district_first() -> None:
    # A CM who puts the ตำบล in the อำเภอ field is told so, with the district it lies in first (not a look-alike).
    with pytest.raises(UnknownPlace) as raised:
        resolve_district(LAMPANG, "ต.ลำปางหลวง")
    error = raised.value
    assert error.message.startswith(
        "'ต.ลำปางหลวง' is a subdistrict, Lampang Luang (ลำปางหลวง, 520301) in Ko Kha (เกาะคา), not a district: "
        "write it as the subdistrict, and its district; closest: Ko Kha (เกาะคา, 5203)"
    )
    assert error.closest[0].code == KO_KHA


def test_a_district_written_as_the_province_names_its_province() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_province("อ.เกาะคา")
    error = raised.value
    assert error.message.startswith(
        "'อ.เกาะคา' is a district, Ko Kha (เกาะคา, 5203) in Lampang (TH-52), not a province: write it as the "
        "district, and its province; closest: Lampang (TH-52)"
    )
    assert [p.code for p in error.closest] == ["TH-52"]


def test_a_dopa_code_of_another_province_is_refused() -> None:
    with pytest.raises(UnknownPlace, match=r"district code 5203 is Ko Kha \(เกาะคา, 5203\) in Lampang \(TH-52\)"):
        resolve_district(PHITSANULOK, KO_KHA)
    with pytest.raises(UnknownPlace, match="no district of Lampang"):
        resolve_district(LAMPANG, "5299")
    with pytest.raises(UnknownPlace, match="subdistrict code 650101"):
        resolve_subdistrict(LAMPANG, None, "650101")
    with pytest.raises(UnknownPlace, match="not in Mueang Lampang"):  # in Lampang, but in Ko Kha
        resolve_subdistrict(LAMPANG, _district("5201"), LAMPANG_LUANG)
    with pytest.raises(UnknownPlace, match="no province has the code 'TH-99'"):
        resolve_province("TH-99")


def test_a_subdistrict_of_another_district_names_it_and_comes_first() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_subdistrict(LAMPANG, _district("5201"), "ลำปางหลวง")
    assert "is Lampang Luang (ลำปางหลวง, 520301) in Ko Kha (เกาะคา), not in Mueang Lampang" in raised.value.message
    assert raised.value.closest[0].code == LAMPANG_LUANG


def _a_subdistrict_name_used_twice_in_one_province() -> tuple[Province, str, list[str]]:
    for p in provinces():
        by_name: dict[str, list[str]] = defaultdict(list)
        for d in districts(p.code):
            for s in subdistricts(d.code):
                by_name[s.th].append(s.code)
        for name, codes in by_name.items():
            if len({code[:4] for code in codes}) == len(codes) > 1:
                return p, name, codes
    raise AssertionError("no subdistrict name recurs in a province")


def test_an_ambiguous_subdistrict_lists_every_match_with_its_district() -> None:
    p, name, codes = _a_subdistrict_name_used_twice_in_one_province()
    with pytest.raises(AmbiguousPlace) as raised:
        resolve_subdistrict(p, None, f"ต.{name}")
    error = raised.value
    assert [s.code for s in error.closest] == codes
    for code in codes:
        d = _district(code[:4])
        assert f"{code}) in {d.en} ({d.th})" in error.message
    assert "give the district" in error.message
    assert error.as_dict()["closest"] == [
        {"code": code, "th": name, "en": s.en, "district": code[:4]}
        for code, s in zip(codes, error.closest, strict=True)
    ]
    assert resolve_subdistrict(p, _district(codes[1][:4]), name).code == codes[1]  # the district settles it


def test_an_english_district_name_shared_by_two_districts_is_ambiguous() -> None:
    with pytest.raises(AmbiguousPlace) as raised:
        resolve_district(_province("TH-14"), "Bang Sai")
    assert [(d.code, d.th) for d in raised.value.closest] == [("1404", "บางไทร"), ("1413", "บางซ้าย")]
    assert resolve_district(_province("TH-14"), "บางซ้าย").code == "1413"


def test_bangkok_has_no_mueang() -> None:
    with pytest.raises(UnknownPlace, match="has no อำเภอเมือง"):
        resolve_district(BANGKOK, "เมือง")


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f"]


@pytest.mark.parametrize(
    "char", [*BIDI, "\x00", "\t", "\n", "\x7f", "\u200b", "\ufeff"], ids=lambda c: f"U+{ord(c):04X}"
)
def test_bidi_and_control_characters_are_refused_not_stripped(char: str) -> None:
    for resolve, text in [
        (resolve_province, f"Lam{char}pang"),
        (lambda t: resolve_district(LAMPANG, t), f"เกาะ{char}คา"),
        (lambda t: resolve_subdistrict(LAMPANG, None, t), f"{char}Lampang Luang"),
    ]:
        with pytest.raises(UnknownPlace, match=f"U\\+{ord(char):04X}") as raised:
            resolve(text)
        assert raised.value.text == text
        assert "type the name again without it" in raised.value.message


def test_text_that_cannot_be_a_name_is_refused() -> None:
    with pytest.raises(UnknownPlace, match="the district is empty"):
        resolve_district(LAMPANG, " อ. ")
    with pytest.raises(UnknownPlace, match="longer than any"):
        resolve_district(LAMPANG, "ก" * 101)
    with pytest.raises(UnknownPlace, match="as text, not int"):
        resolve_province(65)  # type: ignore[arg-type]  # an int on purpose: what an untyped caller may pass


def test_errors_can_be_prefixed_for_the_caller_and_serialise() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_district(LAMPANG, "Ko Ka")
    prefixed = raised.value.prefixed("child.location.")
    assert isinstance(prefixed, UnknownPlace)
    assert prefixed.field == "child.location.district"
    assert str(prefixed).startswith("child.location.district: no district 'Ko Ka'")
    closest = prefixed.as_dict()["closest"]
    assert isinstance(closest, list)
    assert closest[0] == {"code": KO_KHA, "th": "เกาะคา", "en": "Ko Kha"}


def test_failures_are_cached_but_raised_as_fresh_exceptions() -> None:
    resolver.clear_caches()
    errors: list[PlaceError] = []
    for _ in range(2):
        with pytest.raises(UnknownPlace) as raised:
            resolve_district(LAMPANG, "Ko Ka")
        errors.append(raised.value)
    assert errors[0] is not errors[1]
    assert errors[0].message == errors[1].message
    assert resolver.cache_info()["district"][0] == 1


def test_the_cache_is_bounded() -> None:
    resolver.clear_caches()
    texts = [f"{' ' * a}Ko{' ' * (b + 1)}Kha{' ' * c}" for a in range(17) for b in range(17) for c in range(17)]
    assert len(texts) > resolver.CACHE_SIZE
    assert {resolve_district(LAMPANG, text).code for text in texts} == {KO_KHA}
    size, most = resolver.cache_info()["district"]
    assert most == resolver.CACHE_SIZE
    assert size == resolver.CACHE_SIZE
