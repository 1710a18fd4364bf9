"""docs/network.md is bilingual in every section, lists every check, and names every kind, ministry and service."""

from __future__ import annotations

import re

import pytest

from safetynet.contract.vocabulary import ORGANIZATION_KINDS
from safetynet.network.codes import MINISTRIES
from tests.shipped import SERVICES

from ..test_docs_rule_messages import ROOT, docs_text, message_pattern, source_messages

NETWORK_MODULES = ["network/files.py", "network/model.py", "network/consistency.py", "network/loader.py"]
TEXT = (ROOT / "docs" / "network.md").read_text(encoding="utf-8")
_THAI = re.compile(r"[\u0e00-\u0e7f]")


def _sections() -> list[tuple[str, str]]:
    parts = re.split(r"^## (.+)$", TEXT, flags=re.MULTILINE)
    return list(zip(parts[1::2], parts[2::2], strict=True))


@pytest.mark.parametrize(
    ("title", "body"), _sections(), ids=[t.split(" / ")[-1].split(" (")[0] for t, _ in _sections()]
)
def test_every_section_is_in_thai_and_english(title: str, body: str) -> None:
    assert _THAI.search(title), f"the title has no Thai: {title}"
    prose = [line for line in body.splitlines() if line and not line.startswith(("|", "```", "  ", "#"))]
    thai = [line for line in prose if len(_THAI.findall(line)) > 20]
    english = [line for line in prose if not _THAI.search(line) and len(re.findall(r"[A-Za-z]{3,}", line)) > 6]
    tables = [line for line in body.splitlines() if line.startswith("|") and _THAI.search(line)]
    assert thai or tables, f"section {title!r} has no Thai text"
    assert english or tables, f"section {title!r} has no English text"


def test_every_check_of_the_network_code_is_in_docs_network_md() -> None:
    docs = docs_text("network.md")
    found = source_messages(NETWORK_MODULES)
    assert len(found) > 15
    missing = {start: where for start, where in found.items() if not message_pattern(start).search(docs)}
    assert missing == {}, "add a row to the checks of docs/network.md for: " + repr(missing)


def test_every_kind_ministry_and_service_code_is_listed_with_its_thai() -> None:
    rows = {line.split("|")[1].strip(" `"): line for line in TEXT.splitlines() if line.startswith("| `")}
    for code, (th, en) in {**ORGANIZATION_KINDS, **MINISTRIES}.items():
        assert code in rows, code
        assert th in rows[code], code
        assert en in rows[code], code
    for code in SERVICES:
        assert code in rows, code
        assert _THAI.search(rows[code]), code
