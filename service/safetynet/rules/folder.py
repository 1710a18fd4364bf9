"""Which files in ``rules/`` are rule files, and a problem for everything else that is there.

Rule files go directly in ``rules/`` (``needs``, ``services`` and the topic files) or in ``rules/screening/``,
and end in ``.yaml``, ``.yml`` or ``.json``. Nothing else is read, so nothing else may pass unnoticed: a rule
file in any other folder (``rules/provinces/lampang.yaml``) is an error, since its writer expects it to count;
another folder, or a file of another kind, is a warning. Hidden files (``.git``, editor swap files) and notes
in Markdown (``.md``) are left alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from safetynet.errors import Problem

SUFFIXES = (".yaml", ".yml", ".json")
CATALOGUES = ("needs", "services")
SCREENING_DIR = "screening"
NOTES = (".md",)
WHERE = "rule files go directly in rules/ or in rules/screening/"


@dataclass
class RuleFiles:
    """The rule files of a folder, each group in name order, and what is wrong with the folder."""

    catalogues: dict[str, Path] = field(default_factory=dict)
    topics: list[Path] = field(default_factory=list)
    screening: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _is_rule_file(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and path.is_file()


def list_rule_files(directory: Path) -> RuleFiles:
    out = RuleFiles()
    for path in _entries(directory, out, top=True):
        if path.stem in CATALOGUES:
            if path.stem in out.catalogues:
                first = out.catalogues[path.stem].name
                out.problems.append(
                    Problem(str(path), 1, 1, f"{path.stem} is already given by {first}: keep one of the two files")
                )
                continue
            out.catalogues[path.stem] = path
        else:
            out.topics.append(path)
    screening_dir = directory / SCREENING_DIR
    if screening_dir.is_dir():
        out.screening = _entries(screening_dir, out, top=False)
    return out


def _entries(folder: Path, out: RuleFiles, *, top: bool) -> list[Path]:
    """The rule files directly in ``folder``; a problem for every other thing in it (but rules/screening/)."""
    found: list[Path] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            if not (top and path.name == SCREENING_DIR):
                _stray_folder(path, out)
        elif _is_rule_file(path):
            found.append(path)
        elif path.suffix.lower() not in NOTES:
            out.problems.append(
                Problem(str(path), 1, 1, f"this file is not read: rule files end in {', '.join(SUFFIXES)}", "warning")
            )
    return found


def _stray_folder(path: Path, out: RuleFiles) -> None:
    nested = sorted(p for p in path.rglob("*") if _is_rule_file(p) and not _hidden(p, path))
    for file in nested:
        out.problems.append(Problem(str(file), 1, 1, f"this file is not read: {WHERE}; move it there"))
    if not nested:
        out.problems.append(Problem(str(path), 1, 1, f"this folder is not read: {WHERE}", "warning"))


def _hidden(path: Path, below: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(below).parts)
