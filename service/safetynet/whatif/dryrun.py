"""``POST /v1/rules/reload?dry_run=true``: the rules folder checked and tried on the most recent stored cases,
never swapped in.

The live rules keep serving throughout. The live rule book and the draft are each built into an engine of
their own, beside the live engine (sharing its lock: one lock around every call into durable_rules), used for
the replay and closed before the answer, so that nothing of the draft stays registered in the process.

The answer gives the warnings ``safetynet rules check`` would print (overlaps, rules that can never fire, a
service no partner of the live network gives), so that a policy writer working through the API sees them too.

Every case is planned as if asked now (the draft would serve from now on), on today's network. The answer
gives counts per need and per rule; each example names the plan and the need, and only for an admin also the
case_ref and what the plan would say: a policy writer never reads plans, and a case_ref is the CM's own
reference, which people in a province can tie to a child (with the need, it would tell them about that child).
A plan_id tells nothing by itself, and only those who may read the plan can open it.

One dry run at a time among the server processes that share ``var/`` (a lock on ``var/dry-run.lock``): each
replays up to ``whatif_recent_cases`` cases (seconds of CPU) through the rule engines' one lock, which the live
engine shares, so a dozen at once held every plan of the CMs up ten times as long. Another is refused with 429
and ``Retry-After`` (``Busy``), not queued: a queue would hold the server's threads as well.
"""

from __future__ import annotations

import fcntl
import math
import os
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from safetynet.auth import Actor
from safetynet.errors import Busy, Problem
from safetynet.network import services_given
from safetynet.rules import Offered
from safetynet.runtime.build import Runtime, check_catalogue
from safetynet.whatif.replay import checked_rules, open_sides, replay
from safetynet.whatif.rulesdiff import rules_diff
from safetynet.whatif.sources import stored_items

LOCK_FILE = "dry-run.lock"
_last_seconds = [5.0]  # how long the last dry run of this process took: the Retry-After of a refused one


@contextmanager
def one_at_a_time(var_dir: Path) -> Iterator[None]:
    """Hold ``var_dir/dry-run.lock`` for the dry run; ``Busy`` when another thread or process holds it. The lock
    is the kernel's (``flock``): it is let go when the file is closed, even by a process that dies."""
    var_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(var_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy("a dry-run rules reload", math.ceil(_last_seconds[0])) from None
        started = time.monotonic()
        yield
        _last_seconds[0] = time.monotonic() - started
    finally:
        os.close(fd)


def dry_run(runtime: Runtime, actor: Actor) -> dict[str, Any]:
    """The answer of a dry-run reload; ``RuleFilesInvalid`` (422) when the folder has errors, ``Busy`` (429) while
    another dry run is running."""
    with one_at_a_time(runtime.settings.var_dir):
        return _dry_run(runtime, actor)


def _dry_run(runtime: Runtime, actor: Actor) -> dict[str, Any]:
    zone = runtime.zone
    now = datetime.now(zone).replace(microsecond=0)
    warnings: list[Problem] = []
    given = services_given(runtime.network.organizations.values())
    offered = Offered(f"{runtime.settings.graph_dir}/", given)
    draft = checked_rules(runtime.settings.rules_dir, warn=warnings.append, day=now.date(), offered=offered)
    # a code the network uses, dropped: the reload would be refused too
    check_catalogue(draft, runtime.network, runtime.settings.graph_dir)
    live = runtime.engine.book
    limit = runtime.settings.whatif_recent_cases
    skipped: list[str] = []
    with open_sides(
        (live, runtime.network, runtime.router),
        (draft, runtime.network, runtime.router),
        timezone=zone,
        beside=runtime.engine,
    ) as sides, closing(runtime.require_store().stored_cases(actor, limit=limit)) as cases:
        report = replay(stored_items(cases, skipped.append), sides, now=now, at=now, skip=skipped.append)
    report.skipped = len(skipped)
    return {
        "dry_run": True,
        "version": draft.version,
        "live_version": live.version,
        "diff": rules_diff(live, draft).as_dict(),
        "warnings": [w.as_dict() | {"text": str(w)} for w in sorted(warnings)],
        "stored": {"most_recent": limit, "replayed": report.cases, "skipped": len(skipped), "as_of": now.isoformat()},
        "whatif": report.as_dict(details=actor.role == "admin"),
    }
