"""Settings, read from the environment (``SAFETYNET_*``) and passed in; never a module global."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SAFETYNET_", extra="ignore")

    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means SQLite at var/safetynet.db. "
        "postgresql+psycopg://... selects PostgreSQL.",
    )
    rules_dir: Path = Path("rules")
    graph_dir: Path = Path("graph")
    var_dir: Path = Path("var")
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = Field(default=1, ge=1, le=64, description="server processes")
    access_log: bool = True
    # The event loop and the group writer share the GIL: each statement the writer runs hands it back while SQLite
    # works, then waits for it while the loop answers requests, up to Python's default 5 ms (``api/server.py``).
    switch_interval: float = Field(
        default=0.0005, gt=0, le=0.1, description="seconds a server thread keeps the GIL while another waits for it"
    )
    max_body_bytes: int = Field(default=1 << 20, ge=1024, description="largest request body (413 above)")
    # What one connection may hold or how long it may stay, and how many there may be (``runtime/server.py``).
    max_header_bytes: int = Field(default=16 << 10, ge=1024, description="request line and headers (431 above)")
    max_headers: int = Field(default=100, ge=10, description="header lines in one request (431 above)")
    header_timeout: float = Field(default=10.0, gt=0, description="seconds to send a request's line and headers")
    body_timeout: float = Field(default=30.0, gt=0, description="seconds to send a request's body")
    keep_alive_timeout: float = Field(default=5.0, gt=0, description="seconds an idle connection is kept")
    max_connections: int = Field(default=1000, ge=1, description="open connections per server process")
    drain_body_bytes: int = Field(
        default=8 << 20, ge=0, description="an oversized body is read and dropped up to this, so that the 413 is read"
    )
    # Per bearer token and server process (``api/ratelimit.py``): a burst, then a steady rate.
    rate_limit_burst: int = Field(default=200, ge=1, description="requests a token may make at once")
    rate_limit_per_second: float = Field(default=20.0, gt=0, description="requests per second a token may keep up")
    # Per client address and server process (``api/authfailures.py``): unknown tokens, wrong sign-ins.
    auth_failures_per_minute: int = Field(
        default=10, ge=1, description="failed authentications a client may make at once, then per minute (429 above)"
    )
    forwarded_allow_ips: str = Field(
        default="",
        description="reverse proxies (comma-separated addresses) whose X-Forwarded-For names the client; "
        "empty: the peer of the connection is the client",
    )
    timezone: str = "Asia/Bangkok"
    session_hours: float = Field(
        default=8.0, gt=0, le=24 * 30, description="a web page session lasts this long after sign-in (web/session.py)"
    )
    whatif_recent_cases: int = Field(
        default=1000, ge=1, le=1_000_000, description="a dry-run rules reload replays this many most recent cases"
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'safetynet.db').resolve()}"
