"""What the store raises on purpose. None of these carry case data in their messages."""

from __future__ import annotations

from typing import Any

from safetynet.errors import SafetynetError


class StoreError(SafetynetError):
    """Base of the store's errors."""


class StoreUnavailable(StoreError):
    """The database cannot be opened or reached (the message never shows a password)."""

    code = "store_unavailable"


class DuplicatePlan(StoreError):
    """A plan with this ``plan_id`` is already stored; nothing of the new one was written."""

    code = "conflict"

    def __init__(self, plan_id: str) -> None:
        self.plan_id = plan_id
        super().__init__(f"a plan with id {plan_id!r} is already stored")


class InvalidRecord(StoreError, ValueError):
    """A value the store refuses before writing anything (e.g. a naive datetime, an over-long id, a NUL
    character, a value that is not JSON)."""

    code = "invalid_request"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.reason = message
        super().__init__(f"{field}: {message}")

    def details(self) -> list[dict[str, Any]]:
        return [{"field": self.field, "message": self.reason}]  # the field named once, by ``field``
