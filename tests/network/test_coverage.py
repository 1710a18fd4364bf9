"""Coverage of a province: service × district, counting partners its CM units reach, holes named."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safetynet.network import Network, coverage
from tests.network.records import AT, mou, org

Build = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Network]


def province(extra_mous: list[dict[str, Any]] = ()) -> tuple[list[Any], list[Any]]:  # type: ignore[assignment]
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


def test_cells_count_reachable_partners_and_holes_are_named(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT, SERVICES)
    assert table.districts == ("Ko Kha", "Mae Mo", "Mueang Lampang")
    assert [table.count("housing_repair", d) for d in table.districts] == [0, 0, 0]
    assert table.partial["housing_repair", "Ko Kha"] == ("kokha",)  # serves Lampang Luang only
    assert [table.count("child_protection", d) for d in table.districts] == [1, 1, 1]
    assert [table.count("school_enrolment", d) for d in table.districts] == [0, 0, 0]  # capacity 0
    assert [table.count("scholarship", d) for d in table.districts] == [1, 1, 1]  # national
    assert table.holes == [
        ("housing_repair", "Ko Kha"),
        ("housing_repair", "Mae Mo"),
        ("housing_repair", "Mueang Lampang"),
        ("school_enrolment", "Ko Kha"),
        ("school_enrolment", "Mae Mo"),
        ("school_enrolment", "Mueang Lampang"),
    ]


def test_an_mou_covering_the_service_fills_the_hole(build: Build) -> None:
    table = coverage(build(*province([mou("m4", ["cm", "maemo"], 3, ["housing_repair"])])), "TH-52", AT, SERVICES)
    assert table.count("housing_repair", "Mae Mo") == 1
    assert ("housing_repair", "Mae Mo") not in table.holes


def test_text_and_dict_forms(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT, SERVICES)
    text = table.to_text()
    assert text.splitlines()[0].startswith("Coverage of TH-52 Lampang on 2026-11-22: partners reached from cm")
    assert "6 hole(s):" in text
    assert "  housing_repair in Ko Kha (only one subdistrict: kokha)\n  housing_repair in Mae Mo\n" in text
    assert "\nhousing_repair       0+1       0               0\n" in text
    data = table.as_dict()
    assert data["districts"] == ["Ko Kha", "Mae Mo", "Mueang Lampang"]
    assert data["rows"][0]["cells"][0] == {
        "district": "Ko Kha",
        "partners": 0,
        "organizations": [],
        "subdistrict_only": ["kokha"],
    }
    assert {"service": "housing_repair", "district": "Mae Mo"} in data["holes"]


def test_a_province_with_no_district_in_the_data_has_one_whole_province_column(build: Build) -> None:
    orgs = [org("cm", "case_management"), org("core", "core_team"), org("sdo", "social_development_office",
            services=["child_protection"])]  # fmt: skip
    table = coverage(build(orgs, [mou("m1", ["cm", "core", "sdo"], 2)]), "TH-52", AT, ("child_protection",))
    assert table.districts == ("*",)
    assert table.count("child_protection", "*") == 1


def test_the_default_services_are_the_network_catalogue(build: Build) -> None:
    table = coverage(build(*province()), "TH-52", AT)
    assert len(table.services) == 13
