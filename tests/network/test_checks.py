# ruff: noqa: E501  (expected messages are quoted whole, one per line)
"""Every kind of problem ``check_network`` finds, with its exact ``path:line:col``."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest

from safetynet.errors import NetworkFilesInvalid
from safetynet.network import check_network
from tests.network.records import load
from tests.shipped import SERVICES, ZONE

DAY = date(2026, 11, 22)

ORGS = """\
organizations:
  - id: lpg-cm-unit
    name: {th: ทีม CM ลำปาง, en: Lampang CM team}
    kind: case_management
    province: TH-52
    service_area: province
  - id: lpg-core-team
    name: {th: ทีมแกนนำลำปาง, en: Lampang core team}
    kind: core_team
    province: TH-52
    service_area: province
  - id: lpg-lampang-luang
    name: {th: เทศบาลตำบลลำปางหลวง, en: Lampang Luang Subdistrict Municipality}
    kind: local_government
    ministry: interior
    province: TH-52
    district: Ko Kha
    subdistrict: Lampang Luang
    service_area: subdistrict
    services:
      - code: housing_repair
        eligibility: {min_age: 0, max_age: 25}
"""

MOUS = """\
mous:
  - id: lpg-cm-core
    parties: [lpg-cm-unit, lpg-core-team]
    services: all
    signed: 2025-10-01
    expires: 2028-10-01
    hours: 2
    reference: test
  - id: lpg-core-lampang-luang
    parties: [lpg-core-team, lpg-lampang-luang]
    services: [housing_repair]
    signed: 2025-10-01
    hours: 8
    reference: test
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


def found(folder: Path, files: dict[str, str], services: tuple[str, ...] = SERVICES) -> list[str]:
    """The problems as printed, with the folder left out of the path."""
    write(folder, files)
    return [str(p).replace(f"{folder}/", "") for p in check_network(folder, services, timezone=ZONE, at=DAY)]


def edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def test_the_base_network_has_no_problem(tmp_path: Path) -> None:
    assert found(tmp_path, {"organizations.yaml": ORGS, "mous.yaml": MOUS}) == []


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    bad = edit(ORGS, "    kind: core_team\n", "    kind: core_team\n   province: TH-52\n")
    problems = found(tmp_path, {"organizations.yaml": bad, "mous.yaml": MOUS})
    assert [p for p in problems if p.startswith("organizations.yaml")] == [
        "organizations.yaml:10:4: YAML syntax: expected <block end>, but found '<block mapping start>' "
        "(check the indentation: lines of the same map or list start in the same column)"
    ]


def test_an_mou_naming_an_organization_of_a_file_that_cannot_be_read_points_at_that_file(tmp_path: Path) -> None:
    # A tab hides the whole organizations file: its MOUs were told that no organization has the id, and pointed to
    # the nearest id of another province ('did you mean bkk-cm-unit?'), which a coordinator would then write.
    bad = edit(ORGS, "      - code: housing_repair", "\t  - code: housing_repair")
    other = ORGS.replace("lpg-", "bkk-").replace("TH-52", "TH-10").replace("Ko Kha", "Bang Rak").replace(
        "Lampang Luang", "Si Lom"
    )
    problems = found(tmp_path, {"organizations.yaml": bad, "bangkok.yaml": other, "mous.yaml": MOUS})
    unread = "1 file(s) could not be read (organizations.yaml:21:1), so it may be there: fix that error first"
    assert (
        f"mous.yaml:3:15: 'lpg-cm-unit' is not the id of any organization read; {unread}, then check again" in problems
    )
    assert not any("did you mean 'bkk-" in p for p in problems), problems
    assert any(p.startswith("organizations.yaml:21:1: YAML syntax:") for p in problems), problems


def test_an_unknown_field_says_what_was_meant(tmp_path: Path) -> None:
    bad = edit(ORGS, "    service_area: subdistrict", "    service_areas: subdistrict")
    problems = found(tmp_path, {"organizations.yaml": bad, "mous.yaml": MOUS})
    assert (
        "organizations.yaml:19:5: service_areas: unknown field 'service_areas'; did you mean 'service_area'?"
        in problems
    )
    assert (
        "organizations.yaml:12:5: service_area: missing field 'service_area': add 'service_area: ...': "
        "write one of: subdistrict, district, province, national" in problems
    )


