"""Reading ``graph/``: every ``.yaml``/``.yml``/``.json`` file under the folder, in path order.

Each file is a map with an ``organizations:`` list, a ``mous:`` list, or both (by convention
``organizations/<province>.yaml`` and ``mous/<province>.yaml``). Each record is checked on its own here; a bad
record is reported with its ``path:line:col`` and left out, so that the checks of the whole network
(``consistency.py``) still run on the good ones.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from safetynet.datafiles.loadfile import MAX_FILE_BYTES, load_yaml, no_folder
from safetynet.datafiles.marks import Loc, YamlFileError
from safetynet.datafiles.validation import validation_problems
from safetynet.datafiles.yamlio import YamlDoc
from safetynet.errors import Place, Problem
from safetynet.network.jsonfast import read_well_formed
from safetynet.network.model import Mou, NetworkFile, Organization

DATA_SUFFIXES = (".yaml", ".yml", ".json")

_M = TypeVar("_M", bound=BaseModel)


class Placed(NamedTuple):
    """Where a record was read: its file and its place in that file (for messages)."""

    doc: YamlDoc
    loc: Loc

    def problem(self, sub: Sequence[str | int], message: str, *, warning: bool = False) -> Problem:
        return self.doc.problem((*self.loc, *sub), message, severity="warning" if warning else "error")

    def where(self, sub: Sequence[str | int] = ()) -> Place:
        return self.doc.place((*self.loc, *sub))


@dataclass
class ReadFiles:
    """The records of every file that could be read, each with its place, and the problems found so far."""

    organizations: list[tuple[Organization, Placed]] = field(default_factory=list)
    mous: list[tuple[Mou, Placed]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: the ids of organizations left out for an error in their record, with its place: an MOU naming one is told
    #: so, not that no organization has that id
    refused: dict[str, Place] = field(default_factory=dict)
    #: the files that could not be read at all (a YAML syntax error, not UTF-8, ...), each at its first problem: an
    #: MOU naming an organization that may be in one of them is told so, not pointed to another province's id
    unread: list[Place] = field(default_factory=list)
    version: str = ""


def data_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.suffix.lower() in DATA_SUFFIXES and p.is_file())


def read_files(directory: Path) -> ReadFiles:
    out = ReadFiles()
    if not directory.is_dir():
        out.problems.append(no_folder(directory, "the network", "SAFETYNET_GRAPH_DIR"))
        return out
    files = data_files(directory)
    if not files:
        out.problems.append(
            Problem(str(directory), 1, 1, "no .yaml or .json files here: add organizations/<province>.yaml")
        )
    digest = hashlib.sha256()
    for path in files:
        shown = str(path)
        raw = path.read_bytes()
        digest.update(path.relative_to(directory).as_posix().encode() + b"\0" + raw + b"\0")
        if path.suffix.lower() == ".json" and _read_well_formed_json(raw, shown, out):
            continue
        try:
            doc = load_yaml(path, shown)
        except YamlFileError as exc:
            out.problems.extend(exc.problems)
            out.unread.append(min(exc.problems).place if exc.problems else Place(shown))
            continue
        _read_doc(doc, out)
    out.version = digest.hexdigest()[:16]
    return out


def _read_well_formed_json(raw: bytes, shown: str, out: ReadFiles) -> bool:
    """Read a JSON file by the fast path (``jsonfast``) when nothing is wrong in it; False: read it carefully."""
    if len(raw) > MAX_FILE_BYTES:
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    read = read_well_formed(text)
    if read is None:
        return False
    doc = YamlDoc(path=shown, data=None, lazy_text=text)  # places are found only if a check needs one
    organizations, mous = read
    out.organizations.extend((org, Placed(doc, ("organizations", i))) for i, org in enumerate(organizations))
    out.mous.extend((mou, Placed(doc, ("mous", i))) for i, mou in enumerate(mous))
    return True


_ORGS: TypeAdapter[list[Organization]] = TypeAdapter(list[Organization])
_MOUS: TypeAdapter[list[Mou]] = TypeAdapter(list[Mou])


def _read_doc(doc: YamlDoc, out: ReadFiles) -> None:
    if doc.data is None:
        out.problems.append(doc.problem((), "file is empty: write 'organizations:' or 'mous:' with a list"))
        return
    try:
        shape = NetworkFile.model_validate(doc.data)
    except ValidationError as exc:
        out.problems.extend(validation_problems(doc, exc, NetworkFile))
        if not isinstance(doc.data, dict):
            return
        shape = NetworkFile(
            organizations=[r for r in _as_list(doc.data.get("organizations")) if isinstance(r, dict)],
            mous=[r for r in _as_list(doc.data.get("mous")) if isinstance(r, dict)],
        )
        if not shape.organizations and not shape.mous:
            return
    raw_orgs, raw_mous = doc.data.get("organizations") or [], doc.data.get("mous") or []
    orgs = _records(
        doc, "organizations", raw_orgs, model=Organization, adapter=_ORGS, problems=out.problems, refused=out.refused
    )
    out.organizations.extend(orgs)
    out.mous.extend(_records(doc, "mous", raw_mous, model=Mou, adapter=_MOUS, problems=out.problems))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _records(
    doc: YamlDoc,
    key: str,
    raw: list[Any],
    *,
    model: type[_M],
    adapter: TypeAdapter[list[_M]],
    problems: list[Problem],
    refused: dict[str, Place] | None = None,
) -> list[tuple[_M, Placed]]:
    """Validate the whole list at once (fast); on any error, record by record to keep the good ones."""
    if not isinstance(raw, list):
        return []
    try:
        return [(record, Placed(doc, (key, i))) for i, record in enumerate(adapter.validate_python(raw))]
    except ValidationError:
        pass
    good: list[tuple[_M, Placed]] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue  # NetworkFile already said so
        try:
            good.append((model.model_validate(item), Placed(doc, (key, i))))
        except ValidationError as exc:
            problems.extend(validation_problems(doc, exc, model, base=(key, i)))
            if refused is not None and isinstance(item.get("id"), str):
                refused.setdefault(item["id"], doc.place((key, i)))
    return good
