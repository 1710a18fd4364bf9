"""The routes of the API, one module per resource; each a thin typed call into the domain (see ``api``)."""
