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
    max_body_bytes: int = 1 << 20
    timezone: str = "Asia/Bangkok"
    whatif_recent_cases: int = Field(
        default=1000, ge=1, le=1_000_000, description="a dry-run rules reload replays this many most recent cases"
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.var_dir / 'safetynet.db').resolve()}"
