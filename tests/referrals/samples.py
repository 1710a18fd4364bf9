"""A plan with three items (two candidates for housing repair, one for the disability allowance, none for the
scholarship but the core team) and its case, as the store keeps them: for the referral tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from safetynet.contract.plan import Plan
from safetynet.contract.vocabulary import Text
from safetynet.referrals.records import ReferralRecord
from safetynet.store import NewPlan

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=UTC)
T = {"th": "ไทย", "en": "English"}


def candidate(org: str, path: list[str]) -> dict[str, Any]:
    mous = [{"id": f"mou-{n}", "illustrative": True} for n in range(len(path) - 1)]
    return {"organization_id": org, "name": T, "kind": "x", "area": "district", "path": path, "path_hours": 4.0,
            "hops": len(path) - 1, "mous": mous}  # fmt: skip


def item(need: str, candidates: list[dict[str, Any]], explanation: list[str], **more: Any) -> dict[str, Any]:
    return {
        "need": need, "need_label": T, "service": need, "service_label": T, "urgent": need == "housing_repair",
        "refer_by": "2026-11-23T09:00:00+07:00", "meets_deadline": True, "explanation": explanation,
        "rules": [{"id": line.split(":", 1)[0], "title": T} for line in explanation],
        "candidates": candidates, "timeline": [], **more,
    }  # fmt: skip


PLAN = Plan.model_validate(
    {
        "plan_id": "pln_1",
        "case_ref": "PLK-1",
        "created_at": "2026-11-22T09:00:00+07:00",
        "requested_by": "plk-cm-unit",
        "requested_at": "2026-11-22T09:00:00+07:00",
        "location": {
            "province": {"code": "TH-65", "th": "พิษณุโลก", "en": "Phitsanulok"},
            "district": None,
            "subdistrict": None,
        },
        "rules_version": "r",
        "graph_version": "g",
        "items": [
            item(
                "housing_repair",
                [
                    candidate("plk-city-municipality", ["plk-cm-unit", "plk-city-municipality"]),
                    candidate("plk-sdhso-office", ["plk-cm-unit", "plk-sdhso-office"]),
                ],
                ["housing.dilapidated_home: household.housing_condition is dilapidated"],
            ),
            item(
                "disability_allowance_registration",
                [candidate("plk-sdhso-office", ["plk-cm-unit", "plk-sdhso-office"])],
                ["disability.unregistered: child.disability.registered is false; household.income_monthly is 3000"],
            ),
            item(
                "scholarship",
                [],
                ["scholarship.private_sponsor"],
                escalation={"organization_id": "plk-core-team", "name": T},
            ),
        ],
        "unmet": [],
    }
)
CASE = {
    "case_ref": "PLK-1",
    "child": {
        "age": 12,
        "sex": "female",
        "education_status": "at_risk",
        "location": {"province": "TH-65", "district": "Mueang Phitsanulok"},
        "disability": {"has_disability": True, "registered": False},
    },
    "household": {"income_monthly": 3000, "housing_condition": "dilapidated"},
    "needs": [{"code": "housing_repair"}, {"code": "disability_allowance_registration"}, {"code": "scholarship"}],
}


def stored_plan(plan_id: str = "pln_1", case_ref: str = "PLK-1", created_at: datetime = NOW) -> NewPlan:
    """``PLAN`` (under ``plan_id``) as the API stores it."""
    plan = PLAN.model_copy(update={"plan_id": plan_id, "case_ref": case_ref})
    return NewPlan(
        plan_id=plan_id,
        case_ref=case_ref,
        province="TH-65",
        requested_by=plan.requested_by,
        organizations=plan.named_organizations(),
        created_at=created_at,
        rules_version="r",
        graph_version="g",
        case=CASE | {"case_ref": case_ref},
        plan=plan.model_dump_json(),
    )


def referral(**changes: Any) -> ReferralRecord:
    """A stored referral of ``PLAN``'s housing repair, sent by plk-cm-unit to plk-city-municipality and not yet
    acknowledged, with ``changes``."""
    path = ("plk-cm-unit", "plk-city-municipality")
    sent: dict[str, Any] = {
        "referral_id": "ref_1", "plan_id": PLAN.plan_id, "case_ref": PLAN.case_ref, "need": "housing_repair",
        "service": "housing_repair", "urgent": True, "province": "TH-65", "refer_by": NOW + timedelta(hours=24),
        "created_at": NOW, "sent_by": "plk-cm-unit", "path": path, "mous": (), "child": {},
        "candidates": ("plk-city-municipality", "plk-sdhso-office"), "tried": ("plk-city-municipality",),
        "replaces": None, "escalate_to": "plk-core-team",
    }  # fmt: skip
    standing: dict[str, Any] = {
        "status": "sent", "position": 1, "holder": "plk-city-municipality", "acknowledged_at": None,
        "accepted_at": None, "closed_at": None, "outcome": None, "reason": None, "from_organization": path[0],
        "to_organization": path[-1], "version": 1, "replaced_by": None, "escalated_at": None, "history": (),
    }  # fmt: skip
    return ReferralRecord(**(sent | standing | changes))


@dataclass(frozen=True)
class Org:
    province: str
    kind: str


class Directory:
    """The few organizations of the referral tests, as the partner network would answer."""

    orgs: dict[str, Org] = {  # noqa: RUF012  (read only)
        "plk-cm-unit": Org("TH-65", "case_management"),
        "plk-education-office": Org("TH-65", "education_office"),
        "plk-core-team": Org("TH-65", "core_team"),
        "plk-city-municipality": Org("TH-65", "local_government"),
        "plk-sdhso-office": Org("TH-65", "social_development_office"),
        "plk-monastic-schools": Org("TH-65", "monastic_school"),
        "lpg-cm-unit": Org("TH-52", "case_management"),
        "lpg-core-team": Org("TH-52", "core_team"),
        "lpg-child-shelter": Org("TH-52", "shelter"),
    }

    def organization(self, organization_id: str) -> Org | None:
        return self.orgs.get(organization_id)


DIRECTORY = Directory()


@dataclass(frozen=True)
class Entry:
    """A need or a service of a catalogue: its label."""

    label: Text


@dataclass(frozen=True)
class Catalogue:
    """The needs and services catalogues as a rule book gives them (``referrals.catalogue.Catalogue``)."""

    needs: dict[str, Entry]
    services: dict[str, Entry]


HOUSING = Text(th="ซ่อมแซมที่อยู่อาศัย", en="Housing repair")
#: The sample plan's housing repair, need and service alike, labelled; the other codes are not in it.
CATALOGUE = Catalogue(needs={"housing_repair": Entry(HOUSING)}, services={"housing_repair": Entry(HOUSING)})
BANGKOK = timezone(timedelta(hours=7))
