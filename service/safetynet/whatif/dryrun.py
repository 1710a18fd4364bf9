"""``POST /v1/rules/reload?dry_run=true``: the rules folder checked and tried on the most recent stored cases,
never swapped in.

The live rules keep serving throughout. The live rule book and the draft are each built into an engine of
their own, beside the live engine (sharing its lock: one lock around every call into durable_rules), used for
the replay and closed before the answer, so that nothing of the draft stays registered in the process.

Every case is planned as if asked now (the draft would serve from now on), on today's network. The answer
gives counts per need and per rule; each example names the plan and the need, and only for an admin also the
case_ref and what the plan would say: a policy writer never reads plans, and a case_ref is the CM's own
reference, which people in a province can tie to a child (with the need, it would tell them about that child).
A plan_id tells nothing by itself, and only those who may read the plan can open it.
"""

from __future__ import annotations

from contextlib import closing
from datetime import datetime
from typing import Any

from safetynet.auth import Actor
from safetynet.runtime.build import Runtime
from safetynet.whatif.replay import checked_rules, open_sides, replay
from safetynet.whatif.rulesdiff import rules_diff
from safetynet.whatif.sources import stored_items


def dry_run(runtime: Runtime, actor: Actor) -> dict[str, Any]:
    """The answer of a dry-run reload; ``RuleFilesInvalid`` (422) when the folder has errors."""
    draft = checked_rules(runtime.settings.rules_dir)
    live = runtime.engine.book
    zone = runtime.zone
    limit = runtime.settings.whatif_recent_cases
    now = datetime.now(zone).replace(microsecond=0)
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
        "stored": {"most_recent": limit, "replayed": report.cases, "skipped": len(skipped), "as_of": now.isoformat()},
        "whatif": report.as_dict(details=actor.role == "admin"),
    }
