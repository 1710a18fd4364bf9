"""The what-if commands: ``safetynet whatif``, ``rules diff``, ``graph diff``, and the body of
``coverage --suggest-mous``. Registered by ``cli/main.py`` (``register``); each is a thin call into
``safetynet.whatif``. Imports are made inside the commands, as in ``main.py``, so that other commands start fast.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from safetynet.network import Network
    from safetynet.rules import RuleBook
    from safetynet.settings import Settings
    from safetynet.whatif import Item, Sides

_NINE = 9  # a day given with --on is taken as 09:00 Thailand time, as the scenarios take theirs


def register(app: typer.Typer, rules_app: typer.Typer, graph_app: typer.Typer) -> None:
    app.command("whatif")(whatif)
    rules_app.command("diff")(rules_diff)
    graph_app.command("diff")(graph_diff)


@contextmanager
def _draft(directory: Path, check: str, then: str = "") -> Iterator[None]:
    """A draft folder with errors: every problem as ``rules check``/``graph check`` prints it, then exit 1.
    ``check``: the command that lists them again (with its options); ``then``: more to say on the way out."""
    from safetynet.cli.common import fail
    from safetynet.errors import DataFilesInvalid, errors_only

    try:
        yield
    except DataFilesInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem))
        errors = len(errors_only(exc.problems))
        typer.echo(f"{directory}: {errors} error(s), {len(exc.problems) - errors} warning(s)", err=True)
        fail(f"nothing was run: fix the draft in {directory} (`safetynet {check}`) and try again{then}")


def whatif(
    file: Annotated[
        Path | None, typer.Argument(exists=True, dir_okay=False, help="cases (JSON/YAML/JSONL) or survey (CSV/JSONL)")
    ] = None,
    *,
    rules: Annotated[Path | None, typer.Option(help="draft rules folder (default: today's rules)")] = None,
    graph: Annotated[Path | None, typer.Option(help="draft partner network folder (default: today's network)")] = None,
    stored: Annotated[bool, typer.Option("--stored", help="replay the cases of stored plans instead of FILE")] = False,
    province: Annotated[
        str | None, typer.Option(help="with --stored: only this province (TH-65, or the Thai or English name)")
    ] = None,
    since: Annotated[str | None, typer.Option(help="with --stored: plans made on or after YYYY-MM-DD")] = None,
    on: Annotated[str | None, typer.Option(help="plan each case as if asked on YYYY-MM-DD")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print one JSON object")] = False,
    fail_on_loss: Annotated[bool, typer.Option("--fail-on-loss", help="exit 1 when a case loses a service")] = False,
    examples: Annotated[int, typer.Option(min=0, max=100, help="example case_refs per need and kind of change")] = 3,
) -> None:
    """Plan each case under today's rules and network and under the drafts; report what changed.

    Exit 1 when a draft has errors (each printed `path:line:col: message`; nothing runs), or with
    --fail-on-loss when a case loses a service (served -> unmet); else 0."""
    from zoneinfo import ZoneInfo

    from rich.progress import MofNCompleteColumn

    from safetynet.cli.common import data_files, fail, moment_option, progress_bar, settings, today
    from safetynet.network import load_network
    from safetynet.rules import load_rulebook
    from safetynet.runtime.build import check_catalogue
    from safetynet.whatif import checked_network, checked_rules, open_sides, replay
    from safetynet.whatif.text import report_text

    if (file is None) == (not stored):
        fail("give a FILE of cases or survey rows, or --stored (not both)")
    if not stored and (province or since):
        fail("--province and --since go with --stored")
    options = settings()
    zone = ZoneInfo(options.timezone)
    at = moment_option("--on", on, zone, _NINE)
    draft_book = None
    if rules is not None:
        with _draft(rules, f"rules check {rules}"):
            day = at.date() if at is not None else today(options)
            draft_book = checked_rules(rules, warn=lambda problem: typer.echo(str(problem), err=True), day=day)
    with data_files("run the what-if"):
        book = load_rulebook(options.rules_dir)
    draft_network = None
    if graph is not None:
        # its service codes are the catalogue's of the rules it goes with: the draft's when given, else today's
        catalogue = f"; its service codes are those of {options.rules_dir / 'services.yaml'}"
        then = catalogue + ": give the draft rules that add a service with --rules" if rules is None else ""
        with _draft(graph, f"graph check {graph}" + (f" --rules {rules}" if rules else ""), then):
            draft_network = checked_network(graph, (draft_book or book).services, zone)
        for problem in draft_network.warnings:  # it runs, but its coordinator is told what `graph check` says
            typer.echo(str(problem), err=True)
    with data_files("run the what-if"):
        network = load_network(options.graph_dir, book.services, timezone=zone)
    if rules is not None and draft_book is not None and draft_network is None:
        # today's network with the draft's catalogue: a code it uses, dropped, would not load at the next start
        with _draft(rules, f"rules check {rules}"):
            check_catalogue(draft_book, network, options.graph_dir)
    skipped: list[str] = []

    def skip(message: str) -> None:
        skipped.append(message)
        typer.echo(message, err=True)

    with (
        open_sides((book, network, None), (draft_book or book, draft_network or network, None), timezone=zone) as sides,
        _items(file, province, since, settings=options, sides=sides, skip=skip) as (items, total),
        progress_bar("what-if", total, MofNCompleteColumn()) as advance,
    ):
        report = replay(
            items, sides, now=datetime.now(zone), at=at, examples=examples, advance=lambda: advance(1), skip=skip
        )
    report.skipped = len(skipped)
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        labels = {code: need.label for code, need in {**book.needs, **(draft_book or book).needs}.items()}
        typer.echo(report_text(report, labels))
    if fail_on_loss and report.losses:
        typer.echo(f"{report.losses} need(s) of the cases lose their service (served -> unmet)", err=True)
        raise typer.Exit(1)


@contextmanager
def _items(
    file: Path | None,
    province: str | None,
    since: str | None,
    *,
    settings: Settings,
    sides: Sides,
    skip: Callable[[str], None],
) -> Iterator[tuple[Iterator[Item], int | None]]:
    """The items to replay, from FILE or else the store, and how many there may be (for the progress bar; None:
    not known)."""
    from zoneinfo import ZoneInfo

    from safetynet.cli.common import database, fail, moment_option, province_option, today
    from safetynet.whatif import case_items, is_survey, stored_items, survey_items

    if file is not None:
        suffix = file.suffix.lower()
        total = _lines(file) - (suffix == ".csv") if suffix in (".csv", ".jsonl", ".ndjson") else 1  # a header
        if is_survey(file):
            from safetynet.datafiles.surveyfile import SurveyFileError

            try:
                yield survey_items(file, sides.before.engine, sides.after.engine, today(settings), skip), total
            except SurveyFileError as exc:
                fail(f"{file}: {exc}")
        else:
            yield case_items(file, skip), total
        return
    from safetynet.store import Store

    if province is not None:
        province = province_option(province)
    since_at = moment_option("--since", since, ZoneInfo(settings.timezone))
    with (
        database("read the stored plans", settings),
        Store.open(settings.resolved_database_url()) as store,
        closing(store.stored_cases(None, province=province, since=since_at)) as cases,  # its connection back, always
    ):
        yield stored_items(cases, skip), None


def _lines(path: Path) -> int:
    """The lines with something on them (blank ones are no input; the last one may have no line break)."""
    with path.open("rb") as stream:
        return sum(1 for line in stream if not line.isspace())


def _books(old: Path, new: Path) -> tuple[RuleBook, RuleBook]:
    from safetynet.whatif import checked_rules

    with _draft(old, f"rules check {old}"):
        before = checked_rules(old)
    with _draft(new, f"rules check {new}"):
        after = checked_rules(new)
    return before, after


def rules_diff(
    old: Annotated[Path, typer.Argument(help="the rules folder as it is")],
    new: Annotated[Path, typer.Argument(help="the rules folder as it would be")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Needs, services, need rules and screening rules added, removed and changed (field by field), by id."""
    from safetynet.whatif import rules_diff as diff_of
    from safetynet.whatif.text import diff_text

    diff = diff_of(*_books(old, new))
    typer.echo(json.dumps(diff.as_dict(), ensure_ascii=False) if as_json else diff_text(diff))


