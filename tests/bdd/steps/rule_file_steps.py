"""A policy writer's draft: a copy of the rules with one rule's date changed, checked as `safetynet rules check`
would check it."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from safetynet.errors import errors_only
from safetynet.rules import check_rules
from tests.bdd.catalogue import phrase
from tests.bdd.world import World


@phrase(
    "given",
    "rule files",
    en=r"a copy of the rules where (?P<rule>\S+) is in force from (?P<day>\S+)",
    th=r"สำเนากฎที่กฎ\s*(?P<rule>\S+)\s*มีผลตั้งแต่\s*(?P<day>\S+)",
    en_example="a copy of the rules where housing.dilapidated_home is in force from 2567-01-01",
    th_example="สำเนากฎที่กฎ housing.dilapidated_home มีผลตั้งแต่ 2567-01-01",
)
def draft(world: World, rule: str, day: str) -> None:
    copy = Path(tempfile.mkdtemp(prefix="rules-draft-")) / "rules"
    shutil.copytree(world.service.runtime.settings.rules_dir, copy)
    for path in sorted(copy.rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        found = re.search(rf"  - id: {re.escape(rule)}\n(?:    .*\n)*?    from: (\S+)\n", text)
        if found:
            start, end = found.span(1)
            path.write_text(text[:start] + day + text[end:], encoding="utf-8")
            world.draft = copy
            world.draft_file = path
            return
    shutil.rmtree(copy.parent)
    world.fail(f"No rule {rule!r} with a 'from:' line in the rules", f"ไม่พบกฎ {rule!r} ที่มีบรรทัด 'from:' ในไฟล์กฎ")


@phrase(
    "when",
    "rule files",
    en=r"the policy writer checks the rules",
    th=r"ผู้เขียนนโยบายตรวจกฎ",
    en_example="the policy writer checks the rules",
    th_example="ผู้เขียนนโยบายตรวจกฎ",
)
def check(world: World) -> None:
    if world.draft is None:
        world.fail("Start with 'Given a copy of the rules where ...'", "เริ่มด้วย 'กำหนดให้ สำเนากฎที่กฎ ...'")
    try:
        world.checked = [str(p) for p in errors_only(check_rules(world.draft))]
    finally:
        shutil.rmtree(world.draft.parent)


@phrase(
    "then",
    "rule files",
    en=r"the check refuses the draft, saying (?P<text>.+)",
    th=r"การตรวจไม่ผ่าน โดยแจ้งว่า\s*(?P<text>.+)",
    en_example="the check refuses the draft, saying 2567 looks like a Buddhist-era year (พ.ศ.): write 2024-01-01",
    th_example="การตรวจไม่ผ่าน โดยแจ้งว่า 2567 looks like a Buddhist-era year (พ.ศ.): write 2024-01-01",
)
def refuses(world: World, text: str) -> None:
    where = str(world.draft_file)
    if any(line.startswith(where) and text.strip() in line for line in world.checked):
        return
    found = "\n".join(f"  {line}" for line in world.checked) or "  -"
    world.fail(
        f"Expected `rules check` to refuse the draft at {where}, saying {text!r}; it found:\n{found}",
        f"คาดว่า `rules check` จะไม่ผ่านที่ {where} โดยแจ้งว่า {text!r} แต่ผลการตรวจคือ:\n{found}",
    )
