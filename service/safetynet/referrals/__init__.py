"""Referrals: a plan item sent to a partner, followed until the child is helped.

- ``lifecycle``: the state machine (statuses, actions, who may do what, the holder, overdue) — pure.
- ``reach``: who may read, act on, list and count which referrals — pure.
- ``sending``: which partner, along which path, with which facts about the child — pure.
- ``transitions``: an action on a stored referral as the change the store writes.
- ``view``: a stored referral as the caller sees it, its need and service named by the rules in force
  (``catalogue``); ``stats``: the 24-hour promise, measured.
The store (``store/referrals.py``) writes each change with its audit row and its event in one transaction.
"""
