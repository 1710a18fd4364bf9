"""Names a scenario writer may use for organizations, needs, services and rules, resolved against the
rules and the partner network the service is running on.

An organization may be written as its id (``plk-city-municipality``), its Thai name (``เทศบาลนครพิษณุโลก``)
or its English name; a need or a service as its code or its Thai or English label. An unknown name stops
the scenario with the nearest known one.
"""

from __future__ import annotations

from safetynet.datafiles.suggest import did_you_mean
from safetynet.network import Organization
from safetynet.rules import Rule, ScreeningRule
from tests.bdd.world import World
from tests.rules.books import rule_named


def organization(world: World, text: str) -> Organization:
    wanted = text.strip()
    network = world.service.runtime.network
    found = network.organization(wanted)
    if found is not None:
        return found
    for org in network.organizations.values():
        if wanted == org.name.th or wanted.casefold() == org.name.en.casefold():
            return org
    names = [*network.organizations, *(o.name.th for o in network.organizations.values())]
    hint = did_you_mean(wanted, names)
    world.fail(
        f"No organization in the partner network (graph/) is called {wanted!r}{hint}. "
        "Write its id (e.g. plk-city-municipality) or its exact Thai or English name.",
        f"ไม่มีหน่วยงานชื่อ {wanted!r} ในเครือข่าย (graph/){hint} "
        "เขียนรหัสหน่วยงาน (เช่น plk-city-municipality) หรือชื่อภาษาไทยหรืออังกฤษให้ตรงกับข้อมูล",
    )


def need(world: World, text: str) -> str:
    wanted = text.strip()
    needs = world.service.runtime.engine.book.needs
    if wanted in needs:
        return wanted
    for code, item in needs.items():
        if wanted == item.label.th or wanted.casefold() == item.label.en.casefold():
            return code
    hint = did_you_mean(wanted, [*needs, *(n.label.th for n in needs.values())])
    world.fail(
        f"Unknown need {wanted!r}{hint}. The needs in rules/needs.yaml are: {', '.join(needs)}.",
        f"ไม่รู้จักความต้องการ {wanted!r}{hint} ความต้องการที่มีใน rules/needs.yaml คือ {', '.join(needs)}",
    )


def service(world: World, text: str) -> str:
    wanted = text.strip()
    services = world.service.runtime.engine.book.services
    if wanted in services:
        return wanted
    for code, item in services.items():
        if wanted == item.label.th or wanted.casefold() == item.label.en.casefold():
            return code
    hint = did_you_mean(wanted, services)
    world.fail(
        f"Unknown service {wanted!r}{hint}. The services in rules/services.yaml are: {', '.join(services)}.",
        f"ไม่รู้จักบริการ {wanted!r}{hint} บริการที่มีใน rules/services.yaml คือ {', '.join(services)}",
    )


def rule(world: World, text: str) -> Rule | ScreeningRule:
    wanted = text.strip()
    book = world.service.runtime.engine.book
    try:
        return rule_named(book, wanted)
    except KeyError:
        pass
    ids = [r.id for r in book.rules] + [s.id for s in book.screening]
    hint = did_you_mean(wanted, ids)
    world.fail(
        f"There is no rule {wanted!r} in rules/{hint}. Was it renamed or removed?",
        f"ไม่มีกฎ {wanted!r} ใน rules/{hint} กฎนี้ถูกเปลี่ยนชื่อหรือลบไปหรือไม่",
    )


def shown(world: World, org: Organization) -> str:
    """``เทศบาลนครพิษณุโลก (plk-city-municipality)`` in a Thai scenario, the English name in an English one."""
    return f"{world.say(org.name.en, org.name.th)} ({org.id})"
