"""A new case posted after its session ended on its own (the cookie gone, on a phone in the field): what was written
is carried through the sign-in form, in that form's hidden fields, and shown back in the case form once signed in,
to be checked and sent (``pages/cases.py``, ``pages/signin.py``).

It lives in the browser only: never in a URL (each step answers the post with a page, never a redirect that would
have to name it), never on the server (nothing is stored or logged for a request nobody signed in), and nothing is
planned on its word: the case form shown after sign-in is sent again, with the new session's CSRF token, by the CM."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from fastapi import Request

#: The case form's own fields (``case_form.html``): what is carried, and nothing else (its csrf and once tokens are
#: the ended session's; a sign-in form's token is never shown back).
_NAMES = frozenset({"case_ref", "need", "urgent"})
_PREFIXES = ("child.", "household.")


def case_fields(form: Mapping[str, list[str]]) -> list[tuple[str, str]]:
    """The case form's fields of ``form``, each value as posted, in order."""
    return [(n, v) for n, values in form.items() if n in _NAMES or n.startswith(_PREFIXES) for v in values]


def case_values(carried: list[tuple[str, str]]) -> dict[str, list[str]]:
    """``carried`` as a form (``Viewer.form``) again."""
    form: dict[str, list[str]] = {}
    for name, value in carried:
        form.setdefault(name, []).append(value)
    return form


def from_this_site(request: Request) -> bool:
    """Posted by a page of this server, as far as the browser says: ``Sec-Fetch-Site: same-origin`` (every current
    browser sends it over HTTPS and to localhost); else, an older browser, an ``Origin`` that is this host. The pages'
    ``Referrer-Policy: no-referrer`` makes a browser send ``Origin: null`` with their forms: with no
    ``Sec-Fetch-Site`` beside it, nothing says where the post came from, and it is not carried. A post from another
    site is not carried: it would fill a CM's case form, after her sign-in, with what that site chose."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site == "same-origin"
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")
