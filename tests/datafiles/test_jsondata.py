"""JSON data: parsed fast, its marks found only when asked, every refusal placed."""

from __future__ import annotations

import pytest

from safetynet.datafiles.jsondata import parse_json
from safetynet.datafiles.marks import YamlFileError


def test_json_files_find_their_marks_only_when_asked() -> None:
    doc = parse_json('{"a": {"b": [1, 2]}}', "f.json")
    assert doc.data == {"a": {"b": [1, 2]}}
    assert doc.lazy_text is not None
    assert (doc.mark(("a", "b", 1)).line, doc.mark(("a", "b", 1)).col) == (1, 17)
    assert doc.lazy_text is None


def test_json_syntax_errors_are_placed() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_json('{"a": [1,}', "f.json")
    assert str(caught.value.problems[0]) == "f.json:1:10: JSON syntax: Expecting value"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": NaN}', "f.json:1:7: NaN is not a number: write a plain number"),
        ('{"a": "NaN",\n "b": [1, -Infinity]}', "f.json:2:11: -Infinity is not a number: write a plain number"),
        ('{"a":Infinity}', "f.json:1:6: Infinity is not a number: write a plain number"),
    ],
)
def test_json_constants_that_are_not_numbers_are_refused_where_they_are(text: str, expected: str) -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_json(text, "f.json")
    assert [str(p) for p in caught.value.problems] == [expected]


def test_a_duplicate_json_key_is_placed_at_both_places() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_json('{"a": 1,\n "a": 2}', "f.json")
    assert [str(p) for p in caught.value.problems] == [
        "f.json:2:2: 'a' appears twice in the same map (first at line 1, column 2): keep one"
    ]
