"""The guides for Thai readers are in Thai and English in every section (see tests/bilingual.py for how)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bilingual import Section, sections

DOCS = Path(__file__).resolve().parents[1] / "docs"
GUIDES = ["api.md", "scenarios.md", "whatif.md", "web.md"]
SECTIONS = [(name, s) for name in GUIDES for s in sections((DOCS / name).read_text(encoding="utf-8"))]


@pytest.mark.parametrize(("guide", "section"), SECTIONS, ids=[f"{g}:{s.line}" for g, s in SECTIONS])
def test_every_section_is_in_thai_and_english(guide: str, section: Section) -> None:
    assert section.problem() is None, f"docs/{guide}, {section.problem()}"


def test_every_guide_has_its_sections() -> None:
    for guide in GUIDES:
        assert len([g for g, _ in SECTIONS if g == guide]) > 5, guide


ENGLISH = "This section tells a case manager, in English only, how a plan is read back from the service."
THAI = "ส่วนนี้บอกผู้จัดการรายกรณีเป็นภาษาไทยว่าจะเปิดดูแผนที่บันทึกไว้ได้อย่างไร โดยใช้รหัสแผนจากคำตอบ"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (f"## Reading / การอ่าน\n\n{ENGLISH}\n", "write it in Thai too"),
        (f"## Reading / การอ่าน\n\n{ENGLISH} (จังหวัด, อำเภอ)\n", "write it in Thai too"),
        (f"## Reading / การอ่าน\n\n{THAI}\n\n{THAI} `housing_repair` (CM)\n", "write it in English too"),
        (f"## Reading\n\n{ENGLISH}\n\n{THAI}\n", "the title needs Thai and English"),
        (f"## Reading / การอ่าน\n\n```sh\n# {ENGLISH}\n```\n\n`{ENGLISH}`\n", None),
        (f"## Reading / การอ่าน\n\n{ENGLISH}\n\n{THAI}\n", None),
        (f"## Reading / การอ่าน\n\n| English | ไทย |\n|---|---|\n| {ENGLISH} | {THAI} |\n", None),
    ],
)
def test_a_section_in_one_language_is_found(text: str, problem: str | None) -> None:
    [section] = sections(text)
    found = section.problem()
    if problem is None:
        assert found is None, found
    else:
        assert found is not None, "an unbalanced section was not found"
        assert found.endswith(problem), found