def test_a_bad_record_is_left_out_and_the_rest_still_checked(tmp_path: Path) -> None:
    bad = edit(ORGS, "    kind: core_team", "    kind: core_teem")
    problems = found(tmp_path, {"organizations.yaml": bad, "mous.yaml": MOUS})
    assert any(
        p.startswith(
            "organizations.yaml:9:11: kind: 'core_teem' is not a kind of organization; did you mean 'core_team'?"
        )
        for p in problems
    )
    # the core team is left out: the MOUs that name it say so and where its record is, not that the id is unknown
    left_out = "'lpg-core-team' is left out for the error(s) of its record at organizations.yaml:7:5: fix them"
    assert f"mous.yaml:3:28: {left_out}" in problems
    assert f"mous.yaml:10:15: {left_out}" in problems
    assert not any("is not the id of any organization" in p for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    ministry: interior",
            "    ministry: interiour",
            "organizations.yaml:15:15: ministry: 'interiour' is not a ministry code; did you mean 'interior'?",
        ),
        (
            "    province: TH-52\n    district",
            "    province: TH-99\n    district",
            "organizations.yaml:16:15: province: 'TH-99' is not a province code",
        ),
        (
            "    service_area: subdistrict",
            "    service_area: village",
            "organizations.yaml:19:19: service_area: 'village' is not one of: subdistrict, district, province, national",
        ),
        (
            "{min_age: 0, max_age: 25}",
            "{min_age: 18, max_age: 6}",
            "organizations.yaml:22:45: services.0.eligibility.max_age: max_age 6 is below min_age 18: swap them",
        ),
        (
            "{min_age: 0, max_age: 25}",
            "{min_age: -1}",
            "organizations.yaml:22:32: services.0.eligibility.min_age: -1 is too small (the least is 0): write whole years "
            "from 0 to 120, like 15",
        ),
        (
            "        eligibility",
            "        capacity: -2\n        eligibility",
            "organizations.yaml:22:19: services.0.capacity: -2 is too small (the least is 0): write the referrals it can "
            "take now, a whole number, like 10 (0: not taking any)",
        ),
        (
            "  - id: lpg-core-team",
            "  - id: LPG core team",
            "organizations.yaml:7:9: id: 'LPG core team' is not an organization id: write lower case letters, digits "
            "and '-', starting with the province prefix, like lpg-cm-unit; did you mean 'lpg-core-team'?",
        ),
        (
            "  - id: lpg-core-team",
            "  - id: lpg_core_team",
            "organizations.yaml:7:9: id: 'lpg_core_team' is not an organization id: write lower case letters, digits "
            "and '-', starting with the province prefix, like lpg-cm-unit; did you mean 'lpg-core-team'?",
        ),
        (
            "    district: Ko Kha",
            "    district: ''",
            "organizations.yaml:17:15: district: the text is empty: write the Thai or English name or the DOPA code, like เกาะคา, Ko Kha or 5203",
        ),
        (
            "      - code: housing_repair",
            "      - code: x",
            "organizations.yaml:21:15: services.0.code: 'x' is too short (at least 2 characters): write a code of services.yaml: "
            "lower case letters, digits and _, like housing_repair",
        ),
        (
            "{min_age: 0, max_age: 25}",
            "{min_age: ten}",
            "organizations.yaml:22:32: services.0.eligibility.min_age: 'ten' is not a whole number: write whole years "
            "from 0 to 120, like 15",
        ),
    ],
)
def test_organization_field_errors(tmp_path: Path, old: str, new: str, expected: str) -> None:
    problems = found(tmp_path, {"organizations.yaml": edit(ORGS, old, new), "mous.yaml": MOUS})
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    hours: 8",
            "    hours: 0",
            "mous.yaml:13:12: hours: 0 is too small (it must be more than 0): write the expected hours for a referral "
            "to be taken up, above 0, like 4 or 1.5",
        ),
        ("    hours: 8", "    hours: -3", "mous.yaml:13:12: hours: -3 is too small (it must be more than 0)"),
        ("    hours: 8", "    hours: soon", "mous.yaml:13:12: hours: 'soon' is not a number: write the expected hours"),
        (
            "  - id: lpg-core-lampang-luang",
            "  - id: Lpg Core Lampang Luang",
            "mous.yaml:9:9: id: 'Lpg Core Lampang Luang' is not an MOU id: write lower case letters, digits and '-', "
            "starting with the province prefix, like lpg-cm-lampang-luang; did you mean 'lpg-core-lampang-luang'?",
        ),
        (
            "[lpg-cm-unit, lpg-core-team]",
            "[lpg-cm-unit, LPG-core-team]",
            "mous.yaml:3:28: parties.1: 'LPG-core-team' is not an organization id: write lower case letters",
        ),
        ("    hours: 8", "    hours: true", "mous.yaml:13:12: hours: write a number here, not true"),
        (
            "    expires: 2028-10-01",
            "    expires: 2024-10-01",
            "mous.yaml:6:14: expires: 2024-10-01 is not after the day it was signed (2025-10-01): check both dates",
        ),
        (
            "[lpg-cm-unit, lpg-core-team]",
            "[lpg-cm-unit, lpg-cm-unit]",
            "mous.yaml:3:14: parties: 'lpg-cm-unit' is listed twice among the parties",
        ),
        (
            "[lpg-cm-unit, lpg-core-team]",
            "[lpg-cm-unit]",
            "mous.yaml:3:14: parties: the list has 1 item; at least 2 are needed: write the ids of the organizations "
            "it binds, at least two, like [lpg-cm-unit, lpg-core-team]",
        ),
        (
            "    services: [housing_repair]",
            "    services: []",
            "mous.yaml:11:15: services: list at least one service code, or write 'all'",
        ),
        (
            "    services: [housing_repair]",
            "    services: [all, housing_repair]",
            "mous.yaml:11:15: services: 'all' already covers every service",
        ),
        (
            "    signed: 2025-10-01\n    hours: 8",
            "    signed: someday\n    hours: 8",
            "mous.yaml:12:13: signed: 'someday' is not a day: write it as YYYY-MM-DD, like 2026-01-31",
        ),
        (
            "    signed: 2025-10-01\n    hours: 8",
            "    signed: 2025-10-01 09:00:00\n    hours: 8",
            "mous.yaml:12:13: signed: write a day without a time, like 2025-10-01",
        ),
        (
            "    signed: 2025-10-01\n    hours: 8",
            "    signed: 20251001\n    hours: 8",
            "mous.yaml:12:13: signed: 20251001 is not a day: write it as YYYY-MM-DD, like 2026-01-31",
        ),
        (
            "    expires: 2028-10-01",
            "    expires: '2028-13-01'",
            "mous.yaml:6:14: expires: '2028-13-01' is not a day: write it as YYYY-MM-DD, like 2026-01-31",
        ),
        (
            "    reference: test\n  - id: lpg-core",
            "  - id: lpg-core",
            "mous.yaml:2:5: reference: missing field 'reference'",
        ),
    ],
)
def test_mou_field_errors(tmp_path: Path, old: str, new: str, expected: str) -> None:
    problems = found(tmp_path, {"organizations.yaml": ORGS, "mous.yaml": edit(MOUS, old, new)})
    assert any(p.startswith(expected) for p in problems), problems


