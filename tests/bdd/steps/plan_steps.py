"""When the CM asks for a plan (through the real API), and Then steps about who the plan suggests."""

from __future__ import annotations

from typing import Any

from safetynet.places import PlaceError, resolve_province
from tests.bdd import explain, lookup, words
from tests.bdd.catalogue import phrase
from tests.bdd.world import World


def send(world: World, requester: str | None) -> tuple[dict[str, Any], Any]:
    """POST /v1/plans with a CM token of ``requester`` (default: the CM unit of the child's province, as the
    gazetteer reads the province; an admin token when it names no province, so that the service says why):
    the case sent, and the response."""
    body = world.case_body()
    network = world.service.runtime.network
    token = world.service.admin_token()
    if requester is None:
        try:
            province = resolve_province(body["child"]["location"]["province"]).code
        except PlaceError:
            return body, world.service.client.post("/v1/plans", json=body, headers={"Authorization": f"Bearer {token}"})
        units = network.cm_units(province)
        if not units:
            world.fail(
                "The child's province has no CM unit in the partner network: say which CM asks "
                "('When the CM of plk-cm-unit asks for a plan').",
                "จังหวัดของเด็กไม่มีหน่วย CM ในเครือข่าย: ระบุว่า CM ของหน่วยงานใดขอแผน "
                "(เช่น 'CM ของ plk-cm-unit ขอแผนความช่วยเหลือ')",
            )
        requester = units[0].id
    token = world.service.cm_token(requester)
    return body, world.service.client.post("/v1/plans", json=body, headers={"Authorization": f"Bearer {token}"})


def ask(world: World, requester: str | None) -> None:
    """Send the case (``send``); anything but a plan stops the scenario, saying what the service answered."""
    body, response = send(world, requester)
    if response.status_code != 201:
        error: dict[str, Any] = response.json().get("error", {})
        details = "".join(f"\n  {d}" for d in error.get("details", ()))
        world.fail(
            f"The service refused the case ({response.status_code}): {error.get('message')}{details}\n"
            + world.summary(),
            f"ระบบไม่รับเคสนี้ ({response.status_code}): {error.get('message')}{details}\n" + world.summary(),
        )
    world.plan = response.json()
    world.service.coverage.record_plan(world.plan)
    world.service.coverage.record_needs(need["code"] for need in body["needs"])


@phrase(
    "when",
    "plan",
    en=r"the CM(?: of (?P<org>.+?))? asks for a plan",
    th=r"CM(?:\s*ของ\s*(?P<org>.+?))?\s*ขอแผนความช่วยเหลือ",
    en_example="the CM of plk-cm-unit asks for a plan",
    th_example="CM ขอแผนความช่วยเหลือ",
)
def asks_for_plan(world: World, org: str | None) -> None:
    ask(world, lookup.organization(world, org).id if org else None)


def need_item(world: World, need_text: str) -> tuple[str, dict[str, Any]]:
    """The plan's item for a need; stops the scenario, saying why, when the plan has none."""
    code = lookup.need(world, need_text)
    found = explain.item(world, code)
    if found is None:
        missing = explain.missing_item(world, code)
        world.fail(f"Expected the plan to answer {code}, but {missing}", f"คาดว่าแผนจะตอบ {code} แต่{missing}")
    return code, found


@phrase(
    "then",
    "candidates",
    en=r"the plan suggests (?P<org>.+?) for (?P<need>.+)",
    th=r"แผนเสนอ\s*(?P<org>.+?)\s*สำหรับ\s*(?P<need>.+)",
    en_example="the plan suggests เทศบาลนครพิษณุโลก for housing_repair",
    th_example="แผนเสนอ เทศบาลนครพิษณุโลก สำหรับ ซ่อมแซมที่อยู่อาศัย",
)
def suggests(world: World, org: str, need: str) -> None:
    who = lookup.organization(world, org)
    code = lookup.need(world, need)
    found = explain.item(world, code)
    if found is not None and any(c["organization_id"] == who.id for c in found["candidates"]):
        return
    name = lookup.shown(world, who)
    if found is None:
        missing = explain.missing_item(world, code)
        world.fail(
            f"Expected the plan to suggest {name} for {code}, but {missing}\n{world.summary()}",
            f"คาดว่าแผนจะเสนอ {name} สำหรับ {code} แต่{missing}\n{world.summary()}",
        )
    gave, rules = explain.candidates(world, found), explain.fired(world, found)
    world.fail(
        f"Expected the plan to suggest {name} for {code}, but it gave:\n{gave}\n{rules}\n{world.summary()}",
        f"คาดว่าแผนจะเสนอ {name} สำหรับ {code} แต่แผนเสนอ:\n{gave}\n{rules}\n{world.summary()}",
    )


@phrase(
    "then",
    "candidates",
    en=r"the plan does not suggest (?P<org>.+?) for (?P<need>.+)",
    th=r"แผนไม่เสนอ\s*(?P<org>.+?)\s*สำหรับ\s*(?P<need>.+)",
    en_example="the plan does not suggest plk-sdhso-office for housing_repair",
    th_example="แผนไม่เสนอ plk-sdhso-office สำหรับ housing_repair",
)
def does_not_suggest(world: World, org: str, need: str) -> None:
    who = lookup.organization(world, org)
    found = explain.item(world, lookup.need(world, need))
    if found is None or all(c["organization_id"] != who.id for c in found["candidates"]):
        return
    name, gave, rules = lookup.shown(world, who), explain.candidates(world, found), explain.fired(world, found)
    world.fail(
        f"Expected the plan not to suggest {name} for {found['need']}, but it gave:\n{gave}\n{rules}",
        f"คาดว่าแผนจะไม่เสนอ {name} สำหรับ {found['need']} แต่แผนเสนอ:\n{gave}\n{rules}",
    )


