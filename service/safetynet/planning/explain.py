"""What a plan item says in words, in Thai and English: why these candidates, or why none, and who acts next.

Each kind of line is made once, by one function, as a ``Said`` pair from the same values; the item's
``explanation`` is the English of its lines and ``explanation_th`` the Thai, line for line (an unmet need's
``detail`` and ``detail_th`` likewise). The English names services, kinds, provinces and organizations by their
codes and ids; the Thai by their Thai names, from where they live: services in the rule book's catalogue
(``rules/services.yaml``), kinds in ``contract/kinds.toml``, levels in ``contract/words.toml``, places in the
gazetteer, organizations in ``graph/``. For ``no_partner`` and ``no_path`` it says which kinds and levels were
searched and, for the nearest providers (up to 3), why each was left out, for every rule tried (a need's baseline
searches other kinds than its first rule); every unmet need names who acts next and what they can do.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from safetynet.contract.said import Said, concat, joined, word
from safetynet.contract.vocabulary import CORE_TEAM, ORGANIZATION_KINDS, Level
from safetynet.network import Organization, RouteRequest, RouteResult
from safetynet.network.nearmiss import NearMiss
from safetynet.places import Province, gazetteer
from safetynet.rules import Firing, Service

URGENT_HOURS = 24
#: Why a rule with no condition fired: it is the baseline of its need.
BASELINE = Said(
    "ไม่มีเงื่อนไข: ใช้กับเด็กทุกคนที่ CM ประเมินว่ามีความต้องการนี้",
    "no condition: the baseline for every child a CM assessed as having this need",
)
NO_DISTRICT = Said(
    "กรณีนี้ไม่ได้ระบุอำเภอ จึงเสนอเฉพาะหน่วยงานที่ให้บริการทั้งจังหวัด (หรือทั้งประเทศ) "
    "ระบุอำเภอของเด็กเพื่อให้ได้หน่วยงานที่ใกล้กว่า",
    "the case gives no district: only providers that serve the whole province (or the country) are proposed; "
    "give the district for nearer ones",
)
_NOTHING = Said("", "")


class Names(NamedTuple):
    """What the lines name besides rules and organizations: the rule book's services and the child's province."""

    services: Mapping[str, Service]
    province: Province

    def service(self, code: str) -> Said:
        """The service by its Thai name (its code when the catalogue lacks it) and by its code in English."""
        found = self.services.get(code)
        return Said(found.label.th if found else code, code)

    def where(self) -> Said:
        """``จังหวัดพิษณุโลก`` (``กรุงเทพมหานคร``) / ``TH-65``."""
        th = self.province.th if self.province.code == gazetteer.BANGKOK else f"จังหวัด{self.province.th}"
        return Said(th, self.province.code)


class Search(NamedTuple):
    """A rule tried after the one the item follows, and what its route found (nobody)."""

    rule_id: str
    request: RouteRequest
    route: RouteResult


def _kind(code: str) -> str:
    return ORGANIZATION_KINDS[code][0] if code in ORGANIZATION_KINDS else code


def searched(service: str, providers: Sequence[tuple[str, Level]], names: Names) -> Said:
    """``searched for school_enrolment in TH-95: school (district; province-wide as a fallback), ...``"""
    what, where = names.service(service), names.where()
    head = Said(f"ค้นหาหน่วยงานที่ให้บริการ{what.th} ใน{where.th}: ", f"searched for {what.en} in {where.en}: ")
    if not providers:
        return concat(head, Said("หน่วยงานทุกประเภท จากทุกพื้นที่", "any kind of provider, from any area"))
    kinds = []
    for kind, level in providers:
        at = word(f"level.{level}").th
        if level in ("subdistrict", "district"):
            kinds.append(
                Said(
                    f"{_kind(kind)} ({at} ถ้าไม่มีจึงใช้หน่วยงานที่ให้บริการทั้งจังหวัด)",
                    f"{kind} ({level}; province-wide as a fallback)",
                )
            )
        else:
            kinds.append(Said(f"{_kind(kind)} ({at})", f"{kind} ({level})"))
    return concat(head, joined(kinds, ", ", ", "))


def escalation_line(who: Organization) -> Said:
    if who.kind == CORE_TEAM:  # its Thai name says it is the province's core team
        return Said(f"ส่งเรื่องต่อให้{who.name.th}", f"escalate to {who.id} ({who.name.en}), the {_core_team_en()}")
    return Said(
        f"ส่งเรื่องต่อให้{who.name.th} ซึ่งเป็นหน่วยงานที่ขอแผน (เครือข่ายของจังหวัดนี้ยังไม่มีทีมแกนนำ)",
        f"escalate to {who.id} ({who.name.en}), the organization that asked (no core team in the network for this "
        "province)",
    )


def _core_team_en() -> str:
    return ORGANIZATION_KINDS[CORE_TEAM][1]


def route_lines(route: RouteResult, service: str, providers: Sequence[tuple[str, Level]], names: Names) -> list[Said]:
    """The lines about who was found (or not) for the service."""
    lines: list[Said] = []
    if route.candidates:
        lines.append(
            Said(
                "เรียงหน่วยงานที่เสนอตามความใกล้ของพื้นที่บริการ แล้วตามเวลาที่ใช้ส่งต่อ แล้วตามจำนวนทอด",
                "candidates ranked by area closeness, then path hours, then hops",
            )
        )
        wider = [c.organization for c in route.candidates if c.fallback]
        if wider:
            verb = "serves" if len(wider) == 1 else "serve"
            lines.append(
                Said(
                    f"{', '.join(o.name.th for o in wider)} ให้บริการทั้งจังหวัด กว้างกว่าระดับที่กฎกำหนดสำหรับหน่วยงาน"
                    "ประเภทนี้ จึงเรียงไว้หลังหน่วยงานที่อยู่ในระดับนั้น",
                    f"{', '.join(o.id for o in wider)} {verb} the whole province, wider than the rule's level for the "
                    "kind: ranked after the providers within it",
                )
            )
        return lines
    lines.append(searched(service, providers, names))
    if route.reason == "no_partner":
        nobody = Said(
            "ไม่มีหน่วยงานประเภทเหล่านี้ที่รับเด็กคนนี้ในพื้นที่นี้ได้", "no provider of these kinds can take this child here"
        )
        lines.append(concat(nobody, _nearest(route.near_misses)))
    elif route.reason == "no_path":
        unreachable = Said(
            "มีหน่วยงานที่เข้าเกณฑ์ แต่ส่งต่อถึงไม่ได้ เพราะยังไม่มี MOU ที่มีผลอยู่และครอบคลุมบริการนี้",
            "providers qualify but none is reachable along MOUs in force that cover the service",
        )
        lines.append(concat(unreachable, _nearest(route.near_misses)))
    return lines


def also_searched(others: Sequence[Search], names: Names) -> list[Said]:
    """The lines of ``route_lines`` for each other rule tried, each starting with the rule's id."""
    return [
        concat(Said(f"{s.rule_id}: ", f"{s.rule_id}: "), line)
        for s in others
        for line in route_lines(s.route, s.request.service, s.request.providers, names)
    ]