def test_duplicate_organization_ids_across_files(tmp_path: Path) -> None:
    again = "organizations:\n" + ORGS.split("  - id: lpg-lampang-luang\n", maxsplit=1)[0].split("organizations:\n")[1]
    problems = found(tmp_path, {"organizations.yaml": ORGS, "zz/organizations.yaml": again, "mous.yaml": MOUS})
    assert problems == [
        "zz/organizations.yaml:2:9: organization id 'lpg-cm-unit' is already used at organizations.yaml:2:9: "
        "give each organization its own id",
        "zz/organizations.yaml:7:9: organization id 'lpg-core-team' is already used at organizations.yaml:7:9: "
        "give each organization its own id",
    ]


_EXPIRED_AND_FUTURE = (
    "  - id: lpg-old\n"
    "    parties: [lpg-cm-unit, lpg-lampang-luang]\n"
    "    services: all\n"
    "    signed: 2021-10-01\n"
    "    expires: 2024-10-01\n"
    "    hours: 1\n"
    "    reference: test\n"
    "  - id: lpg-next\n"
    "    parties: [lpg-cm-unit, lpg-lampang-luang]\n"
    "    services: all\n"
    "    signed: 2027-01-01\n"
    "    hours: 1\n"
    "    reference: test\n"
)
_NATIONAL = "  - id: th-fund\n    name: {th: กองทุน, en: A fund}\n    kind: funder\n    province: TH-10\n    service_area: national\n"
_NATIONAL_MOU = (
    "  - id: th-fund-core\n    parties: [th-fund, lpg-core-team]\n    services: all\n"
    "    signed: 2025-10-01\n    hours: 24\n    reference: test\n"
)

