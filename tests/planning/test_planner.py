"""The planner on hand-made rules and a hand-made network: ranking, fallback, deadlines, escalation."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

import pytest

from safetynet.contract.case import Case
from safetynet.contract.facts import Facts
from safetynet.errors import NoStartingPoint, UnknownNeed, UnknownOrganization
from safetynet.network import Router, load_network
from safetynet.places import UnknownPlace
from safetynet.planning.planner import Planner, new_plan_id
from safetynet.rules import Firing, RuleBook, RuleEngine, load_rulebook
from tests.network.records import mou, org, write_network
from tests.shipped import ZONE

NOW = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)  # 09:00 in Thailand

NEEDS = """
needs:
  - {code: housing_repair, label: {th: ซ่อมบ้าน, en: Housing repair}}
  - {code: return_to_school, label: {th: กลับเข้าเรียน, en: Return to school}}
  - {code: scholarship, label: {th: ทุน, en: Scholarship}}
"""
SERVICES = """
services:
  - {code: housing_repair, label: {th: ซ่อมบ้าน, en: Housing repair}, needs: [housing_repair]}
  - {code: welfare_school_placement, label: {th: ราชประชานุเคราะห์, en: Welfare school}, needs: [return_to_school]}
  - {code: school_enrolment, label: {th: เข้าเรียน, en: Enrolment}, needs: [return_to_school]}
  - {code: scholarship, label: {th: ทุน, en: Scholarship}, needs: [scholarship]}
"""
RULES = """
rules:
  - id: plan.home
    title: {th: ซ่อมบ้าน, en: Repair the home}
    reference: test
    from: 2024-01-01
    need: housing_repair
    when: [household.housing_condition == dilapidated]
    then:
      service: housing_repair
      providers: [{kind: local_government, level: district}]
      urgent: true
      timeline:
        - {step: {th: ส่งต่อ, en: Refer}, term: short, days: 1}
        - {step: {th: ซ่อมเสร็จ, en: Repaired}, term: long, days: 90}
  - id: plan.welfare_school
    title: {th: ราชประชานุเคราะห์, en: Welfare school}
    reference: test
    from: 2024-01-01
    priority: 10
    need: return_to_school
    when: [household.guardian == grandparents]
    then:
      service: welfare_school_placement
      providers: [{kind: welfare_school, level: province}]
      timeline: [{step: {th: เลือกโรงเรียน, en: Choose}, term: short, days: 7}]
  - id: plan.back_to_school
    title: {th: กลับเข้าเรียน, en: Back to school}
    reference: test
    from: 2024-01-01
    need: return_to_school
    when: [child.age <= 17]
    then:
      service: school_enrolment
      providers: [{kind: school, level: district}]
      timeline: [{step: {th: สมัครเรียน, en: Enrol}, term: short, days: 14}]
  - id: plan.scholarship
    title: {th: ทุน, en: Scholarship}
    reference: test
    from: 2024-01-01
    need: scholarship
    then:
      service: scholarship
      providers: [{kind: foundation, level: national}]
      timeline: [{step: {th: เสนอชื่อ, en: Nominate}, term: short, days: 14}]
