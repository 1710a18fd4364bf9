"""A whole location, and the names the partner network's files use."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from safetynet.places import Location, PlaceError, UnknownPlace, resolve_location

ROOT = Path(__file__).resolve().parents[2]


def test_as_dict_is_the_plans_location() -> None:
    location = resolve_location("TH-65", "Mueang Phitsanulok", "Nai Mueang")
    assert location.as_dict() == {
        "province": {"code": "TH-65", "th": "พิษณุโลก", "en": "Phitsanulok"},
        "district": {"code": "6501", "th": "เมืองพิษณุโลก", "en": "Mueang Phitsanulok"},
        "subdistrict": {"code": "650101", "th": "ในเมือง", "en": "Nai Mueang"},
    }
    assert resolve_location("จ.พิษณุโลก").as_dict()["district"] is None


def test_a_subdistrict_without_a_district_fills_in_its_district() -> None:
    location = resolve_location("ลำปาง", None, "ต.ลำปางหลวง")
    assert location.district is not None
    assert (location.district.code, location.district.en) == ("5203", "Ko Kha")
    assert resolve_location("Lampang", "  ", "Lampang Luang") == location  # a blank cell is "not given"
    assert isinstance(location, Location)


def test_the_first_wrong_field_is_named() -> None:
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("Lampang", "Ko Kha", "Nai Mueang")
    assert raised.value.field == "subdistrict"
    with pytest.raises(UnknownPlace) as raised:
        resolve_location("Lampan", "Ko Kha")
    assert raised.value.field == "province"


def _organizations() -> list[dict[str, str]]:
    found = []
    for path in sorted((ROOT / "graph" / "organizations").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        found += [o for o in data.get("organizations", []) if "district" in o or "subdistrict" in o]
    return found


def test_every_district_and_subdistrict_of_the_partner_network_resolves_in_its_province() -> None:
    organizations = _organizations()
    assert organizations
    failures = []
    for o in organizations:
        try:
            resolve_location(o["province"], o.get("district"), o.get("subdistrict"))
        except PlaceError as error:
            failures.append(f"{o['id']}: {error}")
    assert failures == []
