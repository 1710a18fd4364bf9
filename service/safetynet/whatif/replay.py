"""Plan every case on both sides and count what changed; and the loading of draft folders, checked first.

A draft that has errors is refused with every problem, exactly as ``safetynet rules check`` /
``safetynet graph check`` list them (``RuleFilesInvalid`` / ``NetworkFilesInvalid``), before anything runs.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo

from safetynet.errors import Problem, RuleFilesInvalid
from safetynet.network import Network, Router, load_network
from safetynet.rules import Offered, RuleBook, RuleEngine, checked_book
from safetynet.whatif.outcome import NOT_PLANNED, UNKNOWN_NEED, Outcome
from safetynet.whatif.report import Report
from safetynet.whatif.side import Side
from safetynet.whatif.sources import Item


def checked_rules(
    directory: Path,
    warn: Callable[[Problem], None] | None = None,
    *,
    day: date | None = None,
    offered: Offered | None = None,
) -> RuleBook:
    """The rule book of ``directory``; ``RuleFilesInvalid`` with every problem ``rules check`` lists, warnings
    included, when any is an error. Without errors, each warning is given to ``warn``: a draft that only warns
    still runs, but its writer is told what ``rules check`` would say (``day``: the day it checks on; ``offered``:
    the services the network gives, as ``rules.check_rules`` takes them)."""
    book, problems = checked_book(directory, day=day, offered=offered)  # the folder read once
    if book is None:
        raise RuleFilesInvalid(problems)
    if warn is not None:
        for problem in problems:
            warn(problem)
    return book


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

    def refusal(self, item: Item) -> str | None:
        """Why no plan can be made for ``item`` on either side (as ``safetynet plan`` says it), or None. Such a
        case is not the child's (a misspelt ``requested_by`` or need code): counted, it would read as a child
        never served."""
        if item.before is None or item.after is None:
            return None
        reason = self.before.refusal(item.before, item.start)
        return reason if reason is not None and self.after.refusal(item.after, item.start) is not None else None

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
    skip: Callable[[str], None] = lambda _: None,
) -> Report:
    """Every item planned on both sides, compared need by need. ``now``: when a case that does not say was
    asked (a stored plan's own time is used for its case); ``at``: plan every case as asked then instead.
    ``skip`` is told of each case that neither side can plan (``Sides.refusal``), which is not counted."""
    before, after = sides.before, sides.after
    report = Report(
        rules_version=(before.rules_version, after.rules_version),
        graph_version=(before.graph_version, after.graph_version),
        examples_per_kind=examples,
    )
    for item in items:
        if item.before is None and item.after is None:  # an input skipped, or with nothing to plan on either side
            advance()
            continue
        moment = item.now or now
        was = before.outcomes(item.before, start=item.start, now=moment, at=at) if item.before is not None else {}
        will = after.outcomes(item.after, start=item.start, now=moment, at=at) if item.after is not None else {}
        if _refused(was) and _refused(will) and (reason := sides.refusal(item)) is not None:
            skip(f"{item.named()}: skipped: {reason}")
            advance()
            continue
        report.add(item.case_ref, item.plan_id, was, will)
        advance()
    return report


def _refused(outcomes: dict[str, Outcome]) -> bool:
    """Does a side's planning of a case look refused (cheap: only then is ``Sides.refusal`` asked why)?"""
    return any(o is NOT_PLANNED or o is UNKNOWN_NEED for o in outcomes.values())
