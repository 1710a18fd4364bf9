"""``safetynet rules diff`` and ``graph diff``: what was added, removed and changed, by id, field by field."""

from __future__ import annotations

import json
from pathlib import Path

from tests.network.records import mou, org, write_network
from tests.whatif.conftest import ROOT, Run, edit, remove_mou, small_mous, small_organizations


def test_rules_diff_names_each_changed_field(run: Run, draft_rules: Path) -> None:
    edit(draft_rules / "housing.yaml", "child.age < 18", "child.age < 12")
    edit(
        draft_rules / "housing.yaml",
        "Repair the dilapidated home of a child under 18",
        "Repair the home of a child under 12",
    )
    edit(draft_rules / "housing.yaml", "        - {kind: provincial_administration, level: province}\n", "")
    edit(draft_rules / "needs.yaml", "label: {th: ทุนการศึกษา, en: Scholarship}\n    urgent: false",
         "label: {th: ทุนการศึกษา, en: Scholarship}\n    urgent: true")  # fmt: skip
    result = run("rules", "diff", str(ROOT / "rules"), str(draft_rules), "--json")
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    changed = diff["rules"]["changed"]
    assert list(changed) == ["housing.dilapidated_home"]
    fields = changed["housing.dilapidated_home"]
    assert set(fields) == {"when", "title.en", "then.providers"}
    assert fields["when"]["after"] == "child.age < 12 and household.housing_condition == dilapidated"
    assert fields["then.providers"]["before"][-1] == "provincial_administration (province)"
    assert len(fields["then.providers"]["after"]) == 2
    assert diff["needs"]["changed"] == {"scholarship": {"urgent": {"before": False, "after": True}}}
    assert diff["services"] == diff["screening"] == {"added": [], "removed": [], "changed": {}}
    assert diff["before"] != diff["after"]


def test_rules_diff_lists_rules_added_and_removed(run: Run, draft_rules: Path) -> None:
    edit(draft_rules / "housing.yaml", "id: housing.poor_home", "id: housing.poor_condition_home")
    result = run("rules", "diff", str(ROOT / "rules"), str(draft_rules))
    assert result.exit_code == 0, result.output
    assert "  + housing.poor_condition_home (" in result.stdout, "with its title"
    assert "  - housing.poor_home" in result.stdout
    assert "กฎคัดกรอง / screening rules: ไม่เปลี่ยน / no change" in result.stdout


def test_graph_diff_names_organizations_and_mous_by_id(run: Run, draft_graph: Path) -> None:
    remove_mou(draft_graph, "plk-cm-city-municipality")
    edit(draft_graph / "mous" / "lampang.yaml", "hours: 2", "hours: 3")  # lpg-cm-core-team
    result = run("graph", "diff", str(ROOT / "graph"), str(draft_graph), "--json")
    assert result.exit_code == 0, result.output
    diff = json.loads(result.stdout)
    assert diff["mous"]["removed"] == ["plk-cm-city-municipality"]
    assert diff["mous"]["changed"] == {"lpg-cm-core-team": {"hours": {"before": 2.0, "after": 3.0}}}
    assert diff["organizations"] == {"added": [], "removed": [], "changed": {}, "added_details": {}}


def test_graph_diff_follows_a_service_inside_an_organization(run: Run, small: dict[str, Path], tmp_path: Path) -> None:
    organizations = small_organizations()
    organizations[-1]["services"] = [{"code": "school_enrolment", "capacity": 0}]  # school-kokha takes no one now
    draft = write_network(tmp_path / "g2", organizations, small_mous())
    result = run("graph", "diff", str(small["graph"]), str(draft))
    assert result.exit_code == 0, result.output
    assert "  ~ school-kokha" in result.stdout
    assert "services.school_enrolment.capacity: -" in result.stdout


def test_a_broken_side_of_a_diff_is_reported_with_its_place(run: Run, draft_rules: Path) -> None:
    edit(draft_rules / "housing.yaml", "need: housing_repair", "need: housing_repiar")
    result = run("rules", "diff", str(ROOT / "rules"), str(draft_rules))
    assert result.exit_code == 1
    assert str(draft_rules / "housing.yaml") + ":" in result.stdout


