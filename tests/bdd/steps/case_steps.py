"""Given steps: who the child is, where, the household, what the child needs, and when the CM asks."""

from __future__ import annotations

from tests.bdd import lookup, words
from tests.bdd.catalogue import phrase
from tests.bdd.world import World

_FEMALE = ("girl", "young woman", "เด็กหญิง", "เยาวชนหญิง")
_MALE = ("boy", "young man", "เด็กชาย", "เยาวชนชาย")
_STATUS = {
    "is in school": "in_school",
    "is at risk of dropping out": "at_risk",
    "has dropped out of school": "dropped_out",
    "has never been enrolled": "never_enrolled",
    "กำลังเรียนอยู่": "in_school",
    "เสี่ยงหลุดออกจากระบบการศึกษา": "at_risk",
    "หลุดออกจากระบบการศึกษาแล้ว": "dropped_out",
    "ไม่เคยเข้าเรียน": "never_enrolled",
}
_DISABILITY = {
    "a disability that is not registered": (True, False),
    "a registered disability": (True, True),
    "a disability whose registration is unknown": (True, None),
    "no disability": (False, None),
    "มีความพิการที่ยังไม่ได้จดทะเบียน": (True, False),
    "มีความพิการที่จดทะเบียนแล้ว": (True, True),
    "มีความพิการแต่ไม่รู้ว่าจดทะเบียนหรือยัง": (True, None),
    "ไม่มีความพิการ": (False, None),
}
_HOME = {
    "dilapidated": "dilapidated",
    "in poor condition": "poor",
    "in good condition": "good",
    "ทรุดโทรม": "dilapidated",
    "สภาพไม่ดี": "poor",
    "สภาพดี": "good",
}
_CHILD_FIELDS = (
    "age", "sex", "education_status", "province", "district", "subdistrict", "has_disability", "disability_registered"
)
_HOUSEHOLD_FIELDS = ("income_monthly", "housing_condition", "guardian", "members")


@phrase(
    "given",
    "child",
    en=r"an? (?P<age>\d+)-year-old (?P<who>child|girl|boy|young person|young woman|young man) in (?P<province>.+)",
    th=r"(?P<who>เด็กหญิง|เด็กชาย|เด็ก|เยาวชนหญิง|เยาวชนชาย|เยาวชน)อายุ (?P<age>\d+) ปี อยู่จังหวัด\s*(?P<province>.+)",
    en_example="a 12-year-old girl in Phitsanulok",
    th_example="เด็กหญิงอายุ 12 ปี อยู่จังหวัดพิษณุโลก",
)
def a_child(world: World, age: str, who: str, province: str) -> None:
    world.child["age"] = int(age)
    if who in _FEMALE:
        world.child["sex"] = "female"
    elif who in _MALE:
        world.child["sex"] = "male"
    world.location["province"] = province.strip()  # as written: the service reads it through the gazetteer


@phrase(
    "given",
    "location",
    en=r"(?:who lives )?in district (?P<district>[^,]+?)(?:, subdistrict (?P<subdistrict>.+))?",
    th=r"อยู่อำเภอ\s*(?P<district>.+?)(?:\s+ตำบล\s*(?P<subdistrict>.+))?",
    en_example="who lives in district Ko Kha, subdistrict Lampang Luang",
    th_example="อยู่อำเภอเกาะคา ตำบลลำปางหลวง",
)
def lives_in(world: World, district: str, subdistrict: str | None) -> None:
    world.location["district"] = district.strip()
    if subdistrict:
        world.location["subdistrict"] = subdistrict.strip()


@phrase(
    "given",
    "schooling",
    en=r"who (?P<status>is in school|is at risk of dropping out|has dropped out of school|has never been enrolled)",
    th=r"(?P<status>กำลังเรียนอยู่|เสี่ยงหลุดออกจากระบบการศึกษา|หลุดออกจากระบบการศึกษาแล้ว|ไม่เคยเข้าเรียน)",
    en_example="who has dropped out of school",
    th_example="หลุดออกจากระบบการศึกษาแล้ว",
)
def schooling(world: World, status: str) -> None:
    world.child["education_status"] = _STATUS[status]


@phrase(
    "given",
    "disability",
    en=r"who has (?P<kind>a disability that is not registered|a registered disability"
    r"|a disability whose registration is unknown|no disability)",
    th=r"(?P<kind>มีความพิการที่ยังไม่ได้จดทะเบียน|มีความพิการที่จดทะเบียนแล้ว"
    r"|มีความพิการแต่ไม่รู้ว่าจดทะเบียนหรือยัง|ไม่มีความพิการ)",
    en_example="who has a disability that is not registered",
    th_example="มีความพิการที่ยังไม่ได้จดทะเบียน",
)
def disability(world: World, kind: str) -> None:
    has, registered = _DISABILITY[kind]
    world.disability = {"has_disability": has}
    if registered is not None:
        world.disability["registered"] = registered


