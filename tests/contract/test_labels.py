"""Label tables kept as TOML data: read in file order, each label two texts, Thai or English picked by language."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetynet.contract.labels import labels, pick


@pytest.fixture
def package(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "labelled"
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    yield folder
    sys.path.remove(str(tmp_path))
    sys.modules.pop("labelled", None)


def test_a_table_is_read_in_file_order(package: Path) -> None:
    (package / "t.toml").write_text('# a comment\nb = ["บี", "bee"]\n"a.x" = ["เอ", "ay"]\n', encoding="utf-8")
    assert list(labels("labelled", "t.toml").items()) == [("b", ("บี", "bee")), ("a.x", ("เอ", "ay"))]


@pytest.mark.parametrize("value", ['["เอ"]', '["เอ", ""]', '["เอ", 1]', '"เอ"', '["เอ", "ay", "extra"]'])
def test_a_label_that_is_not_two_texts_is_refused_by_its_key(package: Path, value: str) -> None:
    (package / "t.toml").write_text(f'good = ["ดี", "good"]\nbad = {value}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"labelled/t.toml: bad: write it as"):
        labels("labelled", "t.toml")


def test_pick_gives_english_for_en_and_thai_otherwise() -> None:
    assert pick(("ไทย", "English"), "en") == "English"
    assert pick(("ไทย", "English"), "th") == "ไทย"
    assert pick(("ไทย", "English"), "fr") == "ไทย"
