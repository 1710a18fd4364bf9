"""Near misses: when no partner can take a referral, the nearest providers of the kinds searched and why each
was left out, so that a case manager can act on it (correct the case, ask for an exception, get an MOU signed).

Computed only when a route finds no candidate. Reasons, in the order they are told: ``district_not_given`` /
``subdistrict_not_given`` (it serves one district or subdistrict and the case does not say whether the child lives
there), ``outside_area``, ``level`` (a national body, and the rule asks for a provider within the province),
``capacity`` (0: not taking referrals now), ``age`` (outside its age limits), ``no_path`` (it qualifies, but no MOU
in force covering the service leads to it). Every reason that holds is told (``reasons``), the first is
``reason``; ``detail`` says them in Thai and English (districts by the gazetteer's names, kinds by
``contract/kinds.toml``). "Nearest": where it sits (the child's subdistrict, district, province, then national
bodies), then the area it serves, then its id.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from safetynet.contract.said import Said, joined
from safetynet.contract.vocabulary import kind_label
from safetynet.network.model import Organization
from safetynet.network.reach import DISTRICT, NATIONAL, SUBDISTRICT, Offer, Place, covers, widest
from safetynet.places import gazetteer

if TYPE_CHECKING:
    from safetynet.network.routing import RouteRequest

MissReason = Literal[
    "district_not_given", "subdistrict_not_given", "outside_area", "level", "capacity", "age", "no_path"
]
NEAREST = 3


class NearMiss(NamedTuple):
    organization: Organization
    reason: MissReason  # the first of ``reasons``
    detail: Said  # e.g. "takes ages 6-15 (the child is 17)" / "รับเด็กอายุ 6–15 ปี (เด็กอายุ 17 ปี)"
    reasons: tuple[MissReason, ...] = ()

    def said(self) -> Said:
        """The provider and why: its id and English name in English, its Thai name in Thai."""
        org = self.organization
        return Said(f"{org.name.th}: {self.detail.th}", f"{org.id} ({org.name.en}): {self.detail.en}")

    def __str__(self) -> str:
        return self.said().en


def near_misses(offers: Iterable[Offer], request: RouteRequest) -> tuple[NearMiss, ...]:
    """Up to ``NEAREST`` providers of the service (of the kinds the rule asks for) nearest the child, with why each
    does not qualify."""
    place = Place(request.province, request.district, request.subdistrict)
    wide = widest(request.providers)
    scored: list[tuple[int, int, str, NearMiss]] = []
    for offer in offers:
        if wide and offer.kind not in wide:
            continue
        why = _why(offer, place, wide, request.age)
        if why:
            codes = tuple(code for code, _ in why)
            miss = NearMiss(offer.organization, codes[0], joined((text for _, text in why), " และ ", " and "), codes)
            scored.append((_distance(offer, place), offer.rank, offer.organization.id, miss))
    return tuple(miss for *_, miss in heapq.nsmallest(NEAREST, scored))


def unreachable_misses(unreachable: Sequence[Organization], request: RouteRequest) -> tuple[NearMiss, ...]:
    """The first ``NEAREST`` partners that qualify but cannot be reached (in the order they would rank)."""
    detail = Said(
        "เข้าเกณฑ์ แต่ยังไม่มีข้อตกลง (MOU) ที่มีผลอยู่และครอบคลุมบริการนี้ ส่งต่อจากหน่วยงานที่เริ่มส่งต่อไปถึงได้",
        f"qualifies but no MOU in force covering {request.service} leads to it from {request.requested_by}",
    )
    return tuple(NearMiss(org, "no_path", detail, ("no_path",)) for org in unreachable[:NEAREST])


def _why(offer: Offer, place: Place, wide: dict[str, int], age: int) -> list[tuple[MissReason, Said]]:
    """Every reason the offer does not qualify for this child (none: it qualifies)."""
    found: list[tuple[MissReason, Said]] = []
    if not covers(offer, place):
        found.append(_outside(offer, place))
    if wide and offer.rank > wide[offer.kind]:
        kind = kind_label(offer.kind)[0]
        found.append(
            (
                "level",
                Said(
                    f"ให้บริการระดับประเทศ (กฎนี้ต้องการ{kind}ในจังหวัดของเด็ก)",
                    f"serves the whole country (this rule asks for a {offer.kind} within the child's province)",
                ),
            )
        )
    if offer.service.capacity == 0:
        full = Said("ยังรับเด็กเพิ่มไม่ได้ในขณะนี้ (จำนวนที่รับได้เป็น 0)", "has capacity 0 (not taking referrals now)")
        found.append(("capacity", full))
    elif age not in offer.ages:
        ages = _ages(offer.service.min_age, offer.service.max_age)
        found.append(("age", Said(f"รับเด็กอายุ{ages.th} (เด็กอายุ {age} ปี)", f"takes ages {ages.en} (the child is {age})")))
    return found


def _outside(offer: Offer, place: Place) -> tuple[MissReason, Said]:
    amphoe, tambon = _levels(offer)
    if offer.rank == DISTRICT and place.district is None:
        return "district_not_given", _only(offer, Said(f"กรณีนี้ไม่ได้ระบุ{amphoe}", "the case gives no district"))
    if offer.rank == SUBDISTRICT and place.district is None:
        return "district_not_given", _only(
            offer, Said(f"กรณีนี้ไม่ได้ระบุ{amphoe}และ{tambon}", "the case gives no district nor subdistrict")
        )
    if offer.rank == SUBDISTRICT and place.subdistrict is None and offer.district == place.district:
        return "subdistrict_not_given", _only(offer, Said(f"กรณีนี้ไม่ได้ระบุ{tambon}", "the case gives no subdistrict"))
    if offer.rank == DISTRICT or offer.district != place.district:  # a subdistrict of another district: say so
        return "outside_area", _only(offer, Said(f"ไม่ใช่{amphoe}ที่เด็กอยู่", "not the child's district"))
    return "outside_area", _only(offer, Said(f"ไม่ใช่{tambon}ที่เด็กอยู่", "not the child's subdistrict"))


def _levels(offer: Offer) -> tuple[str, str]:
    """The Thai words for a district and a subdistrict where the partner is: Bangkok's are เขต and แขวง."""
    return ("เขต", "แขวง") if offer.province == gazetteer.BANGKOK else ("อำเภอ", "ตำบล")


