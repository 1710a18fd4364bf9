"""See before it goes live: what a rule or network change does to real cases, and which MOU to sign next.

* ``replay.py``: every case planned under today's data and under a draft (``side.py``: the batch path that
  shares work between cases with equal facts), compared need by need (``report.py``, ``outcome.py``);
* ``sources.py``: the cases of a file, the screened rows of a survey (``survey.py``), or stored plans;
* ``rulesdiff.py``, ``graphdiff.py``: what changed by id, field by field (``diff.py``);
* ``mous.py``: the MOUs not yet in force that would help a province's cases most;
* ``dryrun.py``: ``POST /v1/rules/reload?dry_run=true``; ``text.py``: all of it as text, in Thai and English.

docs/whatif.md is the guide for policy writers and coordinators.
"""

from safetynet.whatif.graphdiff import graph_diff
from safetynet.whatif.mous import Suggestions, suggest_mous, typical_hours
from safetynet.whatif.outcome import Outcome, outcomes_of_plan
from safetynet.whatif.replay import Sides, checked_network, checked_rules, open_sides, replay
from safetynet.whatif.report import KINDS, Report
from safetynet.whatif.rulesdiff import rules_diff
from safetynet.whatif.side import Side
from safetynet.whatif.sources import Item, case_items, is_survey, stored_items, survey_items

__all__ = [
    "KINDS",
    "Item",
    "Outcome",
    "Report",
    "Side",
    "Sides",
    "Suggestions",
    "case_items",
    "checked_network",
    "checked_rules",
    "graph_diff",
    "is_survey",
    "open_sides",
    "outcomes_of_plan",
    "replay",
    "rules_diff",
    "stored_items",
    "suggest_mous",
    "survey_items",
    "typical_hours",
]
