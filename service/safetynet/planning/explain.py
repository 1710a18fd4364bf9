"""What a plan item says in words, in Thai and English: why these candidates, or why none, and who acts next.

Each kind of line is made once, by one function, as a ``Said`` pair from the same values; the item's
``explanation`` is the English of its lines and ``explanation_th`` the Thai, line for line (an unmet need's
``detail`` and ``detail_th`` likewise: ``unmet.py``). The English names services, kinds, provinces and
organizations by their codes and ids; the Thai by their Thai names, from where they live: services in the rule
book's catalogue (``rules/services.yaml``), kinds in ``contract/kinds.toml``, levels in ``contract/words.toml``,
places in the gazetteer, organizations in ``graph/``. For ``no_partner`` and ``no_path`` it says which kinds and
levels were searched and, for the nearest providers (up to 3), why each was left out, for every rule tried (a
need's baseline searches other kinds than its first rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

from safetynet.contract.said import WORDS, Said, concat, joined
from safetynet.contract.vocabulary import CORE_TEAM, Level, kind_label
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
    "กรณีนี้ไม่ได้ระบุอำเภอ จึงเสนอเฉพาะหน่วยงานที่ให้บริการทั้งจังหวัด (หรือทั้งประเทศ) ระบุอำเภอของเด็กเพื่อให้ได้หน่วยงานที่ใกล้กว่า",
    "the case gives no district: only providers that serve the whole province (or the country) are proposed; "
    "give the district for nearer ones",
)
# The fixed phrases of the lines, made once rather than per line.
RANKED = Said(
    "เรียงหน่วยงานที่เสนอตามความใกล้ของพื้นที่บริการ แล้วตามเวลาที่ใช้ส่งต่อ แล้วตามจำนวนทอด",
    "candidates ranked by area closeness, then path hours, then hops",
)
NOBODY_OF_KINDS = Said("ไม่มีหน่วยงานประเภทเหล่านี้ที่รับเด็กคนนี้ในพื้นที่นี้ได้", "no provider of these kinds can take this child here")
UNREACHABLE = Said(
    "มีหน่วยงานที่เข้าเกณฑ์ แต่ส่งต่อถึงไม่ได้ เพราะยังไม่มีข้อตกลง (MOU) ที่มีผลอยู่และครอบคลุมบริการนี้",
    "providers qualify but none is reachable along MOUs in force that cover the service",
)
ANY_PROVIDER = Said("หน่วยงานทุกประเภท จากทุกพื้นที่", "any kind of provider, from any area")
NONE_NEAR = Said(
    " และไม่มีหน่วยงานประเภทเหล่านี้ให้บริการนี้ในจังหวัดหรือในระดับประเทศ",
    "; none of these kinds gives this service in the province or nationally",
)
NEAREST = Said(" หน่วยงานที่ใกล้ที่สุด: ", "; nearest: ")
EITHER = Said(" เช่นกัน", " either")


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


def searched(service: str, providers: Sequence[tuple[str, Level]], names: Names) -> Said:
    """``searched for school_enrolment in TH-95: school (district; province-wide as a fallback), ...``"""
    what, where = names.service(service), names.where()
    head = Said(f"ค้นหาหน่วยงานที่ให้บริการ{what.th} ใน{where.th}: ", f"searched for {what.en} in {where.en}: ")
    return concat(head, kinds_searched(tuple(providers)))


@lru_cache(maxsize=256)  # a rule book has few distinct providers: each is said once, not once per plan
def kinds_searched(providers: tuple[tuple[str, Level], ...]) -> Said:
    """``school (district; province-wide as a fallback), ...``: the kinds and levels a rule's route searched."""
    if not providers:
        return ANY_PROVIDER
    kinds = []
    for kind, level in providers:
        at = WORDS[f"level.{level}"].th
        if level in ("subdistrict", "district"):
            kinds.append(
                Said(
                    f"{kind_label(kind)[0]} ({at} ถ้าไม่มีจึงใช้หน่วยงานที่ให้บริการทั้งจังหวัด)",
                    f"{kind} ({level}; province-wide as a fallback)",
                )
            )
        else:
            kinds.append(Said(f"{kind_label(kind)[0]} ({at})", f"{kind} ({level})"))
    return joined(kinds, ", ", ", ")


def escalation_line(who: Organization) -> Said:
    if who.kind == CORE_TEAM:  # its Thai name says it is the province's core team
        core_team = kind_label(CORE_TEAM)[1]
        return Said(f"ส่งเรื่องต่อให้{who.name.th}", f"escalate to {who.id} ({who.name.en}), the {core_team}")
    return Said(
        f"ส่งเรื่องต่อให้{who.name.th} ซึ่งเป็นหน่วยงานที่ขอแผน (เครือข่ายของจังหวัดนี้ยังไม่มีทีมแกนนำ)",
        f"escalate to {who.id} ({who.name.en}), the organization that asked (no core team in the network for this "
        "province)",
    )


