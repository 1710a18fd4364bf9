"""JSON network files read by pydantic straight from the text give what the careful path gives, and leave to
it every file with something wrong (a duplicate key included)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from safetynet.datafiles.loadfile import load_yaml
from safetynet.network import check_network
from safetynet.network.jsonfast import read_well_formed
from tests.network.records import load
from tests.shipped import GRAPH, SERVICES, ZONE

AT = datetime(2026, 11, 22, 2, 0, tzinfo=UTC)


def as_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=lambda d: d.isoformat() if isinstance(d, date) else d)


def shipped_as_json(target: Path) -> list[Path]:
    written = []
    for path in sorted(GRAPH.rglob("*.yaml")):
        out = target / path.relative_to(GRAPH).with_suffix(".json")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(as_json(load_yaml(path).data), encoding="utf-8")
        written.append(out)
    return written


def test_the_shipped_network_as_json_takes_the_fast_path_and_loads_the_same(tmp_path: Path) -> None:
    files = shipped_as_json(tmp_path)
    assert all(read_well_formed(f.read_text(encoding="utf-8")) is not None for f in files)
    from_yaml, from_json = load(GRAPH, at=AT), load(tmp_path, at=AT)
    assert from_json.organizations == from_yaml.organizations
    assert from_json.mous == from_yaml.mous
    # the same warnings, each placed in the JSON text (found only when needed)
    warnings = check_network(tmp_path, SERVICES, timezone=ZONE, at=AT)
    assert warnings
    assert [p.message for p in warnings] == [p.message for p in check_network(GRAPH, SERVICES, timezone=ZONE, at=AT)]
    assert all(p.path.endswith(".json") and p.line > 1 for p in warnings)


ORG = {
    "id": "lpg-cm-unit",
    "name": {"th": "ทีม CM ลำปาง", "en": "Lampang CM team"},
    "kind": "case_management",
    "province": "TH-52",
    "service_area": "province",
}


def test_a_key_given_twice_is_left_to_the_careful_path_which_places_it(tmp_path: Path) -> None:
    text = as_json({"organizations": [ORG]}).replace('"kind"', '"kind": "school",\n   "kind"', 1)
    assert read_well_formed(text) is None
    (tmp_path / "orgs.json").write_text(text, encoding="utf-8")
    assert [str(p).split("/")[-1] for p in check_network(tmp_path, SERVICES, timezone=ZONE, at=AT)] == [
        "orgs.json:10:4: 'kind' appears twice in the same map (first at line 9, column 4): keep one"
    ]


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        (as_json({"organizations": [ORG]}), True),
        (as_json({"organizations": [ORG]}).replace('":', '"\n  :'), True),  # space before the colon
        (as_json({"organizations": [{**ORG, "note": 'says "x": y'}]}), False),  # '":' in a text: careful path
        (as_json({"organizations": [{**ORG, "kind": "no_such_kind"}]}), False),
        (as_json({"mous": [], "extra": []}), False),
        ('{"mous": [{"hours": NaN}]}', False),
        ("[]", False),
    ],
)
def test_only_a_well_formed_file_takes_the_fast_path(text: str, fast: bool) -> None:
    assert (read_well_formed(text) is not None) is fast


def test_a_file_the_careful_path_reads_gives_the_same_records(tmp_path: Path) -> None:
    record = {**ORG, "note": 'says "x": y'}
    (tmp_path / "orgs.json").write_text(as_json({"organizations": [record]}), encoding="utf-8")
    network = load(tmp_path, at=AT)
    assert network.organizations["lpg-cm-unit"].note == 'says "x": y'
