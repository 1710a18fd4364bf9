"""Every label in Thai and English; every fixed code of the contract has its label; Buddhist-era dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import get_args
from zoneinfo import ZoneInfo

import pytest

from safetynet.auth import ROLES
from safetynet.contract.case import EducationStatus, Guardian, HousingCondition, Sex
from safetynet.contract.plan import UnmetReason
from safetynet.contract.vocabulary import LEVELS, Term
from safetynet.referrals.lifecycle import DeadlineState
from safetynet.web.timefmt import day_text, due_text, moment_text
from safetynet.web.words import WORDS

TEMPLATES = Path(__file__).resolve().parents[2] / "service" / "safetynet" / "web" / "templates"
CODES = {
    "role": ROLES,
    "sex": get_args(Sex),
    "education_status": get_args(EducationStatus),
    "housing_condition": get_args(HousingCondition),
    "guardian": get_args(Guardian),
    "unmet": get_args(UnmetReason),
    "term": get_args(Term),
    "level": LEVELS,
    "deadline": get_args(DeadlineState),
}


def test_every_label_has_thai_and_english() -> None:
    for key, (th, en) in WORDS.items():
        assert th.strip(), key
        assert en.strip(), key
        assert re.search(r"[ก-๙]", th) or key == "switch_lang", f"{key}: the Thai label has no Thai"


def test_a_thai_label_says_agreement_in_thai() -> None:
    """"MOU" only as the gloss of its Thai word (a hop reads "ตามข้อตกลง <id>"; the unmet reason said "เส้นทาง MOU")."""
    assert [key for key, (th, _) in WORDS.items() if "MOU" in th.replace("(MOU)", "")] == []


@pytest.mark.parametrize("group", sorted(CODES))
def test_every_code_of_the_contract_has_a_label(group: str) -> None:
    missing = [code for code in CODES[group] if f"{group}.{code}" not in WORDS]
    assert missing == []


def test_every_label_the_templates_ask_for_exists() -> None:
    label = re.compile(r"""\bt\(["']([a-z_.]+)["']\)""")
    asked = {key for path in TEMPLATES.glob("*.html") for key in label.findall(path.read_text("utf-8"))}
    assert sorted(asked - set(WORDS)) == []


def test_dates_in_the_buddhist_era_in_thai_and_the_common_era_in_english() -> None:
    assert day_text(date(2026, 12, 5), "th") == "5 ธ.ค. 2569"
    assert day_text(date(2026, 12, 5), "en") == "5 Dec 2026"
    moment = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
    assert moment_text(moment, "th", ZoneInfo("Asia/Bangkok")) == "5 ธ.ค. 2569 09:00"


@pytest.mark.parametrize(
    ("delta", "th", "en"),
    [
        (timedelta(hours=5, minutes=40), "อีก 5 ชม.", "due in 5 h"),
        (timedelta(minutes=20), "อีก 20 นาที", "due in 20 min"),
        (timedelta(days=3, hours=2), "อีก 3 วัน", "due in 3 d"),
        (-timedelta(hours=2, minutes=5), "เลยกำหนด 2 ชม.", "overdue by 2 h"),
    ],
)
def test_a_deadline_as_due_in_or_overdue_by(delta: timedelta, th: str, en: str) -> None:
    now = datetime(2026, 12, 5, 9, 0, tzinfo=UTC)
    assert due_text(now + delta, now, "th") == th
    assert due_text(now + delta, now, "en") == en