def before_word(th: str) -> str:
    """A Thai name as written before the next word: Thai runs words together, but not after a closing bracket
    (``การศึกษานอกระบบ (สกร./กศน.) ในจังหวัด``, never ``(สกร./กศน.)ในจังหวัด``)."""
    return f"{th} " if th.endswith(")") else th


def route_lines(route: RouteResult, service: str, providers: Sequence[tuple[str, Level]], names: Names) -> list[Said]:
    """The lines about who was found (or not) for the service."""
    lines: list[Said] = []
    if route.candidates:
        lines.append(RANKED)
        wider = [c.organization for c in route.candidates if c.fallback]
        if wider:
            verb = "serves" if len(wider) == 1 else "serve"
            # With nobody within the rule's level, "ranked after the providers within it" named providers not there.
            why = (
                Said("จึงเรียงไว้หลังหน่วยงานที่อยู่ในระดับนั้น", "ranked after the providers within it")
                if len(wider) < len(route.candidates)
                else Said(
                    "ไม่มีหน่วยงานในระดับนั้นที่รับเด็กคนนี้ได้ จึงเสนอหน่วยงานที่ให้บริการทั้งจังหวัดแทน",
                    "none within that level can take this child, so the province-wide ones are offered",
                )
            )
            lines.append(
                Said(
                    f"{', '.join(o.name.th for o in wider)} ให้บริการทั้งจังหวัด กว้างกว่าระดับที่กฎกำหนดสำหรับหน่วยงาน"
                    f"ประเภทนี้ {why.th}",
                    f"{', '.join(o.id for o in wider)} {verb} the whole province, wider than the rule's level for the "
                    f"kind: {why.en}",
                )
            )
        return lines
    lines.append(searched(service, providers, names))
    if route.reason == "no_partner":
        lines.append(concat(NOBODY_OF_KINDS, _nearest(route.near_misses)))
    elif route.reason == "no_path":
        lines.append(concat(UNREACHABLE, _nearest(route.near_misses)))
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
        return NONE_NEAR
    return concat(NEAREST, numbered(misses))


def numbered(misses: Sequence[NearMiss]) -> Said:
    """``1. org (name): why; 2. ...`` / ``1. ชื่อหน่วยงาน: เหตุผล 2. ...``"""
    return joined([concat(Said(f"{n}. ", f"{n}. "), m.said()) for n, m in enumerate(misses, start=1)], " ", "; ")


def over_deadline(hours: float) -> Said:
    return Said(
        f"เร่งด่วน แต่เส้นทางส่งต่อที่เร็วที่สุดใช้เวลา {hours:g} ชั่วโมง เกิน {URGENT_HOURS} ชั่วโมง",
        f"urgent, but the fastest referral path takes {hours:g} h: more than {URGENT_HOURS} h",
    )


def fired_lines(
    firings: Sequence[Firing],
    chosen: Firing,
    tried: Sequence[tuple[Firing, RouteResult]],
    fired: Sequence[Said],
    names: Names,
) -> list[Said]:
    """The line of each rule that fired (``fired``: ``RuleParts.fired`` of each of ``firings``), then which rule the
    plan follows when another could not route."""
    lines = list(fired)
    found = any(route.candidates for firing, route in tried if firing is chosen)
    for firing, skipped in tried:
        if firing is chosen:
            continue
        other = names.service(firing.rule.outcome.service)
        why = WORDS[f"unmet.{skipped.reason}"].th if skipped.reason else ""
        nobody = Said(
            f"ไม่มีหน่วยงานที่ส่งต่อถึงได้สำหรับบริการ{other.th} ({firing.rule.id}: {why})",
            f"nobody can be reached for {other.en} ({firing.rule.id}: {skipped.reason})",
        )
        if found:
            service = names.service(chosen.rule.outcome.service)
            instead = Said(
                f" แผนจึงใช้บริการ{before_word(service.th)}ตามกฎ {chosen.rule.id} แทน",
                f"; the plan uses {service.en} from {chosen.rule.id} instead",
            )
            lines.append(concat(nobody, instead))
        else:
            lines.append(concat(nobody, EITHER))
    if len(firings) > 1 and chosen is firings[0]:
        lines.append(
            Said(
                f"บริการและลำดับขั้นตอนมาจากกฎ {chosen.rule.id} ซึ่งมาก่อนตามลำดับความสำคัญ",
                f"service and timeline from {chosen.rule.id}, the first rule by priority",
            )
        )
    return lines
