"""What the API tests share besides fixtures: the shipped settings, a bearer header, a sample case."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from safetynet.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def shipped_settings(tmp: Path, url: str, rules_dir: Path | None = None) -> Settings:
    return Settings(database_url=url, rules_dir=rules_dir or ROOT / "rules", graph_dir=ROOT / "graph", var_dir=tmp)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def phitsanulok_case(**overrides: Any) -> dict[str, Any]:
    """A 12-year-old in Mueang Phitsanulok with a dilapidated home and an unregistered disability."""
    case: dict[str, Any] = {
        "case_ref": "PLK-2026-0001",
        "requested_at": "2026-11-22T09:00:00+07:00",
        "child": {
            "age": 12,
            "sex": "female",
            "education_status": "at_risk",
            "location": {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"},
            "disability": {"has_disability": True, "registered": False},
        },
        "household": {"housing_condition": "dilapidated", "income_monthly": 3000},
        "needs": [{"code": "disability_allowance_registration"}, {"code": "housing_repair", "urgent": True}],
    }
    case.update(overrides)
    return case