def graph_diff(
    old: Annotated[Path, typer.Argument(help="the network folder as it is")],
    new: Annotated[Path, typer.Argument(help="the network folder as it would be")],
    rules: Annotated[Path | None, typer.Option(help="rules folder with services.yaml (default: rules/)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Organizations (with their services) and MOUs added, removed and changed (field by field), by id."""
    from zoneinfo import ZoneInfo

    from safetynet.cli.common import data_files, settings
    from safetynet.rules import load_services
    from safetynet.whatif import checked_network
    from safetynet.whatif import graph_diff as diff_of
    from safetynet.whatif.text import diff_text

    options = settings()
    catalogue = rules or options.rules_dir
    with data_files("compare the networks", catalogue=catalogue, other=", or give another with --rules"):
        services = load_services(catalogue)
    networks: list[Network] = []
    for folder in (old, new):
        with _draft(folder, f"graph check {folder}" + (f" --rules {rules}" if rules is not None else "")):
            networks.append(checked_network(folder, services, ZoneInfo(options.timezone)))
    diff = diff_of(*networks)
    typer.echo(json.dumps(diff.as_dict(), ensure_ascii=False) if as_json else diff_text(diff))


def suggest_mous(
    province: str,
    options: Settings,
    *,
    cases: Path | None,
    since: str | None,
    mou_hours: float | None,
    top: int,
    as_json: bool,
) -> None:
    """``safetynet coverage --province P --suggest-mous``: new MOUs ranked by the cases they would help."""
    from zoneinfo import ZoneInfo

    from safetynet.cli.common import data_files, require_cm_unit
    from safetynet.network import load_network
    from safetynet.rules import load_rulebook
    from safetynet.whatif import open_sides, suggest_mous, typical_hours
    from safetynet.whatif.text import suggestions_text

    zone = ZoneInfo(options.timezone)
    with data_files("suggest MOUs"):
        book = load_rulebook(options.rules_dir)
        network = load_network(options.graph_dir, book.services, timezone=zone)
    require_cm_unit(network, province)
    now = datetime.now(zone)
    hours = mou_hours if mou_hours is not None else typical_hours(network, province, now)
    with (
        open_sides((book, network, None), (book, network, None), timezone=zone) as sides,
        _items(cases, province, since, settings=options, sides=sides, skip=_warn) as (items, _),
    ):
        found = suggest_mous(items, sides.before, province, now=now, hours=hours, skip=_warn)
    if found.elsewhere:
        more = ", ..." if found.elsewhere > len(found.elsewhere_refs) else ""
        _warn(f"{found.elsewhere} case(s) of other provinces left out ({', '.join(found.elsewhere_refs)}{more})")
    typer.echo(json.dumps(found.as_dict(top), ensure_ascii=False) if as_json else suggestions_text(found, top))


def _warn(message: str) -> None:
    typer.echo(message, err=True)
