"""Reading a data file: at most 1 MiB, UTF-8 only, each refusal placed."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetynet.datafiles.loadfile import load_yaml
from safetynet.datafiles.marks import YamlFileError


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
