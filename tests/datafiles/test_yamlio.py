"""Safe YAML: what a policy writer's file may not contain, and how problems are placed."""

from __future__ import annotations

import pytest

from safetynet.datafiles.marks import YamlFileError
from safetynet.datafiles.yamlio import parse_yaml


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


def test_marks_are_one_based_for_keys_and_values() -> None:
    doc = parse_yaml("title:\n  th: บ้าน\n  en: home\n", "f.yaml")
    assert doc.data == {"title": {"th": "บ้าน", "en": "home"}}
    assert (doc.mark(("title", "en")).line, doc.mark(("title", "en")).col) == (3, 7)
    assert (doc.mark(("title", "en"), key=True).line, doc.mark(("title", "en"), key=True).col) == (3, 3)
