"""A referral names its need and service in Thai and English (``need_label``, ``service_label``), as the plan item
does, from the catalogue in force when it is shown: an agency's app, which never sees the plan, can show them; a
reload that renames them shows at once, even in a list read before (``referrals.rendered``); a code the catalogue
no longer has is shown as itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.runtime.build import Runtime, build_runtime
from tests.api.client import ROOT, bearer, shipped_settings
from tests.api.referral_helpers import ORGS, Api, Clock, api, clock, moment, who

__all__ = ["api", "clock", "who"]

HOUSING = {"th": "ซ่อมแซมที่อยู่อาศัย", "en": "Housing repair"}
LABELS = ("need_label", "service_label")


def _labels(referral: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(referral[key] for key in LABELS)


def test_every_answer_with_a_referral_names_its_need_and_service_as_the_plan_item_does(api: Api, clock: Clock) -> None:
    since = moment(clock)
    plan = api.plan(case_ref="PLK-LABELS-1")
    (item,) = [i for i in plan["items"] if i["need"] == "disability_allowance_registration"]
    expected = _labels(item)
    assert expected[0] != expected[1], "the need and its service are named apart"
    sent = api.sent(plan["plan_id"], "disability_allowance_registration")
    assert (sent["need"], sent["service"]) == (item["need"], item["service"])
    assert _labels(sent) == expected
    rid = sent["referral_id"]
    receiver = next(name for name, (_, org) in ORGS.items() if org == sent["to_organization"])
    shown = api.get(f"/v1/referrals/{rid}", receiver)
    assert shown.status_code == 200, shown.text
    assert _labels(shown.json()) == expected
    for _ in range(2):  # rendered, then kept
        (listed,) = api.listed(receiver, since=since)
        assert _labels(listed) == expected
    assert _labels(api.done(rid, "acknowledge", receiver)) == expected
    (listed,) = api.listed("cm", since=since)
    assert _labels(listed) == expected


@pytest.fixture
def editable(tmp_path: Path) -> Iterator[tuple[Api, Runtime, Path]]:
    """The API over a copy of rules/ that the test edits and reloads (SQLite: the database is not the point)."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    built = build_runtime(shipped_settings(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite'}", rules))
    store = built.require_store()
    tokens = {name: store.tokens.create_token(role, org) for name, (role, org) in ORGS.items()}
    try:
        yield Api(TestClient(create_app(built.settings, runtime=built)), tokens), built, rules
    finally:
        built.close()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_after_a_reload_the_labels_are_the_new_catalogues_and_a_code_it_dropped_is_shown_as_itself(
    editable: tuple[Api, Runtime, Path],
) -> None:
    api, runtime, rules = editable
    rid = api.sent(api.plan(case_ref="PLK-LABELS-RELOAD")["plan_id"])["referral_id"]
    for _ in range(2):  # rendered, then kept: what a reload must not leave behind
        (listed,) = api.listed("city")
        assert _labels(listed) == (HOUSING, HOUSING)
    # the need renamed; its service's code changed, so the catalogue no longer has the referral's. A code graph/
    # uses cannot be dropped (the reload refuses it: tests/whatif/test_catalogue_kept.py), so as it is done: the new
    # code beside the old one, the network moved to it and the service restarted, then the old code dropped
    _edit(rules / "services.yaml", "services:\n", "services:\n  - code: home_repair\n"
          "    label: {th: ซ่อมแซมที่อยู่อาศัย, en: Housing repair}\n    needs: [housing_repair]\n")  # fmt: skip
    assert api.client.post("/v1/rules/reload", headers=bearer(api.who["admin"])).status_code == 200
    graph = Path(shutil.copytree(ROOT / "graph", rules.parent / "graph"))
    for path in graph.rglob("*.yaml"):
        path.write_text(path.read_text("utf-8").replace("housing_repair", "home_repair"), "utf-8")
    runtime = build_runtime(runtime.settings.model_copy(update={"graph_dir": graph}))
    try:
        api = Api(TestClient(create_app(runtime.settings, runtime=runtime)), api.who)
        _renamed_and_dropped(api, runtime, rules, rid)
    finally:
        runtime.close()


def _renamed_and_dropped(api: Api, runtime: Runtime, rules: Path, rid: str) -> None:
    _edit(rules / "needs.yaml", "{th: ซ่อมแซมที่อยู่อาศัย, en: Housing repair}", "{th: ซ่อมแซมบ้าน, en: Home repair}")
    services = rules / "services.yaml"
    _edit(services, "  - code: housing_repair\n    label: {th: ซ่อมแซมที่อยู่อาศัย, en: Housing repair}\n"
          "    needs: [housing_repair]\n", "")  # fmt: skip
    _edit(rules / "housing.yaml", "service: housing_repair", "service: home_repair")
    reloaded = api.client.post("/v1/rules/reload", headers=bearer(api.who["admin"]))
    assert reloaded.status_code == 200, reloaded.text
    assert "housing_repair" not in runtime.engine.book.services
    expected = ({"th": "ซ่อมแซมบ้าน", "en": "Home repair"}, {"th": "housing_repair", "en": "housing_repair"})
    (listed,) = api.listed("city")
    assert (listed["need"], listed["service"]) == ("housing_repair", "housing_repair")
    assert _labels(listed) == expected
    assert _labels(api.get(f"/v1/referrals/{rid}", "city").json()) == expected
    assert _labels(api.done(rid, "acknowledge", "city")) == expected
