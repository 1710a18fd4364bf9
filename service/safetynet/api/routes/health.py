from __future__ import annotations

from pydantic import BaseModel

from safetynet.api.deps import RuntimeDep
from safetynet.api.errors import error_responses
from safetynet.api.jsonbody import StrictJsonRoute
from safetynet.api.router import ApiRouter

router = ApiRouter(tags=["health"], route_class=StrictJsonRoute)


class Health(BaseModel):
    status: str
    rules_version: str
    graph_version: str


@router.get("/healthz", response_model=Health, responses=error_responses(503))
def healthz(runtime: RuntimeDep) -> Health:
    """No token needed: the versions that serve plans now."""
    runtime.require_store().ping()
    return Health(status="ok", rules_version=runtime.engine.version, graph_version=runtime.network.version)
