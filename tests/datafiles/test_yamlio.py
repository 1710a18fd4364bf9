"""Safe YAML: what a policy writer's file may not contain, and how problems are placed."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetynet.datafiles.yamlio import YamlFileError, load_yaml, parse_json, parse_yaml


def problems_of(text: str) -> list[str]:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml(text, "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_an_alias_is_refused_where_it_is_used() -> None:
    assert problems_of("a: &x [1]\nb: *x\n") == [
        "f.yaml:2:4: aliases ('*x') are not allowed: write the value out in full"
    ]


def test_a_python_tag_is_refused_and_nothing_is_constructed() -> None:
    assert problems_of("a: !!python/object/apply:os.system ['echo hi']\n") == [
        "f.yaml:1:4: custom tag '!!python/object/apply:os.system' is not allowed: remove it and write a plain value"
    ]


def test_a_local_tag_is_refused() -> None:
    assert problems_of("k: !secret 3\n")[0].startswith("f.yaml:1:4: custom tag '!secret'")


def test_a_duplicate_key_is_refused_at_its_second_place() -> None:
    assert problems_of("a: 1\nb: 2\na: 3\n") == [
        "f.yaml:3:1: 'a' appears twice in the same map (first at line 1, column 1): keep one"
    ]


def test_a_tab_indent_gets_a_hint() -> None:
    assert problems_of("a:\n\t- 1\n") == [
        "f.yaml:2:1: YAML syntax: found character '\\t' that cannot start any token (indent with spaces, not tabs)"
    ]


def test_a_file_over_one_mebibyte_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * (1 << 20) + "\n")
    with pytest.raises(YamlFileError) as caught:
        load_yaml(big, "big.yaml")
    assert str(caught.value.problems[0]).startswith("big.yaml:1:1: file is 1,048,580 bytes; the limit is")


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: \xff\n")
    with pytest.raises(YamlFileError) as caught:
        load_yaml(bad, "bad.yaml")
    assert (
        str(caught.value.problems[0]) == "bad.yaml:2:1: file is not UTF-8 text: save it as UTF-8 (Thai text included)"
    )


def test_marks_are_one_based_for_keys_and_values() -> None:
    doc = parse_yaml("title:\n  th: บ้าน\n  en: home\n", "f.yaml")
    assert doc.data == {"title": {"th": "บ้าน", "en": "home"}}
    assert (doc.mark(("title", "en")).line, doc.mark(("title", "en")).col) == (3, 7)
    assert (doc.mark(("title", "en"), key=True).line, doc.mark(("title", "en"), key=True).col) == (3, 3)


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
