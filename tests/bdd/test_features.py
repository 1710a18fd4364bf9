"""Every scenario of every ``.feature`` file under ``features/`` (``bdd_features_base_dir``) becomes a test.

Run one feature with ``.venv/bin/pytest tests/bdd -k housing`` (the file's name without ``.feature``); see
docs/scenarios.md.
"""

from pytest_bdd import scenarios

scenarios(".")
