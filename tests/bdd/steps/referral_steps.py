"""Steps about referrals: the CM sends a plan item, partners acknowledge, accept, forward, decline and close it,
time passes, and what the referral, the overdue lists and the figures then say. Everything goes through the real
API (``/v1/referrals``, ``/v1/stats``) with the tokens of the organizations named; time is the scenario's clock."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from safetynet.places import PlaceError, resolve_province
from tests.bdd import lookup
from tests.bdd.catalogue import phrase
from tests.bdd.world import World

_ACTIONS = {
    "acknowledges": "acknowledge",
    "accepts": "accept",
    "forwards": "forward",
    "รับทราบการส่งต่อ": "acknowledge",
    "ตอบรับการส่งต่อ": "accept",
    "ส่งต่อเรื่อง": "forward",
}
_REASONS = {
    "lack of capacity": "no_capacity",
    "not eligible": "not_eligible",
    "out of area": "out_of_area",
    "unable to contact": "unable_to_contact",
    "another reason": "other",
    "รับไม่ไหว": "no_capacity",
    "ไม่เข้าเกณฑ์": "not_eligible",
    "อยู่นอกพื้นที่": "out_of_area",
    "ติดต่อไม่ได้": "unable_to_contact",
    "เหตุผลอื่น": "other",
}
_STATUSES = {
    "ส่งแล้ว": "sent",
    "รับทราบแล้ว": "acknowledged",
    "ตอบรับแล้ว": "accepted",
    "ถูกปฏิเสธ": "declined",
    "ปิดแล้ว": "done",
    "ยกเลิกแล้ว": "cancelled",
}
_ENGLISH_STATUSES = "sent|acknowledged|accepted|declined|done|cancelled"


def _call(
    world: World, method: str, path: str, token: str, body: dict[str, Any] | None = None, **params: Any
) -> Any:
    world.service.runtime.clock = world.clock
    response = world.service.client.request(
        method, path, json=body, params=params, headers={"Authorization": f"Bearer {token}"}
    )
    if response.status_code >= 300:
        error = response.json().get("error", {})
        details = "".join(f"\n  {d}" for d in error.get("details", ()))
        world.fail(
            f"The service refused {method} {path} ({response.status_code}): {error.get('message')}{details}",
            f"ระบบไม่รับ {method} {path} ({response.status_code}): {error.get('message')}{details}",
        )
    return response.json()


def _agency(world: World, org: str) -> tuple[str, str]:
    """The id of the organization named, and an agency token of it."""
    who = lookup.organization(world, org).id
    return who, world.service.token("agency", who)


def _referral(world: World, need: str) -> dict[str, Any]:
    """The latest referral sent for ``need`` in this scenario, as the service shows it now."""
    code = lookup.need(world, need)
    if code not in world.referrals:
        world.fail(
            f"No referral for {code} was sent in this scenario: add 'When the CM sends the referral for {code}'.",
            f"เหตุการณ์นี้ยังไม่ได้ส่งต่อ {code}: เพิ่ม 'เมื่อ CM ส่งต่อ {code}'",
        )
    shown: dict[str, Any] = _call(world, "GET", f"/v1/referrals/{world.referrals[code]['referral_id']}", _admin(world))
    return shown


def _admin(world: World) -> str:
    return world.service.token("admin")


def _name(world: World, org: str | None) -> str:
    return lookup.shown(world, lookup.organization(world, org)) if org else "-"


@phrase(
    "when",
    "referrals",
    en=r"the CM sends the referral for (?P<need>.+?)(?: to (?P<org>.+))?",
    th=r"CM ส่งต่อ\s*(?P<need>.+?)(?:\s+ไปยัง\s*(?P<org>.+))?",
    en_example="the CM sends the referral for housing_repair",
    th_example="CM ส่งต่อ ซ่อมแซมที่อยู่อาศัย ไปยัง เทศบาลนครพิษณุโลก",
)
def cm_sends(world: World, need: str, org: str | None) -> None:
    if world.plan is None:
        world.fail("Ask for a plan first: 'When the CM asks for a plan'.", "ให้ CM ขอแผนก่อน: 'เมื่อ CM ขอแผนความช่วยเหลือ'")
    code = lookup.need(world, need)
    body: dict[str, Any] = {"plan_id": world.plan["plan_id"], "need": code}
    if org:
        body["organization_id"] = lookup.organization(world, org).id
    token = world.service.cm_token(world.plan["requested_by"])
    world.referrals[code] = _call(world, "POST", "/v1/referrals", token, body)


@phrase(
    "when",
    "time",
    en=r"(?P<n>\d+) hours later",
    th=r"ผ่านไป (?P<n>\d+) ชั่วโมง",
    en_example="25 hours later",
    th_example="ผ่านไป 3 ชั่วโมง",
)
def hours_later(world: World, n: str) -> None:
    world.elapsed += timedelta(hours=int(n))


@phrase(
    "when",
    "referrals",
    en=r"(?P<org>.+?) (?P<action>acknowledges|accepts|forwards) the referral for (?P<need>.+)",
    th=r"(?P<org>.+?)\s+(?P<action>รับทราบการส่งต่อ|ตอบรับการส่งต่อ|ส่งต่อเรื่อง)\s*(?P<need>.+)",
    en_example="plk-core-team forwards the referral for return_to_school",
    th_example="เทศบาลนครพิษณุโลก รับทราบการส่งต่อ ซ่อมแซมที่อยู่อาศัย",
)
def partner_acts(world: World, org: str, action: str, need: str) -> None:
    _, token = _agency(world, org)
    referral = _referral(world, need)
    world.referrals[referral["need"]] = _call(
        world, "POST", f"/v1/referrals/{referral['referral_id']}/{_ACTIONS[action]}", token, {}
    )


@phrase(
    "when",
    "referrals",
    en=r"(?P<org>.+?) declines the referral for (?P<need>.+?) for (?P<reason>.+)",
    th=r"(?P<org>.+?)\s+ปฏิเสธการส่งต่อ\s*(?P<need>.+?)\s+เพราะ\s*(?P<reason>.+)",
    en_example="plk-city-municipality declines the referral for housing_repair for lack of capacity",
    th_example="เทศบาลนครพิษณุโลก ปฏิเสธการส่งต่อ ซ่อมแซมที่อยู่อาศัย เพราะ รับไม่ไหว",
)
def partner_declines(world: World, org: str, need: str, reason: str) -> None:
    code = _REASONS.get(reason.strip())
    if code is None:
        world.fail(
            f"Unknown reason {reason!r}: write one of {', '.join(k for k in _REASONS if k.isascii())}.",
            f"ไม่รู้จักเหตุผล {reason!r} เขียนเหตุผลหนึ่งใน {', '.join(k for k in _REASONS if not k.isascii())}",
        )
    _, token = _agency(world, org)
    referral = _referral(world, need)
    world.referrals[referral["need"]] = _call(
        world, "POST", f"/v1/referrals/{referral['referral_id']}/decline", token, {"reason": code}
    )


@phrase(
    "when",
    "referrals",
    en=r"(?P<org>.+?) closes the referral for (?P<need>.+?): the child was (?P<outcome>helped|not helped)",
    th=r"(?P<org>.+?)\s+ปิดเรื่อง\s*(?P<need>.+?)\s+(?P<outcome>ช่วยเหลือสำเร็จ|ช่วยเหลือไม่สำเร็จ)",
    en_example="plk-city-municipality closes the referral for housing_repair: the child was helped",
    th_example="เทศบาลนครพิษณุโลก ปิดเรื่อง ซ่อมแซมที่อยู่อาศัย ช่วยเหลือสำเร็จ",
)
def partner_closes(world: World, org: str, need: str, outcome: str) -> None:
    _, token = _agency(world, org)
    referral = _referral(world, need)
    helped = outcome in ("helped", "ช่วยเหลือสำเร็จ")
    body = {"outcome": "helped"} if helped else {"outcome": "not_helped", "reason": "said in the scenario"}
    world.referrals[referral["need"]] = _call(
        world, "POST", f"/v1/referrals/{referral['referral_id']}/done", token, body
    )


def _history(world: World, referral: dict[str, Any]) -> str:
    lines = [
        f"  {h['at']}: {h['action']} -> {h['status']} ({h['by_organization'] or 'admin'}; "
        f"{world.say('held by', 'อยู่ที่')} {h['holder'] or '-'})"
        for h in referral["history"]
    ]
    return "\n".join(lines)


@phrase(
    "then",
    "referrals",
    en=rf"the referral for (?P<need>.+?) is (?P<status>{_ENGLISH_STATUSES})",
    th=r"การส่งต่อ\s*(?P<need>.+?)\s+อยู่ในสถานะ\s*(?P<status>.+)",
    en_example="the referral for housing_repair is acknowledged",
    th_example="การส่งต่อ ซ่อมแซมที่อยู่อาศัย อยู่ในสถานะ ปิดแล้ว",
)
def referral_status(world: World, need: str, status: str) -> None:
    wanted = _STATUSES.get(status.strip(), status.strip())
    referral = _referral(world, need)
    if referral["status"] == wanted:
        return
    world.fail(
        f"Expected the referral for {referral['need']} to be {wanted}, but it is {referral['status']}:\n"
        + _history(world, referral),
        f"คาดว่าการส่งต่อ {referral['need']} อยู่ในสถานะ {status} แต่สถานะคือ {referral['status']}:\n"
        + _history(world, referral),
    )


@phrase(
    "then",
    "referrals",
    en=r"the referral for (?P<need>.+?) is held by (?P<org>.+)",
    th=r"การส่งต่อ\s*(?P<need>.+?)\s+อยู่ที่\s*(?P<org>.+)",
    en_example="the referral for return_to_school is held by plk-core-team",
    th_example="การส่งต่อ กลับเข้าสู่ระบบการศึกษา อยู่ที่ plk-monastic-schools",
)
def held_by(world: World, need: str, org: str) -> None:
    who = lookup.organization(world, org).id
    referral = _referral(world, need)
    if referral["holder"] == who:
        return
    world.fail(
        f"Expected {_name(world, who)} to hold the referral for {referral['need']}, but the holder is "
        f"{_name(world, referral['holder'])}:\n" + _history(world, referral),
        f"คาดว่าการส่งต่อ {referral['need']} อยู่ที่ {_name(world, who)} แต่อยู่ที่ {_name(world, referral['holder'])}:\n"
        + _history(world, referral),
    )


def _hours(later: str, earlier: str) -> float:
    return (datetime.fromisoformat(later) - datetime.fromisoformat(earlier)).total_seconds() / 3600


@phrase(
    "then",
    "referrals",
    en=r"the referral for (?P<need>.+?) was acknowledged within (?P<n>\d+) hours",
    th=r"การส่งต่อ\s*(?P<need>.+?)\s+ได้รับการรับทราบภายใน (?P<n>\d+) ชั่วโมง",
    en_example="the referral for housing_repair was acknowledged within 24 hours",
    th_example="การส่งต่อ ซ่อมแซมที่อยู่อาศัย ได้รับการรับทราบภายใน 24 ชั่วโมง",
)
def acknowledged_within(world: World, need: str, n: str) -> None:
    referral = _referral(world, need)
    at = referral["acknowledged_at"]
    if at is not None and _hours(at, referral["created_at"]) <= int(n) and at <= referral["refer_by"]:
        return
    took = f"{_hours(at, referral['created_at']):g}" if at else world.say("never", "ไม่เคย")
    world.fail(
        f"Expected the referral for {referral['need']} to be acknowledged within {n} hours and by its deadline "
        f"{referral['refer_by']}; acknowledged after: {took} hours\n" + _history(world, referral),
        f"คาดว่าการส่งต่อ {referral['need']} ได้รับการรับทราบภายใน {n} ชั่วโมงและไม่เกินกำหนด {referral['refer_by']} "
        f"แต่รับทราบหลังส่ง: {took} ชั่วโมง\n" + _history(world, referral),
    )


@phrase(
    "then",
    "referrals",
    en=r"the referral for (?P<need>.+?) now goes to (?P<org>.+?) in place of the one (?P<old>.+?) declined",
    th=r"การส่งต่อ\s*(?P<need>.+?)\s+ไปยัง\s*(?P<org>.+?)\s+แทนการส่งต่อที่\s*(?P<old>.+?)\s*ปฏิเสธ",
    en_example=(
        "the referral for housing_repair now goes to plk-sdhso-office"
        " in place of the one plk-city-municipality declined"
    ),
    th_example="การส่งต่อ ซ่อมแซมที่อยู่อาศัย ไปยัง plk-sdhso-office แทนการส่งต่อที่ เทศบาลนครพิษณุโลก ปฏิเสธ",
)
def replaces(world: World, need: str, org: str, old: str) -> None:
    who, before = lookup.organization(world, org).id, lookup.organization(world, old).id
    referral = _referral(world, need)
    replaced = (
        _call(world, "GET", f"/v1/referrals/{referral['replaces']}", _admin(world)) if referral["replaces"] else None
    )
    if (
        referral["to_organization"] == who
        and replaced is not None
        and (replaced["to_organization"], replaced["status"], replaced["replaced_by"])
        == (before, "declined", referral["referral_id"])
    ):
        return
    gone = f"{replaced['to_organization']} ({replaced['status']})" if replaced else world.say("none", "ไม่มี")
    world.fail(
        f"Expected the referral for {referral['need']} to go to {who} in place of the one {before} declined; it goes "
        f"to {referral['to_organization']} and replaces: {gone}",
        f"คาดว่าการส่งต่อ {referral['need']} ไปยัง {who} แทนการส่งต่อที่ {before} ปฏิเสธ แต่ส่งไปยัง "
        f"{referral['to_organization']} แทน: {gone}",
    )


@phrase(
    "then",
    "referrals",
    en=r"the referral for (?P<need>.+?) is overdue",
    th=r"การส่งต่อ\s*(?P<need>.+?)\s+เลยกำหนดแล้ว",
    en_example="the referral for housing_repair is overdue",
    th_example="การส่งต่อ ซ่อมแซมที่อยู่อาศัย เลยกำหนดแล้ว",
)
def is_overdue(world: World, need: str) -> None:
    referral = _referral(world, need)
    if referral["overdue"]:
        return
    world.fail(
        f"Expected the referral for {referral['need']} to be overdue (not acknowledged by {referral['refer_by']}); "
        f"it is {referral['status']} at {world.clock().isoformat()}",
        f"คาดว่าการส่งต่อ {referral['need']} เลยกำหนดแล้ว (ยังไม่รับทราบภายใน {referral['refer_by']}) "
        f"แต่สถานะคือ {referral['status']} ณ {world.clock().isoformat()}",
    )


@phrase(
    "then",
    "referrals",
    en=r"(?P<org>.+?) sees the referral for (?P<need>.+?) in its overdue list",
    th=r"(?P<org>.+?)\s+เห็นการส่งต่อ\s*(?P<need>.+?)\s+ในรายการที่เลยกำหนด",
    en_example="plk-core-team sees the referral for housing_repair in its overdue list",
    th_example="plk-core-team เห็นการส่งต่อ ซ่อมแซมที่อยู่อาศัย ในรายการที่เลยกำหนด",
)
def in_overdue_list(world: World, org: str, need: str) -> None:
    who, token = _agency(world, org)
    referral = _referral(world, need)
    since = (world.requested_at - timedelta(hours=1)).isoformat()
    listed = _call(world, "GET", "/v1/referrals", token, overdue="true", need=referral["need"], since=since, limit=200)
    if referral["referral_id"] in [r["referral_id"] for r in listed["items"]]:
        return
    world.fail(
        f"Expected {who}'s overdue list to hold the referral for {referral['need']} ({referral['referral_id']}, "
        f"{referral['status']}, due {referral['refer_by']}); it holds {len(listed['items'])} other(s)",
        f"คาดว่ารายการที่เลยกำหนดของ {who} มีการส่งต่อ {referral['need']} ({referral['referral_id']}, "
        f"{referral['status']}, กำหนด {referral['refer_by']}) แต่มีรายการอื่น {len(listed['items'])} รายการ",
    )


@phrase(
    "then",
    "figures",
    en=(
        r"the figures of (?P<province>.+?) for the day of the request count (?P<sent>\d+) sent"
        r" and (?P<in_time>\d+) acknowledged in time"
    ),
    th=(
        r"สถิติของจังหวัด\s*(?P<province>.+?)\s+ในวันที่ขอแผน\s+ส่งต่อ (?P<sent>\d+) รายการ"
        r"\s+รับทราบทันกำหนด (?P<in_time>\d+) รายการ"
    ),
    en_example="the figures of Phitsanulok for the day of the request count 1 sent and 1 acknowledged in time",
    th_example="สถิติของจังหวัดพิษณุโลก ในวันที่ขอแผน ส่งต่อ 1 รายการ รับทราบทันกำหนด 1 รายการ",
)
def figures(world: World, province: str, sent: str, in_time: str) -> None:
    try:
        code = resolve_province(province.strip()).code
    except PlaceError as exc:
        world.fail(f"Unknown province {province!r}: {exc}", f"ไม่รู้จักจังหวัด {province!r}: {exc}")
    start = world.requested_at.replace(hour=0, minute=0, second=0, microsecond=0)
    until = start + timedelta(days=1)
    shown = _call(
        world, "GET", "/v1/stats", _admin(world), province=code, since=start.isoformat(), until=until.isoformat()
    )["referrals"]
    if (shown["sent"], shown["acknowledged_in_time"]) == (int(sent), int(in_time)):
        return
    world.fail(
        f"Expected {code}'s figures from {start:%Y-%m-%d} to count {sent} sent and {in_time} acknowledged in time; "
        f"they say {shown}",
        f"คาดว่าสถิติของ {code} ตั้งแต่วันที่ {start:%Y-%m-%d} นับส่งต่อ {sent} รายการ รับทราบทันกำหนด {in_time} รายการ "
        f"แต่สถิติคือ {shown}",
    )
