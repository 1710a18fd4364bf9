"""The web pages: Thai first (English on a switch), server-rendered with Jinja2 for CMs, partner agencies, the
provincial core teams, policy writers and coordinators (``mount.install_web``, called by ``api/app.py``).

Every page calls the same domain functions as the API (``auth``, ``referrals``, ``planning`` through ``runtime``,
``network``, ``places``): no rule, reach or role check is written twice. ``session`` (the signed cookie), ``viewer``
(who is looking, CSRF), ``render`` (templates, headers, errors as pages), ``words`` (every label in Thai and
English), ``timefmt`` (Buddhist-era dates, "due in 5 h"), ``formerrors`` (an error named by its field, in the page's
language), ``choices`` (the forms' lists to choose from), ``once`` (a form posted twice is done once), ``pages/``
(one module per group of pages);
``templates/`` and ``static/`` are package data (htmx is vendored in ``static/`` with its license).

May import every domain package, ``runtime``, and ``api``'s ``deps``, ``errors``, ``ratelimit`` and ``authfailures``
(one table of statuses, one rate limit, one count of failed sign-ins); only ``api/app.py`` imports from here.
"""
