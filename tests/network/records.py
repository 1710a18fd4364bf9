"""Small hand-made partner networks, written as YAML files into a temporary folder.

``write_network(folder, organizations, mous)`` writes ``organizations.yaml`` and ``mous.yaml``; ``org(...)`` and
``mou(...)`` fill the fields a test does not care about; ``load(folder)`` loads one as the service does (the
shipped services catalogue, the settings' time zone) on the day of ``AT``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from safetynet.network import Network, RouteRequest, load_network
from tests.shipped import SERVICES, ZONE

AT = datetime(2026, 11, 22, 9, 0, tzinfo=UTC)
# DOPA codes (a route compares codes): Ko Kha is 5203 (5202 is Mae Mo), Lampang Luang 520301, Tha Pha 520308.
KO_KHA, MAE_MO, LAMPANG_LUANG, THA_PHA = "5203", "5202", "520301", "520308"


def load(folder: Path, services: Iterable[str] = SERVICES, at: datetime | date = AT) -> Network:
    return load_network(folder, tuple(services), timezone=ZONE, at=at)


def org(
    org_id: str,
    kind: str = "local_government",
    *,
    province: str = "TH-52",
    district: str | None = None,
    subdistrict: str | None = None,
    area: str = "province",
    services: Iterable[str | dict[str, Any]] = (),
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": org_id,
        "name": {"th": f"หน่วยงาน {org_id}", "en": f"Organization {org_id}"},
        "kind": kind,
        "province": province,
        "service_area": area,
        "services": [{"code": s} if isinstance(s, str) else s for s in services],
    }
    if district:
        record["district"] = district
    if subdistrict:
        record["subdistrict"] = subdistrict
    return record


def mou(
    mou_id: str,
    parties: Iterable[str],
    hours: float,
    services: str | list[str] = "all",
    *,
    signed: str = "2025-01-01",
    expires: str | None = "2029-01-01",
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": mou_id,
        "parties": list(parties),
        "services": services,
        "signed": signed,
        "hours": hours,
        "reference": "test fixture",
    }
    if expires:
        record["expires"] = expires
    return record


def write_network(directory: Path, organizations: list[dict[str, Any]], mous: list[dict[str, Any]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, key, records in (("organizations.yaml", "organizations", organizations), ("mous.yaml", "mous", mous)):
        text = yaml.safe_dump({key: records}, allow_unicode=True, sort_keys=False)
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def request(service: str = "housing_repair", **changes: Any) -> RouteRequest:
    values: dict[str, Any] = {
        "service": service,
        "providers": [],
        "province": "TH-52",
        "district": KO_KHA,
        "subdistrict": LAMPANG_LUANG,
        "age": 12,
        "requested_by": "cm",
        "at": AT,
        "urgent": False,
    }
    values.update(changes)
    return RouteRequest(**values)
