"""What a coordinator writes in ``graph/``: organizations with the services they give, and MOUs between them.

Field names follow Open Referral HSDS where it has one (organization, service, service_area, eligibility).
The models check each record on its own (types, known kinds, dates in order, ...). Checks that need the whole
network (duplicate and dangling ids, service codes against the catalogue, reachability) are in ``consistency.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator

from safetynet.contract.vocabulary import ORGANIZATION_ID, ORGANIZATION_KINDS, Day, Level, Text
from safetynet.datafiles import fieldhelp
from safetynet.datafiles.suggest import did_you_mean
from safetynet.network.codes import MINISTRIES
from safetynet.places import province_codes

OrganizationId = Annotated[str, ORGANIZATION_ID, fieldhelp.explain("organization_id")]
MouId = Annotated[str, ORGANIZATION_ID, fieldhelp.explain("mou_id")]
ServiceCode = Annotated[str, StringConstraints(min_length=2, max_length=64), fieldhelp.explain("service_code")]
AreaName = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80), fieldhelp.explain("place_name")
]
Note = Annotated[str, StringConstraints(max_length=2000)]
Age = Annotated[int, Field(ge=0, le=120), fieldhelp.explain("age")]

#: ``services: all`` in an MOU: it covers every service.
ALL = "all"
_NO_AGE_LIMIT = 1 << 62  # no child is that old (nor that young)


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _one_of(value: str, table: Mapping[str, object], is_not: str, listed: str) -> str:
    """``value`` when ``table`` has it; else a ValueError: what it is not, the nearest entry, and all of them."""
    if value not in table:
        raise ValueError(f"{value!r} {is_not}{did_you_mean(value, table)} ({listed}: {', '.join(table)})")
    return value


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"write a number here, not {str(value).lower()}")
    return value


class Eligibility(_Record):
    """Who a service takes: ages in whole years, both ends included; leave one out for no limit."""

    min_age: Age | None = None
    max_age: Age | None = None

    _numbers = field_validator("min_age", "max_age", mode="before")(_not_bool)

    @field_validator("max_age")
    @classmethod
    def _in_order(cls, max_age: int | None, info: ValidationInfo) -> int | None:
        min_age = info.data.get("min_age")
        if max_age is not None and min_age is not None and min_age > max_age:
            raise ValueError(f"max_age {max_age} is below min_age {min_age}: swap them")
        return max_age


class OfferedService(_Record):
    """One service an organization gives (``code`` from the services catalogue)."""

    code: ServiceCode
    eligibility: Eligibility | None = None
    capacity: Annotated[int, Field(ge=0, le=1_000_000), fieldhelp.explain("capacity")] | None = Field(
        default=None, description="referrals it can take now; 0 = not taking referrals; omitted = not limited"
    )
    service_area: Level | None = Field(default=None, description="overrides the organization's service_area")
    note: Note | None = None

    _numbers = field_validator("capacity", mode="before")(_not_bool)

    @property
    def min_age(self) -> int | None:
        return self.eligibility.min_age if self.eligibility else None

    @property
    def max_age(self) -> int | None:
        return self.eligibility.max_age if self.eligibility else None

    @property
    def ages(self) -> range:
        """The ages of the children it takes (``age in service.ages``), both limits included; none when it is not
        taking referrals (capacity 0)."""
        if self.capacity == 0:
            return range(0)
        low = -_NO_AGE_LIMIT if self.min_age is None else self.min_age
        high = _NO_AGE_LIMIT if self.max_age is None else self.max_age
        return range(low, high + 1)


class Organization(_Record):
    """A body that takes part in the network: a CM unit, a core team, or a provider of services."""

    id: OrganizationId
    name: Text
    kind: str
    ministry: str = "none"
    province: str
    district: AreaName | None = None
    subdistrict: AreaName | None = None
    service_area: Level
    services: tuple[OfferedService, ...] = ()
    reference: Note | None = None
    note: Note | None = None

    @field_validator("district", "subdistrict", mode="before")
    @classmethod
    def _code_as_text(cls, place: Any) -> Any:
        # A DOPA code written bare (district: 5203) is read by YAML as a number: it is the code, as text.
        return str(place) if isinstance(place, int) and not isinstance(place, bool) else place

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, kind: str) -> str:
        return _one_of(kind, ORGANIZATION_KINDS, "is not a kind of organization", "kinds")

    @field_validator("ministry")
    @classmethod
    def _known_ministry(cls, ministry: str) -> str:
        return _one_of(ministry, MINISTRIES, "is not a ministry code", "codes")

    @field_validator("province")
    @classmethod
    def _known_province(cls, province: str) -> str:
        if province not in province_codes():
            raise ValueError(
                f"{province!r} is not a province code: write the ISO 3166-2:TH code, e.g. TH-52 for Lampang"
            )
        return province

    def offers(self, code: str) -> OfferedService | None:
        """The service with this code, or None when the organization does not give it."""
        for service in self.services:
            if service.code == code:
                return service
        return None

    def area_of(self, service: OfferedService) -> Level:
        """The level of area from which the organization gives ``service``."""
        return service.service_area or self.service_area

    def reaches_nationally(self) -> bool:
        return self.service_area == "national" or any(s.service_area == "national" for s in self.services)


class Mou(_Record):
    """An agreement that binds its parties both ways: a referral may travel between any two of them."""

    id: MouId
    parties: Annotated[tuple[OrganizationId, ...], fieldhelp.explain("parties")] = Field(min_length=2, max_length=500)
    services: Annotated[tuple[ServiceCode, ...], fieldhelp.explain("mou_services")] = Field(
        description="the service codes a referral along this MOU may be for; ('all',) for every service"
    )
    signed: Day
    expires: Day | None = Field(default=None, description="first day it is no longer in force")
    hours: Annotated[float, fieldhelp.explain("hours")] = Field(
        gt=0, le=24 * 365, description="expected hours for a referral to be taken up"
    )
    reference: Annotated[str, StringConstraints(min_length=1, max_length=2000), fieldhelp.explain("mou_reference")]
    illustrative: bool = False
    note: Note | None = None

    _numbers = field_validator("hours", mode="before")(_not_bool)

    @field_validator("services", mode="before")
    @classmethod
    def _all_as_list(cls, services: Any) -> Any:
        return [services] if services == ALL else services

    @field_validator("services")
    @classmethod
    def _some_services(cls, services: tuple[str, ...]) -> tuple[str, ...]:
        if not services:
            raise ValueError("list at least one service code, or write 'all'")
        if ALL in services and len(services) > 1:
            raise ValueError("'all' already covers every service: write 'services: all' alone")
        return services

    @field_validator("parties")
    @classmethod
    def _parties_once(cls, parties: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(parties)) == len(parties):
            return parties
        seen: set[str] = set()
        for party in parties:
            if party in seen:
                raise ValueError(f"{party!r} is listed twice among the parties: list each party once")
            seen.add(party)
        return parties

    @field_validator("expires")
    @classmethod
    def _after_signed(cls, expires: date | None, info: ValidationInfo) -> date | None:
        signed = info.data.get("signed")
        if expires is not None and signed is not None and expires <= signed:
            # the message follows the field's name ("expires: "): it names the day, not the field again
            raise ValueError(f"{expires} is not after the day it was signed ({signed}): check both dates")
        return expires

    def in_force(self, day: date) -> bool:
        """Signed on or before ``day``, and not yet expired on that day."""
        return self.signed <= day and (self.expires is None or day < self.expires)


class NetworkFile(_Record):
    """One file in ``graph/``: a list of organizations, a list of MOUs, or both."""

    organizations: list[Annotated[dict[str, Any], fieldhelp.explain("organization_record")]] = []
    mous: list[Annotated[dict[str, Any], fieldhelp.explain("mou_record")]] = []