@phrase(
    "then",
    "candidates",
    en=r"the first candidate for (?P<need>.+?) is (?P<org>.+)",
    th=r"หน่วยงานแรกที่แผนเสนอสำหรับ\s*(?P<need>.+?)\s*คือ\s*(?P<org>.+)",
    en_example="the first candidate for housing_repair is plk-city-municipality",
    th_example="หน่วยงานแรกที่แผนเสนอสำหรับ ซ่อมแซมที่อยู่อาศัย คือ เทศบาลนครพิษณุโลก",
)
def first_candidate(world: World, need: str, org: str) -> None:
    who = lookup.organization(world, org)
    code, found = need_item(world, need)
    if found["candidates"] and found["candidates"][0]["organization_id"] == who.id:
        return
    name, gave = lookup.shown(world, who), explain.candidates(world, found)
    world.fail(
        f"Expected {name} to come first for {code}, but the plan gave:\n{gave}\n{explain.fired(world, found)}",
        f"คาดว่า {name} จะเป็นหน่วยงานแรกสำหรับ {code} แต่แผนเสนอ:\n{gave}\n{explain.fired(world, found)}",
    )


@phrase(
    "then",
    "candidates",
    en=r"the candidates for (?P<need>.+?) are:",
    th=r"หน่วยงานที่แผนเสนอสำหรับ\s*(?P<need>.+?)\s*ได้แก่:",
    en_example="the candidates for housing_repair are:",
    th_example="หน่วยงานที่แผนเสนอสำหรับ ซ่อมแซมที่อยู่อาศัย ได้แก่:",
    table=True,
)
def candidates_are(world: World, need: str, datatable: list[list[str]]) -> None:
    code, found = need_item(world, need)
    rows = world.word(words.table_rows, datatable, ("organization", "area", "hours", "path"))
    wanted = [
        {
            "organization_id": lookup.organization(world, row["organization"]).id,
            **({"area": row["area"]} if row.get("area") else {}),
            **({"path_hours": float(row["hours"])} if row.get("hours") else {}),
            **({"path": _path(world, row["path"])} if row.get("path") else {}),
        }
        for row in rows
    ]
    got = [{k: c[k] for k in w} for w, c in zip(wanted, found["candidates"], strict=False)]
    if len(found["candidates"]) == len(wanted) and got == wanted:
        return
    expected = "\n".join(f"  {n}. {_wanted_line(world, w)}" for n, w in enumerate(wanted, 1))
    gave = explain.candidates(world, found)
    world.fail(
        f"Expected these candidates for {code}, in this order:\n{expected}\nbut the plan gave:\n{gave}\n"
        + explain.fired(world, found),
        f"คาดว่าหน่วยงานที่เสนอสำหรับ {code} ตามลำดับคือ:\n{expected}\nแต่แผนเสนอ:\n{gave}\n" + explain.fired(world, found),
    )


def _wanted_line(world: World, wanted: dict[str, Any]) -> str:
    """A row of an expected-candidates table, written like the plan's candidates."""
    line = str(wanted["organization_id"])
    if "area" in wanted:
        line += f", {wanted['area']}"
    if "path_hours" in wanted:
        line += f", {wanted['path_hours']:g} {world.say('h', 'ชม.')}"
    if "path" in wanted:
        line += ": " + " → ".join(wanted["path"])
    return line


def _path(world: World, text: str) -> list[str]:
    return [lookup.organization(world, part).id for part in text.replace("->", "→").split("→")]


@phrase(
    "then",
    "paths",
    en=r"the path for (?P<need>.+?) goes through (?P<org>.+)",
    th=r"เส้นทางส่งต่อ\s*(?P<need>.+?)\s*ผ่าน\s*(?P<org>.+)",
    en_example="the path for vocational_training goes through lpg-core-team",
    th_example="เส้นทางส่งต่อ ฝึกทักษะอาชีพ ผ่าน lpg-core-team",
)
def path_through(world: World, need: str, org: str) -> None:
    who = lookup.organization(world, org)
    code, found = need_item(world, need)
    if found["candidates"] and who.id in found["candidates"][0]["path"]:
        return
    name, gave = lookup.shown(world, who), explain.candidates(world, found)
    world.fail(
        f"Expected the referral path for {code} (to the first candidate) to go through {name}, but:\n{gave}",
        f"คาดว่าเส้นทางส่งต่อ {code} (ไปยังหน่วยงานแรก) จะผ่าน {name} แต่แผนเสนอ:\n{gave}",
    )


@phrase(
    "then",
    "paths",
    en=r"the path for (?P<need>.+?) is (?P<path>.+)",
    th=r"เส้นทางส่งต่อ\s*(?P<need>.+?)\s*คือ\s*(?P<path>.+)",
    en_example="the path for housing_repair is plk-cm-unit → plk-city-municipality",
    th_example="เส้นทางส่งต่อ housing_repair คือ plk-cm-unit → plk-city-municipality",
)
def path_is(world: World, need: str, path: str) -> None:
    wanted = _path(world, path)
    code, found = need_item(world, need)
    if found["candidates"] and found["candidates"][0]["path"] == wanted:
        return
    shown, gave = " → ".join(wanted), explain.candidates(world, found)
    world.fail(
        f"Expected the referral path for {code} to be {shown}, but the plan gave:\n{gave}",
        f"คาดว่าเส้นทางส่งต่อ {code} คือ {shown} แต่แผนเสนอ:\n{gave}",
    )
