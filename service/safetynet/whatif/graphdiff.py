"""``safetynet graph diff OLD NEW``: organizations (with the services they give) and MOUs added, removed and changed."""

from __future__ import annotations

from safetynet.network import Network
from safetynet.whatif.diff import Diff, compare


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
            ),
            compare(
                "mous",
                ("บันทึกข้อตกลง (MOU)", "MOUs"),
                {m.id: m.model_dump(mode="json", exclude_none=True) for m in before.mous},
                {m.id: m.model_dump(mode="json", exclude_none=True) for m in after.mous},
            ),
        ],
    )
