"""``safetynet graph diff OLD NEW``: organizations (with the services they give) and MOUs added, removed and changed;
an organization added is shown with its kind, province and services, an MOU added with its parties, services, hours
and days."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from safetynet.network import Network
from safetynet.whatif.diff import Diff, compare

_ORGANIZATION = ("kind", "province", "district", "service_area")
_MOU = ("parties", "services", "hours", "signed", "expires")


def graph_diff(before: Network, after: Network) -> Diff:
    return Diff(
        what=("เครือข่ายภาคี", "partner network"),
        versions=(before.version, after.version),
        sections=[
            compare(
                "organizations",
                ("หน่วยงาน", "organizations"),
                {i: o.model_dump(mode="json", exclude_none=True) for i, o in before.organizations.items()},
                {i: o.model_dump(mode="json", exclude_none=True) for i, o in after.organizations.items()},
                _organization,
            ),
            compare(
                "mous",
                ("บันทึกข้อตกลง (MOU)", "MOUs"),
                {m.id: m.model_dump(mode="json", exclude_none=True) for m in before.mous},
                {m.id: m.model_dump(mode="json", exclude_none=True) for m in after.mous},
                _mou,
            ),
        ],
    )


def _organization(record: Mapping[str, Any]) -> dict[str, Any]:
    shown = {name: record[name] for name in _ORGANIZATION if name in record}
    return shown | {"services": [service["code"] for service in record.get("services", [])]}


def _mou(record: Mapping[str, Any]) -> dict[str, Any]:
    return {name: record[name] for name in _MOU if name in record}
