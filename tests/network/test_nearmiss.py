"""When nobody can take a child: the nearest providers of the kinds searched, and every reason each is left out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safetynet.network import Network, Router
from tests.network.records import LAMPANG_LUANG, MAE_MO, mou, org, request

Build = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Network]
BASE = [org("cm", "case_management"), org("core", "core_team")]


def misses(result: Any) -> list[tuple[str, tuple[str, ...]]]:
    return [(m.organization.id, m.reasons) for m in result.near_misses]


def test_each_reason_is_told_nearest_first(build: Build) -> None:
    orgs = [
        *BASE,
        org("too-old", "school", district="Ko Kha", area="district",
            services=[{"code": "school_enrolment", "eligibility": {"max_age": 11}}]),
        org("full", "school", services=[{"code": "school_enrolment", "capacity": 0}]),
        org("elsewhere", "school", district="Mae Mo", area="district", services=["school_enrolment"]),
        org("far", "school", province="TH-10", area="national", services=["school_enrolment"]),
        org("office", "education_office", services=["school_enrolment"]),
    ]  # fmt: skip
    router = Router(build(orgs, [mou("m1", ["cm", *(o["id"] for o in orgs[2:])], 4)]))
    result = router.route(request("school_enrolment", providers=[("school", "district")], age=14))
    assert result.reason == "no_partner"
    # the Ko Kha school first (the child's district), then the province's, then the national body; the
    # education office is not a kind this rule asks for
    assert misses(result) == [("too-old", ("age",)), ("elsewhere", ("outside_area",)), ("full", ("capacity",))]
    assert str(result.near_misses[0]) == "too-old (Organization too-old): takes ages up to 11 (the child is 14)"
    assert result.near_misses[1].detail.en == "serves only district Mae Mo (5202) (not the child's district)"
    # each reason in Thai too, the district by the gazetteer's Thai name, the provider by its own
    assert [m.said().th for m in result.near_misses] == [
        "หน่วยงาน too-old: รับเด็กอายุไม่เกิน 11 ปี (เด็กอายุ 14 ปี)",
        "หน่วยงาน elsewhere: ให้บริการเฉพาะอำเภอแม่เมาะ (5202) (ไม่ใช่อำเภอที่เด็กอยู่)",
        "หน่วยงาน full: ยังรับเด็กเพิ่มไม่ได้ในขณะนี้ (จำนวนที่รับได้เป็น 0)",
    ]
    wider = router.route(request("school_enrolment", providers=[("school", "district")], age=14, district=MAE_MO))
    assert wider.candidates[0].organization.id == "elsewhere"


def test_a_national_body_the_rule_does_not_let_in_and_every_reason_at_once(build: Build) -> None:
    orgs = [
        *BASE,
        org("far", "foundation", province="TH-10", area="national",
            services=[{"code": "scholarship", "eligibility": {"min_age": 15}}]),
    ]  # fmt: skip
    result = Router(build(orgs, [mou("m1", ["cm", "far"], 4)])).route(
        request("scholarship", providers=[("foundation", "province")], age=12)
    )
    (miss,) = result.near_misses
    assert miss.reasons == ("level", "age")
    assert miss.detail == (
        "ให้บริการระดับประเทศ (กฎนี้ต้องการมูลนิธิ/องค์กรการกุศลในจังหวัดของเด็ก) และ รับเด็กอายุตั้งแต่ 15 ปี (เด็กอายุ 12 ปี)",
        "serves the whole country (this rule asks for a foundation within the child's province) "
        "and takes ages 15 and over (the child is 12)",
    )


def test_no_path_names_the_providers_that_qualify_but_cannot_be_reached(build: Build) -> None:
    orgs = [*BASE, org("shelter", "child_shelter", services=["child_protection"])]
    result = Router(build(orgs, [mou("m1", ["cm", "core"], 2)])).route(request("child_protection"))
    assert result.reason == "no_path"
    assert misses(result) == [("shelter", ("no_path",))]
    assert result.near_misses[0].detail == (
        "เข้าเกณฑ์ แต่ยังไม่มีข้อตกลง (MOU) ที่มีผลอยู่และครอบคลุมบริการนี้ ส่งต่อจากหน่วยงานที่เริ่มส่งต่อไปถึงได้",
        "qualifies but no MOU in force covering child_protection leads to it from cm",
    )


def test_near_misses_are_only_computed_when_nobody_can_take_the_child(build: Build) -> None:
    orgs = [*BASE, org("sdo", "social_development_office", services=["housing_repair"])]
    result = Router(build(orgs, [mou("m1", ["cm", "sdo"], 2)])).route(request())
    assert result.candidates
    assert result.near_misses == ()


def test_an_age_range_is_said_with_both_its_limits_in_thai_and_english(build: Build) -> None:
    orgs = [
        *BASE,
        org("teens", "school", district="Ko Kha", area="district",
            services=[{"code": "school_enrolment", "eligibility": {"min_age": 6, "max_age": 15}}]),
    ]  # fmt: skip
    router = Router(build(orgs, [mou("m1", ["cm", "teens"], 4)]))
    result = router.route(request("school_enrolment", providers=[("school", "district")], age=17))
    assert misses(result) == [("teens", ("age",))]
    assert result.near_misses[0].detail == ("รับเด็กอายุ 6–15 ปี (เด็กอายุ 17 ปี)", "takes ages 6-15 (the child is 17)")


def test_a_subdistrict_of_another_district_is_said_to_be_outside_the_childs_district(build: Build) -> None:
    """A case that gives only the district (or a subdistrict of it): a partner serving one subdistrict of another
    district is not in the child's district, which is what the CM can check; the child's subdistrict is not known."""
    orgs = [*BASE, org("tambon", "school", district="Mae Mo", subdistrict="Ban Dong", area="subdistrict",
                       services=["school_enrolment"])]  # fmt: skip
    router = Router(build(orgs, [mou("m1", ["cm", "tambon"], 4)]))
    wanted = [("school", "subdistrict")]
    for subdistrict in (None, LAMPANG_LUANG):
        result = router.route(request("school_enrolment", providers=wanted, subdistrict=subdistrict))
        assert misses(result) == [("tambon", ("outside_area",))]
        assert result.near_misses[0].detail.en.endswith("of Mae Mo (5202) (not the child's district)")
        assert result.near_misses[0].detail.th.endswith("อำเภอแม่เมาะ (5202) (ไม่ใช่อำเภอที่เด็กอยู่)")


def test_in_bangkok_the_reason_says_khet_as_the_area_does(build: Build) -> None:
    """Bangkok's districts are เขต: the area said เขตบางรัก, the reason beside it อำเภอ."""
    orgs = [org("cm", "case_management", province="TH-10"), org("core", "core_team", province="TH-10"),
            org("bangrak", "school", province="TH-10", district="Bang Rak", area="district",
                services=["school_enrolment"])]  # fmt: skip
    router = Router(build(orgs, [mou("m1", ["cm", "bangrak"], 4)]))
    wanted = [("school", "district")]
    elsewhere = router.route(request("school_enrolment", providers=wanted, province="TH-10", district="1007",
                                     subdistrict=None))  # fmt: skip
    assert misses(elsewhere) == [("bangrak", ("outside_area",))]
    assert elsewhere.near_misses[0].detail.th == "ให้บริการเฉพาะเขตบางรัก (1004) (ไม่ใช่เขตที่เด็กอยู่)"
    unknown = router.route(request("school_enrolment", providers=wanted, province="TH-10", district=None,
                                   subdistrict=None))  # fmt: skip
    assert unknown.near_misses[0].detail.th.endswith("(กรณีนี้ไม่ได้ระบุเขต)")
