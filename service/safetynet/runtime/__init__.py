"""Wiring: everything a running safetynet needs, built from ``Settings`` in one place (``build``: the whole
runtime, or the partner network alone for the commands that need no engine), the process's garbage-collector
policy (``gcpolicy``, entered by those builders only), the first admin token (``bootstrap``), and how server
processes that share a deployment follow a rules reload (``reloadstamp``, ``sharedreload``); what the API and the
web pages both do with it (``plans``, ``referrals``).

May import every domain package (rules, network, planning, store, ...); whatif, api, web and cli import from here,
never the other way round.
"""
