"""Reading survey rows: a row that is not UTF-8 (a Thai spreadsheet saved in cp874) is named and skipped."""

from __future__ import annotations

import io

import pytest

from safetynet.contract.case import SurveyRow
from safetynet.datafiles.surveyfile import SurveyFileError, read_survey
from safetynet.datafiles.surveyrow import BadRow
from safetynet.datafiles.textlines import NotUtf8, TextLines, decode_line


def read(data: bytes, fmt: str) -> list[tuple[int, SurveyRow | BadRow]]:
    return list(read_survey(io.BytesIO(data), fmt))


def shown(rows: list[tuple[int, SurveyRow | BadRow]]) -> list[tuple[int, str]]:
    return [(n, r.case_ref if isinstance(r, SurveyRow) else f"bad: {r.message}") for n, r in rows]


def test_a_csv_row_in_cp874_is_reported_by_line_and_the_next_rows_are_read() -> None:
    data = "\ufeffcase_ref,province\nR1,Yala\nR2,ลำปาง\nR3,Tak\n".encode()
    data = data.replace("ลำปาง".encode(), "ลำปาง".encode("cp874"))
    rows = shown(read(data, "csv"))
    assert [n for n, _ in rows] == [2, 3, 4]
    assert rows[0] == (2, "R1")
    assert rows[1][1].startswith("bad: not UTF-8 text from column 4 (a Thai code page such as cp874/TIS-620?): ")
    assert "save the file as UTF-8" in rows[1][1]
    assert rows[2] == (4, "R3")


def test_a_quoted_value_over_several_lines_is_one_row_named_by_its_bad_line() -> None:
    data = b'case_ref,province\nR1,"Ko \xa1\xd2\nKha"\nR2,Tak\nR3,\xe0\xa1\xd2\n'
    rows = shown(read(data, "csv"))
    assert [n for n, _ in rows] == [2, 4, 5]
    assert rows[0][1].startswith("bad: not UTF-8 text from column 8 ")
    assert rows[1] == (4, "R2")
    assert rows[2][1].startswith("bad: not UTF-8 text from column 4 ")


def test_utf8_thai_is_read_and_its_places_become_codes() -> None:
    header = "รหัส,จังหวัด,อำเภอ,ตำบล,มีชื่อในสถานศึกษา,พิการ,สภาพบ้าน"
    rows = read(f"{header}\nR1,ลำปาง,อ.เกาะคา,ลำปางหลวง,ใช่,ไม่มี,ทรุดโทรม\n".encode(), "csv")
    row = rows[0][1]
    assert isinstance(row, SurveyRow)
    assert (row.province, row.district, row.subdistrict) == ("TH-52", "5203", "520301")
    assert (row.enrolled, row.has_disability, row.housing_condition) == (True, False, "dilapidated")


def test_thai_and_english_column_names_may_not_name_one_field_twice() -> None:
    with pytest.raises(SurveyFileError, match="column 'age' is given twice in the header \\(columns 2 and 3\\)"):
        read("case_ref,อายุ,age\nR1,1,2\n".encode(), "csv")


def test_a_header_that_is_not_utf8_stops_the_file_saying_what_to_do() -> None:
    with pytest.raises(SurveyFileError, match=r"^line 1: the header is not UTF-8 text from column 10 .*UTF-8"):
        read("case_ref,อำเภอ\nR1,x\n".encode("cp874"), "csv")


def test_a_jsonl_line_in_cp874_is_reported_by_line_and_the_next_lines_are_read() -> None:
    data = b'{"case_ref": "J1"}\n{"case_ref": "J2", "district": "\xe0\xa1\xd2"}\n\n{"case_ref": "J4"}\n'
    rows = shown(read(data, "jsonl"))
    assert [n for n, _ in rows] == [1, 2, 4]
    assert rows[1][1].startswith("bad: not UTF-8 text from column 33 ")
    assert rows[2] == (4, "J4")


def test_decode_line_points_at_the_first_bad_character() -> None:
    assert decode_line("ก,".encode() + b"\xa1", 2) == NotUtf8(line=2, col=3)
    assert decode_line(b"\xef\xbb\xbfok\n", 1) == "ok\n"
    assert decode_line(b"\xef\xbb\xbfok\n", 2) == "\ufeffok\n"


def test_text_lines_count_every_line_and_forget_bad_ones_once_taken() -> None:
    lines = TextLines(io.BytesIO(b"a\n\xa1\nb\n\xa2\n"))
    assert list(lines) == ["a\n", "\ufffd\n", "b\n", "\ufffd\n"]
    assert lines.number == 4
    assert lines.take_bad(3) == NotUtf8(line=2, col=1)
    assert lines.take_bad(3) is None
    assert lines.take_bad(4) == NotUtf8(line=4, col=1)


def test_a_jsonl_row_that_stops_early_is_placed_in_its_own_line() -> None:
    rows = shown(read(b'{"case_ref": "J1"}\n{"case_ref": \n{"case_ref": "J3" x}\n{"case_ref": "J4"}\n', "jsonl"))
    assert rows == [
        (1, "J1"),
        (2, "bad: not valid JSON: Expecting value (column 14)"),
        (3, "bad: not valid JSON: Expecting ',' delimiter (column 19)"),
        (4, "J4"),
    ]


