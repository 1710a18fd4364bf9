"""The loaded network's look-ups, and its GraphML export read back with networkx."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import networkx as nx

from safetynet.network import Network, load_network, write_graphml
from tests.network.records import AT, mou, org, write_network
from tests.shipped import SERVICES, ZONE

Build = Callable[[list[dict[str, Any]], list[dict[str, Any]]], Network]


def small(build: Build) -> Network:
    orgs = [
        org("cm-b", "case_management"),
        org("cm-a", "case_management"),
        org("core", "core_team"),
        org("sdo", "social_development_office", district="Mueang Lampang", services=["child_protection"]),
        org("plk-cm", "case_management", province="TH-65"),
    ]
    mous = [
        mou("m1", ["cm-a", "core", "sdo"], 2),
        mou("m-old", ["cm-b", "core"], 2, ["child_protection"], signed="2020-01-01", expires="2024-01-01"),
    ]
    return build(orgs, mous)


def test_cm_units_core_team_and_partners(build: Build) -> None:
    network = small(build)
    assert [o.id for o in network.cm_units("TH-52")] == ["cm-a", "cm-b"]
    core = network.core_team("TH-52")
    assert core is not None
    assert core.id == "core"
    assert network.core_team("TH-65") is None
    assert [(o.id, m.id) for o, m in network.partners("core", AT)] == [("cm-a", "m1"), ("sdo", "m1")]
    assert [(o.id, m.id) for o, m in network.partners("core", date(2023, 6, 1))] == [("cm-b", "m-old")]
    assert network.area("sdo") == ("5201", None)  # Mueang Lampang, as its DOPA code
    assert network.area("core") == (None, None)
    assert network.mou("m-old").expires == date(2024, 1, 1)
    assert [o.id for o in network.find(service="child_protection")] == ["sdo"]
    assert [o.id for o in network.find(province="TH-65", kind="case_management")] == ["plk-cm"]
    assert network.organization("nobody") is None


def test_graphml_round_trip(build: Build, tmp_path: Path) -> None:
    network = small(build)
    target = tmp_path / "network.graphml"
    write_graphml(network, target)
    graph = nx.read_graphml(target, force_multigraph=True)
    assert set(graph.nodes) == set(network.organizations)
    assert graph.nodes["sdo"]["kind"] == "social_development_office"
    assert graph.nodes["sdo"]["name_th"] == "หน่วยงาน sdo"
    assert graph.nodes["sdo"]["services"] == "child_protection"
    assert (graph.nodes["sdo"]["district"], graph.nodes["sdo"]["district_code"]) == ("Mueang Lampang", "5201")
    # m1 binds three parties: three edges; m-old one
    assert graph.number_of_edges() == 4
    old = next(d for _, _, d in graph.edges(data=True) if d["mou"] == "m-old")
    assert old["expires"] == "2024-01-01"
    assert old["hours"] == 2.0
    assert old["services"] == "child_protection"
    buffer = io.BytesIO()
    write_graphml(network, buffer)
    assert buffer.getvalue().startswith(b"<?xml")


def test_the_day_of_a_moment_is_the_day_in_the_service_s_time_zone(tmp_path: Path) -> None:
    # 20:00 UTC on 22 November is already 23 November in Thailand, and still 22 November in UTC-5
    orgs = [org("cm", "case_management"), org("core", "core_team")]
    folder = write_network(tmp_path, orgs, [mou("m1", ["cm", "core"], 2, expires="2026-11-23")])
    evening = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    thailand = load_network(folder, SERVICES, timezone=ZONE, at=evening)
    new_york = load_network(folder, SERVICES, timezone=ZoneInfo("America/New_York"), at=evening)
    assert (thailand.day(evening), new_york.day(evening)) == (date(2026, 11, 23), date(2026, 11, 22))
    assert thailand.partners("cm", evening) == []  # the MOU has expired on the Thai day
    assert [o.id for o, _ in new_york.partners("cm", evening)] == ["core"]
    assert thailand.day(datetime(2026, 11, 22, 23, 0)) == date(2026, 11, 22)  # no offset: the zone's own time


def test_each_organization_has_its_place_as_a_plan_gives_one(build: Build) -> None:
    network = build(
        [
            org("core", "core_team"),
            org("sdo", "social_development_office", district="อ.เมืองลำปาง"),
            org("tessaban", district="Ko Kha", subdistrict="ต.ลำปางหลวง", area="subdistrict"),
            org("tambon", "school", district="5203", subdistrict="520301", area="subdistrict"),  # by DOPA codes
        ],
        [mou("m1", ["core", "sdo", "tessaban", "tambon"], 2)],
    )
    lampang = {"code": "TH-52", "th": "ลำปาง", "en": "Lampang"}
    ko_kha = {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"}
    lampang_luang = {"code": "520301", "th": "ลำปางหลวง", "en": "Lampang Luang"}
    # a province-wide body: its province, district and subdistrict null (as a plan's place when the CM names none)
    assert network.location("core").as_dict() == {"province": lampang, "district": None, "subdistrict": None}
    assert network.location("sdo").as_dict()["district"] == {"code": "5201", "th": "เมืองลำปาง", "en": "Mueang Lampang"}
    assert network.location("tessaban").as_dict() == {
        "province": lampang, "district": ko_kha, "subdistrict": lampang_luang
    }  # fmt: skip
    # one place, one location: made once per network, not per organization nor per request
    assert network.location("tambon") is network.location("tessaban")
    assert network.organizations["tessaban"].district == "Ko Kha"  # the record keeps what the file says
