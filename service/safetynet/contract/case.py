"""What a case manager sends: the case (body of ``POST /v1/plans``) and a survey row (``safetynet screen``).

Both are strict: unknown fields are refused, strings, lists and numbers are bounded. There is no field for
a name or a national id, on purpose: ``case_ref`` is the CM's own pseudonymous reference.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from safetynet.contract.text import PLAIN_TEXT_PATTERN, plain_text
from safetynet.contract.vocabulary import (
    BUDDHIST_ERA_OFFSET,
    CODE,
    FIRST_BUDDHIST_YEAR,
    ORGANIZATION_ID,
    buddhist_era_hint,
)
from safetynet.datafiles.fieldhelp import explain
from safetynet.places import PlaceError, resolve_province
from safetynet.places.text import THAI_DIGITS

CASE_REF_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
_CASE_REF = re.compile(CASE_REF_PATTERN)
_CASE_REF_LENGTH = 64
_NOT_IN_REF = re.compile(r"[^A-Za-z0-9._/-]")
_THAI_LETTER = re.compile("[\u0e01-\u0e4e]")


def _case_ref_written(value: object) -> object:
    """A reference that breaks the pattern, refused saying what in it is wrong and what to write (still a
    ``string_pattern_mismatch``, which the pages word themselves): pydantic's own words were the bare pattern. A
    Thai letter is most often the child's name typed in (ด.ช.สมชาย), which the service never takes."""
    text = value.strip() if isinstance(value, str) else ""
    if not 0 < len(text) <= _CASE_REF_LENGTH or _CASE_REF.match(text):
        return value  # the length's own error says the rest
    wrong = _NOT_IN_REF.search(text)
    found = (
        "has Thai letters" if _THAI_LETTER.search(text)
        else f"starts with {text[0]!r}" if not text[0].isalnum() or not text[0].isascii()
        else "has a space" if wrong and wrong.group().isspace()
        else f"has {wrong.group()!r}" if wrong
        else "is not written the right way"
    )  # fmt: skip
    how = explain("case_ref").how
    fixed = re.sub(r"\s+", "-", text)
    mend = f"; did you mean {fixed!r}?" if _CASE_REF.match(fixed) else ""
    raise PydanticCustomError(
        "string_pattern_mismatch", "{written} {found}: write {how}{mend}",
        {"written": repr(text[:40]), "found": found, "how": how, "mend": mend, "pattern": CASE_REF_PATTERN},
    )  # fmt: skip


CaseRef = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=_CASE_REF_LENGTH, pattern=CASE_REF_PATTERN),
    BeforeValidator(_case_ref_written),
    explain("case_ref"),
]
OrganizationId = Annotated[str, ORGANIZATION_ID]


def named_province(text: str) -> str:
    """The ISO 3166-2:TH code of the province ``text`` names: the ISO or DOPA code, or the Thai or English name, as
    a case's location accepts them (the gazetteer is read on the first call, not at import); else ValueError saying
    what to write, with the closest names."""
    try:
        return resolve_province(text).code
    except PlaceError as exc:
        raise ValueError(exc.message) from None


#: A ``province`` filter of a list (plans, referrals, stats, organizations, coverage): written as a CM writes it,
#: answered as its ISO code.
ProvinceFilter = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), AfterValidator(named_province)
]
AreaName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    AfterValidator(plain_text),
    Field(json_schema_extra={"pattern": PLAIN_TEXT_PATTERN}),
]
NeedCode = Annotated[str, CODE]
#: A need as a case writes it: short plain text, checked against the needs catalogue by the planner, which knows it:
#: an unknown one (a typo, a Thai label) is ``unknown_need``, listing the known codes and the one it looks like.
CaseNeedCode = Annotated[str, StringConstraints(min_length=1, max_length=64), AfterValidator(plain_text)]

Sex = Literal["female", "male", "other", "unknown"]
EducationStatus = Literal["in_school", "at_risk", "dropped_out", "never_enrolled"]
HousingCondition = Literal["good", "poor", "dilapidated"]
Guardian = Literal["parents", "grandparents", "relatives", "none"]

MAX_AGE = 25
MAX_INCOME = 10_000_000

