"""Then steps about deadlines, urgency, the timeline, unmet needs, the rules that fired and the service."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from tests.bdd import explain, words
from tests.bdd.catalogue import phrase
from tests.bdd.steps.plan_steps import need_item
from tests.bdd.world import World


def _hours_until(world: World, moment: str) -> float:
    return (datetime.fromisoformat(moment) - world.requested_at).total_seconds() / 3600


@phrase(
    "then",
    "deadlines",
    en=r"the referral for (?P<need>.+?) is due within (?P<n>\d+) (?P<unit>hours?|days?)",
    th=r"ต้องส่งต่อ\s*(?P<need>.+?)\s*ภายใน (?P<n>\d+) (?P<unit>ชั่วโมง|วัน)",
    en_example="the referral for housing_repair is due within 24 hours",
    th_example="ต้องส่งต่อ ซ่อมแซมที่อยู่อาศัย ภายใน 24 ชั่วโมง",
)
def due_within(world: World, need: str, n: str, unit: str) -> None:
    code, found = need_item(world, need)
    limit = int(n) * (24 if unit in ("day", "days", "วัน") else 1)
    hours = _hours_until(world, found["refer_by"])
    if hours <= limit:
        return
    world.fail(
        f"Expected the referral for {code} to be due within {n} {unit}, but the plan says refer by "
        f"{found['refer_by']} ({hours:g} hours after the request; urgent: {found['urgent']})\n"
        + explain.fired(world, found),
        f"คาดว่าต้องส่งต่อ {code} ภายใน {n} {unit} แต่แผนกำหนดส่งต่อภายใน {found['refer_by']} "
        f"({hours:g} ชั่วโมงหลังขอแผน; เร่งด่วน: {found['urgent']})\n" + explain.fired(world, found),
    )


@phrase(
    "then",
    "deadlines",
    en=r"the first candidate for (?P<need>.+?) can be reached within (?P<n>\d+) hours",
    th=r"หน่วยงานแรกสำหรับ\s*(?P<need>.+?)\s*รับเรื่องได้ภายใน (?P<n>\d+) ชั่วโมง",
    en_example="the first candidate for housing_repair can be reached within 24 hours",
    th_example="หน่วยงานแรกสำหรับ ซ่อมแซมที่อยู่อาศัย รับเรื่องได้ภายใน 24 ชั่วโมง",
)
def reached_within(world: World, need: str, n: str) -> None:
    code, found = need_item(world, need)
    if found["candidates"] and found["candidates"][0]["path_hours"] <= int(n):
        return
    gave = explain.candidates(world, found)
    world.fail(
        f"Expected the first candidate for {code} to be reachable within {n} hours, but the plan gave:\n{gave}",
        f"คาดว่าหน่วยงานแรกสำหรับ {code} จะรับเรื่องได้ภายใน {n} ชั่วโมง แต่แผนเสนอ:\n{gave}",
    )


@phrase(
    "then",
    "deadlines",
    en=r"the referral for (?P<need>.+?) (?P<verdict>meets|misses) its deadline",
    th=r"ส่งต่อ\s*(?P<need>.+?)\s*(?P<verdict>ทันกำหนด|ไม่ทันกำหนด)",
    en_example="the referral for scholarship misses its deadline",
    th_example="ส่งต่อ ทุนการศึกษา ไม่ทันกำหนด",
)
def deadline_verdict(world: World, need: str, verdict: str) -> None:
    code, found = need_item(world, need)
    wanted = verdict in ("meets", "ทันกำหนด")
    if (found["meets_deadline"] is True) == wanted:  # null (no candidate): the deadline is missed
        return
    why = "\n".join(f"  {line}" for line in found["explanation"])
    world.fail(
        f"Expected the referral for {code} to {'meet' if wanted else 'miss'} its deadline ({found['refer_by']}), "
        f"but it does {'not ' if wanted else ''}:\n{explain.candidates(world, found)}\n{why}",
        f"คาดว่าการส่งต่อ {code} จะ{'ทัน' if wanted else 'ไม่ทัน'}กำหนด ({found['refer_by']}) แต่ผลเป็นตรงข้าม:\n"
        f"{explain.candidates(world, found)}\n{why}",
    )


@phrase(
    "then",
    "urgency",
    en=r"the plan marks (?P<need>.+?) as (?P<mark>urgent|not urgent)",
    th=r"แผนระบุว่า\s*(?P<need>.+?)\s*(?P<mark>เร่งด่วน|ไม่เร่งด่วน)",
    en_example="the plan marks housing_repair as urgent",
    th_example="แผนระบุว่า ซ่อมแซมที่อยู่อาศัย เร่งด่วน",
)
def marked(world: World, need: str, mark: str) -> None:
    code, found = need_item(world, need)
    wanted = mark in ("urgent", "เร่งด่วน")
    if found["urgent"] == wanted:
        return
    world.fail(
        f"Expected the plan to mark {code} as {mark}, but it marks it {'urgent' if found['urgent'] else 'not urgent'}"
        f" (refer by {found['refer_by']})\n{explain.fired(world, found)}",
        f"คาดว่าแผนจะระบุว่า {code} {mark} แต่แผนระบุว่า{'เร่งด่วน' if found['urgent'] else 'ไม่เร่งด่วน'}"
        f" (ส่งต่อภายใน {found['refer_by']})\n{explain.fired(world, found)}",
    )


def _timeline(world: World, found: dict[str, Any]) -> str:
    steps = found["timeline"]
    return "\n".join(
        f"  [{s['term']}] {(date.fromisoformat(s['due']) - world.today).days} "
        f"{world.say('days', 'วัน')}: {world.say(s['label']['en'], s['label']['th'])}"
        for s in steps
    )


@phrase(
    "then",
    "timeline",
    en=r"the timeline for (?P<need>.+?) has a (?P<term>short|long)-term step within (?P<n>\d+) days?",
    th=r"แผนระยะ(?P<term>สั้น|ยาว)ของ\s*(?P<need>.+?)\s*มีขั้นตอนภายใน (?P<n>\d+) วัน",
    en_example="the timeline for housing_repair has a short-term step within 1 day",
    th_example="แผนระยะสั้นของ ซ่อมแซมที่อยู่อาศัย มีขั้นตอนภายใน 1 วัน",
)
def timeline_step(world: World, need: str, term: str, n: str) -> None:
    code, found = need_item(world, need)
    wanted = world.word(words.value, "term", term)
    days = [(date.fromisoformat(s["due"]) - world.today).days for s in found["timeline"] if s["term"] == wanted]
    if any(d <= int(n) for d in days):
        return
    world.fail(
        f"Expected a {wanted}-term step within {n} days in the timeline for {code}, but the timeline is:\n"
        + _timeline(world, found),
        f"คาดว่าแผนระยะ{term}ของ {code} จะมีขั้นตอนภายใน {n} วัน แต่แผนเวลาคือ:\n" + _timeline(world, found),
    )


@phrase(
    "then",
    "timeline",
    en=r"the timeline for (?P<need>.+?) is:",
    th=r"ขั้นตอนของ\s*(?P<need>.+?)\s*คือ:",
    en_example="the timeline for housing_repair is:",
    th_example="ขั้นตอนของ ซ่อมแซมที่อยู่อาศัย คือ:",
    table=True,
)
def timeline_is(world: World, need: str, datatable: list[list[str]]) -> None:
    code, found = need_item(world, need)
    rows = world.word(words.table_rows, datatable, ("term", "days", "step"))
    wanted = [(world.word(words.value, "term", r["term"]), int(r["days"])) for r in rows]
    got = [(s["term"], (date.fromisoformat(s["due"]) - world.today).days) for s in found["timeline"]]
    if got == wanted:
        return
    expected = "\n".join(f"  [{t}] {d}" for t, d in wanted)
    world.fail(
        f"Expected the timeline for {code} to be:\n{expected}\nbut it is:\n{_timeline(world, found)}",
        f"คาดว่าขั้นตอนของ {code} คือ:\n{expected}\nแต่แผนเวลาคือ:\n{_timeline(world, found)}",
    )
