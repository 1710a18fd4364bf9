"""An error in a form, shown in the page's language beside the field it concerns.

The fields of the forms are named as the contract names them (``child.age``, ``child.location.district``), so the
``loc`` of a pydantic error and the ``field`` of a domain error's ``details()`` find their field as they are. A
message the pages have no Thai words for keeps the service's English words beside the Thai ones (``original``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from safetynet.errors import SafetynetError
from safetynet.places import PlaceError
from safetynet.referrals.errors import DeclinedBefore, InvalidTransition, ReferralExists
from safetynet.web.words import word

#: The label of each field of the forms (a key of ``words.WORDS``).
FIELD_LABELS: dict[str, str] = {
    "case_ref": "case_ref",
    "requested_by": "starts_from",
    "child.age": "age",
    "child.sex": "sex",
    "child.education_status": "education_status",
    "child.location.province": "province",
    "child.location.district": "district",
    "child.location.subdistrict": "subdistrict",
    "child.disability.has_disability": "has_disability",
    "child.disability.registered": "disability_registered",
    "household.income_monthly": "income_monthly",
    "household.housing_condition": "housing_condition",
    "household.guardian": "guardian",
    "household.members": "members",
    "needs": "needs",
    "token": "token",
    "plan_id": "plan_id",
    "need": "need",
    "organization_id": "candidate",
    "action": "action",
    "reason": "reason",
    "outcome": "outcome",
    "note": "note",
    "circumstances_changed": "circumstances_changed",
    "confirm": "confirm",
}


@dataclass(frozen=True)
class FieldError:
    field: str  # a key of FIELD_LABELS, or "" for the whole form
    message: str  # in the page's language, starting with the field's label
    original: str | None = None  # the service's English words, when the page has none of its own


def label_of(field: str, lang: str) -> str:
    key = FIELD_LABELS.get(field)
    return word(key, lang) if key else field


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if not isinstance(p, int)]
    field = ".".join(parts)
    while field and field not in FIELD_LABELS and "." in field:
        field = field.rsplit(".", 1)[0]  # needs.0.code -> needs
    return field if field in FIELD_LABELS else ""


#: pydantic's error types the pages have words for, and how the words end (from the error's ``ctx``).
_WORDS_OF: dict[str, tuple[str, str | None]] = {
    "missing": ("required", None),
    "int_type": ("whole_number", None),
    "int_parsing": ("whole_number", None),
    "int_from_float": ("whole_number", None),
    "greater_than_equal": ("at_least", "ge"),
    "less_than_equal": ("at_most", "le"),
    "string_too_long": ("too_long", None),
    "literal_error": ("choose_from_list", None),
    "enum": ("choose_from_list", None),
}


#: The fields the forms have as a list to choose from: one left empty asks for a choice, not for something written.
PICKED = frozenset({
    "child.sex", "child.education_status", "child.location.province", "child.location.district",
    "child.location.subdistrict", "child.disability.has_disability", "child.disability.registered",
    "household.housing_condition", "household.guardian", "reason", "outcome",
})  # fmt: skip


def _validation_message(error: Mapping[str, Any], lang: str) -> tuple[str, bool]:
    """(words, whether they are the page's own), for one pydantic error."""
    kind, loc = error["type"], tuple(error["loc"])
    if kind == "missing" and _field(loc) in PICKED:  # done's reason, written, is never missing: a value_error
        return word("choose_from_list", lang), True
    if kind in _WORDS_OF:
        key, bound = _WORDS_OF[kind]
        return word(key, lang) + (f" {error.get('ctx', {}).get(bound)}" if bound else ""), True
    if kind == "too_short" and loc == ("needs",):
        return word("choose_a_need", lang), True
    if kind == "value_error" and loc == ("reason",):  # done's reason, which not_helped needs (DoneBody)
        return word("required", lang), True
    if kind in ("string_pattern_mismatch", "string_too_short") and loc == ("case_ref",):
        return word("case_ref_format", lang), True
    return word("invalid_value", lang), False


def from_validation(exc: ValidationError, lang: str) -> list[FieldError]:
    found = []
    for error in exc.errors():
        field = _field(tuple(error["loc"]))
        words, own = _validation_message(error, lang)
        original = None if own else str(error.get("ctx", {}).get("error", error["msg"]))
        found.append(FieldError(field, f"{label_of(field, lang)}: {words}" if field else words, original))
    return found


def _place(exc: PlaceError, lang: str) -> FieldError:
    key = "ambiguous_place" if exc.code == "ambiguous_place" else "unknown_place"
    names = ", ".join(f"{p.en if lang == 'en' else p.th} ({p.code})" for p in exc.closest)
    closest = f" — {word('closest', lang)}: {names}" if names else ""
    return FieldError(exc.field, f"{label_of(exc.field, lang)}: {word(key, lang)} “{exc.text}”{closest}", exc.message)


def _transition(exc: InvalidTransition, lang: str, reader: Reader | None) -> FieldError:
    """An action the referral's status no longer allows (another tab, or another person, acted first): said wholly in
    the page's words, with the status it is in and what the reader may do now; not the service's English words,
    which name the holder by its id. When another organization holds it now (a relay's page left open after it
    forwarded the referral), that is the reason, said first with the holder's name: the status alone ("sent") reads
    as if the reader's own action were still due."""
    allowed = ", ".join(word(f"action.{a}", lang) for a in exc.allowed) or word("nothing_now", lang)
    why = word("invalid_transition", lang)
    if reader is not None and exc.holder is not None and exc.holder != reader.organization:
        why = f"{word('held_elsewhere', lang)} {reader.name_of(exc.holder)}"
    status = f"{word('status', lang)}: {word(f'status.{exc.status}', lang)}"
    words = f"{why} ({status}) — {word('allowed_now', lang)}: {allowed}"
    return FieldError("action", f"{label_of('action', lang)}: {words}")


@dataclass(frozen=True)
class Reader:
    """Who reads an error, when its words depend on it: the reader's organization, and organizations' names in the
    page's language."""

    organization: str | None
    name_of: Callable[[str], str]


def from_domain(exc: SafetynetError, lang: str, reader: Reader | None = None) -> list[FieldError]:
    """The errors of a domain error, each at the field its ``details()`` names (the whole form when none)."""
    if isinstance(exc, PlaceError):
        return [_place(exc, lang)]
    if isinstance(exc, InvalidTransition):
        return [_transition(exc, lang, reader)]
    found = []
    for detail in exc.details() or [{"message": str(exc)}]:
        field = _field(tuple(str(detail.get("field", "")).split(".")))
        message = str(detail.get("message") or exc)
        if lang == "en":
            found.append(FieldError(field, f"{label_of(field, lang)}: {message}" if field else message))
        else:
            key = exc.code if exc.code in ("forbidden", "referral_exists", "declined_before") else "invalid_value"
            if isinstance(exc, ReferralExists) and exc.status == "done":
                key = "need_met"  # nothing under way: the child was helped
            words = word(key, lang)
            # The page's own words say it all for a referral under way (the plan page lists it) or a partner that
            # declined (marked there, with its reason): the service's English beside them named ids.
            original = None if isinstance(exc, ReferralExists | DeclinedBefore) else message
            found.append(FieldError(field, f"{label_of(field, lang)}: {words}" if field else words, original))
    return found


def by_field(errors: list[FieldError]) -> dict[str, list[FieldError]]:
    grouped: dict[str, list[FieldError]] = {}
    for error in errors:
        grouped.setdefault(error.field, []).append(error)
    return grouped