#: (organizations.yaml, mous.yaml, every problem check_network then prints, the folder left out)
NETWORKS = [
    pytest.param(
        ORGS,
        edit(MOUS, "  - id: lpg-core-lampang-luang", "  - id: lpg-cm-core"),
        ["mous.yaml:9:9: MOU id 'lpg-cm-core' is already used at mous.yaml:2:9: give each MOU its own id"],
        id="duplicate MOU ids",
    ),
    pytest.param(
        ORGS,
        edit(MOUS, "[lpg-core-team, lpg-lampang-luang]", "[lpg-core-team, lpg-lampang-luan]"),
        [
            "mous.yaml:10:30: 'lpg-lampang-luan' is not the id of any organization; did you mean 'lpg-lampang-luang'?",
            "organizations.yaml:12:9: warning: 'lpg-lampang-luang' cannot be reached from any case_management unit "
            "along MOUs in force: add an MOU with a partner that is reached (e.g. the provincial core team)",
        ],
        id="a party that names no organization: the nearest id",
    ),
    pytest.param(
        edit(ORGS, "      - code: housing_repair", "      - code: housing_repiar"),
        edit(MOUS, "    services: [housing_repair]", "    services: [house_repair]"),
        [
            "mous.yaml:11:16: 'house_repair' is not a service code in the services catalogue; did you mean 'housing_repair'?",
            "organizations.yaml:21:15: 'housing_repiar' is not a service code in the services catalogue; "
            "did you mean 'housing_repair'?",
        ],
        id="unknown service codes in organizations and MOUs",
    ),
    pytest.param(
        ORGS + "      - code: housing_repair\n",
        MOUS,
        ["organizations.yaml:23:15: 'housing_repair' is listed twice: keep one entry"],
        id="a service listed twice",
    ),
    pytest.param(
        edit(ORGS, "    subdistrict: Lampang Luang\n", ""),
        MOUS,
        [
            "organizations.yaml:18:19: service area 'subdistrict' needs the organization's 'district' and 'subdistrict' "
            "(Thai or English names or DOPA codes, e.g. district: Ko Kha, subdistrict: Lampang Luang)"
        ],
        id="area subdistrict without its subdistrict",
    ),
    pytest.param(
        edit(
            ORGS,
            "    district: Ko Kha\n    subdistrict: Lampang Luang\n    service_area: subdistrict",
            "    subdistrict: Lampang Luang\n    service_area: district",
        ),
        MOUS,
        [
            "organizations.yaml:17:18: give the district of subdistrict 'Lampang Luang'",
            "organizations.yaml:18:19: service area 'district' needs the organization's 'district' (e.g. Ko Kha)",
        ],
        id="area district without its district",
    ),
    pytest.param(
        edit(
            ORGS,
            "    district: Ko Kha\n    subdistrict: Lampang Luang\n    service_area: subdistrict",
            "    service_area: province",
        )
        + "        service_area: district\n",
        MOUS,
        ["organizations.yaml:21:23: service area 'district' needs the organization's 'district' (e.g. Ko Kha)"],
        id="a service's own area needs its place names too",
    ),
    pytest.param(
        ORGS,
        MOUS + _EXPIRED_AND_FUTURE,
        [
            "mous.yaml:19:14: warning: MOU 'lpg-old' expired on 2024-10-01: referrals no longer use it; "
            "renew it (a later 'expires') or remove it",
            "mous.yaml:25:13: warning: MOU 'lpg-next' is not in force until 2027-01-01: referrals will not use it before then",
        ],
        id="expired and future MOUs are warnings",
    ),
    pytest.param(
        ORGS,
        edit(MOUS, "    signed: 2025-10-01\n    hours: 8", "    signed: 2025-10-01\n    expires: 2026-01-01\n    hours: 8"),
        [
            "mous.yaml:13:14: warning: MOU 'lpg-core-lampang-luang' expired on 2026-01-01: referrals no longer use it; "
            "renew it (a later 'expires') or remove it",
            "organizations.yaml:12:9: warning: 'lpg-lampang-luang' cannot be reached from any case_management unit "
            "along MOUs in force: add an MOU with a partner that is reached (e.g. the provincial core team)",
        ],
        id="organizations no CM unit reaches are warnings",
    ),
    pytest.param(
        ORGS.replace("TH-52", "TH-65", 1).replace("TH-52", "TH-40", 1),
        MOUS,
        [
            "organizations.yaml:5:15: warning: province TH-65 has no core_team organization: "
            "referrals with no path have nowhere to escalate; add one",
            "organizations.yaml:10:15: warning: province TH-40 has no case_management organization: "
            "referrals for its children cannot start; add one",
            "organizations.yaml:16:15: warning: province TH-52 has no case_management organization: "
            "referrals for its children cannot start; add one",
            "organizations.yaml:16:15: warning: province TH-52 has no core_team organization: "
            "referrals with no path have nowhere to escalate; add one",
        ],
        id="a province without CM unit or core team is a warning",
    ),
    pytest.param(
        ORGS + _NATIONAL,
        MOUS + _NATIONAL_MOU,
        [
            "organizations.yaml:26:15: warning: province TH-10 has no case_management organization: "
            "referrals for its children cannot start; add one",
            "organizations.yaml:26:15: warning: province TH-10 has no core_team organization: "
            "referrals with no path have nowhere to escalate; add one",
        ],
        id="a province where only national bodies are filed needs them too",
    ),
]


