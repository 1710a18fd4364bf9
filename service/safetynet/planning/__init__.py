"""From a case to a plan: rules that fire, partners that can be reached, deadlines and explanations.

Pure given a rule engine and a router (no files, no database). May import: ``contract``, ``rules``,
``network``, ``places``, ``errors``, ``datafiles.suggest`` (the one "did you mean"); never store, api or cli.
"""
