"""A rules folder is read once: each file opened once, and the rules' version hashed from the very text the rules
were built from (a file saved again between two reads could otherwise give plans a version of other words)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from safetynet.rules import read_rulebook
from tests.opened import files_opened


def test_each_rule_file_is_opened_once(small_dir: Path) -> None:
    with files_opened(small_dir) as opened:
        result = read_rulebook(small_dir)
    assert result.book is not None
    rule_files = set(small_dir.rglob("*.yaml"))
    assert set(opened) == rule_files
    assert set(opened.values()) == {1}, opened


def test_the_version_is_the_hash_of_the_names_and_bytes_of_the_files(small_dir: Path) -> None:
    digest = hashlib.sha256()
    for path in sorted(small_dir.rglob("*.yaml"), key=lambda p: p.relative_to(small_dir).as_posix()):
        digest.update(path.relative_to(small_dir).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    book = read_rulebook(small_dir).book
    assert book is not None
    assert book.version == digest.hexdigest()[:16]
