"""Plan every case on both sides and count what changed; and the loading of draft folders, checked first.

A draft that has errors is refused with every problem, exactly as ``safetynet rules check`` /
``safetynet graph check`` list them (``RuleFilesInvalid`` / ``NetworkFilesInvalid``), before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from safetynet.errors import RuleFilesInvalid, errors_only
from safetynet.network import Network, Router, load_network
from safetynet.rules import RuleBook, RuleEngine, check_rules, load_rulebook
from safetynet.whatif.report import Report
from safetynet.whatif.side import Side
from safetynet.whatif.sources import Item


def checked_rules(directory: Path) -> RuleBook:
    """The rule book of ``directory``; ``RuleFilesInvalid`` with every problem ``rules check`` lists, warnings
    included, when any is an error."""
    problems = check_rules(directory)
    if errors_only(problems):
        raise RuleFilesInvalid(problems)
    return load_rulebook(directory)


def checked_network(directory: Path, services: Collection[str], timezone: tzinfo) -> Network:
    """The network of ``directory``, offering the codes of the services catalogue ``services``;
    ``NetworkFilesInvalid`` with every problem ``graph check`` lists."""
    return load_network(directory, services, timezone=timezone)


@dataclass
class Sides:
    """The two sides of a what-if, and the engines built for them (closed by ``close``)."""

    before: Side
    after: Side
    engines: list[RuleEngine] = field(default_factory=list)

    def close(self) -> None:
        for engine in self.engines:
            engine.close()

    def __enter__(self) -> Sides:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_sides(
    before: tuple[RuleBook, Network, Router | None],
    after: tuple[RuleBook, Network, Router | None],
    *,
    timezone: ZoneInfo,
    beside: RuleEngine | None = None,
) -> Sides:
    """A rule engine for each rule book (one when both sides have the same book), sharing the lock of
    ``beside`` (the engine serving in this process, if any); a router per network unless given."""
    engines = [RuleEngine(before[0], beside=beside)]
    try:
        if after[0] is not before[0]:
            engines.append(RuleEngine(after[0], beside=beside or engines[0]))
        first = Side(engine=engines[0], network=before[1], router=before[2], timezone=timezone)
        router = after[2] or (first.router if after[1] is before[1] else None)
        second = Side(engine=engines[-1], network=after[1], router=router, timezone=timezone, same_rules_as=first)
    except BaseException:
        for engine in engines:
            engine.close()
        raise
    return Sides(first, second, engines)


def replay(
    items: Iterable[Item],
    sides: Sides,
    *,
    now: datetime,
    at: datetime | None = None,
    examples: int = 3,
    advance: Callable[[], None] = lambda: None,
) -> Report:
    """Every item planned on both sides, compared need by need. ``now``: when a case that does not say was
    asked (a stored plan's own time is used for its case); ``at``: plan every case as asked then instead."""
    before, after = sides.before, sides.after
    report = Report(
        rules_version=(before.rules_version, after.rules_version),
        graph_version=(before.graph_version, after.graph_version),
        examples_per_kind=examples,
    )
    for item in items:
        moment = item.now or now
        was = before.outcomes(item.before, start=item.start, now=moment, at=at) if item.before is not None else {}
        will = after.outcomes(item.after, start=item.start, now=moment, at=at) if item.after is not None else {}
        report.add(item.case_ref, item.plan_id, was, will)
        advance()
    return report
