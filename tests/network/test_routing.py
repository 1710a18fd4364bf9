"""Routing on small hand-made networks: who qualifies, how candidates are ranked, what is reported."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from safetynet.errors import UnknownOrganization
from safetynet.network import Network, Router, RouteResult
from safetynet.network.model import OfferedService
from tests.network.records import MAE_MO, THA_PHA, mou, org, request

Build = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Network]

KO_KHA = {"district": "Ko Kha"}
LAMPANG_LUANG = {"district": "Ko Kha", "subdistrict": "Lampang Luang"}


def lampang(
    extra_orgs: Sequence[dict[str, Any]] = (), extra_mous: Sequence[dict[str, Any]] = ()
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A CM unit and a core team, and one housing_repair partner at each level of area."""
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("sub", "local_government", area="subdistrict", services=["housing_repair"], **LAMPANG_LUANG),
        org("dist", "local_government", area="district", services=["housing_repair"], **KO_KHA),
        org("prov", "social_development_office", services=["housing_repair", "child_protection"]),
        org("nat", "foundation", province="TH-10", area="national", services=["housing_repair"]),
        *extra_orgs,
    ]
    mous = [
        mou("m-cm-core", ["cm", "core"], 2),
        mou("m-core-sub", ["core", "sub"], 4, ["housing_repair"]),
        mou("m-cm-dist", ["cm", "dist"], 10),
        mou("m-cm-prov", ["cm", "prov"], 3),
        mou("m-cm-nat", ["cm", "nat"], 1),
        *extra_mous,
    ]
    return orgs, mous


def ids(result: RouteResult) -> list[str]:
    return [c.organization.id for c in result.candidates]


def test_candidates_are_ranked_by_area_closeness_before_path_hours(build: Build) -> None:
    result = Router(build(*lampang())).route(request())
    assert ids(result) == ["sub", "dist", "prov", "nat"]
    assert [c.area_closeness for c in result.candidates] == [0, 1, 2, 3]
    assert [c.path_hours for c in result.candidates] == [6, 10, 3, 1]
    first = result.candidates[0]
    assert first.path == ("cm", "core", "sub")
    assert first.hops == 2
    assert first.mous == ("m-cm-core", "m-core-sub")
    assert result.reason is None
    assert result.escalation is None
    assert not result.over_deadline


def test_within_one_level_fewer_hours_wins_then_fewer_hops_then_id(build: Build) -> None:
    orgs, mous = lampang(
        [
            org("prov-b", "hospital", services=["housing_repair"]),
            org("prov-a", "hospital", services=["housing_repair"]),
            org("prov-slow", "hospital", services=["housing_repair"]),
        ],
        [
            mou("m-cm-prov-b", ["cm", "prov-b"], 3),  # 3 h, one hop
            mou("m-cm-prov-a", ["cm", "prov-a"], 3),  # 3 h, one hop: same as prov-b, and prov-a < prov-b
            mou("m-core-prov-slow", ["core", "prov-slow"], 0.5),  # 2.5 h, two hops: fastest of all
        ],
    )
    result = Router(build(orgs, mous)).route(request(district=MAE_MO, subdistrict=None, limit=10))
    province_level = [c for c in result.candidates if c.area_closeness == 2]
    assert [c.organization.id for c in province_level] == ["prov-slow", "prov", "prov-a", "prov-b"]


def test_equal_hours_prefers_the_path_with_fewer_hops(build: Build) -> None:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("clinic", "hospital", services=["medical_care"]),
    ]
    mous = [
        mou("m-cm-core", ["cm", "core"], 2),
        mou("m-core-x", ["core", "clinic"], 2),
        mou("m-cm-x", ["cm", "clinic"], 4),
    ]
    result = Router(build(orgs, mous)).route(request("medical_care"))
    assert result.candidates[0].path == ("cm", "clinic")
    assert result.candidates[0].hops == 1


def test_expired_mous_are_ignored(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] != "m-cm-dist"] + [
        mou("m-cm-dist-old", ["cm", "dist"], 1, signed="2020-01-01", expires="2024-01-01"),
        mou("m-core-dist", ["core", "dist"], 20),
    ]
    result = Router(build(orgs, mous)).route(request())
    dist = next(c for c in result.candidates if c.organization.id == "dist")
    assert dist.path == ("cm", "core", "dist")
    assert dist.path_hours == 22


