"""The ``safetynet`` command: each command a thin call into the packages that do the work (``main``; the groups
``referrals``, ``tokens`` and ``whatif``), with what only a terminal needs (``render``: a plan as text; ``screen``:
a progress bar over screening).

May import everything below it; nothing imports from here.
"""
