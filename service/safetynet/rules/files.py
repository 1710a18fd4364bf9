"""The shape of each file in ``rules/``, as policy writers write it (and as the JSON Schema publishes it).

* ``needs.yaml``      — ``needs:`` the need catalogue (code, Thai and English label, default urgency);
* ``services.yaml``   — ``services:`` the service catalogue (code, labels, the needs each answers);
* ``<topic>.yaml``    — ``rules:`` need rules, ids ``<topic>.<name>``;
* ``screening/<name>.yaml`` — ``rules:`` screening rules, ids ``screening.<name>.<rule>``.

These models check types and field names only; ``loader.py`` checks codes, ids, dates and conditions.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, StringConstraints

from safetynet.contract.vocabulary import CODE, Day, Level, RiskTier, Term, Text
from safetynet.datafiles import fieldhelp

NeedCode = Annotated[str, CODE, fieldhelp.explain("need_code")]
ServiceCode = Annotated[str, CODE, fieldhelp.explain("service_code")]
KindCode = Annotated[str, CODE, fieldhelp.explain("kind_code")]
RuleId = Annotated[
    str,
    StringConstraints(min_length=3, max_length=120, pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$"),
    fieldhelp.explain("rule_id"),
]
# A condition: a sentence "<field> <op> <value>", a list (all of), or {all: [...]}, {any: [...]}, {not: ...}.
# Parsed by parse.py, which says precisely what is wrong; the JSON Schema describes it in $defs/Condition.
ConditionSpec = Any


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class NeedSpec(_Strict):
    code: NeedCode
    label: Text
    urgent: StrictBool = Field(default=False, description="default urgency when the case does not say")
    description: str | None = Field(default=None, max_length=2000)


class NeedsFile(_Strict):
    """rules/needs.yaml"""

    needs: Annotated[list[NeedSpec], fieldhelp.explain("need_list")] = Field(min_length=1)


class ServiceSpec(_Strict):
    code: ServiceCode
    label: Text
    needs: Annotated[list[NeedCode], fieldhelp.explain("answered_needs")] = Field(
        min_length=1, description="the need codes this service answers"
    )


class ServicesFile(_Strict):
    """rules/services.yaml"""

    services: Annotated[list[ServiceSpec], fieldhelp.explain("service_list")] = Field(min_length=1)


class ProviderSpec(_Strict):
    kind: KindCode = Field(description="a kind of organization of the partner network, e.g. school or local_government")
    level: Level = Field(description="the widest area it may cover: subdistrict, district, province, national")


class StepSpec(_Strict):
    step: Text
    term: Term
    days: Annotated[StrictInt, fieldhelp.explain("step_days")] = Field(
        ge=0, le=3650, description="days after the case is referred"
    )


class OutcomeSpec(_Strict):
    service: ServiceCode
    providers: Annotated[list[ProviderSpec], fieldhelp.explain("provider_list")] = Field(min_length=1)
    urgent: StrictBool | None = Field(default=None, description="omitted: the need's default urgency")
    timeline: list[StepSpec] = Field(default_factory=list)


class _RuleHeader(_Strict):
    id: RuleId
    title: Text
    reference: Annotated[str, fieldhelp.explain("reference")] = Field(
        min_length=3, max_length=500, description="where the policy comes from"
    )
    effective_from: Day = Field(alias="from")
    until: Day | None = None
    priority: Annotated[StrictInt, fieldhelp.explain("priority")] = Field(default=0, ge=-1000, le=1000)
    when: ConditionSpec = Field(default_factory=list)


class NeedRuleSpec(_RuleHeader):
    need: NeedCode
    then: OutcomeSpec


class ScreeningOutcomeSpec(_Strict):
    tier: RiskTier
    suggest: list[NeedCode] = Field(default_factory=list)


class ScreeningRuleSpec(_RuleHeader):
    then: ScreeningOutcomeSpec


class RuleFile(_Strict):
    """rules/<topic>.yaml"""

    description: str | None = Field(default=None, max_length=2000)
    rules: Annotated[list[NeedRuleSpec], fieldhelp.explain("rule_list")] = Field(min_length=1)


class ScreeningFile(_Strict):
    """rules/screening/<name>.yaml"""

    description: str | None = Field(default=None, max_length=2000)
    rules: Annotated[list[ScreeningRuleSpec], fieldhelp.explain("rule_list")] = Field(min_length=1)


class RuleFileShape(_Strict):
    """Only the top of a rule file; each rule is then validated on its own so that one bad rule hides nothing."""

    description: str | None = Field(default=None, max_length=2000)
    rules: Annotated[list[Any], fieldhelp.explain("rule_list")] = Field(min_length=1)
