"""The fields the forms offer as a list to choose from (a ``<select>``), named once: the case form's pickers
(``pages.cases`` renders them) and the referral action forms' (decline's reason, done's outcome). ``formerrors``
reads them too: one of them left empty asks for a choice, not for something written."""

from __future__ import annotations

from typing import get_args

from safetynet.contract.case import EducationStatus, Guardian, HousingCondition, Sex

PROVINCE, DISTRICT, SUBDISTRICT = "child.location.province", "child.location.district", "child.location.subdistrict"
#: The case form's pickers of the contract's codes: the field, and its label (a key of the words) and codes.
CHOICES = {
    "child.sex": ("sex", get_args(Sex)),
    "child.education_status": ("education_status", get_args(EducationStatus)),
    "household.housing_condition": ("housing_condition", get_args(HousingCondition)),
    "household.guardian": ("guardian", get_args(Guardian)),
}
#: The case form's yes/no pickers, and what each answer sends.
YES_NO_FIELDS = ("child.disability.has_disability", "child.disability.registered")
YES_NO = {"yes": True, "no": False}
#: The referral action forms' pickers: decline's reason, done's outcome.
ACTION_PICKERS = ("reason", "outcome")

PICKED = frozenset({PROVINCE, DISTRICT, SUBDISTRICT, *CHOICES, *YES_NO_FIELDS, *ACTION_PICKERS})
