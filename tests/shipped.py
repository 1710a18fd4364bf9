"""The shipped data folders, their services catalogue, and the service's time zone, for tests that load them."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from safetynet.rules import load_services
from safetynet.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
GRAPH = ROOT / "graph"
#: The service codes of rules/services.yaml: what a network may offer.
SERVICES: tuple[str, ...] = tuple(load_services(RULES))
#: The time zone the settings give by default (``SAFETYNET_TIMEZONE``).
ZONE = ZoneInfo(Settings.model_fields["timezone"].default)
