"""docs/rules.md lists every message a policy writer can get: a new message without a row there fails here.

The messages are found in the source of the modules that read and check ``rules/`` and the survey and case files
of ``safetynet screen`` and ``safetynet plan``: every string given to a message sink (``Problem(...)``,
``doc.problem(...)``, ``Problem.warning(...)``, ``self._error(...)``, ``_at``, ``ValueError``, ``BadRow``,
``SurveyFileError``), assigned to a variable named ``message``, or returned by a message builder; then the
wording tables (``PHRASES``), the ``Explain`` of every field of a rule file, and every YAML syntax hint. Each
message is known by its start: its first words of literal text, with ``…`` where a value goes in
(``"{x!r} is not a condition: {EXAMPLE}"`` -> ``is not a condition``), which the docs' tables must contain.
"""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from safetynet.datafiles import fieldhelp
from safetynet.datafiles.validation import PHRASES
from safetynet.datafiles.yamlsyntax import FALLBACK_HINT, HINTS
from safetynet.rules.files import NeedsFile, RuleFile, ScreeningFile, ServicesFile

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "service" / "safetynet"
MODULES = [
    "datafiles/yamlio.py",
    "datafiles/validation.py",
    "rules/folder.py",
    "rules/loader.py",
    "rules/rulebuild.py",
    "rules/parse.py",
    "rules/check.py",
    "rules/neverfires.py",
    "rules/placevalue.py",
    "rules/limits.py",
    "datafiles/surveyfile.py",
    "datafiles/casefile.py",
    "datafiles/suggest.py",
]
SINKS = {"Problem", "problem", "warning", "_error", "_at", "ValueError", "ComposerError", "__init__", "_one_of"}
SINKS |= {"BadRow", "_bad", "SurveyFileError"}
BUILDERS = {"unknown_code", "_unknown_service", "_message"}  # functions whose return value is (or starts) a message
BUILDERS |= {"_header_problem", "_csv_problem"}
WORDS = 6
NOT_SHOWN = {
    # only if the JSON reader and the scan that places its problem disagree, which no test could make happen
    "a key appears twice in one map, or nesting is too deep",
}


def _pieces(node: ast.expr) -> list[list[str]]:
    """The literal text of a message expression, split where values go in; one list per alternative."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [[node.value]]
    if isinstance(node, ast.JoinedStr):
        out: list[str] = [""]
        for part in node.values:
            if isinstance(part, ast.Constant):
                out[-1] += str(part.value)
            else:
                out.append("")
        return [out]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _pieces(node.left) for b in _pieces(node.right)]
    if isinstance(node, ast.IfExp):
        return _pieces(node.body) + _pieces(node.orelse)
    if isinstance(node, ast.Tuple) and node.elts:
        return _pieces(node.elts[0])  # _message returns (message, at_key)
    return [[""]]


def _start(pieces: list[str]) -> str | None:
    """The start of a message as a pattern: its first words of text, with ``…`` where a value goes in.

    It begins at the first piece of text long enough to be recognised and runs for up to WORDS words (across
    the values put in), so that "the list has {n} values; at most {MAX}" is ``the list has … values; at
    most``, not a bare "the list has". None for a mere wrapper such as "{field}: {message}".
    """
    words: list[str] = []
    for piece in pieces:
        if not words:
            found = piece.strip(" :;,.").split()
            if len(" ".join(found)) < 8 or len(found) < 2:
                continue
            words = found[:WORDS]
        elif len(words) < WORDS:
            more = piece.split()
            if more:
                words += ["…", *more[: WORDS - len(words)]]
            else:
                words.append("…")
        if len(words) >= WORDS:
            break
    while words and words[-1] == "…":
        words.pop()
    return " ".join(words) or None


def message_pattern(start: str) -> re.Pattern[str]:
    """``start`` as a pattern over the docs: a value (``…``) is anything within one table cell."""
    parts = [re.escape(part.strip()) for part in start.split("…")]
    return re.compile(r"[^|]{0,80}?".join(parts))


def source_messages(modules: list[str] = MODULES) -> dict[str, str]:
    """message start -> where it is written (module:line), for every message in ``modules``."""
    found: dict[str, str] = {}
    for name in modules:
        tree = ast.parse((PACKAGE / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            exprs: list[ast.expr] = []
            if isinstance(node, ast.Call):
                func = node.func
                called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
                if called in SINKS:
                    exprs = [*node.args, *(k.value for k in node.keywords)]
            elif isinstance(node, ast.FunctionDef) and node.name in BUILDERS:
                exprs = [r.value for r in ast.walk(node) if isinstance(r, ast.Return) and r.value is not None]
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "message" for t in node.targets
            ):
                exprs = [node.value]
            for expr in exprs:
                for pieces in _pieces(expr):
                    start = _start(pieces)
                    if start and "".join(pieces) not in NOT_SHOWN:
                        found.setdefault(start, f"{name}:{getattr(expr, 'lineno', 0)}")
    return found


def _explains(model: Any, seen: set[int] | None = None) -> list[fieldhelp.Explain]:
    """Every Explain on the fields of a model, its sub-models and their lists."""
    seen = set() if seen is None else seen
    out: list[fieldhelp.Explain] = []
    stack: list[Any] = [model]
    while stack:
        annotation = stack.pop()
        if id(annotation) in seen:
            continue
        seen.add(id(annotation))
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                out.extend(m for m in field.metadata if isinstance(m, fieldhelp.Explain))
                stack.append(field.annotation)
            continue
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) is typing.Annotated:
            out.extend(m for m in args[1:] if isinstance(m, fieldhelp.Explain))
            stack.append(args[0])
        else:
            stack.extend(args)
    return out


def docs_text(name: str = "rules.md") -> str:
    text = (ROOT / "docs" / name).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", text.replace("\\|", "|").replace("`", ""))


def test_the_scan_finds_the_messages() -> None:
    found = source_messages()
    assert len(found) > 40
    assert "the list has … values; at most" in found  # parse.py: the list has {n} values; at most {MAX_LIST}
    assert "cannot read the file" in found  # loader.py


def test_every_message_of_the_rule_code_is_in_docs_rules_md() -> None:
    docs = docs_text()
    missing = {start: where for start, where in source_messages().items() if not message_pattern(start).search(docs)}
    assert missing == {}, "add a row to the messages table of docs/rules.md for: " + repr(missing)


def test_every_plain_wording_of_a_field_error_is_in_docs_rules_md() -> None:
    docs = docs_text()
    starts = {_start(re.split(r"\{[^}]*\}", what)) for what, _ in PHRASES.values()}
    missing = sorted(s for s in starts if s and not message_pattern(s).search(docs))
    missing += sorted({how for _, how in PHRASES.values() if how and how not in docs})
    assert missing == [], "add to docs/rules.md: " + repr(missing)


@pytest.mark.parametrize("model", [RuleFile, ScreeningFile, NeedsFile, ServicesFile], ids=lambda m: m.__name__)
def test_how_to_write_every_rule_field_is_in_docs_rules_md(model: type[BaseModel]) -> None:
    docs = docs_text()
    explains = _explains(model)
    assert explains
    missing = [e.how for e in explains if e.how not in docs]
    assert missing == [], "add to docs/rules.md: " + repr(missing)


def test_every_yaml_syntax_hint_is_in_docs_rules_md() -> None:
    docs = docs_text()
    texts = [FALLBACK_HINT, *(piece for h in HINTS for piece in h.text.split("{opened}"))]
    missing = sorted({t.strip() for t in texts if t.strip() not in docs})
    assert missing == [], "add to the YAML table of docs/rules.md: " + repr(missing)
