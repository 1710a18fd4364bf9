"""The HTTP API: ``create_app(settings)`` (``app``), thin typed routes over the domain, ``deps`` (the runtime and
the caller), ``errors`` (domain errors to HTTP, in one table), ``paths`` (the API's addresses) and the middleware
that guards every request.

May import every domain package and ``runtime``; ``cli`` imports from here, and ``web`` only ``deps``, ``errors``
and ``ratelimit``.
"""
