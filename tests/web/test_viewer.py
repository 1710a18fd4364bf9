"""``web/viewer.py``'s reading of a form body: UTF-8 throughout, the percent-escapes too."""

from __future__ import annotations

from urllib.parse import quote_plus

import pytest

from safetynet.web.viewer import MAX_FIELDS, parse_form


def test_a_form_is_read_field_by_field_thai_included() -> None:
    note = quote_plus("รับ ทราบ")
    assert parse_form(f"csrf=abc&need=scholarship&need=housing_repair&note={note}".encode("ascii")) == {
        "csrf": ["abc"],
        "need": ["scholarship", "housing_repair"],
        "note": ["รับ ทราบ"],
    }


@pytest.mark.parametrize(
    "body",
    [
        b"csrf=abc&note=%FF%FE",  # no UTF-8 behind the escapes: it was read as two U+FFFD and kept in the note
        b"csrf=abc&note=%E0%B8",  # a Thai letter cut in half
        b"csrf=abc&note=\xff",  # the raw bytes, as before
    ],
)
def test_a_body_that_is_no_utf_8_form_is_refused(body: bytes) -> None:
    with pytest.raises(UnicodeDecodeError):
        parse_form(body)


def test_a_body_with_more_fields_than_a_form_of_ours_is_refused() -> None:
    with pytest.raises(ValueError, match="Max number of fields"):
        parse_form("&".join(f"f{i}=1" for i in range(MAX_FIELDS + 1)).encode("ascii"))