def _nearest(misses: Sequence[NearMiss]) -> Said:
    if not misses:
        return Said(
            " และไม่มีหน่วยงานประเภทเหล่านี้ให้บริการนี้ในจังหวัดหรือในระดับประเทศ",
            "; none of these kinds gives this service in the province or nationally",
        )
    return concat(Said(" หน่วยงานที่ใกล้ที่สุด: ", "; nearest: "), numbered(misses))


def numbered(misses: Sequence[NearMiss]) -> Said:
    """``1. org (name): why; 2. ...`` / ``1. ชื่อหน่วยงาน: เหตุผล 2. ...``"""
    return joined((concat(Said(f"{n}. ", f"{n}. "), m.said()) for n, m in enumerate(misses, start=1)), " ", "; ")


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
        steps.append(
            Said(
                "ระบุอำเภอ (และตำบล) ของเด็กถ้าทราบ แล้วขอแผนใหม่",
                "give the child's district (and subdistrict) if known, and plan again",
            )
        )
    if "no_path" in reasons:
        steps.append(
            Said(
                f"ส่งต่อด้วยตนเอง และทำ MOU ที่ครอบคลุมบริการ{service.th}กับหน่วยงานเหล่านั้นสักแห่ง",
                f"refer by hand, and get an MOU covering {service.en} signed with one of them",
            )
        )
    if "capacity" in reasons:
        steps.append(Said("สอบถามว่ามีหน่วยงานใดรับเด็กคนนี้ได้ตอนนี้", "ask whether one can take this child now"))
    if "age" in reasons:
        steps.append(
            Said(
                "ขอยกเว้นเกณฑ์อายุ หรือหาหน่วยงานภาคีที่รับเด็กอายุนี้",
                "ask for an exception to the age limit, or find a partner for this age",
            )
        )
    if not steps or reasons & {"outside_area", "level"}:
        steps.append(
            Said(
                f"หาหน่วยงานภาคีที่ให้บริการ{service.th}ในจังหวัด แล้วเพิ่มเข้าเครือข่าย (graph/)",
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
    what = {
        "no_partner": Said(
            f"ไม่มีหน่วยงานภาคีที่รับเด็กคนนี้ได้สำหรับบริการ{named.th}", f"no partner can take this child for {named.en}"
        ),
        "no_path": Said(
            f"มีหน่วยงานภาคีที่ให้บริการ{named.th}เข้าเกณฑ์ แต่ส่งต่อถึงไม่ได้ตาม MOU ที่มีผลอยู่",
            f"partners for {named.en} qualify but none is reachable along MOUs in force",
        ),
    }[route.reason or "no_partner"]
    also = [
        concat(Said(f" {s.rule_id}: ", f"; {s.rule_id}: "), searched(s.request.service, s.request.providers, names))
        for s in others
    ]
    also = [concat(line, _nearest_of(s.route)) for line, s in zip(also, others, strict=True)]
    return concat(
        what,
        _nearest_of(route),
        Said(" ", "; "),
        searched(service, providers, names),
        *also,
        Said(f" ขั้นตอนถัดไป: {who.name.th} ดำเนินการ: ", f". Next: {who.id} ({who.name.en}) acts: "),
        next_step(route, service, names, others),
    )


def _nearest_of(route: RouteResult) -> Said:
    if not route.near_misses:
        return _NOTHING
    found = numbered(route.near_misses)
    return Said(f" (หน่วยงานที่ใกล้ที่สุด: {found.th})", f" (nearest: {found.en})")


def no_rule_detail(need: str, label: str, who: Organization) -> Said:
    """``need``: its code; ``label``: its Thai name."""
    return Said(
        f"ยังไม่มีกฎที่ใช้อยู่รองรับความต้องการ{label}ของเด็กคนนี้ ขั้นตอนถัดไป: {who.name.th} ตัดสินใจว่าใครจะดำเนินการ "
        "และแจ้งผู้เขียนนโยบายให้เพิ่มกฎที่รองรับ (rules/)",
        f"no rule in force answers {need} for this child. Next: {who.id} ({who.name.en}) decides who acts, and "
        "tells the policy writers so that a rule answers it (rules/)",
    )


def over_deadline(hours: float) -> Said:
    return Said(
        f"เร่งด่วน แต่เส้นทางส่งต่อที่เร็วที่สุดใช้เวลา {hours:g} ชั่วโมง เกิน {URGENT_HOURS} ชั่วโมง",
        f"urgent, but the fastest referral path takes {hours:g} h: more than {URGENT_HOURS} h",
    )


def fired_lines(
    firings: Sequence[Firing],
    chosen: Firing,
    tried: Sequence[tuple[Firing, RouteResult]],
    headings: Sequence[Said],
    names: Names,
) -> list[Said]:
    """One line per rule that fired (``headings``: how each one's line starts), with why; then which rule the plan
    follows when another could not route."""
    lines = [
        concat(heading, joined(f.because or (BASELINE,), " และ ", "; "))
        for heading, f in zip(headings, firings, strict=True)
    ]
    found = any(route.candidates for firing, route in tried if firing is chosen)
    service = names.service(chosen.rule.outcome.service)
    for firing, skipped in tried:
        if firing is chosen:
            continue
        other = names.service(firing.rule.outcome.service)
        why = word(f"unmet.{skipped.reason}").th if skipped.reason else ""
        nobody = Said(
            f"ไม่มีหน่วยงานที่ส่งต่อถึงได้สำหรับบริการ{other.th} ({firing.rule.id}: {why})",
            f"nobody can be reached for {other.en} ({firing.rule.id}: {skipped.reason})",
        )
        if found:
            instead = Said(
                f" แผนจึงใช้บริการ{service.th}ตามกฎ {chosen.rule.id} แทน",
                f"; the plan uses {service.en} from {chosen.rule.id} instead",
            )
            lines.append(concat(nobody, instead))
        else:
            lines.append(concat(nobody, Said(" เช่นกัน", " either")))
    if len(firings) > 1 and chosen is firings[0]:
        lines.append(
            Said(
                f"บริการและลำดับขั้นตอนมาจากกฎ {chosen.rule.id} ซึ่งมาก่อนตามลำดับความสำคัญ",
                f"service and timeline from {chosen.rule.id}, the first rule by priority",
            )
        )
    return lines
