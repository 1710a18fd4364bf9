"""The ``safetynet`` command: each command is a thin call into the modules that do the work."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from safetynet.cli.common import (
    data_files,
    database,
    day_option,
    fail,
    province_option,
    require_cm_unit,
    settings,
    today,
)
from safetynet.cli.referrals import register as register_referrals
from safetynet.cli.tokens import token_app
from safetynet.cli.whatif import register as register_whatif
from safetynet.errors import Problem, SafetynetError, errors_only

app = typer.Typer(help="safetynet: suggested referral plans for Thailand's case managers.", no_args_is_help=True)
rules_app = typer.Typer(help="Policy writers' rule files (rules/).", no_args_is_help=True)
graph_app = typer.Typer(help="The partner network (graph/).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
app.add_typer(graph_app, name="graph")
app.add_typer(token_app, name="token")


def _report(problems: list[Problem], what: str, directory: Path) -> None:
    for problem in problems:
        typer.echo(str(problem))
    errors = len(errors_only(problems))
    named = str(directory) if directory.name == what else f"{what} {directory}"  # "rules", not "rules rules"
    typer.echo(f"{named}: {errors} error(s), {len(problems) - errors} warning(s)", err=True)
    raise typer.Exit(1 if errors else 0)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="address to listen on")] = None,
    port: Annotated[int | None, typer.Option(help="port to listen on")] = None,
) -> None:
    """Serve the API (OpenAPI at /docs). SAFETYNET_WORKERS sets the number of server processes; the limits on
    connections are SAFETYNET_* settings too (README, docs/api.md)."""
    from safetynet.api.app import create_app
    from safetynet.api.server import serve as run_server
    from safetynet.runtime.bootstrap import ensure_admin_token
    from safetynet.runtime.build import build_runtime

    options = settings()
    with data_files("serve"), database("serve", options):
        runtime = build_runtime(options)  # checks rules/ and graph/, runs the migrations
    address = (host or options.host, port or options.port)
    try:
        with database("serve", options):
            ensure_admin_token(runtime.require_store(), options.var_dir, typer.echo, host=address[0], port=address[1])
        if options.workers == 1:
            run_server(create_app(options, runtime=runtime), options, *address)
            return
    finally:
        runtime.close()
    run_server("safetynet.api.app:create_app_from_env", options, *address)


@app.command()
def plan(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="a case (JSON/YAML) or JSONL of cases")],
    as_json: Annotated[bool, typer.Option("--json", help="print exactly the API's JSON")] = False,
) -> None:
    """Print the suggested plan for each case in FILE (a preview: nothing is stored)."""
    from safetynet.cli.render import plan_text
    from safetynet.datafiles.casefile import read_cases
    from safetynet.runtime.build import build_runtime

    with data_files("plan"):
        runtime = build_runtime(settings(), with_store=False)
    failed = False
    try:
        for result in read_cases(file):
            if isinstance(result, list):
                failed = True
                for problem in result:
                    typer.echo(str(problem), err=True)
                continue
            try:
                made = runtime.planner.plan(result, now=datetime.now(UTC))
            except SafetynetError as exc:
                failed = True
                typer.echo(f"{file}: {result.case_ref}: {exc}", err=True)
                continue
            typer.echo(made.model_dump_json() if as_json else plan_text(made))
    finally:
        runtime.close()
    raise typer.Exit(1 if failed else 0)


@app.command()
def screen(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="survey rows: .csv or .jsonl")],
    out: Annotated[Path | None, typer.Option(help="write JSON lines here instead of standard output")] = None,
    on: Annotated[str | None, typer.Option(help="screening date, YYYY-MM-DD in 2000-2100 (default: today)")] = None,
) -> None:
    """Put each survey row in a risk tier with suggested needs: one JSON line per row.

    Exit 0 when every row was screened, 2 when some malformed rows were skipped (each named on stderr),
    1 when the file cannot be read."""
    from safetynet.cli.screen import SurveyFileError, run_screen
    from safetynet.runtime.build import build_runtime

    options = settings()
    day = day_option("--on", on) if on else today(options)
    with data_files("screen"):
        runtime = build_runtime(options, with_store=False)
    try:
        skipped = run_screen(runtime.engine, file, out, day)
    except SurveyFileError as exc:
        fail(str(exc))
    finally:
        runtime.close()
    raise typer.Exit(2 if skipped else 0)


@rules_app.command("check")
def rules_check(
    directory: Annotated[Path | None, typer.Argument(help="default: rules/")] = None,
    graph: Annotated[
        Path | None, typer.Option(help="the network whose service codes services.yaml must keep (default: graph/)")
    ] = None,
) -> None:
    """Check every rule file: one `path:line:col: message` line per problem; exit 1 on any error.

    A service code that the partner network uses must stay in services.yaml: dropping it is an error against the
    network named with --graph, a warning against the default graph/ (the reload refuses it). A rule whose service no
    organization of the network gives is a warning."""
    from safetynet.datafiles.loadfile import no_folder
    from safetynet.network import codes_in
    from safetynet.rules import Offered, check_rules, checked_book
    from safetynet.runtime.build import services_file

    options = settings()
    day = today(options)
    target = directory or options.rules_dir
    network = graph or options.graph_dir
    if graph is not None and not graph.is_dir():  # the default may be absent (a rules-only repository), not this
        missing = no_folder(graph, "the network", "SAFETYNET_GRAPH_DIR")
        problem = replace(missing, message=f"--graph: {missing.message}")
        _report([*check_rules(target, day=day), problem], "rules", target)
    codes = codes_in(network) if network.is_dir() else None  # its files read once, for both checks
    offered = Offered(f"{network}/", codes.given) if codes is not None else None
    book, problems = checked_book(target, day=day, offered=offered)
    if book is not None and codes is not None:
        dropped = codes.dropped(book.services, services_file(book.services))
        # The contract: exit 0 when every rule file is valid. Against the network named with --graph a dropped code
        # is an error; against the default folder, a warning (the reload refuses it all the same).
        problems += dropped if graph is not None else [replace(p, severity="warning") for p in dropped]
    _report(problems, "rules", target)


@graph_app.command("check")
def graph_check(
    directory: Annotated[Path | None, typer.Argument(help="default: graph/")] = None,
    rules: Annotated[Path | None, typer.Option(help="rules folder with services.yaml (default: rules/)")] = None,
) -> None:
    """Check every partner network file: one `path:line:col: message` line per problem; exit 1 on any error.

    Service codes are checked against the services catalogue of the rules folder (services.yaml)."""
    from safetynet.runtime.build import check_network_files

    options = settings()
    if rules is not None:
        options = options.model_copy(update={"rules_dir": rules})
    target = directory or options.graph_dir
    with data_files("check the network", catalogue=options.rules_dir, other=", or give another with --rules"):
        problems = check_network_files(options, target)
    _report(problems, "graph", target)


@graph_app.command("export")
def graph_export(out: Annotated[Path, typer.Option(help="GraphML file to write")]) -> None:
    """Export the partner network as GraphML (for Gephi, yEd, networkx)."""
    from safetynet.network import write_graphml
    from safetynet.runtime.build import build_network

    options = settings()
    with data_files("export the network", catalogue=options.rules_dir):
        network = build_network(options)
    write_graphml(network, out)
    typer.echo(f"wrote {out}", err=True)


@app.command()
def coverage(
    province: Annotated[str, typer.Option(help="ISO 3166-2:TH code (TH-52), or the Thai or English name")],
    *,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    suggest_mous: Annotated[bool, typer.Option("--suggest-mous", help="rank the MOUs to sign next")] = False,
    cases: Annotated[
        Path | None, typer.Option(exists=True, dir_okay=False, help="--suggest-mous: these cases, not the stored ones")
    ] = None,
    since: Annotated[str | None, typer.Option(help="--suggest-mous: stored plans made on or after YYYY-MM-DD")] = None,
    mou_hours: Annotated[
        float | None, typer.Option(min=0.1, help="--suggest-mous: hours a new MOU takes (default: the median)")
    ] = None,
    top: Annotated[int | None, typer.Option(min=1, help="--suggest-mous: how many to show (default: 10)")] = None,
    graph: Annotated[Path | None, typer.Option(help="a draft partner network folder (default: graph/)")] = None,
    rules: Annotated[
        Path | None, typer.Option(help="a draft rules folder, for its services and the kinds its rules ask for")
    ] = None,
) -> None:
    """District × service table of partners the province's CM units reach (every district), of the kinds the rules
    in force ask for each service, holes named; with --suggest-mous, the MOUs not yet signed ranked by how many cases
    would gain a candidate within the deadline. --graph and --rules: of a draft, before it goes live."""
    from safetynet.rules import load_rulebook
    from safetynet.runtime.build import build_network
    from safetynet.runtime.coverage import province_coverage

    province = province_option(province)
    options = settings()
    drafts = {"graph_dir": graph, "rules_dir": rules}
    options = options.model_copy(update={k: v for k, v in drafts.items() if v is not None})
    if suggest_mous:
        from safetynet.cli.whatif import suggest_mous as suggest

        if cases is not None and since is not None:  # else it would be ignored: the file's cases are all looked at
            fail("--since goes with the stored plans, not --cases: give only the cases to look at in the file")
        suggest(province, options, cases=cases, since=since, mou_hours=mou_hours, top=top or 10, as_json=as_json)
        return
    if cases is not None or since is not None or mou_hours is not None or top is not None:
        fail("--cases, --since, --mou-hours and --top go with --suggest-mous")
    with data_files("show coverage", catalogue=options.rules_dir):
        network = build_network(options, with_paths=True)
    with data_files("show coverage"):  # a cell counts the kinds the rules ask for: they must load too
        book = load_rulebook(options.rules_dir)
    require_cm_unit(network, province)
    table = province_coverage(network, book, province, datetime.now(UTC))
    if as_json:
        typer.echo(json.dumps(table.as_dict(), ensure_ascii=False))
        return
    typer.echo(table.to_text({code: service.label for code, service in book.services.items()}))


register_whatif(app, rules_app, graph_app)
register_referrals(app)


def main(argv: list[str] | None = None) -> Any:
    os.environ.setdefault("PYTHONIOENCODING", "utf-8")
    return app(args=argv if argv is not None else sys.argv[1:], prog_name="safetynet")
