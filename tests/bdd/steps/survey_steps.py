"""Survey rows: written as a table, screened through the real rule engine as a CSV file would be
(``safetynet screen``), then checked row by row; and a plan for a screened row's suggested needs.

The CSV file has the table's own headings and cells, Thai or English, as a CM's spreadsheet would: the
service reads Thai column names, yes/no, values and places itself."""

from __future__ import annotations

import csv
import io
from typing import Any

from safetynet.cli.screen import BadRow, read_survey, screen_rows
from safetynet.contract.case import SurveyRow
from safetynet.whatif.survey import education_status
from tests.bdd import lookup, words
from tests.bdd.catalogue import phrase
from tests.bdd.steps.plan_steps import ask
from tests.bdd.world import World

COLUMNS = tuple(SurveyRow.model_fields)
_BOOLEAN = ("enrolled", "has_disability", "disability_registered")
_ENUM = ("sex", "housing_condition", "guardian")


def _cell(name: str, text: str) -> str:
    """A cell as a case's field (for a plan made from a screened row): yes/no and values as codes; places as
    written (the service reads them)."""
    if not text:
        return ""
    if name in _BOOLEAN:
        return "true" if words.yes_no(text) else "false"
    if name in _ENUM:
        return words.value(name, text)
    return text


def _csv(datatable: list[list[str]]) -> bytes:
    """The table as a CSV file, headings and cells exactly as the scenario writes them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in datatable:
        writer.writerow([cell.strip() for cell in row])
    return out.getvalue().encode("utf-8")


@phrase(
    "given",
    "survey rows",
    en=r"these survey rows:",
    th=r"ข้อมูลแบบสำรวจต่อไปนี้:",
    en_example="these survey rows:",
    th_example="ข้อมูลแบบสำรวจต่อไปนี้:",
    table=True,
)
def survey_rows(world: World, datatable: list[list[str]]) -> None:
    world.survey = world.word(words.table_rows, datatable, COLUMNS)
    world.survey_table = datatable


@phrase(
    "when",
    "survey rows",
    en=r"the rows are screened",
    th=r"คัดกรองข้อมูลแบบสำรวจ",
    en_example="the rows are screened",
    th_example="คัดกรองข้อมูลแบบสำรวจ",
)
def screened(world: World) -> None:
    if not world.survey:
        world.fail("There are no survey rows to screen.", "ไม่มีข้อมูลแบบสำรวจให้คัดกรอง")
    rows = read_survey(io.BytesIO(_csv(world.survey_table)), "csv")
    for result in screen_rows(world.service.runtime.engine, rows, world.today):
        if isinstance(result, BadRow):
            world.skipped[result.line] = result.message
            continue
        world.screened[result["case_ref"]] = result
        world.service.coverage.record(result["rules"])


def _row(world: World, ref: str) -> dict[str, Any]:
    found = world.screened.get(ref.strip())
    if found is None:
        skipped = "; ".join(f"line {n}: {m}" for n, m in world.skipped.items()) or "-"
        world.fail(
            f"No screened row {ref!r}; rows screened: {', '.join(world.screened) or '-'}; skipped: {skipped}",
            f"ไม่มีแถว {ref!r} ในผลการคัดกรอง; แถวที่คัดกรองแล้ว: {', '.join(world.screened) or '-'}; แถวที่ถูกข้าม: {skipped}",
        )
    return found


def _shown(row: dict[str, Any]) -> str:
    needs, rules = ", ".join(row["suggested_needs"]), ", ".join(row["rules"])
    return f"{row['risk_tier']}, suggested needs [{needs}], rules [{rules}]"


@phrase(
    "then",
    "screening tiers",
    en=r"row (?P<ref>\S+) is (?P<tier>\S+?)(?: and the suggested needs include (?P<needs>.+))?",
    th=r"แถว\s*(?P<ref>\S+)\s*อยู่ในกลุ่ม\s*(?P<tier>\S+?)(?:\s*และความต้องการที่แนะนำมี\s*(?P<needs>.+))?",
    en_example="row R1 is at_risk and the suggested needs include return_to_school, learning_supplies",
    th_example="แถว R1 อยู่ในกลุ่ม เสี่ยง และความต้องการที่แนะนำมี กลับเข้าสู่ระบบการศึกษา และ learning_supplies",
)
def row_tier(world: World, ref: str, tier: str, needs: str | None) -> None:
    row = _row(world, ref)
    wanted = world.word(words.value, "tier", tier)
    codes = [lookup.need(world, n) for n in world.word(words.split_list, needs or "")]
    missing = [c for c in codes if c not in row["suggested_needs"]]
    if row["risk_tier"] == wanted and not missing:
        return
    also = f" with {', '.join(codes)} among the suggested needs" if codes else ""
    world.fail(
        f"Expected row {ref} to be {wanted}{also}, but the screening gave: {_shown(row)}",
        f"คาดว่าแถว {ref} จะอยู่ในกลุ่ม {wanted}" + (f" และแนะนำ {', '.join(codes)}" if codes else "")
        + f" แต่ผลการคัดกรองคือ: {_shown(row)}",
    )


@phrase(
    "then",
    "screening tiers",
    en=r"row (?P<ref>\S+) has no suggested needs",
    th=r"แถว\s*(?P<ref>\S+)\s*ไม่มีความต้องการที่แนะนำ",
    en_example="row R4 has no suggested needs",
    th_example="แถว R4 ไม่มีความต้องการที่แนะนำ",
)
def no_suggestion(world: World, ref: str) -> None:
    row = _row(world, ref)
    if not row["suggested_needs"]:
        return
    world.fail(
        f"Expected no suggested needs for row {ref}, but the screening gave: {_shown(row)}",
        f"คาดว่าแถว {ref} จะไม่มีความต้องการที่แนะนำ แต่ผลการคัดกรองคือ: {_shown(row)}",
    )


@phrase(
    "then",
    "screening tiers",
    en=r"the screening explains row (?P<ref>\S+) with rule (?P<rule>\S+)",
    th=r"การคัดกรองแถว\s*(?P<ref>\S+)\s*ใช้กฎ\s*(?P<rule>\S+)",
    en_example="the screening explains row R1 with rule screening.three_tiers.frequent_absence",
    th_example="การคัดกรองแถว R1 ใช้กฎ screening.three_tiers.frequent_absence",
)
def row_rule(world: World, ref: str, rule: str) -> None:
    wanted = lookup.rule(world, rule).id
    row = _row(world, ref)
    if wanted in row["rules"]:
        return
    world.fail(
        f"Expected rule {wanted} to fire for row {ref}, but the screening gave: {_shown(row)}",
        f"คาดว่ากฎ {wanted} จะทำงานกับแถว {ref} แต่ผลการคัดกรองคือ: {_shown(row)}",
    )


@phrase(
    "then",
    "survey rows",
    en=r"the row on line (?P<line>\d+) is skipped because (?P<text>.+)",
    th=r"แถวในบรรทัดที่ (?P<line>\d+) ถูกข้ามเพราะ\s*(?P<text>.+)",
    en_example="the row on line 3 is skipped because age",
    th_example="แถวในบรรทัดที่ 3 ถูกข้ามเพราะ age",
)
def row_skipped(world: World, line: str, text: str) -> None:
    message = world.skipped.get(int(line))
    if message is not None and text.strip().casefold() in message.casefold():
        return
    skipped = "; ".join(f"line {n}: {m}" for n, m in world.skipped.items()) or "-"
    world.fail(
        f"Expected the row on line {line} to be skipped with a message about {text!r}; skipped: {skipped}",
        f"คาดว่าแถวในบรรทัดที่ {line} จะถูกข้ามพร้อมข้อความเรื่อง {text!r}; แถวที่ถูกข้าม: {skipped}",
    )


def row_case(world: World, row: dict[str, str], screened_row: dict[str, Any]) -> None:
    """The case for a screened row: the row's facts, and its suggested needs as the needs; schooling as the
    what-if makes it (``safetynet.whatif.survey.education_status``)."""
    cells = {name: world.word(_cell, name, text) for name, text in row.items() if text}
    age = int(cells.get("age", "0"))
    enrolled = None if "enrolled" not in cells else cells["enrolled"] == "true"
    status = education_status(enrolled, age, screened_row["risk_tier"])
    world.case_ref = row["case_ref"]
    world.child = {"age": age, "education_status": status, **({"sex": cells["sex"]} if "sex" in cells else {})}
    world.location = {k: cells[k] for k in ("province", "district", "subdistrict") if k in cells}
    if "has_disability" in cells:
        world.disability = {"has_disability": cells["has_disability"] == "true"}
        if "disability_registered" in cells:
            world.disability["registered"] = cells["disability_registered"] == "true"
    world.household = {k: cells[k] for k in ("housing_condition", "guardian") if k in cells}
    if "household_income_monthly" in cells:
        world.household["income_monthly"] = int(cells["household_income_monthly"])
    world.needs = [{"code": code} for code in screened_row["suggested_needs"]]


@phrase(
    "when",
    "survey rows",
    en=r"the CM asks for a plan for row (?P<ref>\S+)",
    th=r"CM ขอแผนความช่วยเหลือให้แถว\s*(?P<ref>\S+)",
    en_example="the CM asks for a plan for row R2",
    th_example="CM ขอแผนความช่วยเหลือให้แถว R2",
)
def plan_for_row(world: World, ref: str) -> None:
    screened_row = _row(world, ref)
    row = next(r for r in world.survey if r.get("case_ref") == ref.strip())
    row_case(world, row, screened_row)
    ask(world, None)
