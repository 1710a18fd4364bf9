"""The HTTP API: ``create_app(settings)`` (``app``), thin typed routes over the domain, ``deps`` (the runtime and
the caller), ``errors`` (domain errors to HTTP, in one table) and the middleware that guards every request.

May import every domain package and ``runtime``; nothing but ``cli`` imports from here.
"""