def test_two_mous_between_the_same_pair_the_fastest_in_force_for_the_service_is_used(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] != "m-cm-dist"] + [
        mou("m-cm-dist-slow", ["cm", "dist"], 30),
        mou("m-cm-dist-fast", ["dist", "cm"], 5, ["housing_repair"]),
        mou("m-cm-dist-faster-gone", ["cm", "dist"], 1, expires="2026-01-01"),
        mou("m-cm-dist-fast-twin", ["cm", "dist"], 5, ["housing_repair", "child_protection"]),
    ]
    router = Router(build(orgs, mous))
    dist = next(c for c in router.route(request()).candidates if c.organization.id == "dist")
    assert (dist.mous, dist.path_hours) == (("m-cm-dist-fast",), 5)  # equal hours: the first in the files
    # before the 1-hour MOU expired, it carried the referral
    earlier = request(at=datetime(2025, 6, 1, tzinfo=UTC))
    dist = next(c for c in router.route(earlier).candidates if c.organization.id == "dist")
    assert (dist.mous, dist.path_hours) == (("m-cm-dist-faster-gone",), 1)


def test_an_mou_expiring_on_the_request_day_is_no_longer_in_force(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] != "m-cm-dist"] + [mou("m-cm-dist", ["cm", "dist"], 1, expires="2026-11-22")]
    result = Router(build(orgs, mous)).route(request())
    assert "dist" in [o.id for o in result.unreachable]


def test_mous_not_yet_signed_are_ignored(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] != "m-cm-nat"] + [mou("m-cm-nat", ["cm", "nat"], 1, signed="2027-01-01")]
    result = Router(build(orgs, mous)).route(request())
    assert "nat" not in ids(result)
    assert [o.id for o in result.unreachable] == ["nat"]


def test_an_mou_that_does_not_cover_the_service_is_not_a_path_for_it(build: Build) -> None:
    orgs, mous = lampang()
    router = Router(build(orgs, mous))
    # m-core-sub covers housing_repair only: for child_protection, sub would need another path
    assert router.route(request()).candidates[0].path == ("cm", "core", "sub")
    orgs, mous = lampang(
        [org("sub-cp", "local_government", area="subdistrict", services=["child_protection"], **LAMPANG_LUANG)],
        [mou("m-core-sub-cp", ["core", "sub-cp"], 1, ["housing_repair"])],
    )
    result = Router(build(orgs, mous)).route(request("child_protection"))
    assert ids(result) == ["prov"]
    assert [o.id for o in result.unreachable] == ["sub-cp"]


def test_no_partner_names_the_core_team_as_escalation(build: Build) -> None:
    network = build(*lampang())
    result = Router(network).route(request("job_placement"))
    assert result.reason == "no_partner"
    assert result.candidates == []
    assert result.escalation is not None
    assert result.escalation.id == "core"


def test_no_path_lists_the_unreachable_partners_and_names_the_core_team(build: Build) -> None:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("shelter", "child_shelter", services=["child_protection"]),
    ]
    mous = [mou("m-cm-core", ["cm", "core"], 2), mou("m-old", ["core", "shelter"], 2, expires="2025-06-01")]
    result = Router(build(orgs, mous)).route(request("child_protection", urgent=True))
    assert result.reason == "no_path"
    assert result.candidates == []
    assert [o.id for o in result.unreachable] == ["shelter"]
    assert result.escalation is not None
    assert result.escalation.id == "core"


def test_an_urgent_need_whose_fastest_path_exceeds_24_hours_is_flagged(build: Build) -> None:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("shelter", "child_shelter", services=["child_protection"]),
    ]
    mous = [mou("m-cm-core", ["cm", "core"], 12), mou("m-core-shelter", ["core", "shelter"], 13)]
    router = Router(build(orgs, mous))
    urgent = router.route(request("child_protection", urgent=True))
    assert urgent.candidates[0].path_hours == 25
    assert urgent.over_deadline
    assert urgent.escalation is not None
    assert urgent.escalation.id == "core"
    assert not router.route(request("child_protection", urgent=False)).over_deadline
    assert router.route(request("child_protection", urgent=False)).escalation is None
    assert not router.route(request("child_protection", urgent=True, deadline_hours=25)).over_deadline


def test_over_deadline_is_not_set_when_any_candidate_makes_it(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] not in ("m-core-sub",)] + [mou("m-core-sub", ["core", "sub"], 40)]
    result = Router(build(orgs, mous)).route(request(urgent=True))
    assert result.candidates[0].organization.id == "sub"
    assert result.candidates[0].path_hours == 42
    assert not result.over_deadline  # dist, prov and nat are within 24 h


@pytest.mark.parametrize(
    ("age", "expected"),
    [(14, []), (15, ["trainer"]), (24, ["trainer"]), (25, [])],
)
def test_age_limits_are_inclusive(build: Build, age: int, expected: list[str]) -> None:
    service = {"code": "vocational_training", "eligibility": {"min_age": 15, "max_age": 24}}
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("trainer", "skill_development", services=[service]),
    ]
    result = Router(build(orgs, [mou("m-all", ["cm", "trainer"], 5)])).route(request("vocational_training", age=age))
    assert ids(result) == expected
    assert result.reason == (None if expected else "no_partner")


