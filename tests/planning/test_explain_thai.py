"""A plan's explanations in Thai as well as English: every line of ``explanation`` has its Thai in ``explanation_th``
(line for line), every unmet need's ``detail`` its ``detail_th``; the Thai names services by the catalogue, kinds
by kinds.toml, places by the gazetteer and organizations by their Thai names."""

from __future__ import annotations

from typing import Any

from safetynet.contract.case import Case
from safetynet.contract.plan import Plan
from tests.network.records import mou, org
from tests.planning.test_planner import BASE, NOW, BuildPlanner, case, without_district


def _planned(planner: BuildPlanner, network: tuple[list[Any], list[Any]], made_for: Case) -> Plan:
    """The plan of ``made_for`` on ``network`` (organizations, MOUs), each of its lines said in Thai too."""
    made = planner(*network).plan(made_for, now=NOW)
    _paired(made)
    return made


def _thai(made: Plan) -> list[str]:
    lines = made.items[0].explanation_th
    assert lines is not None
    return lines


def _paired(made: Plan) -> None:
    for item in made.items:
        assert item.explanation_th is not None
        assert len(item.explanation_th) == len(item.explanation), item.need
    for unmet in made.unmet:
        assert unmet.detail_th


def test_the_conditions_that_held_and_how_candidates_were_chosen(planner: BuildPlanner) -> None:
    made = _planned(
        planner,
        (
            [
                *BASE,
                org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"]),
                org("wide", "local_government", area="province", services=["housing_repair"]),
            ],
            [mou("m1", ["cm", "lg", "wide"], 3)],
        ),
        case(needs=[{"code": "housing_repair"}]),
    )
    (item,) = made.items
    assert item.explanation[0] == "plan.home (Repair the home): household.housing_condition is dilapidated"
    assert item.explanation_th == [
        "plan.home (ซ่อมบ้าน): สภาพที่อยู่อาศัย: ทรุดโทรม",
        "เรียงหน่วยงานที่เสนอตามความใกล้ของพื้นที่บริการ แล้วตามเวลาที่ใช้ส่งต่อ แล้วตามจำนวนทอด",
        "หน่วยงาน wide ให้บริการทั้งจังหวัด กว้างกว่าระดับที่กฎกำหนดสำหรับหน่วยงานประเภทนี้ จึงเรียงไว้หลังหน่วยงานที่อยู่ในระดับนั้น",
    ]


def test_a_baseline_rule_and_the_rule_used_instead(planner: BuildPlanner) -> None:
    made = _planned(
        planner,
        (
            [*BASE, org("fund", "foundation", province="TH-10", area="national", services=["scholarship"])],
            [mou("m1", ["cm", "fund"], 2)],
        ),
        case(needs=[{"code": "scholarship"}]),
    )
    thai = _thai(made)
    assert thai[0] == "plan.scholarship (ทุน): ไม่มีเงื่อนไข: ใช้กับเด็กทุกคนที่ CM ประเมินว่ามีความต้องการนี้"
    school = _planned(
        planner,
        (
            [*BASE, org("school", "school", district="Ko Kha", area="district", services=["school_enrolment"])],
            [mou("m1", ["cm", "school"], 10)],
        ),
        case(needs=[{"code": "return_to_school"}]),
    )
    assert (
        "ไม่มีหน่วยงานที่ส่งต่อถึงได้สำหรับบริการราชประชานุเคราะห์ (plan.welfare_school: ไม่มีหน่วยงานที่รับได้) "
        "แผนจึงใช้บริการเข้าเรียนตามกฎ plan.back_to_school แทน"
    ) in _thai(school)