def test_a_csv_column_given_twice_stops_the_file_before_any_row_naming_the_column_and_line() -> None:
    rows = read_survey(io.BytesIO(b"case_ref,age,enrolled,enrolled\nA1,12,false,true\n"), "csv")
    with pytest.raises(SurveyFileError) as caught:
        next(rows)  # the first row is never screened: 'enrolled' would be 'true', the last column winning
    assert str(caught.value) == (
        "line 1: column 'enrolled' is given twice in the header (columns 3 and 4): "
        "keep one, and delete or rename the other"
    )
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("case_ref,age,case_ref", "column 'case_ref' is given twice in the header (columns 1 and 3)"),
        ("case_ref,enroled,enroled", "unknown column(s) 'enroled'; did you mean 'enrolled'? (the columns are: "),
        ("case_ref,Age", "unknown column(s) 'Age'; did you mean 'age'? (the columns are: "),
        ("case_ref, age", "unknown column(s) ' age'; did you mean 'age'? (the columns are: "),
        ("case_ref,foo", "unknown column(s) 'foo' (the columns are: case_ref, age, sex, "),
        ("case_ref,age,", "column 3 has no name: write its name, or remove the extra ',' at the end of the header"),
        ("case_ref,,age", "column 2 has no name: write its name, or remove the extra ','"),
        ("age,sex", "the header has no 'case_ref' (รหัส) column: add one"),
    ],
)
def test_a_csv_header_that_cannot_be_read_says_what_to_write(header: str, message: str) -> None:
    with pytest.raises(SurveyFileError) as caught:
        read(f"{header}\nA1,12,x\n".encode(), "csv")
    assert str(caught.value).startswith(f"line 1: {message}"), caught.value


def test_a_csv_row_over_several_lines_is_numbered_by_the_line_where_it_starts() -> None:
    data = b'case_ref,age,province\nR1,abc,"Ko\nKha"\nR2,12,Tak\n\nR3,"1\n2\n3",Tak\nR4,1,a,b,"c\nd"\nR5,13,Tak\n'
    rows = shown(read(data, "csv"))
    assert [n for n, _ in rows] == [2, 4, 6, 9, 11]
    assert rows[0][1].startswith("bad: age: ")
    assert rows[1] == (4, "R2")
    assert rows[2][1].startswith("bad: age: ")
    assert rows[3] == (
        9,
        "bad: more values than columns (this row runs from line 9 to line 10: a value has a line "
        "break, or a quote is not closed)",
    )
    assert rows[4] == (11, "R5")


def test_a_short_csv_row_gets_none_for_the_missing_values_as_before() -> None:
    rows = read(b"case_ref,age,district\nR1,12\n", "csv")
    assert rows[0][0] == 2
    assert isinstance(rows[0][1], SurveyRow)
    assert (rows[0][1].age, rows[0][1].district) == (12, None)


def test_a_quote_never_closed_swallows_the_rows_below_and_the_row_says_so() -> None:
    rows = shown(read(b'case_ref,province\nR1,"Ko Kha\nR2,Tak\nR3,x\n', "csv"))
    assert len(rows) == 1
    assert rows[0][0] == 2
    assert rows[0][1].endswith(
        "(this row runs from line 2 to line 4: a value has a line break, or a quote is not closed)"
    )


def test_a_quote_never_closed_in_a_long_file_is_a_row_error_not_a_crash_and_the_rows_after_go_on() -> None:
    many = "".join(f"R{n},Tak\n" for n in range(2, 20000))
    rows = shown(read(f'case_ref,province\nR1,"Ko Kha\n{many}'.encode(), "csv"))
    (n, first) = rows[0]
    assert n == 2
    assert first.startswith("bad: a quote opened in this row is never closed: lines 2 to ")
    assert first.endswith('close the quote, and write "" for a quote inside a quoted value')
    assert rows[-1] == (20000, "R19999")  # the rows after the value's end are read again


def test_a_carriage_return_inside_a_row_skips_that_row_and_the_next_rows_go_on() -> None:
    rows = shown(read(b"case_ref,age\nR1,1\r2\nR2,13\n", "csv"))
    assert rows == [
        (
            2,
            "bad: a line break (CR) inside a value not in quotes: "
            "save the file as 'CSV UTF-8 (Comma delimited)' and run it again",
        ),
        (3, "R2"),
    ]


def test_a_file_with_carriage_returns_only_is_refused_saying_how_to_save_it() -> None:
    with pytest.raises(SurveyFileError) as caught:
        read(b"case_ref,age\rR1,12\rR2,13\r", "csv")
    assert str(caught.value) == (
        "line 1: the header cannot be read: a line break (CR) inside a value not in quotes: "
        "save the file as 'CSV UTF-8 (Comma delimited)' and run it again"
    )


def test_a_jsonl_row_with_a_key_given_twice_is_skipped_naming_the_key() -> None:
    data = b'{"case_ref": "A1", "age": 12, "enrolled": false, "enrolled": true}\n{"case_ref": "A2"}\n'
    rows = shown(read(data, "jsonl"))
    assert rows == [(1, "bad: 'enrolled' is given twice in this row: keep one, and delete the other"), (2, "A2")]
