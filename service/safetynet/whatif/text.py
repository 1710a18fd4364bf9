"""The what-if report, the diffs and the MOU suggestions as text for a terminal, with Thai and English labels.

Columns are padded by display width: Thai vowel and tone marks take no column of their own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from safetynet.contract.labels import labels
from safetynet.contract.text import pad, width
from safetynet.contract.vocabulary import Text
from safetynet.whatif.diff import Diff, Section
from safetynet.whatif.mous import Suggestions
from safetynet.whatif.report import KINDS, Example, Report

#: kind of change -> (Thai, English) (``kinds.toml``, beside this module)
KIND_LABELS = labels("safetynet.whatif", "kinds.toml")
_SHOWN_REFS = 10


def table(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]


def _versions(label: str, pair: tuple[str, str]) -> str:
    if pair[0] == pair[1]:
        return f"{label}: {pair[0]} (ไม่เปลี่ยน / unchanged)"
    return f"{label}: {pair[0]} → {pair[1]}"


def report_text(report: Report, labels: Mapping[str, Text]) -> str:
    """``labels``: the Thai and English name of each need code."""
    lines = [
        f"เคส / cases: {report.cases}   เปลี่ยนแปลง / changed: {report.changed}   ข้าม / skipped: {report.skipped}",
        _versions("กฎ / rules", report.rules_version),
        _versions("เครือข่าย / network", report.graph_version),
        "",
    ]
    rows = [["ความต้องการ / need", "เคส / cases", "ได้รับบริการ ก่อน → หลัง / served before → after"]]
    for code, need in sorted(report.needs.items()):
        rows.append([_need(code, labels), str(need.asked), f"{need.served_before} → {need.served_after}"])
    lines += table(rows)
    if not report.cases:  # "no change" would read as "the draft is safe": nothing was tried at all
        lines += ["", "ไม่มีเคสให้ลอง / no case was tried: give cases that can be planned (see the messages above)"]
        return "\n".join(lines)
    if not report.changed:
        lines += ["", "ไม่มีการเปลี่ยนแปลง / no change"]
        return "\n".join(lines)
    if any(need.kinds.total() for need in report.needs.values()):  # else only the rules that fire changed
        lines += ["", "การเปลี่ยนแปลง / changes (เคส / cases, ตัวอย่าง / e.g.):"]
    for code, need in sorted(report.needs.items()):
        counted = [(kind, need.kinds[kind]) for kind in KINDS if need.kinds[kind]]
        if not counted:
            continue
        lines.append(f"  {_need(code, labels)}")
        rows = []
        for kind, count in counted:
            th, en = KIND_LABELS[kind]
            refs = ", ".join(_example(e) for e in report.examples.get((kind, code), ()))
            rows.append([f"{th} / {en}", str(count), refs])
        lines += table(rows, indent="    ")
    if report.started or report.stopped:
        lines += ["", "กฎ / rules (เคส / cases):"]
        rows = [["", "เริ่มทำงาน / starts firing", "หยุดทำงาน / stops firing", "ตัวอย่าง / e.g."]]
        for rule in sorted(report.started.keys() | report.stopped.keys()):
            shown = [
                f"{ref} ({arrow})"
                for direction, arrow in (("started", "+"), ("stopped", "-"))
                for ref, _ in report.rule_examples.get((rule, direction), ())
            ]
            rows.append([rule, str(report.started[rule]), str(report.stopped[rule]), ", ".join(shown)])
        lines += table(rows)
    return "\n".join(lines)


def _need(code: str, labels: Mapping[str, Text]) -> str:
    label = labels.get(code)
    return f"{code} {label.th} / {label.en}" if label else code


def _example(example: Example) -> str:
    """An example case_ref; where the need is unmet on a side, why (``no_path``, ``no_rule``...), as ``--json``
    says it: "served -> unmet" alone does not tell a missing rule from a missing MOU."""
    was, now = example.before.status, example.after.status
    why = {"served_to_unmet": now, "unmet_to_served": was, "reason_changed": f"{was} → {now}"}.get(example.kind)
    return f"{example.case_ref} ({why})" if why else example.case_ref


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _named(section: Section, record: str) -> str:
    name = section.names.get(record)
    return f"{record} ({name})" if name else record


def _section(section: Section) -> list[str]:
    th, en = section.label
    head = f"{th} / {en}"
    if section.empty:
        return [f"{head}: ไม่เปลี่ยน / no change"]
    lines = [
        f"{head}: เพิ่ม / added {len(section.added)}, ลบ / removed {len(section.removed)}, "
        f"เปลี่ยน / changed {len(section.changed)}"
    ]
    for record in section.added:
        lines.append(f"  + {_named(section, record)}")
        details = (section.details or {}).get(record, {})
        lines += [f"      {name}: {_value(value)}" for name, value in details.items()]
    lines += [f"  - {_named(section, record)}" for record in section.removed]
    for record, fields in section.changed.items():
        lines.append(f"  ~ {record}")
        for name, (was, now) in fields.items():
            lines.append(f"      {name}: {_value(was)}")
            lines.append(f"      {' ' * width(name)}→ {_value(now)}")
    return lines


def diff_text(diff: Diff) -> str:
    th, en = diff.what
    if diff.versions[0] == diff.versions[1]:
        head = f"{th} / {en}: {diff.versions[0]} (ไฟล์เหมือนกัน / the same files)"
    else:
        head = f"{th} / {en}: {diff.versions[0]} → {diff.versions[1]}"
    lines = [head]
    for section in diff.sections:
        lines += _section(section)
    return "\n".join(lines)


def suggestions_text(found: Suggestions, top: int) -> str:
    lines = [
        f"MOU ที่ควรลงนามต่อไป / Which MOU next: {found.province} on {found.day.isoformat()}, "
        f"{found.cases} เคส / cases; a new MOU is taken to need {found.mou_hours:g} h (--mou-hours)",
    ]
    if not found.cases:
        lines.append(f"ไม่มีเคสของ {found.province} ให้ดู / no case of {found.province} to look at")
        return "\n".join(lines)
    if not found.ranked:
        lines.append("ไม่มี MOU ใหม่ที่ช่วยเคสเหล่านี้ได้ / no new MOU would help these cases")
        return "\n".join(lines)
    for rank, s in enumerate(found.ranked[:top], start=1):
        refs = list(s.cases)
        more = f" (+{len(refs) - _SHOWN_REFS})" if len(refs) > _SHOWN_REFS else ""
        lines += [
            "",
            f"{rank}. {s.source.id} ({s.source.name.th}) ↔ {s.provider.id} ({s.provider.name.th})",
            f"   {s.source.name.en} ↔ {s.provider.name.en}",
            f"   บริการ / services: {', '.join(sorted(s.services))}",
            f"   เคสที่ได้หน่วยงานทันกำหนด / cases gaining a candidate within the deadline: {len(refs)} "
            f"(needs {s.needs}; newly reached {s.newly_reached}; hours saved {s.hours_saved:g})",
            f"   {', '.join(refs[:_SHOWN_REFS])}{more}",
        ]
        if s.alternative_to is not None:
            lines.append(
                f"   หรือแทนข้อ {s.alternative_to}: เคสเดียวกันผ่านอีกหน่วยงาน / "
                f"instead of #{s.alternative_to}: the same cases through another party"
            )
    return "\n".join(lines)