def test_no_partner_with_near_misses_by_reason_and_who_acts_next(planner: BuildPlanner) -> None:
    full = {"code": "housing_repair", "capacity": 0}
    made = _planned(
        planner,
        (
            [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=[full])],
            [mou("m1", ["cm", "lg"], 3)],
        ),
        case(needs=[{"code": "housing_repair"}]),
    )
    thai = _thai(made)
    assert thai[1:] == [
        "ค้นหาหน่วยงานที่ให้บริการซ่อมบ้าน ในจังหวัดลำปาง: องค์กรปกครองส่วนท้องถิ่น (เทศบาล/อบต.) "
        "(ระดับอำเภอ ถ้าไม่มีจึงใช้หน่วยงานที่ให้บริการทั้งจังหวัด)",
        "ไม่มีหน่วยงานประเภทเหล่านี้ที่รับเด็กคนนี้ในพื้นที่นี้ได้ หน่วยงานที่ใกล้ที่สุด: 1. หน่วยงาน lg: ยังรับเด็กเพิ่มไม่ได้ในขณะนี้ (จำนวนที่รับได้เป็น 0)",
        "ส่งเรื่องต่อให้หน่วยงาน core",
    ]
    (unmet,) = made.unmet
    assert unmet.detail_th == (
        "ไม่มีหน่วยงานภาคีที่รับเด็กคนนี้ได้สำหรับบริการซ่อมบ้าน "
        "(หน่วยงานที่ใกล้ที่สุด: 1. หน่วยงาน lg: ยังรับเด็กเพิ่มไม่ได้ในขณะนี้ (จำนวนที่รับได้เป็น 0)) "
        "ค้นหาหน่วยงานที่ให้บริการซ่อมบ้าน ในจังหวัดลำปาง: องค์กรปกครองส่วนท้องถิ่น (เทศบาล/อบต.) "
        "(ระดับอำเภอ ถ้าไม่มีจึงใช้หน่วยงานที่ให้บริการทั้งจังหวัด) "
        "ขั้นตอนถัดไป: หน่วยงาน core ดำเนินการ: สอบถามว่ามีหน่วยงานใดรับเด็กคนนี้ได้ตอนนี้"
    )


def test_near_misses_for_age_and_area_say_what_to_do_in_thai(planner: BuildPlanner) -> None:
    young = {"code": "housing_repair", "eligibility": {"max_age": 10}}
    made = _planned(
        planner,
        (
            [
                *BASE,
                org("young", "local_government", district="Ko Kha", area="district", services=[young]),
                org("mae-mo", "local_government", district="Mae Mo", area="district", services=["housing_repair"]),
            ],
            [mou("m1", ["cm", "young", "mae-mo"], 3)],
        ),
        case(needs=[{"code": "housing_repair"}]),
    )
    (unmet,) = made.unmet
    assert unmet.detail_th is not None
    assert "1. หน่วยงาน young: รับเด็กอายุไม่เกิน 10 ปี (เด็กอายุ 12 ปี)" in unmet.detail_th
    assert "2. หน่วยงาน mae-mo: ให้บริการเฉพาะอำเภอแม่เมาะ (5202) (ไม่ใช่อำเภอที่เด็กอยู่)" in unmet.detail_th
    assert unmet.detail_th.endswith(
        "ขอยกเว้นเกณฑ์อายุ หรือหาหน่วยงานภาคีที่รับเด็กอายุนี้ และ หาหน่วยงานภาคีที่ให้บริการซ่อมบ้านในจังหวัด แล้วเพิ่มเข้าเครือข่าย (graph/)"
    )


