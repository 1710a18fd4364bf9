"""The gazetteer: our own frozen types over geothai's data, read on first use only."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from safetynet.places import gazetteer

ROOT = Path(__file__).resolve().parents[2]


def test_the_whole_country_is_there_with_iso_and_dopa_codes() -> None:
    provinces = gazetteer.provinces()
    districts = [d for p in provinces for d in gazetteer.districts(p.code)]
    subdistricts = [s for d in districts for s in gazetteer.subdistricts(d.code)]
    assert (len(provinces), len(districts), len(subdistricts)) == (77, 928, 7436)
    assert gazetteer.province_codes() == frozenset(p.code for p in provinces)
    assert all(p.code == f"TH-{p.dopa}" and len(p.dopa) == 2 for p in provinces)
    assert all(d.code[:2] == d.province[3:] and len(d.code) == 4 for d in districts)
    assert all(s.code[:4] == s.district and s.province[3:] == s.code[:2] and len(s.code) == 6 for s in subdistricts)


def test_lookups_by_code() -> None:
    phitsanulok = gazetteer.province("TH-65")
    assert phitsanulok == gazetteer.Province("TH-65", "65", "พิษณุโลก", "Phitsanulok")
    assert gazetteer.province("65") is None  # the ISO code, exactly: resolve_province reads the rest
    assert gazetteer.district("6501") == gazetteer.District("6501", "เมืองพิษณุโลก", "Mueang Phitsanulok", "TH-65")
    assert gazetteer.subdistrict("650101") == gazetteer.Subdistrict("650101", "ในเมือง", "Nai Mueang", "6501", "TH-65")
    assert gazetteer.district("9999") is None
    assert gazetteer.subdistrict("999999") is None
    assert gazetteer.districts("TH-99") == ()
    assert gazetteer.subdistricts("9999") == ()
    assert [d.code for d in gazetteer.districts("TH-52")][:3] == ["5201", "5202", "5203"]


def test_a_postcode_gives_the_subdistricts_it_serves_from_geothai() -> None:
    ko_kha = gazetteer.postcode_areas("52130")
    assert [s.code for s in ko_kha][:2] == ["520301", "520302"]
    assert {s.district for s in ko_kha} == {"5203"}
    assert {s.district for s in gazetteer.postcode_areas("52000")} == {"5201", "5202"}  # one code, two districts
    assert gazetteer.postcode_areas("99999") == ()
    assert gazetteer.postcode_areas("๕๒๑๓๐") == ()  # digits as geothai writes them: the caller reads Thai ones


def test_bangkok_districts_are_bare_names_like_every_other_district() -> None:
    # geothai writes them "เขตบางรัก"; every other district has no word for its level
    bang_rak = gazetteer.district("1004")
    assert bang_rak is not None
    assert (bang_rak.th, bang_rak.en, bang_rak.province) == ("บางรัก", "Bang Rak", "TH-10")
    assert not any(d.th.startswith("เขต") for d in gazetteer.districts("TH-10"))


def test_the_areas_are_frozen_slotted_and_serialise_to_code_th_en() -> None:
    ko_kha = gazetteer.district("5203")
    assert ko_kha is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        ko_kha.th = "x"  # type: ignore[misc]  # writing to a frozen area on purpose
    assert not hasattr(ko_kha, "__dict__")
    assert ko_kha.as_dict() == {"code": "5203", "th": "เกาะคา", "en": "Ko Kha"}


def test_data_version_is_the_geothai_release() -> None:
    version = gazetteer.data_version()
    assert version.count(".") == 2
    assert version.split(".")[0].isdigit()


def test_importing_the_package_loads_no_data_and_not_even_geothai() -> None:
    script = textwrap.dedent(
        """
        import sys
        import safetynet.places as places
        from safetynet.places import gazetteer
        assert "geothai" not in sys.modules, "imported geothai"
        assert not gazetteer.loaded()
        assert places.resolve_province("TH-52").en == "Lampang"
        assert "geothai" in sys.modules and gazetteer.loaded()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True)


def test_the_province_codes_are_read_on_first_use_only_so_rules_naming_no_place_are_checked_without_it() -> None:
    """Provinces have one home, the gazetteer; the contract and the network ask it when a province is checked, not
    when they are imported, so that `safetynet rules check` of rules that name no place reads no gazetteer."""
    script = textwrap.dedent(
        """
        import sys
        import safetynet.api.openapi, safetynet.contract.case, safetynet.network, safetynet.network.coverage
        from safetynet.cli.main import main
        from safetynet.places import gazetteer
        try:
            main(["rules", "check", "tests/fixtures/rules/small", "--graph", "tests/fixtures/rules"])  # no network
        except SystemExit as done:
            assert done.code == 0, done.code
        assert "geothai" not in sys.modules, "imported geothai"
        assert not gazetteer.loaded()
        from safetynet.contract.case import named_province
        assert named_province("TH-82") == "TH-82"
        assert gazetteer.loaded()
        """
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)
