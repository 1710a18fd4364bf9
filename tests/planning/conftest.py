"""The planner fixture of ``test_planner.py`` (hand-made rules and network), for every planning test module."""

from tests.planning.test_planner import planner  # noqa: F401 - a fixture