def test_no_path_in_thai(planner: BuildPlanner) -> None:
    made = _planned(
        planner,
        (
            [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"])],
            [mou("m1", ["cm", "core"], 2)],
        ),
        case(needs=[{"code": "housing_repair"}]),
    )
    thai = _thai(made)
    assert thai[2] == (
        "มีหน่วยงานที่เข้าเกณฑ์ แต่ส่งต่อถึงไม่ได้ เพราะยังไม่มีข้อตกลง (MOU) ที่มีผลอยู่และครอบคลุมบริการนี้ หน่วยงานที่ใกล้ที่สุด: "
        "1. หน่วยงาน lg: เข้าเกณฑ์ แต่ยังไม่มีข้อตกลง (MOU) ที่มีผลอยู่และครอบคลุมบริการนี้ ส่งต่อจากหน่วยงานที่เริ่มส่งต่อไปถึงได้"
    )
    (unmet,) = made.unmet
    assert unmet.detail_th is not None
    assert unmet.detail_th.startswith("มีหน่วยงานภาคีที่ให้บริการซ่อมบ้านเข้าเกณฑ์ แต่ส่งต่อถึงไม่ได้ตามข้อตกลง (MOU) ที่มีผลอยู่")
    assert unmet.detail_th.endswith("ส่งต่อด้วยตนเอง และทำข้อตกลง (MOU) ที่ครอบคลุมบริการซ่อมบ้านกับหน่วยงานเหล่านั้นสักแห่ง")


def test_no_district_and_every_rule_s_search_in_thai(planner: BuildPlanner) -> None:
    made = _planned(
        planner,
        (
            [*BASE, org("school", "school", district="Ko Kha", area="district", services=["school_enrolment"])],
            [mou("m1", ["cm", "school"], 10)],
        ),
        without_district(12, "dropped_out", "return_to_school"),
    )
    thai = _thai(made)
    assert (
        "plan.back_to_school: ไม่มีหน่วยงานประเภทเหล่านี้ที่รับเด็กคนนี้ในพื้นที่นี้ได้ หน่วยงานที่ใกล้ที่สุด: "
        "1. หน่วยงาน school: ให้บริการเฉพาะอำเภอเกาะคา (5203) (กรณีนี้ไม่ได้ระบุอำเภอ)"
    ) in thai
    assert (
        "กรณีนี้ไม่ได้ระบุอำเภอ จึงเสนอเฉพาะหน่วยงานที่ให้บริการทั้งจังหวัด (หรือทั้งประเทศ) ระบุอำเภอของเด็กเพื่อให้ได้หน่วยงานที่ใกล้กว่า"
    ) in thai
    (unmet,) = made.unmet
    assert unmet.detail_th is not None
    assert "ระบุอำเภอ (และตำบล) ของเด็กถ้าทราบ แล้วขอแผนใหม่" in unmet.detail_th


def test_an_urgent_need_over_its_deadline_escalates_in_thai(planner: BuildPlanner) -> None:
    made = _planned(
        planner,
        (
            [*BASE, org("lg", "local_government", district="Ko Kha", area="district", services=["housing_repair"])],
            [mou("m1", ["cm", "core"], 20), mou("m2", ["core", "lg"], 16)],
        ),
        case(needs=[{"code": "housing_repair"}]),
    )
    assert _thai(made)[-2:] == [
        "เร่งด่วน แต่เส้นทางส่งต่อที่เร็วที่สุดใช้เวลา 36 ชั่วโมง เกิน 24 ชั่วโมง",
        "ส่งเรื่องต่อให้หน่วยงาน core",
    ]


def test_no_rule_and_an_escalation_to_the_organization_that_asked_in_thai(planner: BuildPlanner) -> None:
    no_rule = case(requested_by="cm", household={"housing_condition": "good"}, needs=[{"code": "housing_repair"}])
    alone = planner([org("cm", "case_management", province="TH-65")], []).plan(no_rule, now=NOW)
    (unmet,) = alone.unmet
    assert unmet.detail_th == (
        "ยังไม่มีกฎที่ใช้อยู่รองรับความต้องการซ่อมบ้านของเด็กคนนี้ ขั้นตอนถัดไป: หน่วยงาน cm ตัดสินใจว่าใครจะดำเนินการ "
        "และแจ้งผู้เขียนนโยบายให้เพิ่มกฎที่รองรับ (rules/)"
    )
    fund = {"code": "scholarship"}
    asked = planner(
        [org("cm", "case_management", province="TH-52"), org("fund", "foundation", services=[fund])], []
    ).plan(case(requested_by="cm", needs=[{"code": "scholarship"}]), now=NOW)
    assert _thai(asked)[-1] == ("ส่งเรื่องต่อให้หน่วยงาน cm ซึ่งเป็นหน่วยงานที่ขอแผน (เครือข่ายของจังหวัดนี้ยังไม่มีทีมแกนนำ)")