# A referral is made now, or is recorded late or planned ahead: never centuries away. The bounds keep dates
# where the planner's arithmetic (deadlines, timelines, Thailand time) and the rules' validity periods hold.
FIRST_YEAR = 2000
LAST_YEAR = 2100
UTC_OFFSETS = (timedelta(hours=-12), timedelta(hours=14))  # the world's offsets, from Baker Island to Kiribati
MOMENT_HINT = (
    f"give a date and time in the years {FIRST_YEAR}-{LAST_YEAR} (in Thailand time) with its UTC offset, as RFC 3339 "
    "says, e.g. 2026-11-22T09:00:00+07:00 (offset between -12:00 and +14:00, at most 6 digits after the seconds)"
)
THAILAND = timezone(timedelta(hours=7))
#: RFC 3339 ``date-time``: a date, a time, at most microseconds (what is stored), and an offset, never omitted.
MOMENT_PATTERN = r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$"
_MOMENT = re.compile(MOMENT_PATTERN)


#: A time as Thai people write it, after a date: 09:30, 09.30 or 9.30 น. (the digits Thai too, read before this).
_THAI_TIME = r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?(?:\s*น\.?)?"
#: A moment as Thai people write it: day/month/year (the year most often พ.ศ.), a time if any; or year-month-day (RFC
#: 3339's order, the year ค.ศ. or พ.ศ.) without its offset or its T (2026-12-06 09:00, 2569-12-06 09.30 น.). Read only
#: to say what to send instead.
_THAI_MOMENT = re.compile(rf"(?P<day>\d{{1,2}})[/.-](?P<month>\d{{1,2}})[/.-](?P<year>\d{{4}})(?:\s+{_THAI_TIME})?")
_NO_OFFSET = re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?:(?:[Tt]|\s+){_THAI_TIME})?")


class WrittenMoment(NamedTuple):
    """A moment as a CM wrote it, read: ``moment`` in Thailand time (09:00 when no time was written, ``timed``
    False), and ``era`` (``พ.ศ. 2569 = ค.ศ. 2026``) when a Buddhist-era year was converted, else ''."""

    moment: datetime
    era: str
    timed: bool


def written_moment(text: str) -> WrittenMoment | None:
    """A moment written the Thai way (day/month/year, Thai digits, a Buddhist-era year, ``09.30 น.``) or without its
    offset, read in Thailand time, to say what to send instead (a case's ``requested_at``, a list's ``since``); None
    for anything else, or a moment out of the years a referral can be dated."""
    written = text.strip().translate(THAI_DIGITS)
    found = _THAI_MOMENT.fullmatch(written) or _NO_OFFSET.fullmatch(written)
    if found is None:
        return None
    year = int(found["year"])
    year -= BUDDHIST_ERA_OFFSET if year >= FIRST_BUDDHIST_YEAR else 0
    hour, minute = (int(found["hour"]), int(found["minute"])) if found["hour"] else (9, 0)
    try:
        meant = datetime(year, int(found["month"]), int(found["day"]), hour, minute, tzinfo=THAILAND)
    except ValueError:
        return None
    if not in_bounds(meant.date()):
        return None
    era = f"พ.ศ. {found['year']} = ค.ศ. {year}" if year != int(found["year"]) else ""
    return WrittenMoment(meant, era, bool(found["hour"]))


def _moment_meant(text: str) -> str:
    """`` (send 2026-12-06T09:00:00+07:00 ...)`` for a moment written the Thai way or without its offset, else ''.
    A Buddhist-era year is converted; a missing time is shown as 09:00 and said to be the hour to write."""
    read = written_moment(text)
    if read is None:
        return ""
    era = f", {read.era}" if read.era else ""
    hour_note = "" if read.timed else ", with the hour it happened in place of 09:00"
    return f" (send {read.moment.isoformat()} for Thailand time{era}{hour_note})"


def in_bounds(day: date) -> bool:
    """True when ``day`` is in the years a referral can be dated (``FIRST_YEAR``-``LAST_YEAR``)."""
    return FIRST_YEAR <= day.year <= LAST_YEAR


def year_hint(day: date) -> str:
    """`` (2567 looks like a Buddhist-era year (พ.ศ.): write 2024-11-22)`` for a day of year 2400 or later, else ''."""
    hint = buddhist_era_hint(day.year, day.month, day.day)
    return f" ({hint})" if hint else ""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Location(_Strict):
    """The place as the CM wrote it: the planner resolves it through the gazetteer (``safetynet.places``) and the
    plan echoes it in canonical form (``location``); the stored case keeps what was sent."""

    province: AreaName = Field(
        description="ISO 3166-2:TH code (TH-65), DOPA code (65), or the Thai or English name (พิษณุโลก, Phitsanulok)"
    )
    district: AreaName | None = Field(
        default=None, description="the Thai name (with or without อ./อำเภอ), the English name, or the DOPA code (6501)"
    )
    subdistrict: AreaName | None = Field(
        default=None, description="the Thai name (with or without ต./ตำบล), the English name, or the DOPA code (650101)"
    )


