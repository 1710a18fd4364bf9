"""Server processes that share var/ follow each other's rule reloads (``reloadstamp`` and ``Runtime``)."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from safetynet.rules import RuleBook, load_rulebook
from safetynet.runtime import build as runtime_module
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.runtime.reloadstamp import ReloadStamp
from safetynet.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_publication_is_seen_once_by_the_others_and_never_by_its_publisher(tmp_path: Path) -> None:
    path = tmp_path / "var" / "rules-reloaded"
    publisher, follower = ReloadStamp(path), ReloadStamp(path)
    assert not follower.changed()
    assert follower.take() is None
    publisher.publish("v2")
    assert not publisher.changed()
    assert follower.changed()
    assert follower.take() == "v2"
    assert not follower.changed()
    publisher.publish("v3")  # the same text twice over would still be a new publication
    assert follower.changed()
    assert follower.take() == "v3"


def edit_housing(rules: Path) -> None:
    housing = rules / "housing.yaml"
    housing.write_text(housing.read_text("utf-8").replace("child.age < 18", "child.age < 17"), "utf-8")


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[tuple[Runtime, Runtime, Path]]:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", rules_dir=rules, graph_dir=ROOT / "graph", var_dir=tmp_path
    )
    first, second = build_runtime(settings), build_runtime(settings)
    try:
        yield first, second, rules
    finally:
        first.close()
        second.close()


def test_a_worker_follows_a_reload_made_by_another(two_workers: tuple[Runtime, Runtime, Path]) -> None:
    first, second, rules = two_workers
    edit_housing(rules)
    book = first.reload_rules()
    assert not first.reload_due()
    assert second.reload_due()
    second.follow_reloads()
    assert second.engine.version == book.version
    assert not second.reload_due()


def test_a_worker_keeps_its_rules_when_the_files_broke_after_the_reload(
    two_workers: tuple[Runtime, Runtime, Path], caplog: pytest.LogCaptureFixture
) -> None:
    first, second, rules = two_workers
    serving = second.engine.version
    edit_housing(rules)
    first.reload_rules()
    (rules / "housing.yaml").write_text("rules: [\n", "utf-8")
    with caplog.at_level(logging.WARNING, logger="safetynet.runtime.build"):
        second.follow_reloads()
    assert second.engine.version == serving
    assert "do not load here" in caplog.text
    assert "child" not in caplog.text  # names the versions, never case data or rule text


def test_a_reload_published_while_a_worker_starts_is_not_missed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker reloads while this one is reading rules/: the new worker must still follow."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}",
        rules_dir=ROOT / "rules",
        graph_dir=ROOT / "graph",
        var_dir=tmp_path,
    )
    real_load = load_rulebook  # the function runtime_module calls, patched there below

    def load_while_another_reloads(directory: Path) -> RuleBook:
        book = real_load(directory)
        ReloadStamp(tmp_path / "rules-reloaded").publish("a-version-from-elsewhere")
        return book

    monkeypatch.setattr(runtime_module, "load_rulebook", load_while_another_reloads)
    starting = build_runtime(settings)
    try:
        assert starting.reload_due()
    finally:
        starting.close()
