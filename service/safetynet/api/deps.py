"""Typed dependencies of the routes, in one place: the runtime and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.requests import HTTPConnection
from fastapi.security import HTTPBearer

from safetynet.api.authfailures import AuthFailures
from safetynet.api.ratelimit import TokenBuckets
from safetynet.auth import Actor
from safetynet.errors import Unauthorized
from safetynet.runtime.build import Runtime


async def get_runtime(request: Request) -> Runtime:  # async: no thread hand-off for a dict read and a stat
    runtime: Runtime = request.app.state.runtime
    if runtime.reload_due():  # another server process reloaded the rules: follow before answering
        await run_in_threadpool(runtime.follow_reloads)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


class BearerActor(HTTPBearer):
    """The caller: who holds the bearer token. The security scheme is itself the dependency (declared in the OpenAPI
    as ``HTTPBearer``, as FastAPI's own scheme was): FastAPI solves each dependency of each request anew, and a
    function of the scheme's credentials was one more."""

    # The scheme answers the caller, not its credentials: FastAPI reads only the scheme from the class.
    async def __call__(self, request: HTTPConnection) -> Actor:  # type: ignore[override]
        credentials = await super().__call__(request)
        if credentials is None:
            raise Unauthorized("send 'Authorization: Bearer TOKEN' (create one with `safetynet token create`)")
        # The runtime from the app, not from ``RuntimeDep``: FastAPI solves a shared dependency's own dependencies
        # again before it finds its value cached, and the store does not change when the rules are reloaded.
        runtime: Runtime = request.app.state.runtime
        failures: AuthFailures = request.app.state.auth_failures  # 429 past the client's failures (authfailures.py)
        actor = await failures.actor_for(request, runtime.require_store().tokens, credentials.credentials)
        if actor is None:
            raise Unauthorized("unknown or revoked token")
        rate_limits: TokenBuckets = request.app.state.rate_limits
        rate_limits.take(actor.token_id)  # 429 past the token's limit (api/ratelimit.py)
        return actor


get_actor = BearerActor(auto_error=False, scheme_name="HTTPBearer", description="a token from `safetynet token create`")
ActorDep = Annotated[Actor, Depends(get_actor)]
