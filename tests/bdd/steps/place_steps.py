"""Places as CMs write them: the plan's canonical location, and a case the service refuses for its place."""

from __future__ import annotations

from typing import Any

from tests.bdd.catalogue import phrase
from tests.bdd.steps.plan_steps import send
from tests.bdd.world import World

_LEVELS = ("province", "district", "subdistrict")


@phrase(
    "then",
    "places",
    en=r"the plan places the child in (?P<where>.+)",
    th=r"แผนบอกที่อยู่ของเด็กว่า\s*(?P<where>.+)",
    en_example="the plan places the child in TH-52 / 5203 / 520301",
    th_example="แผนบอกที่อยู่ของเด็กว่า ลำปาง / เกาะคา / ลำปางหลวง",
)
def placed_in(world: World, where: str) -> None:
    """Each part (province / district / subdistrict) is the code, the Thai or the English name in the plan."""
    location: dict[str, Any] = (world.plan or {}).get("location") or {}
    wanted = [part.strip() for part in where.split("/")]
    got = [location.get(level) for level in _LEVELS[: len(wanted)]]
    if all(g is not None and w in (g["code"], g["th"], g["en"]) for w, g in zip(wanted, got, strict=True)):
        return
    shown = " / ".join(f"{g['code']} {g['en']} ({g['th']})" if g else "-" for g in got)
    world.fail(
        f"Expected the plan to place the child in {where}, but its location is: {shown}",
        f"คาดว่าแผนจะบอกที่อยู่ของเด็กว่า {where} แต่แผนระบุว่า: {shown}",
    )


@phrase(
    "when",
    "places",
    en=r"the CM sends the case",
    th=r"CM ส่งข้อมูลเคส",
    en_example="the CM sends the case",
    th_example="CM ส่งข้อมูลเคส",
)
def sends(world: World) -> None:
    """Sends the case; the answer, a plan or a refusal, is kept for the steps that follow."""
    _, response = send(world, None)
    world.response = response
    if response.status_code == 201:
        world.plan = response.json()


@phrase(
    "then",
    "places",
    en=r"the case is refused because (?P<field>\S+) names no place, and the service suggests (?P<name>.+)",
    th=r"ระบบไม่รับเคสเพราะ\s*(?P<field>\S+)\s*ไม่ตรงกับสถานที่ใด และแนะนำ\s*(?P<name>.+)",
    en_example="the case is refused because child.location.district names no place, and the service suggests Ko Kha",
    th_example="ระบบไม่รับเคสเพราะ child.location.district ไม่ตรงกับสถานที่ใด และแนะนำ เกาะคา",
)
def refused(world: World, field: str, name: str) -> None:
    response = world.response
    body: dict[str, Any] = response.json() if response is not None else {}
    error = body.get("error", {})
    detail = next((d for d in error.get("details", ()) if d.get("field") == field), None)
    names = [n for place in (detail or {}).get("closest", ()) for n in (place["code"], place["th"], place["en"])]
    said = (detail or {}).get("message", "")  # a place of another province: the message names what to write
    if response is not None and response.status_code == 422 and (name.strip() in names or name.strip() in said):
        return
    status = response.status_code if response is not None else "-"
    world.fail(
        f"Expected the service to refuse the case (422) for {field}, suggesting {name}; it answered {status}: "
        f"{error.get('message', 'a plan')}",
        f"คาดว่าระบบจะไม่รับเคส (422) เพราะ {field} และแนะนำ {name} แต่ระบบตอบ {status}: {error.get('message', 'แผน')}",
    )
