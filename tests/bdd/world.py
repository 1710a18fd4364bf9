"""What one scenario builds up and reads back: the case, the plan the API returned, the screened rows.

``Service`` is the system under test, built once per session over the shipped rules and network (or
``SAFETYNET_RULES_DIR`` / ``SAFETYNET_GRAPH_DIR``): the runtime, the FastAPI test client, CM tokens.
``World`` is one scenario's state; steps write to it (Given), act through the service (When) and check it
(Then). ``World.fail`` stops the scenario with a message in the scenario's language.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import pytest
from fastapi.testclient import TestClient

from safetynet.runtime.build import Runtime
from tests.bdd.rule_coverage import RuleCoverage
from tests.bdd.words import THAILAND, UnknownWord

T = TypeVar("T")

#: Scenarios happen on this day and time (Thailand) unless a step sets another date.
DEFAULT_MOMENT = datetime(2026, 6, 15, 9, 0, tzinfo=THAILAND)
_serial = itertools.count(1)


@dataclass
class Service:
    runtime: Runtime
    client: TestClient
    coverage: RuleCoverage
    tokens: dict[str, str] = field(default_factory=dict)

    def admin_token(self) -> str:
        """An admin token (made once, kept for the session)."""
        if "" not in self.tokens:
            self.tokens[""] = self.runtime.require_store().tokens.create_token("admin", None)
        return self.tokens[""]

    def cm_token(self, organization_id: str) -> str:
        """A bearer token of a CM working at ``organization_id`` (made once, kept for the session)."""
        if organization_id not in self.tokens:
            self.tokens[organization_id] = self.runtime.require_store().tokens.create_token("cm", organization_id)
        return self.tokens[organization_id]

    def token(self, role: str, organization_id: str | None = None) -> str:
        """A bearer token of ``role`` (an agency's, at ``organization_id``; admin's), made once for the session."""
        key = f"{role}:{organization_id}"
        if key not in self.tokens:
            self.tokens[key] = self.runtime.require_store().tokens.create_token(role, organization_id)
        return self.tokens[key]


@dataclass
class World:
    service: Service
    language: str = "en"
    where: str = ""  # "features/housing.feature:12: Then the plan suggests ..."
    child: dict[str, Any] = field(default_factory=dict)
    location: dict[str, Any] = field(default_factory=dict)
    disability: dict[str, Any] | None = None
    household: dict[str, Any] = field(default_factory=dict)
    needs: list[dict[str, Any]] = field(default_factory=list)
    requested_at: datetime = DEFAULT_MOMENT
    case_ref: str | None = None
    plan: dict[str, Any] | None = None
    survey: list[dict[str, str]] = field(default_factory=list)  # keyed by field name
    survey_table: list[list[str]] = field(default_factory=list)  # as the scenario writes it
    response: Any = None  # the service's answer to "the CM sends the case"
    draft: Path | None = None  # a copy of the rules, changed by the scenario
    draft_file: Path | None = None
    checked: list[str] = field(default_factory=list)  # the errors `rules check` found in the draft
    screened: dict[str, dict[str, Any]] = field(default_factory=dict)
    skipped: dict[int, str] = field(default_factory=dict)
    whatif: dict[str, Any] = field(default_factory=dict)  # the children, drafts and answers of what-if steps
    elapsed: timedelta = timedelta()  # time passed since the request ("25 hours later")
    referrals: dict[str, dict[str, Any]] = field(default_factory=dict)  # need -> the latest referral sent for it

    def clock(self) -> datetime:
        """The service's clock in this scenario: the moment of the request, plus the time the steps let pass."""
        return self.requested_at + self.elapsed

    @property
    def thai(self) -> bool:
        return self.language == "th"

    @property
    def today(self) -> date:
        return self.requested_at.date()

    def say(self, en: str, th: str) -> str:
        return th if self.thai else en

    def fail(self, en: str, th: str) -> NoReturn:
        """Stop the scenario: where (feature file, line, step) and what went wrong, in the expert's words."""
        pytest.fail(f"{self.where}\n{self.say(en, th)}", pytrace=False)

    def word(self, read: Callable[..., T], *args: Any) -> T:
        """``read(*args)`` from tests/bdd/words.py; a word it does not know stops the scenario, saying why."""
        try:
            return read(*args)
        except UnknownWord as exc:
            problem = str(exc)
        self.fail(f"This step has a word the steps do not know: {problem}", f"ขั้นตอนนี้มีคำที่ระบบไม่รู้จัก: {problem}")

    # --- the case -------------------------------------------------------------------------------

    def case_body(self) -> dict[str, Any]:
        """The body of POST /v1/plans, from what the Given steps said."""
        if "age" not in self.child or "province" not in self.location:
            self.fail(
                "The scenario has not said who the child is: start with a step such as "
                "'Given a 12-year-old girl in Phitsanulok'.",
                "เหตุการณ์นี้ยังไม่ได้บอกว่าเด็กเป็นใคร: เริ่มด้วยขั้นตอนเช่น 'กำหนดให้ เด็กหญิงอายุ 12 ปี อยู่จังหวัดพิษณุโลก'",
            )
        if not self.needs:
            self.fail(
                "The scenario has not said what the child needs: add a step such as "
                "'And the child needs housing_repair urgently'.",
                "เหตุการณ์นี้ยังไม่ได้บอกว่าเด็กต้องการอะไร: เพิ่มขั้นตอนเช่น 'และ เด็กต้องการ housing_repair อย่างเร่งด่วน'",
            )
        child: dict[str, Any] = {"education_status": "in_school", **self.child, "location": self.location}
        if self.disability is not None:
            child["disability"] = self.disability
        return {
            "case_ref": self.case_ref or f"BDD-{next(_serial):05d}",
            "requested_at": self.requested_at.isoformat(),
            "child": child,
            "household": self.household,
            "needs": self.needs,
        }

    def _disability(self) -> str:
        assert self.disability is not None
        if not self.disability["has_disability"]:
            return self.say("no disability", "ไม่มีความพิการ")
        registered = self.disability.get("registered")
        if registered is None:
            return self.say("disability, registration unknown", "พิการ ไม่รู้ว่าจดทะเบียนหรือยัง")
        return self.say("disability, registered", "พิการ จดทะเบียนแล้ว") if registered else self.say(
            "disability, not registered", "พิการ ยังไม่ได้จดทะเบียน"
        )

    def summary(self) -> str:
        """One line about the case, for failure messages."""
        child = self.child
        where = " / ".join(str(self.location[k]) for k in ("province", "district", "subdistrict") if k in self.location)
        parts = [f"age {child.get('age')}", child.get("sex"), child.get("education_status", "in_school"), where]
        if self.disability is not None:
            parts.append(self._disability())
        if self.household:
            parts.append("household " + ", ".join(f"{k}={v}" for k, v in self.household.items()))
        needs = ", ".join(n["code"] + (" (urgent)" if n.get("urgent") else "") for n in self.needs)
        return self.say("case: ", "ข้อมูลที่ส่ง: ") + "; ".join(str(p) for p in parts if p) + f"; needs: {needs}"