def test_capacity_zero_means_not_taking_referrals(build: Build) -> None:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("full", "school", services=[{"code": "school_enrolment", "capacity": 0}]),
        org("open", "school", services=[{"code": "school_enrolment", "capacity": 3}]),
    ]
    mous = [mou("m1", ["cm", "full", "open"], 5)]
    result = Router(build(orgs, mous)).route(request("school_enrolment"))
    assert ids(result) == ["open"]


def test_providers_limit_kinds_and_the_widest_level_they_may_come_from(build: Build) -> None:
    router = Router(build(*lampang()))
    local_only = router.route(request(providers=[("local_government", "subdistrict")]))
    assert ids(local_only) == ["sub", "dist"]  # dist: wider than the level, within the province: a fallback
    assert [c.fallback for c in local_only.candidates] == [False, True]
    local_to_district = router.route(request(providers=[("local_government", "district")]))
    assert ids(local_to_district) == ["sub", "dist"]
    assert not any(c.fallback for c in local_to_district.candidates)
    sdo = router.route(request(providers=[("social_development_office", "province")]))
    assert ids(sdo) == ["prov"]
    foundation_in_province = router.route(request(providers=[("foundation", "province")]))
    assert foundation_in_province.reason == "no_partner"  # a national body: only a national level lets it in
    mixed = router.route(request(providers=[("foundation", "national"), ("local_government", "subdistrict")]))
    assert ids(mixed) == ["sub", "nat", "dist"]  # within level first, then the fallback


def test_a_province_wide_provider_is_a_fallback_ranked_after_those_within_the_level(build: Build) -> None:
    orgs, mous = lampang(
        [
            org("school-ko-kha", "school", area="district", services=["school_enrolment"], district="Ko Kha"),
            org("school-anywhere", "school", services=["school_enrolment"]),  # filed province-wide
            org("office", "education_office", services=["school_enrolment"]),
        ],
        [mou("m-schools", ["cm", "school-ko-kha", "school-anywhere", "office"], 5)],
    )
    router = Router(build(orgs, mous))
    providers = [("school", "district"), ("education_office", "province")]
    result = router.route(request("school_enrolment", providers=providers))
    assert ids(result) == ["school-ko-kha", "office", "school-anywhere"]
    assert [c.fallback for c in result.candidates] == [False, False, True]
    elsewhere = router.route(request("school_enrolment", providers=providers, district=MAE_MO, subdistrict=None))
    assert ids(elsewhere) == ["office", "school-anywhere"]
    only_schools = router.route(request("school_enrolment", providers=[("school", "district")], district=MAE_MO))
    assert ids(only_schools) == ["school-anywhere"]


def test_without_a_district_the_province_wide_providers_are_proposed(build: Build) -> None:
    router = Router(build(*lampang()))
    result = router.route(request(district=None, subdistrict=None, providers=[("local_government", "district")]))
    assert result.reason == "no_partner"  # both local governments serve one place of the province only
    assert [(m.organization.id, m.reason) for m in result.near_misses] == [
        ("sub", "district_not_given"),
        ("dist", "district_not_given"),
    ]
    assert str(result.near_misses[1]) == (
        "dist (Organization dist): serves only district Ko Kha (5203) (the case gives no district)"
    )
    sdo = router.route(request(district=None, subdistrict=None, providers=[("social_development_office", "district")]))
    assert ids(sdo) == ["prov"]


def test_a_partner_covers_only_its_own_area(build: Build) -> None:
    router = Router(build(*lampang()))
    other_subdistrict = router.route(request(subdistrict=THA_PHA))
    assert ids(other_subdistrict) == ["dist", "prov", "nat"]
    other_district = router.route(request(district=MAE_MO, subdistrict=None))
    assert ids(other_district) == ["prov", "nat"]
    unknown_place = router.route(request(district=None, subdistrict=None))
    assert ids(unknown_place) == ["prov", "nat"]
    other_province = router.route(request(province="TH-65", district=None, subdistrict=None))
    assert ids(other_province) == ["nat"]


def test_the_files_places_are_read_in_thai_english_or_as_codes_and_compared_as_codes(build: Build) -> None:
    orgs, mous = lampang()
    orgs[2] |= {"district": "อ.เกาะคา", "subdistrict": "ตำบลลำปางหลวง"}
    orgs[3] |= {"district": "5203"}
    network = build(orgs, mous)
    assert network.area("sub") == ("5203", "520301")
    assert network.area("dist") == ("5203", None)
    assert ids(Router(network).route(request()))[:2] == ["sub", "dist"]
    by_name = Router(network).route(request(district="Ko Kha", subdistrict="Lampang Luang"))
    assert by_name.candidates[0].area_closeness != 0  # a route compares codes: names match no one


