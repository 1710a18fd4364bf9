"""Then steps about unmet needs and escalation, the rules behind an item, its service, and the stored plan."""

from __future__ import annotations

from tests.bdd import explain, lookup, words
from tests.bdd.catalogue import phrase
from tests.bdd.steps.plan_steps import need_item
from tests.bdd.world import World


@phrase(
    "then",
    "unmet needs",
    en=r"(?P<need>.+?) is unmet because (?P<reason>\S+)(?: and is escalated to (?P<org>.+))?",
    th=r"ความต้องการ\s*(?P<need>.+?)\s*ยังไม่ได้รับการตอบสนองเพราะ\s*(?P<reason>\S+)(?:\s*และส่งเรื่องต่อให้\s*(?P<org>.+))?",
    en_example="scholarship is unmet because no_path and is escalated to plk-core-team",
    th_example="ความต้องการ ทุนการศึกษา ยังไม่ได้รับการตอบสนองเพราะ ไม่มีเส้นทาง และส่งเรื่องต่อให้ plk-core-team",
)
def unmet_because(world: World, need: str, reason: str, org: str | None) -> None:
    code = lookup.need(world, need)
    wanted = world.word(words.value, "reason", reason)
    target = lookup.organization(world, org).id if org else None
    gap = explain.unmet(world, code)
    if gap is not None and gap["reason"] == wanted and (target is None or gap.get("escalate_to") == target):
        return
    also = world.say(f" and escalated to {target}", f" และส่งเรื่องต่อให้ {target}") if target else ""
    if gap is None:
        found = explain.item(world, code)
        gave = explain.candidates(world, found) if found else explain.whole_plan(world)
        world.fail(
            f"Expected {code} to be unmet because {wanted}{also}, but the plan answers it:\n{gave}",
            f"คาดว่า {code} จะยังไม่ได้รับการตอบสนองเพราะ {wanted}{also} แต่แผนตอบได้:\n{gave}",
        )
    world.fail(
        f"Expected {code} to be unmet because {wanted}{also}, but it is unmet because {gap['reason']}"
        f" and escalated to {gap.get('escalate_to')} ({gap['detail']})",
        f"คาดว่า {code} จะยังไม่ได้รับการตอบสนองเพราะ {wanted}{also} แต่ผลคือ {gap['reason']}"
        f" และส่งเรื่องต่อให้ {gap.get('escalate_to')} ({gap['detail']})",
    )


@phrase(
    "then",
    "unmet needs",
    en=r"the plan meets every need",
    th=r"แผนตอบสนองทุกความต้องการ",
    en_example="the plan meets every need",
    th_example="แผนตอบสนองทุกความต้องการ",
)
def meets_every_need(world: World) -> None:
    gaps = (world.plan or {}).get("unmet", [])
    if not gaps:
        return
    def listed(escalate: str) -> str:
        return "\n".join(
            f"  - {u['need']}: {u['reason']} ({u['detail']})"
            + (f"; {escalate} {u['escalate_to']}" if u.get("escalate_to") else "")
            for u in gaps
        )

    world.fail(
        f"Expected the plan to meet every need, but these are unmet:\n{listed('escalate to')}\n{world.summary()}",
        "คาดว่าแผนจะตอบสนองทุกความต้องการ แต่ยังมีความต้องการที่ไม่ได้รับการตอบสนอง:\n"
        f"{listed('ส่งเรื่องต่อให้')}\n{world.summary()}",
    )


@phrase(
    "then",
    "rules",
    en=r"the plan explains (?P<need>.+?) with rule (?P<rule>\S+)",
    th=r"แผนอธิบาย\s*(?P<need>.+?)\s*ด้วยกฎ\s*(?P<rule>\S+)",
    en_example="the plan explains housing_repair with rule housing.dilapidated_home",
    th_example="แผนอธิบาย ซ่อมแซมที่อยู่อาศัย ด้วยกฎ housing.dilapidated_home",
)
def explains_with(world: World, need: str, rule: str) -> None:
    wanted = lookup.rule(world, rule).id
    code, found = need_item(world, need)
    if any(r["id"] == wanted for r in found["rules"]):
        return
    fired, written = explain.fired(world, found), explain.rules_for(world, code)
    world.fail(
        f"Expected rule {wanted} to fire for {code}, but {fired}\n{written}\n{world.summary()}",
        f"คาดว่ากฎ {wanted} จะทำงานสำหรับ {code} แต่{fired}\n{written}\n{world.summary()}",
    )