"""


def write_rules(directory: Path) -> Path:
    directory.mkdir()
    (directory / "needs.yaml").write_text(NEEDS, "utf-8")
    (directory / "services.yaml").write_text(SERVICES, "utf-8")
    (directory / "plan.yaml").write_text(RULES, "utf-8")
    return directory


#: A planner on the rules of ``write_rules`` and a network of these organizations and MoUs
BuildPlanner = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Planner]


@pytest.fixture
def planner(tmp_path: Path) -> Iterator[BuildPlanner]:
    book = load_rulebook(write_rules(tmp_path / "rules"))
    engines: list[RuleEngine] = []

    def build(organizations: list[dict[str, Any]], mous: list[dict[str, Any]]) -> Planner:
        folder = write_network(tmp_path / f"net{len(engines)}", organizations, mous)
        network = load_network(folder, book.services, timezone=ZONE)
        engines.append(RuleEngine(book))
        return Planner(engine=engines[-1], network=network, router=Router(network), timezone=ZONE)

    yield build
    for engine in engines:
        engine.close()


BASE = [org("cm", "case_management", district="Ko Kha"), org("core", "core_team")]


def case(**changes: Any) -> Case:
    values: dict[str, Any] = {
        "case_ref": "T-1",
        "child": {
            "age": 12,
            "education_status": "dropped_out",
            "location": {"province": "TH-52", "district": "Ko Kha", "subdistrict": "Lampang Luang"},
        },
        "household": {"housing_condition": "dilapidated", "guardian": "grandparents"},
        "needs": [{"code": "return_to_school"}, {"code": "housing_repair"}],
    }
    values.update(changes)
    return Case.model_validate(values)


def without_district(age: int, status: str, need: str) -> Case:
    """A Lampang child whose case gives no district, with one need."""
    child = {"age": age, "education_status": status, "location": {"province": "TH-52"}}
    return case(child=child, needs=[{"code": need}])


def test_urgent_items_come_first_due_in_24_hours_in_thailand_time(planner: BuildPlanner) -> None:
    made = planner(
        [
            *BASE,
            org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"]),
            org("school", "school", district="Ko Kha", area="district", services=["school_enrolment"]),
        ],
        [mou("m1", ["cm", "lg"], 3), mou("m2", ["cm", "school"], 10)],
    ).plan(case(), now=NOW)
    assert [i.need for i in made.items] == ["housing_repair", "return_to_school"]
    housing = made.items[0]
    assert housing.urgent
    assert housing.refer_by == made.requested_at + timedelta(hours=24)
    assert made.requested_at.utcoffset() == timedelta(hours=7)
    assert [(t.term, t.due.isoformat()) for t in housing.timeline] == [("short", "2026-11-23"), ("long", "2027-02-20")]
    assert housing.meets_deadline


def test_when_the_first_rule_has_no_partner_the_next_rule_with_partners_is_used(planner: BuildPlanner) -> None:
    made = planner(
        [*BASE, org("school", "school", district="Ko Kha", area="district", services=["school_enrolment"])],
        [mou("m1", ["cm", "school"], 10)],
    ).plan(case(needs=[{"code": "return_to_school"}]), now=NOW)
    (item,) = made.items
    assert item.service == "school_enrolment"
    assert [r.id for r in item.rules] == ["plan.welfare_school", "plan.back_to_school"]
    assert [c.organization_id for c in item.candidates] == ["school"]
    assert any("nobody can be reached for welfare_school_placement" in line for line in item.explanation)
    assert made.unmet == []


def test_no_path_names_the_core_team_and_keeps_the_rule_s_timeline(planner: BuildPlanner) -> None:
    made = planner(
        [*BASE, org("fund", "foundation", province="TH-10", area="national", services=["scholarship"])],
        [mou("m1", ["cm", "core"], 2)],
    ).plan(case(needs=[{"code": "scholarship"}]), now=NOW)
    (item,) = made.items
    assert item.candidates == []
    assert item.escalation is not None
    assert item.escalation.organization_id == "core"
    assert [(u.need, u.reason, u.escalate_to) for u in made.unmet] == [("scholarship", "no_path", "core")]
    assert item.timeline


def test_an_urgent_need_whose_best_path_takes_over_24_hours_says_so(planner: BuildPlanner) -> None:
    made = planner(
        [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"])],
        [mou("m1", ["cm", "core"], 20), mou("m2", ["core", "lg"], 16)],
    ).plan(case(needs=[{"code": "housing_repair"}]), now=NOW)
    (item,) = made.items
    assert item.candidates[0].path == ["cm", "core", "lg"]
    assert item.candidates[0].path_hours == 36
    assert not item.meets_deadline
    assert any("more than 24 h" in line for line in item.explanation)
    assert item.escalation is not None
    assert item.escalation.organization_id == "core"
    assert any(line.startswith("escalate to core") for line in item.explanation)
    assert made.unmet == []  # it has a candidate: late, not unmet


def test_a_need_no_rule_answers_is_unmet_no_rule(planner: BuildPlanner) -> None:
    made = planner(BASE, []).plan(
        case(household={"housing_condition": "good"}, needs=[{"code": "housing_repair"}]), now=NOW
    )
    assert made.items == []
    assert [(u.need, u.reason) for u in made.unmet] == [("housing_repair", "no_rule")]


def test_unknown_needs_organizations_and_provinces_without_cm_unit_are_refused(planner: BuildPlanner) -> None:
    made = planner(BASE, [])
    with pytest.raises(UnknownNeed) as unknown:
        made.plan(case(needs=[{"code": "housing"}]), now=NOW)
    assert unknown.value.known == ["housing_repair", "return_to_school", "scholarship"]
    with pytest.raises(UnknownOrganization):
        made.plan(case(requested_by="nobody"), now=NOW)
    with pytest.raises(NoStartingPoint):
        made.plan(case(child={"age": 9, "education_status": "in_school", "location": {"province": "TH-65"}}), now=NOW)


class _ReloadedMeanwhile:
    """An engine whose rules are reloaded just after the planner first reads ``book``."""

    def __init__(self, engine: RuleEngine, stale: RuleBook) -> None:
        self.engine, self.stale, self.reads = engine, stale, 0

    @property
    def book(self) -> RuleBook:
        self.reads += 1
        return self.stale if self.reads == 1 else self.engine.book

    def evaluate_with_book(self, needs: Sequence[Facts], on: date) -> tuple[RuleBook, list[Firing]]:
        return self.engine.evaluate_with_book(needs, on)


def test_a_reload_between_reading_the_rules_and_judging_the_case_makes_the_plan_from_the_new_rules(
    planner: BuildPlanner, tmp_path: Path
) -> None:
    made = planner(
        [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"])],
        [mou("m1", ["cm", "lg"], 3)],
    )
    stale = made.engine.book
    changed = tmp_path / "changed"
    write_rules(changed)
    text = (changed / "plan.yaml").read_text("utf-8").replace("Repair the home", "Repair the home now")
    (changed / "plan.yaml").write_text(text, "utf-8")
    made.engine.reload(load_rulebook(changed))
    # the stand-in has the two members of RuleEngine the planner uses (Planner.engine is typed as the class)
    meanwhile = cast(RuleEngine, _ReloadedMeanwhile(made.engine, stale))
    racing = Planner(engine=meanwhile, network=made.network, router=made.router, timezone=made.timezone)
    plan = racing.plan(case(needs=[{"code": "housing_repair"}]), now=NOW)
    assert plan.rules_version == made.engine.version != stale.version
    assert plan.items[0].rules[0].title.en == "Repair the home now"


def test_after_a_reload_the_same_planner_plans_with_the_new_rules(planner: BuildPlanner, tmp_path: Path) -> None:
    made = planner(
        [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"])],
        [mou("m1", ["cm", "lg"], 3)],
    )
    before = made.plan(case(needs=[{"code": "housing_repair"}]), now=NOW).items[0]
    assert before.rules[0].title.en == "Repair the home"
    assert [t.label.en for t in before.timeline] == ["Refer", "Repaired"]
    changed = tmp_path / "changed"
    write_rules(changed)
    text = (changed / "plan.yaml").read_text("utf-8").replace("Repair the home", "Repair the home now")
    text = text.replace("en: Refer}, term: short, days: 1", "en: Visit}, term: short, days: 120")
    (changed / "plan.yaml").write_text(text, "utf-8")
    made.engine.reload(load_rulebook(changed))
    after = made.plan(case(needs=[{"code": "housing_repair", "urgent": False}]), now=NOW)
    item = after.items[0]
    assert item.rules[0].title.en == "Repair the home now"
    due = [(t.label.en, t.due.isoformat()) for t in item.timeline]
    assert due == [("Repaired", "2027-02-20"), ("Visit", "2027-03-22")]  # by days
    assert item.refer_by == after.requested_at + timedelta(days=120)  # not urgent: by its first short step
    assert "Repair the home now" in item.explanation[0]


def test_plan_ids_keep_their_shape_are_unique_and_grow_with_time() -> None:
    first = [new_plan_id() for _ in range(2000)]
    time.sleep(0.002)
    later = new_plan_id()
    assert all(re.fullmatch(r"pln_[0-9a-f]{20}", plan_id) for plan_id in [*first, later])
    assert len(set(first)) == len(first)
    assert later > max(first), "an id made a moment later sorts after every earlier one"
    made_at = int(later[4:15], 16) / 1000
    assert abs(made_at - time.time()) < 5, "the first 11 digits are the time in milliseconds"


def test_the_plan_echoes_the_place_in_canonical_form_and_routes_by_its_codes(planner: BuildPlanner) -> None:
    made = planner(
        [*BASE, org("lg", "local_government", district="5203", area="district", services=["housing_repair"])],
        [mou("m1", ["cm", "lg"], 3)],
    ).plan(
        case(
            child={
                "age": 12,
                "education_status": "in_school",
                "location": {"province": "ลำปาง", "district": "อ.เกาะคา"},
            },
            needs=[{"code": "housing_repair"}],
        ),
        now=NOW,
    )
    assert made.location.model_dump() == {
        "province": {"code": "TH-52", "th": "ลำปาง", "en": "Lampang"},
        "district": {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"},
        "subdistrict": None,
    }
    assert [c.organization_id for c in made.items[0].candidates] == ["lg"]


def test_a_place_that_names_nothing_is_refused_naming_the_case_s_field(planner: BuildPlanner) -> None:
    made = planner(BASE, [])
    with pytest.raises(UnknownPlace) as refused:
        made.plan(
            case(
                child={
                    "age": 9,
                    "education_status": "in_school",
                    "location": {"province": "TH-52", "district": "Ko Ka"},
                }
            ),
            now=NOW,
        )
    assert refused.value.field == "child.location.district"
    assert [p.code for p in refused.value.closest][:1] == ["5203"]
    assert refused.value.details()[0]["closest"][0] == {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"}


def test_each_candidate_names_the_mou_of_each_hop_and_whether_it_is_illustrative(planner: BuildPlanner) -> None:
    demo = mou("m2", ["core", "lg"], 3) | {"illustrative": True}
    made = planner(
        [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"])],
        [mou("m1", ["cm", "core"], 2), demo],
    ).plan(case(needs=[{"code": "housing_repair"}]), now=NOW)
    (candidate,) = made.items[0].candidates
    assert [(m.id, m.illustrative) for m in candidate.mous] == [("m1", False), ("m2", True)]


def test_with_no_candidate_the_deadline_is_unknown_and_the_unmet_need_says_who_acts_and_why(
    planner: BuildPlanner,
) -> None:
    full = {"code": "housing_repair", "capacity": 0}
    made = planner(
        [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=[full])],
        [mou("m1", ["cm", "lg"], 3)],
    ).plan(case(needs=[{"code": "housing_repair"}]), now=NOW)
    (item,) = made.items
    assert (item.candidates, item.meets_deadline) == ([], None)
    (unmet,) = made.unmet
    assert (unmet.reason, unmet.escalate_to) == ("no_partner", "core")
    assert "1. lg (Organization lg): has capacity 0 (not taking referrals now)" in unmet.detail
    assert (
        "searched for housing_repair in TH-52: local_government (district; province-wide as a fallback)" in unmet.detail
    )
    assert "Next: core (Organization core) acts: ask whether one can take this child now" in unmet.detail
    assert any("escalate to core (Organization core), the provincial core team" in line for line in item.explanation)


def test_without_a_core_team_in_the_child_s_province_the_requester_s_then_the_requester_acts(
    planner: BuildPlanner,
) -> None:
    no_rule = case(requested_by="cm", household={"housing_condition": "good"}, needs=[{"code": "housing_repair"}])
    elsewhere = [org("cm", "case_management", province="TH-65"), org("core", "core_team", province="TH-65")]
    made = planner(elsewhere, []).plan(no_rule, now=NOW)  # a Lampang child, a Phitsanulok CM: no Lampang core team
    assert [(u.reason, u.escalate_to) for u in made.unmet] == [("no_rule", "core")]
    assert "no rule in force answers housing_repair for this child. Next: core" in made.unmet[0].detail
    alone = planner([org("cm", "case_management", province="TH-65")], []).plan(no_rule, now=NOW)
    assert [(u.reason, u.escalate_to) for u in alone.unmet] == [("no_rule", "cm")]


def test_a_case_without_a_district_gets_the_province_wide_providers_and_says_so(planner: BuildPlanner) -> None:
    made = planner(
        [
            *BASE,
            org("near", "local_government", district="Ko Kha", area="district", services=["housing_repair"]),
            org("wide", "local_government", area="province", services=["housing_repair"]),
        ],
        [mou("m1", ["cm", "near", "wide"], 3)],
    ).plan(without_district(9, "in_school", "housing_repair"), now=NOW)
    (item,) = made.items
    assert [c.organization_id for c in item.candidates] == ["wide"]
    assert any(line.startswith("the case gives no district") for line in item.explanation)


def test_when_no_rule_of_a_need_finds_anyone_every_rule_s_search_and_near_misses_are_told(
    planner: BuildPlanner,
) -> None:
    # plan.welfare_school (first by priority) finds no welfare school at all; plan.back_to_school would have the
    # Ko Kha school, had the case given the district: the CM must be told that, not only the first rule's search.
    made = planner(
        [*BASE, org("school", "school", district="Ko Kha", area="district", services=["school_enrolment"])],
        [mou("m1", ["cm", "school"], 10)],
    ).plan(without_district(12, "dropped_out", "return_to_school"), now=NOW)
    (item,) = made.items
    (unmet,) = made.unmet
    assert (item.service, unmet.reason) == ("welfare_school_placement", "no_partner")
    told = "plan.back_to_school: searched for school_enrolment in TH-52: school (district; province-wide as a fallback)"
    assert told in item.explanation
    miss = "1. school (Organization school): serves only district Ko Kha (5203) (the case gives no district)"
    assert any(line.startswith("plan.back_to_school: no provider") and miss in line for line in item.explanation)
    assert f"{told} (nearest: {miss})" in unmet.detail
    assert "give the child's district (and subdistrict) if known, and plan again" in unmet.detail


def test_province_wide_providers_are_said_to_rank_after_those_within_the_level_only_when_there_are_some(
    planner: BuildPlanner,
) -> None:
    """Yala's schools are filed province-wide: a dropout in Kabang gets them all as fallbacks, and the explanation
    must not say they rank after providers within the district, for there are none."""
    school = ["school_enrolment"]
    alone = planner(
        [*BASE, org("wide", "school", area="province", services=school)], [mou("m1", ["cm", "wide"], 3)]
    ).plan(case(needs=[{"code": "return_to_school"}], household={}), now=NOW)
    (line,) = [line for line in alone.items[0].explanation if "the whole province" in line]
    assert line.endswith("none within that level can take this child, so the province-wide ones are offered")
    (th,) = [line for line in alone.items[0].explanation_th or [] if "ทั้งจังหวัด" in line]
    assert th.endswith("ไม่มีหน่วยงานในระดับนั้นที่รับเด็กคนนี้ได้ จึงเสนอหน่วยงานที่ให้บริการทั้งจังหวัดแทน")
    both = planner(
        [*BASE, org("wide", "school", area="province", services=school),
         org("near", "school", district="Ko Kha", area="district", services=school)],
        [mou("m1", ["cm", "wide", "near"], 3)],
    ).plan(case(needs=[{"code": "return_to_school"}], household={}), now=NOW)  # fmt: skip
    assert [c.organization_id for c in both.items[0].candidates] == ["near", "wide"]
    (line,) = [line for line in both.items[0].explanation if "the whole province" in line]
    assert line.endswith("ranked after the providers within it")
