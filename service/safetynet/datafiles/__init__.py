"""Reading the files people edit and send: YAML/JSON with the line and column of every value, pydantic errors
worded as ``path:line:col: field: message``, "did you mean" hints, and the case and survey files of the CLI.

May import: ``errors``, ``contract`` and ``places``; never rules, network, store, api or cli.
"""
