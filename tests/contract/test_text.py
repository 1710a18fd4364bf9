"""A whole number as people write one, with thousands separators and the unit of what it counts: read only where it
is unambiguous. Typed text
with no tower of marks on one letter."""

from __future__ import annotations

import pytest

from safetynet.contract.text import grouped_number, plain_note, plain_text, whole_number, written_unit


@pytest.mark.parametrize(
    ("written", "number"),
    [
        ("5,000", 5000), ("5 000", 5000), ("5\u00a0000", 5000), ("๕,๐๐๐", 5000), ("1,250,000", 1250000),
        ("-2,800", -2800),
    ],
)  # fmt: skip
def test_a_grouped_number_is_read_with_one_separator_every_three_digits(written: str, number: int) -> None:
    assert grouped_number(written) == number


@pytest.mark.parametrize("written", ["5000", "5,00", "5.5", "5,000.00", "1 000,000", "1234,567", "12,34,567", ",000"])
def test_anything_else_is_no_grouped_number(written: str) -> None:
    assert grouped_number(written) is None


def test_a_grouped_number_too_long_to_be_read_is_none_not_an_error() -> None:
    """Past Python's 4,300 digits, ``int()`` raises: the web form answered 500 and ``safetynet screen`` died with a
    traceback on one careless survey cell. Such a number is no number anyone wrote: the field's own error names it."""
    assert grouped_number(",".join(["999"] * 1500)) is None


@pytest.mark.parametrize(("written", "number"), [("12", 12), ("๑๒", 12), (" 2800 ", 2800), ("5,000", 5000), ("-3", -3)])
def test_a_whole_number_is_read_in_arabic_or_thai_digits_grouped_or_not(written: str, number: int) -> None:
    assert whole_number(written) == number


@pytest.mark.parametrize("written", ["", "5.5", "5,00", "1_000", "12 บาท", "9" * 5000])
def test_anything_else_is_no_whole_number(written: str) -> None:
    assert whole_number(written) is None


@pytest.mark.parametrize(
    ("written", "unit", "number"),
    [
        ("12 ปี", "years", 12), ("12ปี", "years", 12), ("๑๒ ขวบ", "years", 12), ("2800 บาท", "baht", 2800),
        ("2,800 บาท", "baht", 2800), ("๒,๘๐๐ บาท", "baht", 2800), (" 5 คน ", "people", 5), ("30 วัน", "days", 30),
        ("12", "years", 12), ("1,500 บาท/เดือน", "baht", 1500), ("๑,๕๐๐บาทต่อเดือน", "baht", 1500),
        ("3,000 บ.", "baht", 3000), ("๓,๐๐๐บ.", "baht", 3000),  # บ.: baht as a price is written
    ],
)  # fmt: skip
def test_a_whole_number_may_be_followed_by_the_unit_of_what_it_counts(written: str, unit: str, number: int) -> None:
    assert whole_number(written, unit) == number


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("12 บาท", "years"), ("2800 คน", "baht"), ("5 ปี", "people"), ("ปี", "years"), ("12 ปี", None),
        ("36000 บาท/ปี", "baht"),  # a year's income is not a month's
        ("12 บ.", "years"), ("12 ปี.", "years"),
    ],
)
def test_a_unit_that_is_not_the_fields_own_is_no_whole_number(written: str, unit: str | None) -> None:
    assert whole_number(written, unit) is None


def test_the_unit_written_is_named_for_the_message() -> None:
    assert [written_unit(w) for w in ("12 บาท", "๒,๘๐๐บาท", "12", "บาท", "5.5 ปี")] == ["บาท", "บาท", None, None, None]


@pytest.mark.parametrize(
    "text", ["สิทธิ์", "น้ำ", "ปั๊ม", "ผู้ปกครอง", "กษัตริย์", "รับทราบแล้ว จะโทรหาผู้ปกครองพรุ่งนี้", "Nguyễn", "PLK-2026-0001"]
)
def test_thai_as_it_is_written_keeps_its_marks(text: str) -> None:
    assert plain_text(text) == text
    assert plain_note(text) == text


@pytest.mark.parametrize("text", ["ก" + "\u0e49" * 4, "ok ก" + "\u0e49" * 300, "a" + "\u0301" * 10])
def test_a_tower_of_marks_on_one_letter_is_refused(text: str) -> None:
    """ก้้้้้้…: drawn as a tower over the lines above it, a note of it covered the referral's page it was read on."""
    for check in (plain_text, plain_note):
        with pytest.raises(ValueError, match="marks stacked on one letter"):
            check(text)
