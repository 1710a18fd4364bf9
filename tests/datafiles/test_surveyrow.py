"""One survey row as written: Thai names and values, places as codes, and what to write when a value cannot be read."""

from __future__ import annotations

import pytest

from safetynet.contract.case import SurveyRow
from safetynet.contract.said import WORDS
from safetynet.datafiles.surveyrow import THAI_VALUES, BadRow, parse_row, yes_no


def message(row: SurveyRow | BadRow) -> str:
    assert isinstance(row, BadRow)
    return row.message


def test_a_place_that_names_nothing_or_lies_elsewhere_makes_the_row_bad_with_the_closest_names() -> None:
    assert message(parse_row(2, {"case_ref": "R1", "province": "Lampang", "district": "Ko Ka"})).startswith(
        "district: no district 'Ko Ka' in Lampang (TH-52); closest: Ko Kha (เกาะคา, 5203"
    )
    assert isinstance(parse_row(3, {"case_ref": "R2", "province": "ลำปาง", "district": None}), SurveyRow)
    assert message(parse_row(4, {"case_ref": "R3", "district": "Ko Kha"})) == (
        "district: give the province too: a district is looked up in its province"
    )
    assert message(parse_row(5, {"case_ref": "R4", "province": "Yala", "district": "Ko Kha"})).startswith(
        "district: 'Ko Kha' is a district of Lampang (TH-52), not of Yala (TH-95)"
    )


def test_thai_names_and_values_are_read_and_places_become_codes() -> None:
    written = {"รหัส": "R1", "จังหวัด": "ลำปาง", "อำเภอ": "อ.เกาะคา", "ตำบล": "ลำปางหลวง"}
    row = parse_row(2, written | {"พิการ": "ไม่มี", "สภาพบ้าน": "ทรุดโทรม"})
    assert isinstance(row, SurveyRow)
    assert (row.province, row.district, row.subdistrict) == ("TH-52", "5203", "520301")
    assert (row.has_disability, row.housing_condition) == (False, "dilapidated")


def test_a_number_with_thousands_separators_is_read_as_a_spreadsheet_writes_it() -> None:
    rows = [
        parse_row(2, {"รหัส": "R1", "จังหวัด": "ลำปาง", "รายได้ครัวเรือน": "2,800"}),
        parse_row(3, {"รหัส": "R2", "จังหวัด": "ลำปาง", "รายได้ครัวเรือน": "12,000"}),
        parse_row(4, {"case_ref": "R3", "province": "TH-52", "household_income_monthly": "1,500"}),
        parse_row(5, {"รหัส": "R4", "จังหวัด": "ลำปาง", "รายได้ครัวเรือน": "๒,๘๐๐"}),  # as the web form reads them
        parse_row(6, {"รหัส": "R5", "จังหวัด": "ลำปาง", "รายได้ครัวเรือน": "3 500"}),
    ]
    assert [r.household_income_monthly for r in rows if isinstance(r, SurveyRow)] == [2800, 12000, 1500, 2800, 3500]


@pytest.mark.parametrize(
    ("column", "value", "hint"),
    [
        ("พิการ", "ไม่แน่ใจ", "write true or false (ใช่/ไม่ใช่, มี/ไม่มี)"),
        ("รายได้ครัวเรือน", "2,80", "write a whole number, e.g. 2800 or 2800 บาท"),
        (
            "รายได้ครัวเรือน",
            "3000 คน",
            "'คน' is not a unit of household_income_monthly (บาท or บ. or บาท/เดือน or บาทต่อเดือน): write a whole "
            "number, e.g. 2800 or 2800 บาท",
        ),
        (
            "รายได้ครัวเรือน",
            "36,000 บาท/ปี",  # a year's income is not a month's
            "'บาท/ปี' is not a unit of household_income_monthly (บาท or บ. or บาท/เดือน or บาทต่อเดือน): write a whole "
            "number, e.g. 2800 or 2800 บาท",
        ),
        ("อายุ", "12 บาท", "'บาท' is not a unit of age (ปี or ขวบ): write a whole number, e.g. 12 or 12 ปี"),
        ("อายุ", "สิบสอง", "write a whole number, e.g. 12 or 12 ปี"),
        ("พิการ", "ค่ะ", "write true or false (ใช่/ไม่ใช่, มี/ไม่มี)"),  # a particle alone: heard, not yes
        ("จดทะเบียนคนพิการ", "ครับ", "write true or false (ใช่/ไม่ใช่, มี/ไม่มี)"),
        ("พิการ", "คะ", "write true or false (ใช่/ไม่ใช่, มี/ไม่มี)"),  # a question
        (
            "ผู้ดูแล",
            "แม่",
            "write one of: parents (พ่อแม่), grandparents (ปู่ย่าตายาย), relatives (ญาติ), none (ไม่มีผู้ดูแล)",
        ),
        ("เพศ", "Fe", "write one of: female (หญิง), male (ชาย), other (อื่น ๆ), unknown (ไม่ทราบ)"),
        ("housing_condition", "bad", "write one of: good (ดี), poor (ไม่ดี), dilapidated (ทรุดโทรม)"),
    ],
)
def test_a_value_that_cannot_be_read_says_what_to_write(column: str, value: str, hint: str) -> None:
    assert message(parse_row(2, {"รหัส": "R1", column: value})).endswith(hint)


