"""The rules subsystem: YAML rules that policy writers edit, checked, compiled to durable_rules, evaluated.

``load_rulebook`` reads ``rules/``; ``load_services`` its services catalogue alone (what the partner network
may offer); ``check_rules`` lists every problem (``checked_book``: with the book it read); ``RuleEngine``
evaluates cases (``evaluate``) and survey rows (``screen``, ``screen_many``). docs/rules.md is the policy
writers' guide. durable_rules is used only in ``engine.py``.

May import: ``errors``, ``contract``, ``datafiles``, ``places``; never network, planning, store, runtime, api or cli.
"""

from safetynet.rules.check import Offered, check_rules, checked_book
from safetynet.rules.engine import RuleEngineFailure, SyncHost
from safetynet.rules.explain import Firing, Screening, fired_line, rule_heading
from safetynet.rules.loader import load_rulebook, load_services, read_rulebook
from safetynet.rules.model import (
    Need,
    Outcome,
    Provider,
    Rule,
    RuleBook,
    ScheduledStep,
    ScreeningRule,
    Service,
)
from safetynet.rules.serving import EngineClosed, RuleEngine

__all__ = [
    "EngineClosed",
    "Firing",
    "Need",
    "Offered",
    "Outcome",
    "Provider",
    "Rule",
    "RuleBook",
    "RuleEngine",
    "RuleEngineFailure",
    "ScheduledStep",
    "Screening",
    "ScreeningRule",
    "Service",
    "SyncHost",
    "check_rules",
    "checked_book",
    "fired_line",
    "load_rulebook",
    "load_services",
    "read_rulebook",
    "rule_heading",
]
