"""What an unmet need says, in Thai and English (``Unmet.detail`` and ``detail_th``): why nobody can take the child,
searched by every rule tried, with the nearest providers and why each was left out; or that no rule answers the
need. Every unmet need names who acts next and what they can do. The lines are made as ``explain.py`` makes an
item's, from the same ``Names``.
"""

from __future__ import annotations

from collections.abc import Sequence

from safetynet.contract.said import NOTHING, Said, concat, joined
from safetynet.contract.vocabulary import Level
from safetynet.network import Organization, RouteResult
from safetynet.planning.explain import Names, Search, before_word, numbered, searched

# The fixed phrases, made once rather than per unmet need.
GIVE_DISTRICT = Said(
    "ระบุอำเภอ (และตำบล) ของเด็กถ้าทราบ แล้วขอแผนใหม่",
    "give the child's district (and subdistrict) if known, and plan again",
)
ASK_CAPACITY = Said("สอบถามว่ามีหน่วยงานใดรับเด็กคนนี้ได้ตอนนี้", "ask whether one can take this child now")
ASK_AGE = Said(
    "ขอยกเว้นเกณฑ์อายุ หรือหาหน่วยงานภาคีที่รับเด็กอายุนี้", "ask for an exception to the age limit, or find a partner for this age"
)
_THEN = Said(" ", "; ")


def next_step(route: RouteResult, service: str, names: Names, others: Sequence[Search] = ()) -> Said:
    """What the escalation can do, from the reasons the nearest providers of every rule tried were left out."""
    steps: list[Said] = []
    for found, code in ((route, service), *((s.route, s.request.service) for s in others)):
        steps.extend(step for step in _steps(found, names.service(code)) if step not in steps)
    return joined(steps, " และ ", "; ")


def _steps(route: RouteResult, service: Said) -> list[Said]:
    reasons = {reason for m in route.near_misses for reason in m.reasons}
    only_place = any(set(m.reasons) <= {"district_not_given", "subdistrict_not_given"} for m in route.near_misses)
    steps = []
    if only_place:
        steps.append(GIVE_DISTRICT)
    if "no_path" in reasons:
        steps.append(
            Said(
                f"ส่งต่อด้วยตนเอง และทำข้อตกลง (MOU) ที่ครอบคลุมบริการ{before_word(service.th)}กับหน่วยงานเหล่านั้นสักแห่ง",
                f"refer by hand, and get an MOU covering {service.en} signed with one of them",
            )
        )
    if "capacity" in reasons:
        steps.append(ASK_CAPACITY)
    if "age" in reasons:
        steps.append(ASK_AGE)
    if not steps or reasons & {"outside_area", "level"}:
        steps.append(
            Said(
                f"หาหน่วยงานภาคีที่ให้บริการ{before_word(service.th)}ในจังหวัด แล้วเพิ่มเข้าเครือข่าย (graph/)",
                f"find a partner for {service.en} in the province and add it to graph/",
            )
        )
    return steps


def unmet_detail(
    route: RouteResult,
    service: str,
    providers: Sequence[tuple[str, Level]],
    names: Names,
    others: Sequence[Search] = (),
) -> Said:
    """Why nobody, searched by the rule the item follows and by ``others`` (the other rules tried), and who acts."""
    who = route.escalation
    assert who is not None  # a route without candidates always names who acts
    named = names.service(service)
    if route.reason == "no_path":
        what = Said(
            f"มีหน่วยงานภาคีที่ให้บริการ{before_word(named.th)}เข้าเกณฑ์ แต่ส่งต่อถึงไม่ได้ตามข้อตกลง (MOU) ที่มีผลอยู่",
            f"partners for {named.en} qualify but none is reachable along MOUs in force",
        )
    else:
        what = Said(f"ไม่มีหน่วยงานภาคีที่รับเด็กคนนี้ได้สำหรับบริการ{named.th}", f"no partner can take this child for {named.en}")
    also = [
        concat(Said(f" {s.rule_id}: ", f"; {s.rule_id}: "), searched(s.request.service, s.request.providers, names))
        for s in others
    ]
    also = [concat(line, _nearest_of(s.route)) for line, s in zip(also, others, strict=True)]
    return concat(
        what,
        _nearest_of(route),
        _THEN,
        searched(service, providers, names),
        *also,
        Said(f" ขั้นตอนถัดไป: {who.name.th} ดำเนินการ: ", f". Next: {who.id} ({who.name.en}) acts: "),
        next_step(route, service, names, others),
    )


def _nearest_of(route: RouteResult) -> Said:
    if not route.near_misses:
        return NOTHING
    found = numbered(route.near_misses)
    return Said(f" (หน่วยงานที่ใกล้ที่สุด: {found.th})", f" (nearest: {found.en})")


def no_rule_detail(need: str, label: str, who: Organization) -> Said:
    """``need``: its code; ``label``: its Thai name."""
    return Said(
        f"ยังไม่มีกฎที่ใช้อยู่รองรับความต้องการ{before_word(label)}ของเด็กคนนี้ ขั้นตอนถัดไป: {who.name.th} ตัดสินใจว่าใครจะดำเนินการ "
        "และแจ้งผู้เขียนนโยบายให้เพิ่มกฎที่รองรับ (rules/)",
        f"no rule in force answers {need} for this child. Next: {who.id} ({who.name.en}) decides who acts, and "
        "tells the policy writers so that a rule answers it (rules/)",
    )