def _only(offer: Offer, why: Said) -> Said:
    where = _area(offer)
    return Said(f"ให้บริการเฉพาะ{where.th} ({why.th})", f"serves only {where.en} ({why.en})")


def _area(offer: Offer) -> Said:
    """``district Mae Mo (5202)`` / ``อำเภอแม่เมาะ (5202)`` (Bangkok: เขต, แขวง), by the gazetteer's names."""
    district = gazetteer.district(offer.district)
    amphoe, tambon = _levels(offer)
    if district:
        named = Said(f"{amphoe}{district.th} ({district.code})", f"{district.en} ({district.code})")
    else:
        named = Said(f"{amphoe} {offer.district or '?'}", offer.district or "?")
    if offer.rank == DISTRICT:
        return Said(named.th, f"district {named.en}")
    sub = gazetteer.subdistrict(offer.subdistrict)
    if sub:
        return Said(f"{tambon}{sub.th} ({sub.code}) {named.th}", f"subdistrict {sub.en} ({sub.code}) of {named.en}")
    return Said(f"{tambon}หนึ่งของ{named.th}", f"one subdistrict of {named.en}")


def _ages(low: int | None, high: int | None) -> Said:
    """The ages a service takes, at least one limit given: `` 6–15 ปี`` / ``6-15``, ``ตั้งแต่ 6 ปี`` / ``6 and over``,
    ``ไม่เกิน 11 ปี`` / ``up to 11``."""
    if low is not None and high is not None:
        return Said(f" {low}–{high} ปี", f"{low}-{high}")
    if low is not None:
        return Said(f"ตั้งแต่ {low} ปี", f"{low} and over")
    return Said(f"ไม่เกิน {high} ปี", f"up to {high}")


def _distance(offer: Offer, place: Place) -> int:
    """Where the provider sits, seen from the child: 0 the same subdistrict, 1 district, 2 province, 3 further."""
    if offer.rank == NATIONAL or offer.province != place.province:
        return 3
    if place.subdistrict is not None and offer.subdistrict == place.subdistrict:
        return 0
    if place.district is not None and offer.district == place.district:
        return 1
    return 2
