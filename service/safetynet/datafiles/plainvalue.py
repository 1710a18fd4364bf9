"""The value a text means where a case is read strictly (the API's body, a case file), when a survey row would read
it so: the hint ``'ใช่ค่ะ' reads as true; send true``. A case is refused, saying exactly what to write; the reading
itself is the survey row's (``surveyrow``: its Thai values, its yes and no), so the two never disagree."""

from __future__ import annotations

from typing import Any

from safetynet.contract.said import WORDS
from safetynet.contract.text import UNIT_OF, whole_number
from safetynet.datafiles.surveyrow import THAI_VALUES, yes_no

_WHOLE_NUMBERS = ("int_type", "int_parsing")
_TRUE_FALSE = ("bool_type", "bool_parsing")
#: A case's choices that no survey column has (a row says ``enrolled`` instead): each value's Thai label, the words
#: the plan's Thai explanation shows (``สถานะการศึกษา: หลุดจากระบบการศึกษา``), which a CM writes back.
_CASE_ONLY = {
    field: {th: key.removeprefix(f"{field}.") for key, (th, _) in WORDS.items() if key.startswith(f"{field}.")}
    for field in ("education_status",)
}


def plain_value(err: Any) -> str | None:
    """The value a pydantic error's text means, written as a JSON or YAML file takes it, when a survey row would
    read it so: ``'๑๒'``, ``'3,000 บาท'`` -> ``3000``; ``'ใช่'``, ``'ใช่ค่ะ'`` -> ``true``; ``'หญิง'`` in ``sex`` ->
    ``'female'``; ``'หลุดจากระบบการศึกษา'`` in ``education_status`` -> ``'dropped_out'``; None otherwise."""
    kind, given, loc = err["type"], err.get("input"), tuple(err.get("loc") or ())
    if not isinstance(given, str):
        return None
    if kind in _WHOLE_NUMBERS:
        unit = UNIT_OF.get(str(loc[-1])) if loc else None  # the field's own unit only: '12 บาท' is no age
        number = whole_number(given, unit)
        return None if number is None else str(number)
    if kind in _TRUE_FALSE:
        return yes_no(given)
    if kind in ("literal_error", "enum") and loc:
        words = THAI_VALUES.get(str(loc[-1])) or _CASE_ONLY.get(str(loc[-1]), {})
        value = words.get(given.strip().casefold())
        expected = str((err.get("ctx") or {}).get("expected", ""))
        return None if value is None or repr(value) not in expected else repr(value)
    return None
