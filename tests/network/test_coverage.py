"""Coverage of a province: service × every district of the gazetteer, counting what routing would give."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from safetynet.contract.vocabulary import Text
from safetynet.network import Network, Router, coverage
from safetynet.network.coverage import Asked
from safetynet.places import districts
from tests.network.records import AT, KO_KHA, MAE_MO, mou, org, request

Build = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Network]
MUEANG_LAMPANG = "5201"


def province(extra_mous: Sequence[dict[str, Any]] = ()) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    orgs = [
        org("cm", "case_management"),
        org("core", "core_team"),
        org("kokha", "local_government", district="Ko Kha", subdistrict="Lampang Luang", area="subdistrict",
            services=["housing_repair"]),
        org("maemo", "local_government", district="Mae Mo", area="district", services=["housing_repair"]),
        org("sdo", "social_development_office", district="Mueang Lampang", services=["child_protection"]),
        org("full", "school", district="Mueang Lampang", services=[{"code": "school_enrolment", "capacity": 0}]),
        org("fund", "funder", province="TH-10", area="national", services=["scholarship"]),
    ]  # fmt: skip
    mous = [
        mou("m1", ["cm", "core"], 2),
        mou("m2", ["core", "kokha", "sdo", "full", "fund"], 4),
        mou("m3", ["core", "maemo"], 4, ["child_protection"]),  # does not cover housing_repair
        *extra_mous,
    ]
    return orgs, mous


SERVICES = ("housing_repair", "child_protection", "school_enrolment", "scholarship")


def test_every_district_of_the_province_is_a_row_from_the_gazetteer(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT, SERVICES)
    assert [d.code for d in table.districts] == [d.code for d in districts("TH-52")]
    assert len(table.districts) == 13
    assert table.districts[2].en == "Ko Kha"


def test_cells_count_reachable_partners_and_holes_are_named(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT, SERVICES)
    every = [d.code for d in table.districts]
    assert [table.count("housing_repair", d) for d in every] == [0] * 13
    assert table.partial["housing_repair", KO_KHA] == ("kokha",)  # serves Lampang Luang only
    assert [table.count("child_protection", d) for d in every] == [1] * 13  # province-wide
    assert [table.count("school_enrolment", d) for d in every] == [0] * 13  # capacity 0
    assert [table.count("scholarship", d) for d in every] == [1] * 13  # national
    assert len(table.holes) == 26
    assert ("housing_repair", MAE_MO) in table.holes


def test_an_mou_covering_the_service_fills_the_hole(build: Build) -> None:
    table = coverage(build(*province([mou("m4", ["cm", "maemo"], 3, ["housing_repair"])])), "TH-52", AT, SERVICES)
    assert table.count("housing_repair", MAE_MO) == 1
    assert table.count("housing_repair", KO_KHA) == 0  # maemo serves its own district only
    assert ("housing_repair", MAE_MO) not in table.holes


def test_a_cell_counts_exactly_the_candidates_a_plan_gives_a_child_of_that_district(build: Build) -> None:
    network = build(*province([mou("m4", ["cm", "maemo"], 3, ["housing_repair"])]))
    table = coverage(network, "TH-52", AT, SERVICES)
    router = Router(network)
    for service in SERVICES:
        for district in table.districts:
            routed = router.route(request(service, district=district.code, subdistrict=None, limit=100))
            assert sorted(c.organization.id for c in routed.candidates) == list(table.partners[service, district.code])


def test_text_and_dict_forms(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT, SERVICES)
    text = table.to_text()
    lines = text.splitlines()
    assert lines[0].startswith("ความครอบคลุม / Coverage of TH-52 ลำปาง Lampang on 2026-11-22: partners reached from cm")
    assert lines[1:6] == [
        "บริการ / services:", "  1 housing_repair", "  2 child_protection", "  3 school_enrolment", "  4 scholarship"
    ]
    assert lines[6].split() == ["district", "1", "2", "3", "4"]
    assert lines[9].split() == ["5203", "เกาะคา", "Ko", "Kha", "0+1", "1", "0", "1"]
    assert "ช่องว่าง / 26 hole(s):" in text
    assert "  housing_repair in Ko Kha (เกาะคา, 5203) (only one subdistrict: kokha)\n" in text
    assert "  housing_repair in Soem Ngam (เสริมงาม, 5204)\n" in text
    data = table.as_dict()
    assert data["districts"][2] == {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"}
    assert data["rows"][0]["cells"][2] == {
        "district": "Ko Kha",
        "district_code": "5203",
        "partners": 0,
        "organizations": [],
        "subdistrict_only": ["kokha"],
    }
    assert {"service": "housing_repair", "district": MAE_MO} in data["holes"]


def test_the_text_names_services_and_districts_in_thai_and_english_in_aligned_columns(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT, SERVICES)
    labels = {"housing_repair": Text(th="ซ่อมแซมที่อยู่อาศัย", en="Housing repair")}
    lines = table.to_text(labels).splitlines()
    assert lines[2] == "  1 housing_repair: ซ่อมแซมที่อยู่อาศัย / Housing repair"
    assert lines[3] == "  2 child_protection"  # a code the labels do not name is shown as it is
    assert "  housing_repair (ซ่อมแซมที่อยู่อาศัย / Housing repair) in Soem Ngam (เสริมงาม, 5204)" in lines
    rows = lines[6:20]  # the heading and 13 districts; เมืองลำปาง has a mark above a letter (ื), which takes no column
    assert len({columns(row) for row in rows}) == 1


def columns(text: str) -> int:
    return sum(unicodedata.category(char) != "Mn" for char in text)


def test_the_default_services_are_the_network_catalogue(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT)
    assert len(table.services) == 13
    assert table.count("child_protection", MUEANG_LAMPANG) == 1


def test_a_cell_counts_only_the_kinds_and_levels_the_rules_ask_for(build: Build) -> None:
    """``asked``: what the rules in force suggesting each service ask for, together. A kind no rule asks for is a
    hole where the partner would otherwise count; a national body counts only where a rule lets national bodies in;
    () lets any kind in; a service no rule suggests counts nobody."""
    network = build(*province())
    asked: Asked = {
        "child_protection": (("child_shelter", "province"),),  # only a social development office gives it
        "scholarship": (("funder", "province"),),  # the funder is national: not let in
        "housing_repair": (),
    }
    table = coverage(network, "TH-52", AT, SERVICES, asked=asked)
    every = [d.code for d in table.districts]
    assert [table.count("child_protection", d) for d in every] == [0] * 13
    assert [table.count("scholarship", d) for d in every] == [0] * 13
    assert table.partial["housing_repair", KO_KHA] == ("kokha",)  # () : any kind, as without rules
    assert [table.count("school_enrolment", d) for d in every] == [0] * 13
    assert table.kinds == {
        "child_protection": ("child_shelter",), "scholarship": ("funder",), "housing_repair": None,
        "school_enrolment": (),
    }  # fmt: skip
    national_funders: Asked = {"scholarship": (("funder", "national"),)}
    national = coverage(network, "TH-52", AT, ("scholarship",), asked=national_funders)
    assert [national.count("scholarship", d) for d in every] == [1] * 13
    office: Asked = {"child_protection": (("child_shelter", "province"), ("social_development_office", "province"))}
    assert coverage(network, "TH-52", AT, ("child_protection",), asked=office).holes == []
    router = Router(network)
    for service, providers in asked.items():  # each cell: the candidates of a plan whose rule asks for these providers
        for district in table.districts:
            routed = router.route(request(service, providers=providers, district=district.code, subdistrict=None))
            assert sorted(c.organization.id for c in routed.candidates) == list(table.partners[service, district.code])


def test_the_partners_of_one_subdistrict_are_those_of_the_kinds_asked_too(build: Build) -> None:
    asked: Asked = {"housing_repair": (("school", "district"),)}  # kokha, of Lampang Luang only, is a local government
    table = coverage(build(*province()), "TH-52", AT, ("housing_repair",), asked=asked)
    assert table.partial["housing_repair", KO_KHA] == ()
    assert "  housing_repair in Ko Kha (เกาะคา, 5203)\n" in table.to_text() + "\n"  # no "(only one subdistrict: ...)"
