"""``safetynet stats`` and ``safetynet referrals list``: the operator's view of referrals (the whole country, or
one province), straight from the database. No child facts are printed: ids, needs, organizations, statuses and
deadlines only."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from zoneinfo import ZoneInfo

import typer

from safetynet.cli.common import data_files, database, fail, moment_option, province_option
from safetynet.referrals.lifecycle import STATUSES
from safetynet.settings import Settings

if TYPE_CHECKING:  # imported where used, so that the other commands start fast
    from safetynet.contract.referral import ReferralCounts, Stats
    from safetynet.referrals.catalogue import Catalogue
    from safetynet.referrals.records import ReferralRecord


def _province(value: str | None) -> str | None:
    """``--province`` as every command reads it (the code, the DOPA code, or the Thai or English name)."""
    return None if value is None else province_option(value)


def _catalogue(need: str | None, rules_dir: Path) -> Catalogue:
    """The rules in ``rules_dir``, which name each need listed. ``--need``, when given, is a need of their catalogue:
    a misspelt one listed nothing, as if nothing waited. Without ``--need``, rules that do not load (a folder being
    edited: the server keeps serving the rules it has) leave the needs named by their codes, with a warning: the
    overdue referrals are still listed."""
    from safetynet.errors import DataFilesInvalid  # noqa: PLC0415
    from safetynet.referrals.catalogue import CodesOnly  # noqa: PLC0415
    from safetynet.rules.loader import load_rulebook  # noqa: PLC0415

    if need is None:
        try:
            return load_rulebook(rules_dir)
        except DataFilesInvalid as exc:
            typer.echo(
                f"warning: the rules in {rules_dir} do not load ({len(exc.problems)} problem(s); "
                "`safetynet rules check`): needs are named by their codes",
                err=True,
            )
            return CodesOnly()
    with data_files("check --need"):
        book = load_rulebook(rules_dir)
    if need not in book.needs:
        fail(f"--need: {need!r} is not in {rules_dir / 'needs.yaml'}: {', '.join(sorted(book.needs))}")
    return book


def _counts_line(label: str, c: ReferralCounts) -> str:
    share = f"{c.acknowledged_in_time_share:.0%}" if c.acknowledged_in_time_share is not None else "-"
    median = f"{c.median_hours_to_acknowledge:g} h" if c.median_hours_to_acknowledge is not None else "-"
    declined = sum(c.declined.values())
    return (
        f"{label:<36} {c.sent:>6} {c.acknowledged:>6} {c.acknowledged_in_time:>7} {share:>5} {median:>8} "
        f"{c.accepted:>6} {declined:>6} {c.done_helped:>6} {c.done_not_helped:>6} {c.overdue_now:>7}"
    )


def stats_text(figures: Stats, catalogue: Catalogue) -> str:
    """The figures as a table; each need's line ends with its name in Thai and English (as ``referrals list``: the
    columns before it keep their places, the names their whole length)."""
    from safetynet.referrals.catalogue import label_of  # noqa: PLC0415

    def need_line(need: str, counts: ReferralCounts) -> str:
        label = label_of(catalogue.needs, need)
        return f"{_counts_line(f'need {need}', counts)}  {label.th} / {label.en}"

    where = figures.province or "all provinces"
    head = (
        f"{'':<36} {'sent':>6} {'ack':>6} {'in time':>7} {'share':>5} {'median':>8} "
        f"{'accept':>6} {'declin':>6} {'helped':>6} {'not':>6} {'overdue':>7}"
    )
    lines = [f"{where}: {figures.plans} plans, {figures.referrals.sent} referrals", head]
    lines.append(_counts_line("all", figures.referrals))
    lines += [need_line(need, c) for need, c in figures.by_need.items()]
    lines += [_counts_line(org, c) for org, c in figures.by_organization.items()]
    if figures.referrals.declined:
        lines.append("declined by reason: " + ", ".join(f"{k} {n}" for k, n in figures.referrals.declined.items()))
    return "\n".join(lines)


def referral_line(r: ReferralRecord, now: datetime, zone: ZoneInfo, catalogue: Catalogue, *, as_json: bool) -> str:
    """One referral as the operator sees it, its need named in Thai and English (last: the columns before it keep
    their places, the names their whole length): no child facts."""
    from safetynet.referrals.catalogue import label_of  # noqa: PLC0415

    late = r.status == "sent" and r.refer_by < now
    label = label_of(catalogue.needs, r.need)
    if as_json:
        row: dict[str, Any] = {
            "referral_id": r.referral_id,
            "status": r.status,
            "need": r.need,
            "need_label": label.model_dump(),
            "province": r.province,
            "to_organization": r.to_organization,
            "holder": r.holder,
            "refer_by": r.refer_by.astimezone(zone).isoformat(),
            "overdue": late,
            "escalate_to": r.escalate_to,
        }
        return json.dumps(row, ensure_ascii=False)
    deadline = r.refer_by.astimezone(zone).strftime("%Y-%m-%d %H:%M")
    return (
        f"{r.referral_id}  {r.status:<12} {r.need:<34} {r.to_organization:<32} "
        f"{r.holder or '-':<32} {deadline}  {'OVERDUE' if late else '':<7}  {label.th} / {label.en}"
    )


def register(app: typer.Typer) -> None:
    """Add ``safetynet stats`` and ``safetynet referrals list`` to ``app``."""
    referrals_app = typer.Typer(help="Referrals of plan items to partners.", no_args_is_help=True)
    app.add_typer(referrals_app, name="referrals")

    def stats(
        province: Annotated[str | None, typer.Option(help="TH-65, or the Thai or English name (default: all)")] = None,
        since: Annotated[str | None, typer.Option(help="from this day, YYYY-MM-DD (Thailand time)")] = None,
        until: Annotated[str | None, typer.Option(help="up to this day, excluded, YYYY-MM-DD")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print the JSON of GET /v1/stats")] = False,
    ) -> None:
        """The 24-hour promise, measured: plans; referrals sent, acknowledged in time (share, median hours),
        accepted, declined by reason, done helped / not helped, overdue now; per need (named in Thai and English)
        and per organization."""
        from safetynet.runtime.build import utc_now  # noqa: PLC0415
        from safetynet.runtime.referrals import measured  # noqa: PLC0415
        from safetynet.store import Store  # noqa: PLC0415

        settings = Settings()
        zone = ZoneInfo(settings.timezone)
        chosen = _province(province)
        catalogue = None if as_json else _catalogue(None, settings.rules_dir)
        start, end = moment_option("--since", since, zone), moment_option("--until", until, zone)
        with database("read the statistics", settings), Store.open(settings.resolved_database_url()) as store:
            figures = measured(store, chosen, since=start, until=end, now=utc_now(), zone=zone)
        typer.echo(figures.model_dump_json() if catalogue is None else stats_text(figures, catalogue))

    def referrals_list(  # noqa: PLR0917  (typer passes options by position)
        overdue: Annotated[
            bool, typer.Option("--overdue", help="only those not acknowledged by their deadline")
        ] = False,
        province: Annotated[str | None, typer.Option(help="TH-65, or the Thai or English name")] = None,
        status: Annotated[str | None, typer.Option(help=" | ".join(STATUSES))] = None,
        need: Annotated[str | None, typer.Option(help="a need code, e.g. housing_repair")] = None,
        limit: Annotated[int, typer.Option(min=1, max=100_000, help="at most this many")] = 1000,
        as_json: Annotated[bool, typer.Option("--json", help="one JSON object a line")] = False,
    ) -> None:
        """List referrals by deadline: id, status, need, receiver, holder, deadline, OVERDUE, the need in Thai and
        English (as the rules in force name it; the code itself when they no longer have it). The escalation of each
        overdue referral listed to its provincial core team is recorded (once); with --overdue, of every one."""
        from safetynet.referrals.reach import Scope  # noqa: PLC0415
        from safetynet.runtime.build import utc_now  # noqa: PLC0415
        from safetynet.store import Store  # noqa: PLC0415
        from safetynet.store.referral_records import ReferralFilters  # noqa: PLC0415

        if status is not None and status not in STATUSES:
            fail(f"--status: {status!r} is not one of {', '.join(STATUSES)}")
        settings = Settings()
        catalogue = _catalogue(need, settings.rules_dir)
        zone = ZoneInfo(settings.timezone)
        chosen = _province(province)
        scope = Scope("province", chosen) if chosen else Scope("all")
        filters = ReferralFilters(status=status, overdue=True if overdue else None, need=need)
        now = utc_now()
        shown = 0
        with database("list the referrals", settings), Store.open(settings.resolved_database_url()) as store:
            if overdue:
                store.referrals.escalate_overdue(now)
            after: str | None = None
            while shown < limit:
                page = store.referrals.page(scope, filters, now, after=after, limit=min(200, limit - shown), actor=None)
                for record in page.items:
                    typer.echo(referral_line(record, now, zone, catalogue, as_json=as_json))
                shown += len(page.items)
                if page.next_cursor is None:
                    break
                after = page.next_cursor
        if not as_json:
            typer.echo(f"{shown} referral(s)", err=True)

    app.command("stats")(stats)
    referrals_app.command("list")(referrals_list)
