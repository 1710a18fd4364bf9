from __future__ import annotations

from typing import Any

from safetynet.api.deps import ActorDep, RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.router import ApiRouter
from safetynet.auth import can_reload_rules
from safetynet.errors import Forbidden
from safetynet.rules import RuleBook
from safetynet.whatif.dryrun import dry_run as dry_run_reload
from safetynet.whatif.rulesdiff import rules_diff

router = ApiRouter(prefix="/v1/rules", tags=["rules"], route_class=StrictJsonRoute)


@router.get("", responses=error_responses(401, 503))
def list_rules(runtime: RuntimeDep, actor: ActorDep) -> dict[str, Any]:
    """The rules that serve plans now, with the needs catalogue and the screening rules."""
    return describe(runtime.engine.book)


@router.post("/reload", responses=error_responses(401, 403, 422, 503))
def reload_rules(runtime: RuntimeDep, actor: ActorDep, dry_run: bool = False) -> dict[str, Any]:
    """Read ``rules/`` again. An invalid set answers 422 with ``path:line:col`` errors and changes nothing; the
    answer says what changed (``diff``). ``dry_run=true``: check the folder and replay the most recent stored
    cases under it (``whatif``), without swapping: the live rules keep serving (docs/whatif.md)."""
    if not can_reload_rules(actor):
        raise Forbidden.for_role(actor.role, "reload rules", "admin and policy_writer")
    if dry_run:
        return dry_run_reload(runtime, actor)
    previous = runtime.engine.book
    book = runtime.reload_rules()
    return {"version": book.version, "previous_version": previous.version, "diff": rules_diff(previous, book).as_dict()}


def describe(book: RuleBook) -> dict[str, Any]:
    return {
        "version": book.version,
        "rules": [
            {
                "id": r.id,
                "title": r.title.model_dump(),
                "reference": r.reference,
                "from": r.effective_from.isoformat(),
                "until": r.until.isoformat() if r.until else None,
                "need": r.need,
                "priority": r.priority,
                "service": r.outcome.service,
                "providers": [{"kind": p.kind, "level": p.level} for p in r.outcome.providers],
                "urgent": r.outcome.urgent,
                "source": str(r.source),
            }
            for r in book.rules
        ],
        "screening": [
            {
                "id": s.id,
                "title": s.title.model_dump(),
                "reference": s.reference,
                "from": s.effective_from.isoformat(),
                "until": s.until.isoformat() if s.until else None,
                "tier": s.tier,
                "suggest": list(s.suggest),
                "source": str(s.source),
            }
            for s in book.screening
        ],
        "needs": [{"code": n.code, "label": n.label.model_dump(), "urgent": n.urgent} for n in book.needs.values()],
    }