def test_limit_keeps_the_best_candidates(build: Build) -> None:
    result = Router(build(*lampang())).route(request(limit=2))
    assert ids(result) == ["sub", "dist"]


def test_over_deadline_weighs_every_reachable_partner_not_only_those_returned(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] not in ("m-core-sub",)] + [mou("m-core-sub", ["core", "sub"], 40)]
    result = Router(build(orgs, mous)).route(request(urgent=True, limit=1))
    assert ids(result) == ["sub"]
    assert result.candidates[0].path_hours == 42
    assert not result.over_deadline  # nat, not returned, is 1 h away


def test_a_route_asked_again_gives_the_same_answer(build: Build) -> None:
    router = Router(build(*lampang()))
    first = router.route(request(limit=10))
    again = router.route(request(limit=10))
    assert again == first
    assert [(c.path, c.mous, c.hops) for c in again.candidates] == [
        (("cm", "core", "sub"), ("m-cm-core", "m-core-sub"), 2),
        (("cm", "dist"), ("m-cm-dist",), 1),
        (("cm", "prov"), ("m-cm-prov",), 1),
        (("cm", "nat"), ("m-cm-nat",), 1),
    ]


def test_requests_and_results_cannot_be_changed(build: Build) -> None:
    asked = request()
    result = Router(build(*lampang())).route(asked)
    # each write is refused by mypy too, as it is meant to be: the ignores are the point of the test
    with pytest.raises(AttributeError):
        asked.age = 3  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.reason = "no_path"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        result.candidates[0].path_hours = 0  # type: ignore[misc]


@pytest.mark.parametrize("eligibility", [None, {"min_age": 6}, {"max_age": 14}, {"min_age": 6, "max_age": 14}])
@pytest.mark.parametrize("capacity", [None, 0, 3])
def test_a_service_takes_the_ages_of_its_eligibility_unless_it_is_full(
    eligibility: dict[str, int] | None, capacity: int | None
) -> None:
    service = OfferedService(code="school_enrolment", eligibility=eligibility, capacity=capacity)
    low, high = (eligibility or {}).get("min_age", -3), (eligibility or {}).get("max_age", 129)
    expected = [] if capacity == 0 else list(range(low, high + 1))
    assert [a for a in range(-3, 130) if a in service.ages] == expected


def test_the_requester_can_be_its_own_candidate(build: Build) -> None:
    result = Router(build(*lampang())).route(
        request(requested_by="prov", providers=[("social_development_office", "province")])
    )
    assert result.candidates[0].path == ("prov",)
    assert result.candidates[0].path_hours == 0
    assert result.candidates[0].hops == 0


def test_an_unknown_requester_is_refused(build: Build) -> None:
    with pytest.raises(UnknownOrganization):
        Router(build(*lampang())).route(request(requested_by="nobody"))


def test_a_multi_party_mou_binds_every_two_of_its_parties_both_ways(build: Build) -> None:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("school-a", "school", services=["school_enrolment"]),
        org("school-b", "school", services=["school_enrolment"]),
    ]
    result = Router(build(orgs, [mou("m-all", ["school-a", "school-b", "cm"], 6)])).route(request("school_enrolment"))
    assert [(c.organization.id, c.path) for c in result.candidates] == [
        ("school-a", ("cm", "school-a")),
        ("school-b", ("cm", "school-b")),
    ]


def test_the_request_day_is_the_day_in_thailand(build: Build) -> None:
    orgs, mous = lampang()
    mous = [m for m in mous if m["id"] != "m-cm-nat"] + [mou("m-cm-nat", ["cm", "nat"], 1, signed="2026-11-23")]
    router = Router(build(orgs, mous))
    # 18:00 UTC on the 22nd is 01:00 on the 23rd in Thailand: the MOU is in force there
    late = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
    assert "nat" in ids(router.route(request(at=late)))
    early = datetime(2026, 11, 23, 6, 0, tzinfo=timezone(timedelta(hours=7))) - timedelta(hours=7)
    assert "nat" not in ids(router.route(request(at=early)))


def test_a_path_may_go_through_a_national_body_but_not_through_a_third_province(build: Build) -> None:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("hub", "funder", province="TH-10", area="national"),
        org("other", "core_team", province="TH-65"),
        org("school", "school", services=["school_enrolment"]),
    ]
    through_national = [mou("m1", ["cm", "hub"], 1), mou("m2", ["hub", "school"], 1)]
    result = Router(build(orgs, through_national)).route(request("school_enrolment"))
    assert result.candidates[0].path == ("cm", "hub", "school")
    through_other_province = [mou("m1", ["cm", "other"], 1), mou("m2", ["other", "school"], 1)]
    result = Router(build(orgs, through_other_province)).route(request("school_enrolment"))
    assert result.reason == "no_path"
