"""The comparable form of a name: the same key for the ways one name is typed."""

from __future__ import annotations

import pytest

from safetynet.places.text import Level, compact, hidden_character, key


@pytest.mark.parametrize(
    ("typed", "level", "official"),
    [
        ("อ. เกาะคา", "district", "เกาะคา"),
        ("อำเภอ เกาะคา", "district", "เกาะคา"),
        ("อ เกาะคา", "district", "เกาะคา"),  # the short form without its dot, before a space
        ("ต ลำปางหลวง", "subdistrict", "ลำปางหลวง"),
        ("จ ลำปาง", "province", "ลำปาง"),
        ("Amphoe Ko Kha", "district", "Ko Kha"),
        ("Amphur Ko Kha", "district", "Ko Kha"),  # the older spellings of Amphoe and Tambon, still in addresses
        ("amphor ko kha", "district", "Ko Kha"),
        ("Tambol Lampang Luang", "subdistrict", "Lampang Luang"),
        ("Tumbon Lampang Luang", "subdistrict", "Lampang Luang"),
        ("KO-KHA District", "district", "Ko Kha"),
        ("ต.ลำปางหลวง", "subdistrict", "ลำปางหลวง"),
        ("Lampang Luang Sub-district", "subdistrict", "Lampang Luang"),
        ("Changwat Lampang", "province", "Lampang"),
        ("กรุงเทพฯ", "province", "กรุงเทพ"),
        ("ล\u0e4d\u0e32ปางหลวง", "subdistrict", "ลำปางหลวง"),  # ำ typed as ํ + า
        ("บ้านเอ\u0e49\u0e37อม", "subdistrict", "บ้านเอื้อม"),  # the tone mark typed before its vowel
        ("เเม่เมาะ", "district", "แม่เมาะ"),  # แ typed as เ + เ
        ("Ｋｏ Ｋｈａ", "district", "Ko Kha"),  # full-width Latin
    ],
)
def test_ways_of_typing_a_name_give_its_key(typed: str, level: Level, official: str) -> None:
    assert key(typed, level) == key(official, level)


def test_level_words_are_only_dropped_as_whole_words_of_their_level() -> None:
    assert key("Sanam Chai Khet", "district") == "sanamchaikhet"  # a district whose name ends in "Khet"
    assert key("Sam Tambon", "subdistrict") == "samtambon"
    assert key("อ่างทอง", "province") == "อ่างทอง"  # "อ" without a dot is a letter, not อำเภอ
    assert key("ต.ตลาด", "district") == "ต.ตลาด".replace(".", "")  # ต. is not a district's prefix


def test_codes_are_compacted_and_thai_digits_read() -> None:
    assert compact(" th-65 ") == "TH65"
    assert compact("๕๒๐๓") == "5203"


def test_hidden_characters_are_named_with_their_position() -> None:
    assert hidden_character("เกาะคา") is None
    found = hidden_character("Ko\u202eKha")
    assert found is not None
    assert "U+202E" in found
    assert "bidirectional" in found
    assert "character 3" in found


@pytest.mark.parametrize(
    "text",
    [
        "\u3164",  # a Hangul filler: a letter that draws nothing, a note that looks blank
        "ยาย\u115fดูแล",
        "a\u034fb",  # the combining grapheme joiner
        "\u17b4",
        "ok\U000e0101",  # a variation selector of the supplement, as hidden payloads use
        "ok\ufe00",
        "\ufe0f",  # emoji presentation with nothing to present
        "\u2764\ufe0f\ufe0f",  # a run of selectors
    ],
)
def test_letters_and_selectors_that_draw_nothing_are_hidden_characters(text: str) -> None:
    assert hidden_character(text) is not None


def test_one_emoji_presentation_after_its_emoji_is_text() -> None:
    assert hidden_character("ขอบคุณ \u2764\ufe0f") is None