def test_graph_diff_names_the_organizations_added_and_removed(run: Run, small: dict[str, Path], tmp_path: Path) -> None:
    """An id alone does not tell a coordinator which body was added: the text gives its Thai and English names."""
    organizations = [o for o in small_organizations() if o["id"] != "school-kokha"]
    organizations.append(org("lg-hangchat", "local_government", district="Hang Chat", area="district"))
    draft = write_network(tmp_path / "g2", organizations, small_mous())
    result = run("graph", "diff", str(small["graph"]), str(draft))
    assert result.exit_code == 0, result.output
    assert "  + lg-hangchat (หน่วยงาน lg-hangchat / Organization lg-hangchat)" in result.stdout
    assert "  - school-kokha (หน่วยงาน school-kokha / Organization school-kokha)" in result.stdout
    as_json = json.loads(run("graph", "diff", str(small["graph"]), str(draft), "--json").stdout)
    assert as_json["organizations"]["added"] == ["lg-hangchat"], "--json keeps the ids it had"


def test_graph_diff_says_what_an_added_mou_binds_and_what_an_added_organization_gives(
    run: Run, small: dict[str, Path], tmp_path: Path
) -> None:
    """An added MOU was shown by its id alone, an added organization without its services (docs/whatif.md said
    "with the services each gives"): the coordinator could not tell what the draft adds without opening the files."""
    organizations = small_organizations()
    organizations.append(org("lg-hangchat", "local_government", district="Hang Chat", area="district",
                             services=["housing_repair", "school_enrolment"]))  # fmt: skip
    mous = [*small_mous(), mou("cm-hangchat", ["cm", "lg-hangchat"], 6, ["housing_repair"], expires=None)]
    draft = write_network(tmp_path / "g2", organizations, mous)
    result = run("graph", "diff", str(small["graph"]), str(draft))
    assert result.exit_code == 0, result.output
    assert (
        "  + lg-hangchat (หน่วยงาน lg-hangchat / Organization lg-hangchat)\n"
        "      kind: local_government\n      province: TH-52\n      district: Hang Chat\n"
        "      service_area: district\n      services: [housing_repair, school_enrolment]\n"
    ) in result.stdout
    assert (
        "  + cm-hangchat\n      parties: [cm, lg-hangchat]\n      services: [housing_repair]\n      hours: 6.0\n"
        "      signed: 2025-01-01\n"
    ) in result.stdout
    as_json = json.loads(run("graph", "diff", str(small["graph"]), str(draft), "--json").stdout)
    assert as_json["mous"]["added"] == ["cm-hangchat"], "--json keeps what it had, and adds the details"
    assert as_json["mous"]["added_details"]["cm-hangchat"] == {
        "parties": ["cm", "lg-hangchat"], "services": ["housing_repair"], "hours": 6.0, "signed": "2025-01-01"
    }
    added = as_json["organizations"]["added_details"]["lg-hangchat"]
    assert added["services"] == ["housing_repair", "school_enrolment"]


def swap_first_two_rules(path: Path) -> None:
    """The first two rules of a file, in the other order (the file's header and the rest kept)."""
    text = path.read_text("utf-8")
    head, first, second, *rest = text.split("\n  - id: ")
    path.write_text("\n  - id: ".join([head, second.rstrip("\n") + "\n", first.rstrip("\n") + "\n", *rest]), "utf-8")


def test_rules_diff_names_a_rule_moved_ahead_of_another_of_its_need_and_priority(run: Run, draft_rules: Path) -> None:
    # housing.dilapidated_home and housing.poor_home are both of priority 0: the first in file order wins a child
    # both hold for. Moved, plans change; the diff said "no change" (it compared rules by id only).
    swap_first_two_rules(draft_rules / "housing.yaml")
    result = run("rules", "diff", str(ROOT / "rules"), str(draft_rules), "--json")
    assert result.exit_code == 0, result.output
    changed = json.loads(result.stdout)["rules"]["changed"]
    first = "first of its need and priority"
    assert changed == {
        "housing.dilapidated_home": {"order": {"before": first, "after": "after housing.poor_home"}},
        "housing.poor_home": {"order": {"before": "after housing.dilapidated_home", "after": first}},
    }
    text = run("rules", "diff", str(ROOT / "rules"), str(draft_rules)).stdout
    assert f"~ housing.poor_home\n      order: after housing.dilapidated_home\n           → {first}\n" in text, text
