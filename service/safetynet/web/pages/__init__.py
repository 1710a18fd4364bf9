"""The pages, one module per group: ``signin`` (sign-in, sign-out, the home page), ``cases`` (the CM's new case and
the place pickers), ``plans`` (the plan page), ``policy`` (rules in force, organizations and MOUs)."""