@pytest.mark.parametrize(
    ("column", "written", "field", "value"),
    [
        ("พิการ", "ไม่", "has_disability", False),
        ("จดทะเบียนคนพิการ", "ไม่ได้", "disability_registered", False),
        ("เพศ", "ด.ญ.", "sex", "female"),
        ("เพศ", "ช", "sex", "male"),
        ("เพศ", "Female", "sex", "female"),
        ("เพศ", "F", "sex", "female"),
        ("เพศ", "m", "sex", "male"),
        ("sex", " M ", "sex", "male"),
        ("ผู้ดูแล", "ยาย", "guardian", "grandparents"),
        ("ผู้ดูแล", "ป้า", "guardian", "relatives"),
        ("ผู้ดูแล", "ไม่มี", "guardian", "none"),  # the answer under the column ผู้ดูแล
        ("ผู้ดูแล", "ไม่มีผู้ดูแล", "guardian", "none"),  # its label, as the pages and plans show it
        ("ผู้ดูแล", "Grandparents", "guardian", "grandparents"),
        ("สภาพบ้าน", "Dilapidated", "housing_condition", "dilapidated"),
    ],
)
def test_words_of_school_and_district_records_are_read_as_their_value(
    column: str, written: str, field: str, value: object
) -> None:
    row = parse_row(2, {"รหัส": "R1", column: written})
    assert isinstance(row, SurveyRow)
    assert getattr(row, field) == value


def test_each_values_first_thai_word_is_its_label_in_contract_words() -> None:
    """The label the pages and plans show is the word the survey's messages name, and every value has one."""
    for field, words in THAI_VALUES.items():
        first = {value: word for word, value in reversed(words.items())}
        values = [key.split(".", 1)[1] for key in WORDS if key.startswith(f"{field}.")]
        assert set(first) == set(values), field
        assert all(first[value] == WORDS[f"{field}.{value}"][0] for value in values), field


@pytest.mark.parametrize(("written", "read"), [("ใช่", "true"), (" มีค่ะ ", "true"), ("ไม่ได้ครับ", "false"), ("ค่ะ", None)])
def test_yes_no_reads_a_word_as_a_row_does(written: str, read: str | None) -> None:
    assert yes_no(written) == read


def test_numbers_in_thai_digits_are_read() -> None:
    row = parse_row(2, {"รหัส": "R1", "อายุ": "๑๒", "วันที่ขาดเรียน": "๓๐", "รายได้ครัวเรือน": "๒,๘๐๐"})
    assert isinstance(row, SurveyRow)
    assert (row.age, row.days_absent, row.household_income_monthly) == (12, 30, 2800)


def test_a_row_that_is_not_an_object_is_bad() -> None:
    assert message(parse_row(7, ["R1", 12])) == "a row must be an object with named fields"


def test_a_grouped_number_too_long_to_read_makes_the_row_bad_not_the_run() -> None:
    """Past the 4,300 digits ``int()`` reads, ``safetynet screen`` died with a traceback, the other rows unscreened."""
    assert isinstance(parse_row(2, {"case_ref": "R1", "household_income_monthly": ",".join(["999"] * 1500)}), BadRow)


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("ใช่ค่ะ", True), ("ใช่ครับ", True), ("ใช่ คะ", True), ("มีค่ะ", True), ("มีจ้ะ", True), ("ไม่ใช่ค่ะ", False),
        ("ไม่มีครับ", False), ("ไม่มี ครับ", False), ("ไม่ค่ะ", False), ("ไม่ได้ครับ", False),
    ],
)  # fmt: skip
def test_yes_and_no_are_read_with_a_polite_particle(written: str, value: bool) -> None:
    row = parse_row(2, {"รหัส": "R1", "พิการ": written, "มีชื่อในสถานศึกษา": written, "จดทะเบียนคนพิการ": written})
    assert isinstance(row, SurveyRow)
    assert (row.has_disability, row.enrolled, row.disability_registered) == (value, value, value)


def test_numbers_are_read_with_their_own_unit() -> None:
    written = {"อายุ": "12 ปี", "วันที่ขาดเรียน": "๓๐ วัน", "รายได้ครัวเรือน": "๒,๘๐๐ บาท/เดือน"}
    english = {"case_ref": "R2", "household_income_monthly": "2,800 บาท"}
    rows = [parse_row(2, {"รหัส": "R1"} | written), parse_row(3, english)]
    assert [(r.age, r.days_absent) for r in rows if isinstance(r, SurveyRow)] == [(12, 30), (None, None)]
    assert [r.household_income_monthly for r in rows if isinstance(r, SurveyRow)] == [2800, 2800]


@pytest.mark.parametrize(
    ("place", "district"),
    [
        ({"จังหวัด": "กรุงเทพฯ", "อำเภอ": "เขตบางรัก", "ตำบล": "แขวงสีลม"}, "1004"),
        ({"จังหวัด": "กทม.", "ตำบล": "แขวงสีลม เขตบางรัก กรุงเทพฯ"}, "1004"),
        ({"จังหวัด": "กรุงเทพมหานคร", "อำเภอ": "เขตบางรัก กรุงเทพฯ", "ตำบล": "สีลม"}, "1004"),
    ],
)
def test_a_bangkok_address_is_read_as_its_place(place: dict[str, str], district: str) -> None:
    row = parse_row(2, {"รหัส": "R1"} | place)
    assert isinstance(row, SurveyRow), row
    assert (row.province, row.district, row.subdistrict) == ("TH-10", district, "100402")