@phrase(
    "then",
    "rules",
    en=r"the explanation for (?P<need>.+?) says (?P<text>.+)",
    th=r"คำอธิบายของ\s*(?P<need>.+?)\s*ระบุว่า\s*(?P<text>.+)",
    en_example="the explanation for non_formal_education says the case gives no district",
    th_example="คำอธิบายของ การศึกษานอกระบบ (สกร./กศน.) ระบุว่า กรณีนี้ไม่ได้ระบุอำเภอ",
)
def explanation_says(world: World, need: str, text: str) -> None:
    """The words are in a line of the item's explanation, or in the detail of the need's unmet entry, in English or
    in Thai (``explanation_th``, ``detail_th``)."""
    code, found = need_item(world, need)
    gap = explain.unmet(world, code)
    details = [gap["detail"], gap["detail_th"] or ""] if gap else []
    lines = [*found["explanation"], *(found["explanation_th"] or []), *details]
    if any(text.strip().casefold() in line.casefold() for line in lines):
        return
    said = "\n".join(f"  {line}" for line in lines)
    world.fail(
        f"Expected the explanation for {code} to say {text!r}, but it says:\n{said}",
        f"คาดว่าคำอธิบายของ {code} จะระบุว่า {text!r} แต่คำอธิบายคือ:\n{said}",
    )


@phrase(
    "then",
    "rules",
    en=r"the plan follows rule (?P<rule>\S+) for (?P<need>.+)",
    th=r"แผนยึดกฎ\s*(?P<rule>\S+)\s*สำหรับ\s*(?P<need>.+)",
    en_example="the plan follows rule education.welfare_school for return_to_school",
    th_example="แผนยึดกฎ education.welfare_school สำหรับ กลับเข้าสู่ระบบการศึกษา",
)
def follows(world: World, rule: str, need: str) -> None:
    wanted = lookup.rule(world, rule).id
    code, found = need_item(world, need)
    if found["rules"] and found["rules"][0]["id"] == wanted:
        return
    fired, written = explain.fired(world, found), explain.rules_for(world, code)
    world.fail(
        f"Expected the plan to follow rule {wanted} for {code} (the first by priority), but it follows "
        f"{found['rules'][0]['id']}; {fired}\n{written}\n{world.summary()}",
        f"คาดว่าแผนจะยึดกฎ {wanted} สำหรับ {code} (กฎแรกตามลำดับความสำคัญ) แต่แผนยึดกฎ "
        f"{found['rules'][0]['id']}; {fired}\n{written}\n{world.summary()}",
    )


@phrase(
    "then",
    "rules",
    en=r"the plan does not use rule (?P<rule>\S+) for (?P<need>.+)",
    th=r"แผนไม่ใช้กฎ\s*(?P<rule>\S+)\s*สำหรับ\s*(?P<need>.+)",
    en_example="the plan does not use rule education.lampang_learning_centre for return_to_school",
    th_example="แผนไม่ใช้กฎ education.lampang_learning_centre สำหรับ กลับเข้าสู่ระบบการศึกษา",
)
def does_not_use(world: World, rule: str, need: str) -> None:
    wanted = lookup.rule(world, rule).id
    code = lookup.need(world, need)
    found = explain.item(world, code)
    if found is None or all(r["id"] != wanted for r in found["rules"]):
        return
    world.fail(
        f"Expected rule {wanted} not to fire for {code}, but {explain.fired(world, found)}\n{world.summary()}",
        f"คาดว่ากฎ {wanted} จะไม่ทำงานสำหรับ {code} แต่{explain.fired(world, found)}\n{world.summary()}",
    )


@phrase(
    "then",
    "rules",
    en=r"the service for (?P<need>.+?) is (?P<service>.+)",
    th=r"บริการสำหรับ\s*(?P<need>.+?)\s*คือ\s*(?P<service>.+)",
    en_example="the service for return_to_school is monastic_school_placement",
    th_example="บริการสำหรับ กลับเข้าสู่ระบบการศึกษา คือ รับเข้าเรียนโรงเรียนพระปริยัติธรรม",
)
def service_is(world: World, need: str, service: str) -> None:
    wanted = lookup.service(world, service)
    code, found = need_item(world, need)
    if found["service"] == wanted:
        return
    world.fail(
        f"Expected the service for {code} to be {wanted}, but the plan gives {found['service']}; "
        + explain.fired(world, found),
        f"คาดว่าบริการสำหรับ {code} คือ {wanted} แต่แผนให้ {found['service']}; " + explain.fired(world, found),
    )


@phrase(
    "then",
    "plan",
    en=r"the CM can read the stored plan back",
    th=r"CM เปิดดูแผนที่บันทึกไว้ได้",
    en_example="the CM can read the stored plan back",
    th_example="CM เปิดดูแผนที่บันทึกไว้ได้",
)
def read_back(world: World) -> None:
    plan = world.plan or {}
    token = world.service.cm_token(plan.get("requested_by", ""))
    headers = {"Authorization": f"Bearer {token}"}
    response = world.service.client.get(f"/v1/plans/{plan.get('plan_id')}", headers=headers)
    if response.status_code == 200 and response.json() == plan:
        return
    world.fail(
        f"Expected the CM of {plan.get('requested_by')} to read plan {plan.get('plan_id')} back as it was given, "
        f"but GET /v1/plans answered {response.status_code}",
        f"คาดว่า CM ของ {plan.get('requested_by')} จะเปิดดูแผน {plan.get('plan_id')} ได้เหมือนเดิม "
        f"แต่ GET /v1/plans ตอบ {response.status_code}",
    )
