"""What-if steps: several children, a draft of the rules or of the network, what the draft would change for them
(the same code as ``safetynet whatif``), and which MOU a provincial coordinator should sign next (the same code
as ``safetynet coverage --suggest-mous``). The drafts are copies of the rules and network the service runs on."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from safetynet.contract.case import Case
from safetynet.errors import DataFilesInvalid
from safetynet.places import PlaceError, resolve_province
from safetynet.planning.planner import locate
from safetynet.whatif import Item, Side, checked_network, checked_rules, open_sides, replay, suggest_mous, typical_hours
from tests.bdd import lookup, words
from tests.bdd.catalogue import phrase
from tests.bdd.world import World

_COLUMNS = (
    "case_ref", "age", "province", "district", "subdistrict", "education_status", "housing_condition", "guardian",
    "income_monthly", "need",
)  # fmt: skip


def _children(world: World) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = world.whatif.setdefault("children", [])
    return found


def _drafts(world: World) -> Path:
    """A folder for this scenario's drafts, removed when the scenario's world goes."""
    if "folder" not in world.whatif:
        world.whatif["folder"] = Path(tempfile.mkdtemp(prefix="safetynet-whatif-"))
    folder: Path = world.whatif["folder"]
    return folder


def _child(world: World, row: dict[str, str]) -> dict[str, Any]:
    # as written: the service reads places through the gazetteer (a misspelt one is said when the draft is tried)
    where = {k: row[k].strip() for k in ("province", "district", "subdistrict") if row.get(k)}
    child: dict[str, Any] = {"age": int(row["age"]), "education_status": "in_school", "location": where}
    if row.get("education_status"):
        child["education_status"] = words.value("education_status", row["education_status"])
    household: dict[str, Any] = {k: words.value(k, row[k]) for k in ("housing_condition", "guardian") if row.get(k)}
    if row.get("income_monthly"):
        household["income_monthly"] = int(row["income_monthly"].replace(",", ""))
    needs = [{"code": lookup.need(world, n)} for n in words.split_list(row.get("need", ""))]
    return {
        "case_ref": row["case_ref"],
        "requested_at": world.requested_at.isoformat(),
        "child": child,
        "household": household,
        "needs": needs,
    }


@phrase(
    "given",
    "what-if",
    en=r"these children:",
    th=r"เด็กเหล่านี้:",
    en_example="these children:",
    th_example="เด็กเหล่านี้:",
    table=True,
)
def these_children(world: World, datatable: list[list[str]]) -> None:
    for row in world.word(words.table_rows, datatable, _COLUMNS):
        _children(world).append(world.word(_child, world, row))


@phrase(
    "given",
    "what-if",
    en=r'in rule (?P<rule>\S+), the draft changes "(?P<old>[^"]+)" to "(?P<new>[^"]+)"',
    th=r'ร่างกฎแก้กฎ\s*(?P<rule>\S+)\s*จาก "(?P<old>[^"]+)" เป็น "(?P<new>[^"]+)"',
    en_example='in rule housing.dilapidated_home, the draft changes "child.age < 18" to "child.age < 12"',
    th_example='ร่างกฎแก้กฎ housing.dilapidated_home จาก "child.age < 18" เป็น "child.age < 12"',
)
def draft_rule(world: World, rule: str, old: str, new: str) -> None:
    source = lookup.rule(world, rule).source  # /.../rules/housing.yaml:4:5
    path, line = Path(source.path), source.line
    live = world.service.runtime.settings.rules_dir
    draft = _drafts(world) / "rules"
    if not draft.exists():
        shutil.copytree(live, draft)
    target = draft / path.resolve().relative_to(live.resolve())
    lines = target.read_text("utf-8").splitlines(keepends=True)
    at = next((n for n in range(line - 1, len(lines)) if old in lines[n]), None)
    if at is None:
        world.fail(
            f"Rule {rule} ({source}) has no {old!r} to change: write the words as they are in the rule file.",
            f"กฎ {rule} ({source}) ไม่มีข้อความ {old!r} ให้แก้: เขียนข้อความให้ตรงกับที่อยู่ในไฟล์กฎ",
        )
    lines[at] = lines[at].replace(old, new, 1)
    target.write_text("".join(lines), "utf-8")


@phrase(
    "given",
    "what-if",
    en=r"the draft has no rule (?P<rule>\S+)",
    th=r"ร่างกฎไม่มีกฎ\s*(?P<rule>\S+)",
    en_example="the draft has no rule housing.baseline",
    th_example="ร่างกฎไม่มีกฎ housing.baseline",
)
def draft_without_rule(world: World, rule: str) -> None:
    source = lookup.rule(world, rule).source
    live = world.service.runtime.settings.rules_dir
    draft = _drafts(world) / "rules"
    if not draft.exists():
        shutil.copytree(live, draft)
    target = draft / Path(source.path).resolve().relative_to(live.resolve())
    data = yaml.safe_load(target.read_text("utf-8"))
    data["rules"] = [r for r in data["rules"] if r.get("id") != rule]
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


@phrase(
    "given",
    "what-if",
    en=r"the draft network has no MOU (?P<mou>\S+)",
    th=r"ร่างเครือข่ายไม่มี MOU\s*(?P<mou>\S+)",
    en_example="the draft network has no MOU plk-cm-city-municipality",
    th_example="ร่างเครือข่ายไม่มี MOU plk-cm-city-municipality",
)
def draft_without_mou(world: World, mou: str) -> None:
    draft = _drafts(world) / "graph"
    if not draft.exists():
        shutil.copytree(world.service.runtime.settings.graph_dir, draft)
    for path in sorted(draft.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if isinstance(data, dict) and any(m.get("id") == mou for m in data.get("mous") or ()):
            data["mous"] = [m for m in data["mous"] if m.get("id") != mou]
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
            return
    world.fail(f"No MOU {mou!r} in the partner network (graph/).", f"ไม่มี MOU {mou!r} ในเครือข่ายภาคี (graph/)")


def _items(world: World) -> list[Item]:
    if not _children(world):
        world.fail("The scenario has not said which children: add 'Given these children:'.",
                   "เหตุการณ์นี้ยังไม่ได้บอกว่าเด็กคือใคร: เพิ่ม 'กำหนดให้ เด็กเหล่านี้:'")  # fmt: skip
    items = []
    for body in _children(world):
        try:
            one = Case.model_validate(body)
        except ValidationError as exc:
            fields = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            world.fail(f"Child {body['case_ref']!r} is not a case the service takes: {fields}",
                       f"เด็ก {body['case_ref']!r} ไม่ใช่เคสที่ระบบรับได้: {fields}")  # fmt: skip
        try:
            locate(one)
        except PlaceError as exc:
            world.fail(f"Child {body['case_ref']!r}: {exc}", f"เด็ก {body['case_ref']!r}: {exc}")
        items.append(Item(one.case_ref, one, one))
    return items


@phrase(
    "when",
    "what-if",
    en=r"the policy writer tries the draft on these children",
    th=r"ผู้เขียนนโยบายลองร่างกับเด็กเหล่านี้",
    en_example="the policy writer tries the draft on these children",
    th_example="ผู้เขียนนโยบายลองร่างกับเด็กเหล่านี้",
)
def try_the_draft(world: World) -> None:
    runtime = world.service.runtime
    folder = _drafts(world)
    live = runtime.engine.book
    try:
        book = checked_rules(folder / "rules") if (folder / "rules").exists() else live
        graph = folder / "graph"
        network = checked_network(graph, book.services, runtime.planner.timezone) if graph.exists() else None
    except DataFilesInvalid as exc:
        problems = "\n".join(str(p) for p in exc.problems)
        world.fail(f"The draft has errors:\n{problems}", f"ร่างมีข้อผิดพลาด:\n{problems}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    before = (live, runtime.network, runtime.router)
    after = (book, network or runtime.network, None if network else runtime.router)
    moment = world.requested_at
    with open_sides(before, after, timezone=runtime.planner.timezone, beside=runtime.engine) as sides:
        world.whatif["report"] = replay(_items(world), sides, now=moment, at=moment, examples=50)


def _report(world: World) -> Any:
    if "report" not in world.whatif:
        world.fail("Nothing was tried yet: add 'When the policy writer tries the draft on these children'.",
                   "ยังไม่ได้ลองร่าง: เพิ่ม 'เมื่อ ผู้เขียนนโยบายลองร่างกับเด็กเหล่านี้'")  # fmt: skip
    return world.whatif["report"]


def _changes(world: World) -> str:
    report = _report(world)
    lines = [f"  {e.case_ref}: {e.need} {e.kind} ({e.before.status} → {e.after.status})"
             for found in report.examples.values() for e in found]  # fmt: skip
    return "\n".join(lines) or world.say("  (no change)", "  (ไม่มีการเปลี่ยนแปลง)")


@phrase(
    "then",
    "what-if",
    en=r"the children who lose (?P<need>.+?) are (?P<refs>.+)",
    th=r"เด็กที่จะไม่ได้รับ\s*(?P<need>.+?)\s*คือ\s*(?P<refs>.+)",
    en_example="the children who lose housing_repair are H-12, H-15 and H-17",
    th_example="เด็กที่จะไม่ได้รับ ซ่อมแซมที่อยู่อาศัย คือ H-12, H-15 และ H-17",
)
def who_lose(world: World, need: str, refs: str) -> None:
    code = lookup.need(world, need)
    wanted = sorted(words.split_list(refs))
    lost = sorted(e.case_ref for e in _report(world).examples.get(("served_to_unmet", code), ()))
    if lost != wanted:
        world.fail(
            f"Expected {', '.join(wanted)} to lose {code}, but these lose it: {', '.join(lost) or 'none'}\n"
            f"what the draft changes:\n{_changes(world)}",
            f"คาดว่า {', '.join(wanted)} จะไม่ได้รับ {code} แต่ที่ไม่ได้รับคือ: {', '.join(lost) or 'ไม่มี'}\n"
            f"สิ่งที่ร่างเปลี่ยน:\n{_changes(world)}",
        )


@phrase(
    "then",
    "what-if",
    en=r"no child loses a service",
    th=r"ไม่มีเด็กคนใดเสียบริการ",
    en_example="no child loses a service",
    th_example="ไม่มีเด็กคนใดเสียบริการ",
)
def no_loss(world: World) -> None:
    if _report(world).losses:
        world.fail(f"Some children would lose a service:\n{_changes(world)}",
                   f"มีเด็กที่จะเสียบริการ:\n{_changes(world)}")  # fmt: skip


@phrase(
    "then",
    "what-if",
    en=r"the (?P<need>.+?) of (?P<refs>.+) would no longer be urgent",
    th=r"(?P<need>.+?)\s*ของ\s*(?P<refs>.+?)\s*จะไม่เร่งด่วนอีกต่อไป",
    en_example="the housing_repair of H-12, H-15 and H-17 would no longer be urgent",
    th_example="ซ่อมแซมที่อยู่อาศัย ของ H-12, H-15 และ H-17 จะไม่เร่งด่วนอีกต่อไป",
)
def no_longer_urgent(world: World, need: str, refs: str) -> None:
    code = lookup.need(world, need)
    wanted = sorted(words.split_list(refs))
    found = _report(world).examples.get(("urgency_changed", code), ())
    calmer = sorted(e.case_ref for e in found if e.before.urgent and not e.after.urgent)
    if calmer != wanted:
        world.fail(
            f"Expected {code} of {', '.join(wanted)} to be no longer urgent, but it is for: "
            f"{', '.join(calmer) or 'none'}\nwhat the draft changes:\n{_changes(world)}",
            f"คาดว่า {code} ของ {', '.join(wanted)} จะไม่เร่งด่วนอีกต่อไป แต่ที่ไม่เร่งด่วนคือ: "
            f"{', '.join(calmer) or 'ไม่มี'}\nสิ่งที่ร่างเปลี่ยน:\n{_changes(world)}",
        )


@phrase(
    "then",
    "what-if",
    en=r"rule (?P<rule>\S+) stops firing for (?P<count>\d+) children",
    th=r"กฎ\s*(?P<rule>\S+)\s*หยุดทำงานกับเด็ก (?P<count>\d+) คน",
    en_example="rule housing.dilapidated_home stops firing for 3 children",
    th_example="กฎ housing.dilapidated_home หยุดทำงานกับเด็ก 3 คน",
)
def stops_firing(world: World, rule: str, count: str) -> None:
    wanted = lookup.rule(world, rule).id
    stopped = _report(world).stopped[wanted]
    if stopped != int(count):
        world.fail(f"Expected rule {wanted} to stop firing for {count} children, but it stops for {stopped}",
                   f"คาดว่ากฎ {wanted} จะหยุดทำงานกับเด็ก {count} คน แต่หยุดกับ {stopped} คน")  # fmt: skip


@phrase(
    "then",
    "what-if",
    en=r"the referral of (?P<ref>\S+) for (?P<need>.+?) would take (?P<hours>[\d.]+) hours instead of (?P<was>[\d.]+)",
    th=r"การส่งต่อ\s*(?P<need>.+?)\s*ของ (?P<ref>\S+) จะใช้เวลา (?P<hours>[\d.]+) ชั่วโมง แทน (?P<was>[\d.]+) ชั่วโมง",
    en_example="the referral of H-1 for housing_repair would take 6 hours instead of 4",
    th_example="การส่งต่อ ซ่อมแซมที่อยู่อาศัย ของ H-1 จะใช้เวลา 6 ชั่วโมง แทน 4 ชั่วโมง",
)
def slower(world: World, ref: str, need: str, hours: str, was: str) -> None:
    code = lookup.need(world, need)
    found = [e for e in _report(world).examples.get(("path_hours_changed", code), ()) if e.case_ref == ref]
    if not found or (found[0].before.path_hours, found[0].after.path_hours) != (float(was), float(hours)):
        world.fail(f"Expected {ref}'s referral for {code} to take {hours} h instead of {was} h; changes:\n"
                   f"{_changes(world)}", f"คาดว่าการส่งต่อ {code} ของ {ref} จะใช้ {hours} ชม. แทน {was} ชม.; "
                   f"สิ่งที่ร่างเปลี่ยน:\n{_changes(world)}")  # fmt: skip


@phrase(
    "when",
    "what-if",
    en=r"the coordinator of (?P<province>.+) asks which MOU to sign next",
    th=r"ผู้ประสานงานจังหวัด\s*(?P<province>.+?)\s*ถามว่าควรลงนาม MOU ใดต่อไป",
    en_example="the coordinator of Nakhon Ratchasima asks which MOU to sign next",
    th_example="ผู้ประสานงานจังหวัดนครราชสีมาถามว่าควรลงนาม MOU ใดต่อไป",
)
def which_mou(world: World, province: str) -> None:
    runtime = world.service.runtime
    try:
        code = resolve_province(province).code  # as `safetynet coverage --province` reads it
    except PlaceError as exc:
        world.fail(f"No single province is called {province!r}: {exc}", f"ไม่มีจังหวัดชื่อ {province!r}: {exc}")
    zone = runtime.planner.timezone
    side = Side(engine=runtime.engine, network=runtime.network, router=runtime.router, timezone=zone)
    hours = typical_hours(runtime.network, code, world.requested_at)
    world.whatif["mous"] = suggest_mous(_items(world), side, code, now=world.requested_at, hours=hours)


@phrase(
    "then",
    "what-if",
    en=r"the first suggestion is an MOU between (?P<one>.+?) and (?P<two>.+?) for (?P<need>.+)",
    th=r"ข้อเสนอแรกคือ MOU ระหว่าง\s*(?P<one>.+?)\s*กับ\s*(?P<two>.+?)\s*สำหรับ\s*(?P<need>.+)",
    en_example="the first suggestion is an MOU between nma-cm-unit and nma-pao for housing_repair",
    th_example="ข้อเสนอแรกคือ MOU ระหว่าง nma-cm-unit กับ nma-pao สำหรับ ซ่อมแซมที่อยู่อาศัย",
)
def first_suggestion(world: World, one: str, two: str, need: str) -> None:
    wanted = (lookup.organization(world, one).id, lookup.organization(world, two).id)
    service = lookup.service(world, need)
    ranked = _suggestions(world)
    first = ranked[0] if ranked else None
    if first is None or (first.source.id, first.provider.id) != wanted or service not in first.services:
        shown = "\n".join(f"  {n}. {s.source.id} ↔ {s.provider.id}: {', '.join(sorted(s.services))}; "
                          f"{', '.join(s.cases)}" for n, s in enumerate(ranked[:5], 1)) or "  -"  # fmt: skip
        world.fail(f"Expected the first suggestion to be {wanted[0]} ↔ {wanted[1]} for {service}, but:\n{shown}",
                   f"คาดว่าข้อเสนอแรกคือ {wanted[0]} ↔ {wanted[1]} สำหรับ {service} แต่ได้:\n{shown}")  # fmt: skip


@phrase(
    "then",
    "what-if",
    en=r"it gives (?P<refs>.+) a partner within the deadline",
    th=r"ซึ่งทำให้\s*(?P<refs>.+?)\s*ได้หน่วยงานทันกำหนด",
    en_example="it gives NMA-1, NMA-2 and NMA-3 a partner within the deadline",
    th_example="ซึ่งทำให้ NMA-1, NMA-2 และ NMA-3 ได้หน่วยงานทันกำหนด",
)
def it_helps(world: World, refs: str) -> None:
    wanted = sorted(words.split_list(refs))
    ranked = _suggestions(world)
    helped = sorted(ranked[0].cases) if ranked else []
    if helped != wanted:
        world.fail(f"Expected the first suggestion to help {', '.join(wanted)}, but it helps {', '.join(helped)}",
                   f"คาดว่าข้อเสนอแรกจะช่วย {', '.join(wanted)} แต่ช่วย {', '.join(helped)}")  # fmt: skip


def _suggestions(world: World) -> list[Any]:
    if "mous" not in world.whatif:
        world.fail("No MOU was asked for yet: add 'When the coordinator of ... asks which MOU to sign next'.",
                   "ยังไม่ได้ถามเรื่อง MOU: เพิ่ม 'เมื่อ ผู้ประสานงานจังหวัด... ถามว่าควรลงนาม MOU ใดต่อไป'")  # fmt: skip
    return list(world.whatif["mous"].ranked)
