"""``rules/`` on disk → a checked ``RuleBook``, or every problem with its ``path:line:col``.

Files: ``needs.yaml`` and ``services.yaml`` (the catalogues), ``<topic>.yaml`` (need rules, ids
``<topic>.<name>``), ``screening/<name>.yaml`` (screening rules, ids ``screening.<name>.<rule>``).
``.yml`` and ``.json`` work too. Files are read in name order; that order is the rules' "file order".
Anything else in the folder is reported (``folder.py``): a rule file elsewhere is an error, not ignored.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from safetynet.datafiles.loadfile import no_folder, parse_data, read_text
from safetynet.datafiles.marks import Loc, YamlFileError
from safetynet.datafiles.suggest import unknown_code
from safetynet.datafiles.validation import validation_problems
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Problem, RuleFilesInvalid, errors_only
from safetynet.rules.files import NeedsFile, RuleFileShape, ServicesFile
from safetynet.rules.folder import CATALOGUES, SCREENING_DIR, RuleFiles, list_rule_files
from safetynet.rules.model import Need, RuleBook, Service
from safetynet.rules.rulebuild import RuleBuilder


@dataclass
class _Read:
    """One file read from disk: what it says, and its text (for column positions)."""

    doc: YamlDoc
    lines: list[str]
    stem: str


@dataclass
class LoadResult:
    book: RuleBook | None
    problems: list[Problem] = field(default_factory=list)


def load_rulebook(directory: Path) -> RuleBook:
    """Read and check ``directory``; raises ``RuleFilesInvalid`` (with every problem) when any error is found."""
    result = read_rulebook(directory)
    if result.book is None or errors_only(result.problems):
        raise RuleFilesInvalid(result.problems)
    return result.book


def content_version(directory: Path, texts: dict[Path, str]) -> str:
    """A hash of the names and texts of the files: the same files give the same version, anywhere. The texts are
    those the rules were built from: a file saved again while it was read cannot give a version of other words."""
    digest = hashlib.sha256()
    for path in sorted(texts, key=lambda p: p.relative_to(directory).as_posix()):
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0")
        digest.update(texts[path].encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def load_services(directory: Path) -> dict[str, Service]:
    """The services catalogue of ``directory`` alone (``services.yaml``, its needs checked against ``needs.yaml``):
    what the partner network may offer. Raises ``RuleFilesInvalid`` when either file is missing or has an error;
    the other rule files are not read."""
    if not directory.is_dir():
        raise RuleFilesInvalid([_no_folder(directory)])
    problems: list[Problem] = []
    _, services = _catalogues(directory, list_rule_files(directory), problems, {})
    if errors_only(problems):
        raise RuleFilesInvalid(problems)
    return services


def read_rulebook(directory: Path) -> LoadResult:
    """Read every file in ``directory``; never raises for a bad file (problems say what is wrong)."""
    if not directory.is_dir():
        return LoadResult(None, [_no_folder(directory)])
    files = list_rule_files(directory)
    problems: list[Problem] = list(files.problems)
    texts: dict[Path, str] = {}  # each file as read, once: parsed, placed and hashed from the same text
    needs, services = _catalogues(directory, files, problems, texts)
    builder = RuleBuilder(needs=needs, services=services)
    kinds = ((files.topics, builder.need_rule, ""), (files.screening, builder.screening_rule, f"{SCREENING_DIR}."))
    for paths, build, prefix in kinds:  # each kind in name order: the order of its rules
        for path in paths:
            read = _read(path, problems, texts)
            if read is not None:
                for i, raw in enumerate(_rule_items(read, problems)):
                    build(read.doc, read.lines, f"{prefix}{read.stem}", raw, i)
    problems.extend(builder.problems)
    if errors_only(problems):
        return LoadResult(None, sorted(problems))
    book = RuleBook(
        version=content_version(directory, texts),
        needs=needs,
        services=services,
        rules=tuple(builder.rules),
        screening=tuple(builder.screening),
        directory=str(directory),
    )
    return LoadResult(book, sorted(problems))


def _no_folder(directory: Path) -> Problem:
    return no_folder(directory, "needs.yaml", "SAFETYNET_RULES_DIR")


def _catalogues(
    directory: Path, files: RuleFiles, problems: list[Problem], texts: dict[Path, str]
) -> tuple[dict[str, Need], dict[str, Service]]:
    """The needs and the services catalogues (empty where a file is missing or bad: ``problems`` says why)."""
    for name in CATALOGUES:
        if name not in files.catalogues:
            problems.append(
                Problem(str(directory / f"{name}.yaml"), 1, 1, f"{name}.yaml is missing: every rules folder has one")
            )
    needs = _needs(_read(files.catalogues.get("needs"), problems, texts), problems)
    return needs, _services(_read(files.catalogues.get("services"), problems, texts), needs, problems)


def _read(path: Path | None, problems: list[Problem], texts: dict[Path, str]) -> _Read | None:
    if path is None:
        return None
    try:
        text = read_text(path, str(path))
        doc = parse_data(text, path, str(path))
    except YamlFileError as exc:
        problems.extend(exc.problems)
        return None
    except OSError as exc:
        problems.append(Problem(str(path), 1, 1, f"cannot read the file: {exc.strerror}"))
        return None
    texts[path] = text
    return _Read(doc, text.splitlines(), path.stem)


def _validate(read: _Read, model: type[BaseModel], problems: list[Problem]) -> Any:
    if not isinstance(read.doc.data, dict):
        top = ", ".join(n for n in model.model_fields) or "..."
        problems.append(read.doc.problem((), f"the file must be a map starting with: {top}"))
        return None
    try:
        return model.model_validate(read.doc.data)
    except ValidationError as exc:
        problems.extend(validation_problems(read.doc, exc, model))
        return None


def _entries(read: _Read, model: type[NeedsFile | ServicesFile], what: str, problems: list[Problem]) -> list[Any]:
    """The entries of a catalogue file (``needs:`` or ``services:``) in order, each code once: a code listed
    again is a problem. An entry is (its place in the file, as a loc, and the entry)."""
    spec = _validate(read, model, problems)
    key = f"{what}s"
    found: list[tuple[Loc, Any]] = []
    seen: set[str] = set()
    for i, entry in enumerate(getattr(spec, key, None) or ()):
        if entry.code in seen:
            problems.append(read.doc.problem((key, i, "code"), f"{what} {entry.code!r} is listed twice: keep one"))
            continue
        seen.add(entry.code)
        found.append(((key, i), entry))
    return found


def _needs(read: _Read | None, problems: list[Problem]) -> dict[str, Need]:
    if read is None:
        return {}
    return {
        need.code: Need(need.code, need.label, need.urgent, need.description, read.doc.place(loc))
        for loc, need in _entries(read, NeedsFile, "need", problems)
    }


def _services(read: _Read | None, needs: dict[str, Need], problems: list[Problem]) -> dict[str, Service]:
    if read is None:
        return {}
    out: dict[str, Service] = {}
    for loc, service in _entries(read, ServicesFile, "service", problems):
        for j, code in enumerate(service.needs):
            if needs and code not in needs:
                problems.append(read.doc.problem((*loc, "needs", j), unknown_code("need", code, needs, "needs.yaml")))
        out[service.code] = Service(service.code, service.label, tuple(service.needs), read.doc.place(loc))
    return out


def _rule_items(read: _Read, problems: list[Problem]) -> list[Any]:
    shape = _validate(read, RuleFileShape, problems)
    return [] if shape is None else list(shape.rules)
