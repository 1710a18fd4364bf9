"""Words that cases, rules, plans and the partner network share, each defined here once: kinds of organization,
levels of area, risk tiers, timeline terms, the shapes of codes and ids, bilingual text and days.

Kinds have a Thai and an English label so that messages and documents can name them in both languages
(``kinds.toml``, beside this module). Adding a kind there makes it valid in ``rules/`` and ``graph/`` at once. The
service and need catalogues are not here: they are data (``rules/services.yaml``, ``rules/needs.yaml``).
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, StringConstraints, WithJsonSchema
from pydantic_core import core_schema

from safetynet.contract.labels import Said, labels
from safetynet.datafiles import fieldhelp

Level = Literal["subdistrict", "district", "province", "national"]

#: From the narrowest area to the widest; the index is the "area closeness" used for ranking.
LEVELS: Final[tuple[Level, ...]] = get_args(Level)
LEVEL_RANK: Final[dict[str, int]] = {level: i for i, level in enumerate(LEVELS)}

RiskTier = Literal["normal", "at_risk", "dropped_out"]
#: From the least to the most severe; a survey row's tier is the most severe among the screening rules that fired.
TIERS: Final[tuple[RiskTier, ...]] = get_args(RiskTier)

#: A step of a plan's timeline: the first steps of a referral, or what follows it.
Term = Literal["short", "long"]

#: An organization or MOU id: lower case letters, digits and '-' (``plk-cm-unit``).
ORGANIZATION_ID: Final = StringConstraints(min_length=2, max_length=64, pattern=r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
#: A need or service code: lower case letters, digits and '_' (``housing_repair``).
CODE: Final = StringConstraints(min_length=2, max_length=64, pattern=r"^[a-z][a-z0-9_]*$")

#: code -> (Thai, English): the kinds of organization, in ``kinds.toml`` beside this module.
ORGANIZATION_KINDS: Final = labels("safetynet.contract", "kinds.toml")
#: The two kinds of ``kinds.toml`` the service itself acts on: referrals start at a CM unit, and what no partner can
#: take goes to the province's core team.
CM_UNIT: Final = "case_management"
CORE_TEAM: Final = "core_team"


def kind_label(code: str) -> Said:
    """The Thai and English labels of the kind ``code``; the code itself in both for one ``kinds.toml`` lacks."""
    return ORGANIZATION_KINDS.get(code, Said(code, code))


class Text(BaseModel):
    """A label in Thai and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    th: Annotated[str, fieldhelp.explain("label_th")] = Field(min_length=1, max_length=300)
    en: Annotated[str, fieldhelp.explain("label_en")] = Field(min_length=1, max_length=300)


DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

#: Thai dates are often written in the Buddhist era (พ.ศ.): 2567 BE is 2024 CE. No date the service handles is
#: that late, so a year from FIRST_BUDDHIST_YEAR on is refused, with the conversion in the message.
BUDDHIST_ERA_OFFSET = 543
FIRST_BUDDHIST_YEAR = 2400
_LAST_BUDDHIST_YEAR = 2699  # later years are no date anyone meant, in either era


def buddhist_era_hint(year: int, month: int = 1, day: int = 1) -> str:
    """``2567 looks like a Buddhist-era year (พ.ศ.): write 2024-01-01``, or "" for a year before 2400 (or after
    2699: no one meant that)."""
    if not FIRST_BUDDHIST_YEAR <= year <= _LAST_BUDDHIST_YEAR:
        return ""
    return (
        f"{year} looks like a Buddhist-era year (พ.ศ.): write {year - BUDDHIST_ERA_OFFSET:04d}-{month:02d}-{day:02d}"
    )


class _DaySchema:
    """A calendar day, written 2026-01-31: a YAML day, or a JSON string of that form; never a number or a time.

    Checked by pydantic's own (Rust) code, with no Python call per value: the network's JSON exports hold
    hundreds of thousands of days, and a Python validator is several times slower per day. Every
    failure is one ``day_type`` error, which ``safetynet.datafiles.validation`` words as "... is not a day: write it as
    YYYY-MM-DD, like 2026-01-31" (or, for a time, "write a day without a time, like 2026-01-31").
    """

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        before = date(FIRST_BUDDHIST_YEAR, 1, 1)  # a later year is a Buddhist-era one: validation.py says so
        text = core_schema.chain_schema(
            [core_schema.str_schema(pattern=DAY_PATTERN, strict=True), core_schema.date_schema(lt=before)]
        )
        # JSON strings first: they come by the hundred thousand
        return core_schema.union_schema(
            [text, core_schema.date_schema(strict=True, lt=before)],
            mode="left_to_right",
            custom_error_type="day_type",
            custom_error_message="not a day: write it as YYYY-MM-DD, like 2026-01-31",
        )


#: A calendar day in a rule or network file (``from``, ``until``, ``signed``, ``expires``).
Day = Annotated[date, _DaySchema, WithJsonSchema({"type": "string", "format": "date"})]


def day_in(zone: tzinfo, at: datetime | date) -> date:
    """The calendar day in ``zone`` (the service's time zone, ``Settings.timezone``) at the moment ``at``; a
    datetime without an offset is taken as that zone's time, a date is that day."""
    if isinstance(at, datetime):
        return (at.astimezone(zone) if at.tzinfo is not None else at).date()
    return at
