"""The contract: the shapes users send and get back, and the words they share.

``case`` (a case and a survey row, as sent), ``plan`` (the plan, as answered), ``organization`` (an
organization as listed, its place in the plan's shape), ``facts`` (the names rules may
read, and how a case or row becomes them), ``vocabulary`` (kinds, area levels, risk tiers, timeline terms, the
shape of ids and codes, bilingual text, days: each defined here once). These are the stable surface of
``../shared/CONTRACT.md``. May import: ``errors``, ``datafiles.fieldhelp`` (field help for messages) and
``places`` (the gazetteer); never rules, network, store, api or cli.
"""