@phrase(
    "given",
    "household",
    en=r"whose home is (?P<condition>dilapidated|in poor condition|in good condition)",
    th=r"อาศัยอยู่ในบ้านที่(?P<condition>ทรุดโทรม|สภาพไม่ดี|สภาพดี)",
    en_example="whose home is dilapidated",
    th_example="อาศัยอยู่ในบ้านที่ทรุดโทรม",
)
def home(world: World, condition: str) -> None:
    world.household["housing_condition"] = _HOME[condition]


@phrase(
    "given",
    "household",
    en=r"who (?:lives with (?P<guardian>parents|grandparents|relatives)|has (?P<nobody>no guardian))",
    th=r"(?:อาศัยอยู่กับ(?P<guardian>พ่อแม่|ปู่ย่าตายาย|ญาติ)|(?P<nobody>ไม่มีผู้ดูแล))",
    en_example="who lives with grandparents",
    th_example="อาศัยอยู่กับปู่ย่าตายาย",
)
def guardian(world: World, guardian: str | None, nobody: str | None) -> None:
    world.household["guardian"] = "none" if nobody else world.word(words.value, "guardian", guardian or "")


@phrase(
    "given",
    "household",
    en=r"whose household earns (?P<baht>[\d,]+) baht a month",
    th=r"ครัวเรือนมีรายได้เดือนละ (?P<baht>[\d,]+) บาท",
    en_example="whose household earns 3,000 baht a month",
    th_example="ครัวเรือนมีรายได้เดือนละ 3,000 บาท",
)
def income(world: World, baht: str) -> None:
    world.household["income_monthly"] = int(baht.replace(",", ""))


@phrase(
    "given",
    "household",
    en=r"the household:",
    th=r"ข้อมูลครัวเรือน:",
    en_example="the household:",
    th_example="ข้อมูลครัวเรือน:",
    table=True,
)
def household_table(world: World, datatable: list[list[str]]) -> None:
    for name, text in world.word(words.field_table, datatable, _HOUSEHOLD_FIELDS).items():
        if name in ("income_monthly", "members"):
            world.household[name] = int(text.replace(",", ""))
        else:
            world.household[name] = world.word(words.value, name, text)


@phrase(
    "given",
    "child",
    en=r"the child:",
    th=r"ข้อมูลเด็ก:",
    en_example="the child:",
    th_example="ข้อมูลเด็ก:",
    table=True,
)
def child_table(world: World, datatable: list[list[str]]) -> None:
    fields = world.word(words.field_table, datatable, _CHILD_FIELDS)
    for name, text in fields.items():
        if name == "age":
            world.child["age"] = int(text)
        elif name in ("sex", "education_status"):
            world.child[name] = world.word(words.value, name, text)
        elif name in ("province", "district", "subdistrict"):
            world.location[name] = text  # as written: the service reads places through the gazetteer
    if "has_disability" in fields:
        world.disability = {"has_disability": world.word(words.yes_no, fields["has_disability"])}
        if fields.get("disability_registered"):
            world.disability["registered"] = world.word(words.yes_no, fields["disability_registered"])


def _add_need(world: World, text: str, urgent: bool | None) -> None:
    code = lookup.need(world, text)
    world.needs = [n for n in world.needs if n["code"] != code]
    world.needs.append({"code": code} if urgent is None else {"code": code, "urgent": urgent})


@phrase(
    "given",
    "needs",
    en=r"the child needs (?P<need>[^:]+?)(?P<urgency> urgently|, not urgently)?",
    th=r"เด็กต้องการ\s*(?P<need>[^:]+?)\s*(?P<urgency>อย่างเร่งด่วน|แบบไม่เร่งด่วน)?",
    en_example="the child needs housing_repair urgently",
    th_example="เด็กต้องการซ่อมแซมที่อยู่อาศัยอย่างเร่งด่วน",
)
def needs_one(world: World, need: str, urgency: str | None) -> None:
    urgent = None if urgency is None else urgency.strip() in ("urgently", "อย่างเร่งด่วน")
    _add_need(world, need, urgent)


@phrase(
    "given",
    "needs",
    en=r"the child needs:",
    th=r"เด็กต้องการ:",
    en_example="the child needs:",
    th_example="เด็กต้องการ:",
    table=True,
)
def needs_table(world: World, datatable: list[list[str]]) -> None:
    for row in world.word(words.table_rows, datatable, ("need", "urgent")):
        said = row.get("urgent", "")
        _add_need(world, row["need"], world.word(words.yes_no, said) if said else None)


@phrase(
    "given",
    "date",
    en=r"the date is (?P<day>\d{4}-\d{2}-\d{2})(?: at (?P<clock>\d{2}:\d{2}))?",
    th=r"วันนี้คือวันที่ (?P<day>\d{4}-\d{2}-\d{2})(?: เวลา (?P<clock>\d{2}:\d{2}) น\.)?",
    en_example="the date is 2025-06-01",
    th_example="วันนี้คือวันที่ 2568-06-01 เวลา 09:00 น.",
)
def the_date(world: World, day: str, clock: str | None) -> None:
    world.requested_at = world.word(words.moment, day, clock)
