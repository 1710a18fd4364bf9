"""The domain's error types.

Every error that a user can cause is one of these; ``api/errors.py`` maps them to HTTP in one place and
the CLI prints them. A problem in a data file (``rules/`` or ``graph/``) always carries ``path:line:col``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Place:
    """Where something stands in a file: ``path:line:col``, line and column counted from 1."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in a data file, printed as ``path:line:col: message``."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    @classmethod
    def at(cls, place: Place, message: str, severity: Severity = "error") -> Problem:
        return cls(place.path, place.line, place.col, message, severity)

    @classmethod
    def warning(cls, place: Place, message: str) -> Problem:
        """A warning at ``place``: told, but it stops nothing from loading."""
        return cls.at(place, message, "warning")

    @property
    def place(self) -> Place:
        return Place(self.path, self.line, self.col)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.place}: {prefix}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "message": self.message,
            "severity": self.severity,
        }


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


class SafetynetError(Exception):
    """Base of every error the domain raises on purpose.

    ``code`` is the stable, machine-readable name a client sees (``docs/api.md``); ``details`` one entry per
    problem, each naming the ``field`` it is about where there is one. Which HTTP status each answers with is
    decided in one table, ``api/errors.py``."""

    code: ClassVar[str] = "internal"
    field: str | None = None  # the one field the error is about, where there is one

    def details(self) -> list[dict[str, Any]]:
        return [] if self.field is None else [{"field": self.field, "message": str(self)}]


class DataFilesInvalid(SafetynetError):
    """A set of data files (rules or network) has errors; ``problems`` lists each with its place."""

    code = "invalid_rules"
    what = "data files"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems)
        first = "; ".join(str(p) for p in errors_only(self.problems)[:3])
        super().__init__(f"{len(errors_only(self.problems))} error(s) in the {self.what}: {first}")

    def details(self) -> list[dict[str, Any]]:
        return [p.as_dict() | {"text": str(p)} for p in self.problems]


class RuleFilesInvalid(DataFilesInvalid):
    """``rules/`` (or a draft of it) has errors."""

    what = "rule files"


class NetworkFilesInvalid(DataFilesInvalid):
    """``graph/`` (or a draft of it) has errors."""

    what = "partner network files"


class UnknownNeed(SafetynetError):
    """A case names a need code that the needs catalogue (``rules/needs.yaml``) does not have."""

    code = "unknown_need"

    def __init__(
        self, codes: Sequence[str], known: Sequence[str], field: str = "needs", meant: Mapping[str, str] | None = None
    ) -> None:
        self.codes = list(codes)
        self.known = sorted(known)
        self.field = field
        self.meant = dict(meant or {})  # code as written -> the known code it looks like (its label, a typo)
        written = ", ".join(c + (f" (did you mean {self.meant[c]!r}?)" if c in self.meant else "") for c in self.codes)
        super().__init__(f"unknown need code(s): {written}; known codes: {', '.join(self.known)}")

    def details(self) -> list[dict[str, Any]]:
        return [
            {"field": self.field, "message": f"unknown need code {c!r}", "known": self.known}
            | ({"did_you_mean": self.meant[c]} if c in self.meant else {})
            for c in self.codes
        ]


class UnknownOrganization(SafetynetError):
    code = "unknown_organization"

    def __init__(self, organization_id: str, field: str) -> None:
        self.organization_id = organization_id
        self.field = field
        super().__init__(f"{field}: no organization with id {organization_id!r} in the partner network")


class NoStartingPoint(SafetynetError):
    """No organization to start the referral from: none given and the province has no CM unit."""

    code = "no_starting_point"
    field = "requested_by"

    def __init__(self, province: str) -> None:
        self.province = province
        super().__init__(
            f"requested_by: not given, and province {province} has no case_management unit in the "
            "partner network; send requested_by with your organization id"
        )


class NotFound(SafetynetError):
    code = "not_found"

    def __init__(self, what: str) -> None:
        self.what = what
        super().__init__(f"{what} not found")


class Unauthorized(SafetynetError):
    """No bearer token, or one that the service does not know."""

    code = "unauthorized"


class Forbidden(SafetynetError):
    """A known token whose role may not do this."""

    code = "forbidden"

    @classmethod
    def for_role(cls, role: str, doing: str, who_may: str) -> Forbidden:
        """The refusal of a whole role, naming the roles that may: ``role 'agency' may not reload rules (admin
        and policy_writer may)``."""
        return cls(f"role {role!r} may not {doing} ({who_may} may)")


class MalformedJson(SafetynetError):
    """A request body that is not JSON text in UTF-8; ``line`` and ``col`` say where, counted from 1."""

    code = "malformed_json"

    def __init__(self, message: str, line: int, col: int, reason: str) -> None:
        self.line, self.col, self.reason = line, col, reason
        super().__init__(message)

    def details(self) -> list[dict[str, Any]]:
        return [{"field": "body", "line": self.line, "col": self.col, "message": self.reason}]


class DuplicateKey(SafetynetError):
    """A request body that gives one key twice in one object: a JSON reader keeps one and silently drops the other."""

    code = "duplicate_key"

    def __init__(self, field: str, key: str, first: tuple[int, int], second: tuple[int, int]) -> None:
        self.field, self.key, self.first, self.second = field, key, first, second
        super().__init__(
            f"{field}: {key!r} is given twice, at line {first[0]}, column {first[1]} and at line {second[0]}, "
            f"column {second[1]}: send it once (one of the two would be lost)"
        )

    def details(self) -> list[dict[str, Any]]:
        return [
            {
                "field": self.field,
                "key": self.key,
                "line": self.second[0],
                "col": self.second[1],
                "first": {"line": self.first[0], "col": self.first[1]},
                "message": str(self),
            }
        ]


class TooManyValues(SafetynetError):
    """A request body holding more values than any body of the API needs, refused before it is parsed (parsing it
    would hold up every other request)."""

    code = "invalid_request"
    field = "body"

    def __init__(self, values: int, most: int) -> None:
        self.values, self.most = values, most
        super().__init__(
            f"body: about {values:,} values (objects and the commas between items): a body of this API holds a "
            f"few dozen, and at most {most:,} are read"
        )


class RateLimited(SafetynetError):
    """A token that made more requests than its rate limit allows; ``retry_after`` is in whole seconds."""

    code = "rate_limited"

    def __init__(self, retry_after: int, burst: int, per_second: float) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(
            f"too many requests with this token (at most {burst} at once, then {per_second:g} per second): "
            f"try again in {self.retry_after} s"
        )


class TooManyFailures(RateLimited):
    """A client (its address) that failed to authenticate too often: refused before its token is even looked up."""

    code = "too_many_failures"

    def __init__(self, retry_after: int, per_minute: int) -> None:
        self.retry_after = max(1, retry_after)
        SafetynetError.__init__(
            self,
            f"too many failed authentications from this address (at most {per_minute} a minute): "
            f"try again in {self.retry_after} s",
        )


class Busy(SafetynetError):
    """Work that runs one at a time (a dry-run rules reload) asked while it is running; ``retry_after`` in whole
    seconds."""

    code = "busy"

    def __init__(self, what: str, retry_after: int) -> None:
        self.retry_after = max(1, retry_after)
        super().__init__(f"{what} is already running: one runs at a time; try again in {self.retry_after} s")
