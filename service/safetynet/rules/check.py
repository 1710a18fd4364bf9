"""``safetynet rules check``: every error in a rules folder, and the warnings of the gap/overlap analysis.

Errors stop the rules from loading. Warnings do not; they point at what a policy writer should look at:

* a need that no rule answers (a CM asking for it gets "no rule");
* two rules for the same need and the same priority whose conditions can both hold, in force on a same
  day, with different outcomes (the planner takes the first in file order: is that what was meant?);
  rules with different priorities are not reported: the priority says which one wins;
* a rule whose service, according to services.yaml, does not answer the rule's need;
* a service that no rule suggests;
* a rule whose service no organization of the network gives (when ``check_rules`` is told the network's);
* a rule that can never fire: conditions no child meets, or an ``until`` already past (``neverfires.py``).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from safetynet.errors import Problem, errors_only
from safetynet.rules.limits import limit_problems
from safetynet.rules.loader import read_rulebook
from safetynet.rules.model import Rule, RuleBook
from safetynet.rules.neverfires import never_fires
from safetynet.rules.overlap import describe, overlap


@dataclass(frozen=True)
class Offered:
    """The services some organization of a partner network gives, and the network's folder (for the message)."""

    folder: str
    services: Collection[str]


def check_rules(directory: Path, *, day: date | None = None, offered: Offered | None = None) -> list[Problem]:
    """Errors and warnings for ``directory``, sorted by place; never raises for bad files. ``day`` (default: today,
    UTC; the commands give today in the service's time zone) decides which rules have expired; ``offered``, which
    services a rule may send a need to and find a partner."""
    return checked_book(directory, day=day, offered=offered)[1]


def checked_book(
    directory: Path, *, day: date | None = None, offered: Offered | None = None
) -> tuple[RuleBook | None, list[Problem]]:
    """``check_rules``, with the rule book it read when none of the problems is an error (else None): a caller that
    goes on to use the book reads the folder once."""
    result = read_rulebook(directory)
    problems = list(result.problems)
    if result.book is not None and not errors_only(problems):
        problems.extend(limit_problems(result.book))
        problems.extend(warnings(result.book, day or datetime.now(UTC).date()))
        if offered is not None:
            problems.extend(unoffered(result.book, offered))
    problems = sorted(set(problems))
    return (None if errors_only(problems) else result.book), problems


def unoffered(book: RuleBook, offered: Offered) -> list[Problem]:
    """A warning for each rule whose service no organization gives: its needs fall back quietly, or go unmet."""
    return [
        Problem.warning(
            rule.place_of("then.service"),
            f"{rule.id}: no organization in {offered.folder} gives service {rule.outcome.service!r}: a need this rule "
            "answers falls back to the need's other rules, or goes unmet; add the service to the partners that give "
            f"it in {offered.folder}, and see which districts it reaches with 'safetynet coverage --province P "
            f"--rules {book.directory}'",
        )
        for rule in book.rules
        if rule.outcome.service not in offered.services
    ]


def warnings(book: RuleBook, day: date) -> list[Problem]:
    out: list[Problem] = []
    for need in book.needs.values():
        if not book.rules_for(need.code):
            out.append(
                Problem.warning(
                    need.source,
                    f"no rule answers need {need.code!r}: a case asking for it gets 'no rule'; "
                    "add a rule with 'need: " + need.code + "' to a rules file",
                )
            )
    used = {r.outcome.service for r in book.rules}
    for service in book.services.values():
        if service.code not in used:
            out.append(Problem.warning(service.source, f"no rule suggests service {service.code!r}"))
    for rule in book.rules:
        answers = book.services.get(rule.outcome.service)
        if answers is not None and rule.need not in answers.needs:
            out.append(
                Problem.warning(
                    rule.source,
                    f"{rule.id}: service {answers.code!r} does not list need {rule.need!r} in services.yaml; "
                    f"add it there, or choose a service that answers {rule.need!r}",
                )
            )
    out.extend(overlaps(book))
    out.extend(never_fires(book, day))
    return out


def overlaps(book: RuleBook) -> list[Problem]:
    out: list[Problem] = []
    for need in book.needs:
        rules = book.rules_for(need)
        for i, first in enumerate(rules):
            out.extend(p for second in rules[i + 1 :] if (p := _overlap(first, second)) is not None)
    return out


def _overlap(first: Rule, second: Rule) -> Problem | None:
    """A warning when two rules for one need can fire for the same child, in force on a same day, with different
    outcomes and the same priority (different priorities: the policy writer has said which one wins)."""
    if first.priority != second.priority or _same_outcome(first, second) or not _dates_meet(first, second):
        return None
    example = overlap(first.condition, second.condition)
    if example is None:
        return None
    return Problem.warning(
        second.source,
        f"{second.id} overlaps {first.id} ({first.source}): both can fire for need {first.need!r} "
        f"(e.g. {describe(example)}) with different outcomes and the same priority; the planner uses "
        f"{first.id} (earlier in file order): set 'priority:' on the one that should win, or make the "
        "conditions exclusive",
    )


def _same_outcome(a: Rule, b: Rule) -> bool:
    return (
        a.outcome.service == b.outcome.service
        and set(a.outcome.providers) == set(b.outcome.providers)
        and a.outcome.urgent == b.outcome.urgent
    )


def _dates_meet(a: Rule, b: Rule) -> bool:
    a_end = a.until or b.effective_from.max
    b_end = b.until or a.effective_from.max
    return a.effective_from <= b_end and b.effective_from <= a_end