@pytest.mark.parametrize(("organizations", "mous", "expected"), NETWORKS)
def test_problems_of_the_network_as_a_whole(tmp_path: Path, organizations: str, mous: str, expected: list[str]) -> None:
    assert found(tmp_path, {"organizations.yaml": organizations, "mous.yaml": mous}) == expected


def test_service_codes_are_checked_against_the_catalogue_given(tmp_path: Path) -> None:
    problems = found(tmp_path, {"organizations.yaml": ORGS, "mous.yaml": MOUS}, services=("medical_care",))
    assert problems == [
        "mous.yaml:11:16: 'housing_repair' is not a service code in the services catalogue; service codes: medical_care",
        "organizations.yaml:21:15: 'housing_repair' is not a service code in the services catalogue; "
        "service codes: medical_care",
    ]


@pytest.mark.parametrize(
    ("district", "subdistrict", "expected"),
    [
        ("Ko Ka", "Lampang Luang", "organizations.yaml:17:15: district: no district 'Ko Ka' in Lampang (TH-52); closest: Ko Kha (เกาะคา, 5203); write the district's Thai or English name (เกาะคา or Ko Kha) or its DOPA code (5203)"),
        ("Mueang Yala", "Lampang Luang", "organizations.yaml:17:15: district: 'Mueang Yala' is a district of Yala (TH-95), not of Lampang (TH-52); closest: Mueang Lampang (เมืองลำปาง, 5201), Mueang Pan (เมืองปาน, 5213); write the district's Thai or English name (เมืองลำปาง or Mueang Lampang) or its DOPA code (5201)"),
        ("Ko Kha", "Nai Mueang", "organizations.yaml:18:18: subdistrict: 'Nai Mueang' is a subdistrict in Mueang Chai Nat (Chai Nat, TH-18), Mueang Nakhon Ratchasima (Nakhon Ratchasima, TH-30), Phimai (Nakhon Ratchasima, TH-30) and 19 more, not in Ko Kha (เกาะคา, 5203) in Lampang (TH-52); closest: Na Saeng (นาแส่ง, 520307); write the Thai or English name of a subdistrict of Ko Kha (เกาะคา, 5203), or its 6-digit DOPA code"),
        ("5202", "520301", "organizations.yaml:18:18: subdistrict: subdistrict code 520301 is Lampang Luang (ลำปางหลวง, 520301) in Ko Kha (Lampang, TH-52), not in Mae Mo (แม่เมาะ, 5202) in Lampang (TH-52); write the Thai or English name of a subdistrict of Mae Mo (แม่เมาะ, 5202), or its 6-digit DOPA code"),
    ],
)
def test_a_district_or_subdistrict_that_names_no_place_of_the_province_says_the_closest(
    tmp_path: Path, district: str, subdistrict: str, expected: str
) -> None:
    orgs = edit(ORGS, "    district: Ko Kha\n    subdistrict: Lampang Luang\n", f"    district: {district}\n    subdistrict: {subdistrict}\n")
    assert found(tmp_path, {"organizations.yaml": orgs, "mous.yaml": MOUS}) == [expected]
    with pytest.raises(NetworkFilesInvalid):
        load(tmp_path, at=DAY)


