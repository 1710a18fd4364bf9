"""Typed dependencies of the routes, in one place: the runtime and the caller."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from safetynet.api.ratelimit import TokenBuckets
from safetynet.auth import Actor
from safetynet.errors import Unauthorized
from safetynet.runtime.build import Runtime

_bearer = HTTPBearer(auto_error=False, description="a token from `safetynet token create`")


async def get_runtime(request: Request) -> Runtime:  # async: no thread hand-off for a dict read and a stat
    runtime: Runtime = request.app.state.runtime
    if runtime.reload_due():  # another server process reloaded the rules: follow before answering
        await run_in_threadpool(runtime.follow_reloads)
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


async def get_actor(
    request: Request, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
) -> Actor:
    # The runtime from the app, not from ``RuntimeDep``: FastAPI solves a shared dependency's own dependencies again
    # before it finds its value cached, and the store does not change when the rules are reloaded.
    if credentials is None:
        raise Unauthorized("send 'Authorization: Bearer TOKEN' (create one with `safetynet token create`)")
    runtime: Runtime = request.app.state.runtime
    store = runtime.require_store()
    actor = store.tokens.cached_actor(credentials.credentials)
    if actor is None:
        actor = await run_in_threadpool(store.tokens.actor_for_token, credentials.credentials)
    if actor is None:
        raise Unauthorized("unknown or revoked token")
    rate_limits: TokenBuckets = request.app.state.rate_limits
    rate_limits.take(actor.token_id)  # 429 past the token's limit (api/ratelimit.py)
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]
