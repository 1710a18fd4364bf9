"""What the commands share: the settings, one way to fail, the guards around data files and the database, the
date and province options (each turns a problem into one line saying what to do, exit 1, never a traceback),
and the progress bar.

``cli/main.py``, ``cli/whatif.py`` and ``cli/referrals.py`` use them; nothing here runs at import time.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn
from zoneinfo import ZoneInfo

import typer

from safetynet.errors import DataFilesInvalid, NetworkFilesInvalid
from safetynet.settings import Settings

if TYPE_CHECKING:  # rich is imported where a bar is drawn, so that the other commands start fast
    from rich.progress import ProgressColumn

    from safetynet.network import Network


def settings() -> Settings:
    return Settings()


def fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


@contextmanager
def data_files(doing: str, *, catalogue: Path | None = None, other: str = "") -> Iterator[None]:
    """Around the loading of rules/ or graph/ by a command: when they have errors, print each problem as
    ``path:line:col: message`` and exit 1 with one line saying what to do, never a traceback.

    ``catalogue``: the rules folder whose services catalogue a network command reads (``other``: how to name
    another one)."""
    try:
        yield
    except DataFilesInvalid as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        if isinstance(exc, NetworkFilesInvalid):
            fail(f"cannot {doing}: the {exc.what} have errors (see above); fix them and `safetynet graph check` again")
        if catalogue is not None:
            fail(
                f"cannot {doing}: the network's service codes are those of {catalogue / 'services.yaml'}, and "
                f"the services catalogue in {catalogue} cannot be read (see above); fix it "
                f"(`safetynet rules check {catalogue}`){other}"
            )
        fail(f"cannot {doing}: the {exc.what} have errors (see above); fix them and `safetynet rules check` again")


@contextmanager
def database(doing: str, settings: Settings) -> Iterator[None]:
    """Around a command's use of the database: when it cannot be reached, one line saying what failed and what
    to check (the URL, its password masked; whether the server runs), exit 1, never a traceback."""
    from safetynet.store import StoreUnavailable
    from safetynet.store.database import parse_url, shown

    try:
        yield
    except StoreUnavailable as exc:
        message = f"cannot {doing}: {exc}"
        try:
            url = parse_url(settings.resolved_database_url())
        except StoreUnavailable:
            fail(message)  # not a URL at all: the message says what to write, and the text is not shown
        if shown(url) not in message:
            message += f" (database {shown(url)})"
        check = "SAFETYNET_DATABASE_URL is right"
        if url.get_backend_name() == "postgresql":
            fail(f"{message}. Check that the PostgreSQL server is running there and that {check}")
        if settings.database_url:
            fail(f"{message}. Check that the file's folder can be written and that {check}")
        fail(f"{message}. Check that SAFETYNET_VAR_DIR can be written, or set SAFETYNET_DATABASE_URL")


def day_option(option: str, value: str) -> date:
    """A YYYY-MM-DD option, within the years a referral can be dated."""
    from safetynet.contract.case import FIRST_YEAR, LAST_YEAR, in_bounds, year_hint

    try:
        day = date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date: give YYYY-MM-DD, e.g. 2026-11-22")
    if not in_bounds(day):
        fail(
            f"{option}: {value} is out of range{year_hint(day)}: give a date in the years {FIRST_YEAR}-{LAST_YEAR}"
        )
    return day


def moment_option(option: str, value: str | None, zone: ZoneInfo, hour: int = 0) -> datetime | None:
    """A YYYY-MM-DD option as ``hour`` o'clock of that day in ``zone``; None when the option is not given."""
    return None if value is None else datetime.combine(day_option(option, value), time(hour), zone)


def today(options: Settings) -> date:
    """Today where the service is (``SAFETYNET_TIMEZONE``): the default day of the commands that take one."""
    return datetime.now(ZoneInfo(options.timezone)).date()


def province_option(text: str) -> str:
    """The ISO code of the province ``--province`` names: the code, the DOPA code, or the Thai or English name."""
    from safetynet.places import PlaceError, resolve_province

    try:
        return resolve_province(text).code
    except PlaceError as exc:
        fail(f"--{exc}")


def require_cm_unit(network: Network, province: str) -> None:
    """Refuse a ``--province`` (an ISO code) without a CM unit in ``network``: nothing starts a referral there."""
    from safetynet.contract.vocabulary import CM_UNIT

    if not network.cm_units(province):
        fail(
            f"--province: no case_management unit in {province}; known provinces: "
            + ", ".join(sorted({o.province for o in network.organizations.values() if o.kind == CM_UNIT}))
        )


@contextmanager
def progress_bar(description: str, total: float | None, count: ProgressColumn) -> Iterator[Callable[[float], None]]:
    """A progress bar on standard error, drawn only when standard error is a terminal (standard output carries the
    command's results); yields the function that advances it. ``count``: how done is shown (bytes, items)."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TimeRemainingColumn

    progress = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        count,
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
        transient=True,
    )
    with progress:
        task = progress.add_task(description, total=total)
        yield lambda done: progress.advance(task, done)