@pytest.mark.parametrize(("district", "subdistrict"), [("อ.เกาะคา", "ต.ลำปางหลวง"), ("5203", "520301"), ("ko-kha", "LAMPANG LUANG")])
def test_a_district_and_subdistrict_may_be_thai_english_or_codes(tmp_path: Path, district: str, subdistrict: str) -> None:
    orgs = edit(ORGS, "    district: Ko Kha\n    subdistrict: Lampang Luang\n", f"    district: {district}\n    subdistrict: {subdistrict}\n")
    write(tmp_path, {"organizations.yaml": orgs, "mous.yaml": MOUS})
    assert load(tmp_path, at=DAY).area("lpg-lampang-luang") == ("5203", "520301")


def test_file_shape_problems(tmp_path: Path) -> None:
    assert found(
        tmp_path / "a", {"organizations.yaml": ORGS, "mous.yaml": MOUS, "extra.yaml": "organisations: []\n"}
    ) == ["extra.yaml:1:1: organisations: unknown field 'organisations'; did you mean 'organizations'?"]
    assert found(tmp_path / "b", {"organizations.yaml": ORGS, "mous.yaml": MOUS, "extra.yaml": "- a\n- b\n"}) == [
        "extra.yaml:1:1: (file): the file must be a map starting with: organizations, mous"
    ]
    assert found(tmp_path / "c", {"organizations.yaml": ORGS, "mous.yaml": MOUS, "extra.yaml": "# nothing yet\n"}) == [
        "extra.yaml:1:1: file is empty: write 'organizations:' or 'mous:' with a list"
    ]
    assert found(tmp_path / "d", {"organizations.yaml": ORGS, "mous.yaml": MOUS, "x.yaml": "mous: [3]\n"}) == [
        "x.yaml:1:8: mous.0: 3 is not a map: write each MOU as a map that starts with '- id: ...'"
    ]


def test_a_missing_or_empty_folder(tmp_path: Path) -> None:
    assert [str(p) for p in check_network(tmp_path / "nope", SERVICES, timezone=ZONE)] == [
        f"{tmp_path}/nope:1:1: no such folder: give the folder that holds the network (or set SAFETYNET_GRAPH_DIR)"
    ]
    assert [str(p) for p in check_network(tmp_path, SERVICES, timezone=ZONE)] == [
        f"{tmp_path}:1:1: no .yaml or .json files here: add organizations/<province>.yaml"
    ]


def test_json_files_have_the_same_shape_and_located_problems(tmp_path: Path) -> None:
    text = (
        '{\n  "mous": [\n    {"id": "lpg-json", "parties": ["lpg-cm-unit", "nobody"], "services": "all",\n'
        '     "signed": "2025-01-01", "hours": 3, "reference": "json"}\n  ]\n}\n'
    )
    problems = found(tmp_path, {"organizations.yaml": ORGS, "mous.yaml": MOUS, "export.json": text})
    assert problems == [
        "export.json:3:51: 'nobody' is not the id of any organization: add the organization, or correct the id"
    ]


def test_load_network_raises_on_errors_and_keeps_warnings(tmp_path: Path) -> None:
    write(tmp_path / "ok", {"organizations.yaml": ORGS, "mous.yaml": MOUS.replace("2028-10-01", "2026-01-01")})
    network = load(tmp_path / "ok", at=DAY)
    assert [p.severity for p in network.warnings] == ["warning"] * 3  # expired, and so two unreachable
    assert len(network.organizations) == 3
    write(tmp_path / "bad", {"organizations.yaml": ORGS, "mous.yaml": MOUS.replace("hours: 8", "hours: 0")})
    with pytest.raises(NetworkFilesInvalid) as caught:
        load(tmp_path / "bad", at=DAY)
    assert "hours: 0 is too small (it must be more than 0)" in str(caught.value)


def test_the_version_is_a_hash_of_the_content(tmp_path: Path) -> None:
    write(tmp_path / "one", {"organizations.yaml": ORGS, "mous.yaml": MOUS})
    write(tmp_path / "two", {"organizations.yaml": ORGS, "mous.yaml": MOUS})
    write(tmp_path / "three", {"organizations.yaml": ORGS, "mous.yaml": MOUS.replace("hours: 8", "hours: 9")})
    one, two, three = (load(tmp_path / n, at=DAY).version for n in ("one", "two", "three"))
    assert one == two != three
