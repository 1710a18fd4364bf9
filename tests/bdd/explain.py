"""How a plan is told back to the expert when a scenario fails: what it suggested, why, and what is unmet."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from safetynet.rules.conditions import leaves
from tests.bdd.world import World

ROOT = Path(__file__).resolve().parents[2]

_REASONS = {
    "no_rule": ("no rule in force answers this need for this child", "ไม่มีกฎที่ใช้บังคับอยู่ตอบความต้องการนี้ของเด็กคนนี้"),
    "no_partner": ("no partner gives this service for this child here", "ไม่มีหน่วยงานในเครือข่ายให้บริการนี้กับเด็กคนนี้ในพื้นที่นี้"),
    "no_path": ("partners exist but none is reachable along MOUs in force", "มีหน่วยงาน แต่ไม่มี MOU ที่มีผลอยู่เชื่อมไปถึง"),
}


def item(world: World, need: str) -> dict[str, Any] | None:
    plan = world.plan or {}
    return next((i for i in plan.get("items", ()) if i["need"] == need), None)


def unmet(world: World, need: str) -> dict[str, Any] | None:
    plan = world.plan or {}
    return next((u for u in plan.get("unmet", ()) if u["need"] == need), None)


def candidate_line(world: World, rank: int, c: dict[str, Any]) -> str:
    name = world.say(c["name"]["en"], c["name"]["th"])
    hours = f"{c['path_hours']:g} h" if not world.thai else f"{c['path_hours']:g} ชม."
    return f"  {rank}. {name} ({c['organization_id']}), {c['area']}, {hours}: {' → '.join(c['path'])}"


def candidates(world: World, plan_item: dict[str, Any]) -> str:
    """The candidates of an item, one a line, best first; or what the plan says instead."""
    lines = [candidate_line(world, n, c) for n, c in enumerate(plan_item["candidates"], start=1)]
    if lines:
        return "\n".join(lines)
    return "  " + world.say("(no one)", "(ไม่มีหน่วยงานใดเลย)") + unmet_text(world, plan_item["need"])


def unmet_text(world: World, need: str) -> str:
    gap = unmet(world, need)
    if gap is None:
        return ""
    en, th = _REASONS[gap["reason"]]
    where = gap.get("escalate_to")
    if world.thai:
        return f"; ยังไม่ได้รับการตอบสนอง ({gap['reason']}: {th})" + (f", ส่งเรื่องต่อให้ {where}" if where else "")
    return f"; unmet ({gap['reason']}: {en})" + (f", escalated to {where}" if where else "")


def fired(world: World, plan_item: dict[str, Any] | None) -> str:
    ids = ", ".join(r["id"] for r in plan_item["rules"]) if plan_item else ""
    return world.say("rules that fired: ", "กฎที่ทำงาน: ") + (ids or world.say("none", "ไม่มี"))


def whole_plan(world: World) -> str:
    """Every item and every unmet need, briefly: for a step that found no item at all."""
    plan = world.plan or {}
    lines = []
    for i in plan.get("items", ()):
        top = i["candidates"][0]["organization_id"] if i["candidates"] else world.say("no one", "ไม่มี")
        lines.append(f"  - {i['need']}: {i['service']} → {top} ({', '.join(r['id'] for r in i['rules'])})")
    for u in plan.get("unmet", ()):
        lines.append(f"  - {u['need']}: {world.say('unmet', 'ยังไม่ได้รับการตอบสนอง')} ({u['reason']})")
    return "\n".join(lines) or "  " + world.say("(an empty plan)", "(แผนว่าง)")


def missing_item(world: World, need: str) -> str:
    """Why there is no item for ``need``: the unmet entry when there is one, else the need was not asked."""
    gap = unmet(world, need)
    if gap is not None:
        en, th = _REASONS[gap["reason"]]
        return world.say(
            f"the plan has no item for {need}: it is unmet ({gap['reason']}: {en})\n{rules_for(world, need)}",
            f"แผนไม่มีรายการสำหรับ {need}: ยังไม่ได้รับการตอบสนอง ({gap['reason']}: {th})\n{rules_for(world, need)}",
        ) + "\n" + world.summary()
    return world.say(
        f"the case did not ask for {need}. The plan has:\n{whole_plan(world)}",
        f"เคสนี้ไม่ได้ขอ {need} แผนมี:\n{whole_plan(world)}",
    )


def rules_for(world: World, need: str) -> str:
    """The rules written for ``need``, where they are and what they ask: to find a rule that no longer fires."""
    book = world.service.runtime.engine.book
    lines = [world.say(f"rules for {need}:", f"กฎของ {need}:")]
    for rule in book.rules_for(need):
        where = str(rule.source).removeprefix(f"{ROOT}{os.sep}")
        when = ", ".join(leaf.text for leaf in leaves(rule.condition)) or world.say("always", "ทุกกรณี")
        dates = f"{rule.effective_from}" + (f"..{rule.until}" if rule.until else "")
        lines.append(f"  - {rule.id} ({where}, {world.say('from', 'ตั้งแต่')} {dates}): {when}")
    if len(lines) == 1:
        lines.append("  " + world.say("(none)", "(ไม่มี)"))
    return "\n".join(lines)
