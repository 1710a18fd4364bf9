"""The environment the `safetynet` command runs in for the tests: the shipped rules and network, a folder of its
own, and SQLite in that folder (or the database given)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def shipped(var_dir: Path, database_url: str = "") -> dict[str, str]:
    return {
        "SAFETYNET_RULES_DIR": str(ROOT / "rules"),
        "SAFETYNET_GRAPH_DIR": str(ROOT / "graph"),
        "SAFETYNET_VAR_DIR": str(var_dir),
        "SAFETYNET_DATABASE_URL": database_url,
    }
