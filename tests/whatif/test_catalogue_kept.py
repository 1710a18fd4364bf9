"""A rules folder whose services.yaml drops (or renames) a service code the partner network still uses: the network
would no longer load with it at the next start, and its partners would stop being proposed at once. ``rules check``,
a what-if of the draft, a dry-run reload and a reload all refuse it, naming who uses the code (the reloads are in
tests/whatif/test_dryrun.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from safetynet.rules import read_rulebook
from tests.opened import files_opened
from tests.whatif.conftest import ROOT, Run, case, edit, write_cases

GRAPH = f"{ROOT / 'graph'}/"  # the network of the command line's environment


def dropped(folder: str) -> str:
    """What is said of the dropped code against the network of ``folder``."""
    return f"service 'learning_supplies' is not in the services catalogue, but the partner network ({folder}) uses it"


def renamed(rules: Path) -> Path:
    """learning_supplies renamed learning_supply in services.yaml and in the rule that suggests it: a sound rules
    folder on its own."""
    edit(rules / "services.yaml", "- code: learning_supplies", "- code: learning_supply")
    edit(rules / "supplies.yaml", "service: learning_supplies", "service: learning_supply", count=-1)
    return rules


def test_rules_check_refuses_a_code_the_network_named_uses_at_services_yaml(run: Run, draft_rules: Path) -> None:
    checked = run("rules", "check", str(renamed(draft_rules)), "--graph", str(ROOT / "graph"))
    assert checked.exit_code == 1, checked.output
    line = next(t for t in checked.stdout.splitlines() if dropped(GRAPH) in t)
    assert line.startswith(f"{draft_rules / 'services.yaml'}:1:1: ")
    assert "keep 'learning_supplies' in services.yaml" in line
    assert re.search(r"\(MOU [a-z]{3}-[a-z0-9-]+, ", line)  # who uses it, by id (the first few, whichever they are)


def test_rules_check_warns_of_it_against_the_default_network_as_the_contract_asks_exit_0(
    run: Run, draft_rules: Path
) -> None:
    """The contract: ``rules check [DIR]`` exits 0 when every rule file is valid; the default graph/ is not named."""
    checked = run("rules", "check", str(renamed(draft_rules)))
    assert checked.exit_code == 0, checked.output
    assert any(dropped(GRAPH) in t and "warning" in t for t in checked.stdout.splitlines()), checked.stdout


def test_rules_check_names_the_network_folder_given_in_what_it_says(
    run: Run, draft_rules: Path, draft_graph: Path
) -> None:
    """Against ``--graph drafts/net``, that folder uses the code and is to be edited, not graph/."""
    checked = run("rules", "check", str(renamed(draft_rules)), "--graph", str(draft_graph))
    assert checked.exit_code == 1, checked.output
    (line,) = [t for t in checked.stdout.splitlines() if "'learning_supplies' is not in the services catalogue" in t]
    assert dropped(f"{draft_graph}/") in line
    assert line.endswith(f"until {draft_graph}/ no longer uses it")
    assert "(graph/)" not in line


def test_rules_check_takes_the_network_given(run: Run, draft_rules: Path, tmp_path: Path) -> None:
    renamed(draft_rules)
    (tmp_path / "empty").mkdir()
    assert run("rules", "check", str(draft_rules), "--graph", str(tmp_path / "empty")).exit_code == 0
    missing = run("rules", "check", str(draft_rules), "--graph", str(tmp_path / "nowhere"))
    assert missing.exit_code == 1
    assert "--graph: no such folder" in missing.stdout


def test_a_relative_graph_folder_that_is_not_there_names_the_folder_it_was_looked_for_in(
    run: Run, draft_rules: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Said as every missing data folder is (``loadfile.no_folder``): a command run outside the repository finds no
    ``graph``, and the message says where it looked."""
    monkeypatch.chdir(tmp_path)
    missing = run("rules", "check", str(draft_rules), "--graph", "nowhere")
    assert missing.exit_code == 1
    assert f"nowhere:1:1: --graph: no such folder in {tmp_path}: give the folder that holds the network" in " ".join(
        missing.stdout.split()
    )


def test_a_what_if_of_such_a_draft_runs_nothing(run: Run, draft_rules: Path, tmp_path: Path) -> None:
    cases = write_cases(tmp_path / "cases.jsonl", [case("S-1", 10, ["learning_supplies"])])
    result = run("whatif", "--rules", str(renamed(draft_rules)), str(cases))
    assert result.exit_code == 1
    assert dropped(GRAPH) in result.stdout  # today's network, named as the command read it
    assert "nothing was run" in result.stderr


def test_rules_check_reads_the_network_files_once_and_the_rules_as_one_reading_does(
    run: Run, draft_rules: Path, draft_graph: Path
) -> None:
    """Both of its checks against the network (a code the rules drop, a service no organization gives) are made from
    one reading of the network's files; the services catalogue comes from the rule book it checked, not read again."""
    with files_opened(draft_rules) as once:
        read_rulebook(draft_rules)
    with files_opened(draft_rules) as rules_opened, files_opened(draft_graph) as graph_opened:
        checked = run("rules", "check", str(draft_rules), "--graph", str(draft_graph))
    assert checked.exit_code == 0, checked.output
    assert graph_opened
    assert set(graph_opened.values()) == {1}, graph_opened
    assert rules_opened == once