class Disability(_Strict):
    has_disability: StrictBool
    registered: StrictBool | None = Field(default=None, description="registered for the disability card and allowance")


class Child(_Strict):
    age: StrictInt = Field(ge=0, le=MAX_AGE)
    sex: Sex | None = None
    education_status: EducationStatus
    location: Location
    disability: Disability | None = None


class Household(_Strict):
    income_monthly: StrictInt | None = Field(default=None, ge=0, le=MAX_INCOME, description="baht per month")
    housing_condition: HousingCondition | None = None
    guardian: Guardian | None = None
    members: StrictInt | None = Field(default=None, ge=1, le=30)


class NeedRequest(_Strict):
    code: CaseNeedCode
    urgent: StrictBool | None = Field(default=None, description="omitted: the need's default urgency")


class Case(_Strict):
    case_ref: CaseRef
    requested_by: OrganizationId | None = None
    requested_at: datetime | None = Field(
        default=None,
        description=f"RFC 3339 with its UTC offset (between -12:00 and +14:00), in the years {FIRST_YEAR}-{LAST_YEAR} "
        "in Thailand time; default: now",
        json_schema_extra={"pattern": MOMENT_PATTERN},
        examples=["2026-11-22T09:00:00+07:00"],
    )
    child: Child
    household: Household = Household()
    needs: list[NeedRequest] = Field(min_length=1, max_length=20)

    @field_validator("requested_at", mode="before")
    @classmethod
    def _rfc3339_with_offset(cls, value: object) -> object:
        """Text as RFC 3339 writes it, with its offset; or a moment with its offset (a YAML case file's value).
        Never a number (seconds since when?), a day without a time, or a time without an offset."""
        if isinstance(value, str):
            if len(value) > 40 or not _MOMENT.match(value):
                meant = _moment_meant(value) if len(value) <= 40 else ""
                raise ValueError(f"{value[:40]!r} is not a date and time with its UTC offset{meant}: {MOMENT_HINT}")
            return value
        if isinstance(value, datetime) and value.utcoffset() is not None:
            return value
        raise ValueError(f"{type(value).__name__} is not a date and time with its UTC offset: {MOMENT_HINT}")

    @field_validator("requested_at")
    @classmethod
    def _a_plausible_moment(cls, moment: datetime | None) -> datetime | None:
        if moment is None:
            return None
        offset = moment.utcoffset()
        near = FIRST_YEAR - 1 <= moment.year <= LAST_YEAR + 1  # first: year 9999 would overflow when converted
        plausible = near and offset is not None and UTC_OFFSETS[0] <= offset <= UTC_OFFSETS[1]
        if not plausible or not in_bounds(moment.astimezone(THAILAND)):
            raise ValueError(f"{moment.isoformat()} is out of range{year_hint(moment)}: {MOMENT_HINT}")
        return moment

    @field_validator("needs")
    @classmethod
    def _needs_once_each(cls, needs: list[NeedRequest]) -> list[NeedRequest]:
        seen: set[str] = set()
        for need in needs:
            if need.code in seen:
                raise ValueError(f"need {need.code!r} is listed twice: list each need once")
            seen.add(need.code)
        return needs


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


class SurveyRow(BaseModel):
    """One row of a screening survey (CSV column or JSONL key names); only ``case_ref`` is required.

    Values arrive as text from CSV, so numbers and true/false are read from strings; blanks mean unknown.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_ref: CaseRef
    age: int | None = Field(default=None, ge=0, le=MAX_AGE)
    sex: Sex | None = None
    province: AreaName | None = None  # as for a case's location: resolved when the file is read
    district: AreaName | None = None
    subdistrict: AreaName | None = None
    enrolled: bool | None = None
    days_absent: int | None = Field(default=None, ge=0, le=366)
    household_income_monthly: int | None = Field(default=None, ge=0, le=MAX_INCOME)
    housing_condition: HousingCondition | None = None
    has_disability: bool | None = None
    disability_registered: bool | None = None
    guardian: Guardian | None = None

    @field_validator("*", mode="before")
    @classmethod
    def _blanks(cls, value: object) -> object:
        return _blank_to_none(value)
