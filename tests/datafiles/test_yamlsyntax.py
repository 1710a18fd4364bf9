"""Every YAML syntax error says where it is and what to write instead (a hint), for PyYAML's every message."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from safetynet.datafiles.loadfile import load_yaml
from safetynet.datafiles.marks import YamlFileError
from safetynet.datafiles.yamlio import parse_yaml
from safetynet.datafiles.yamlsyntax import FALLBACK_HINT, HINTS, hint_for, syntax_problem

# name: (file text, where the problem is placed, a piece of the hint it must carry)
BROKEN: dict[str, tuple[str, str, str]] = {
    "tab indent": ("a:\n\t- 1\n", "2:1", "indent with spaces, not tabs"),
    "map bracket left open": ("title: {th: บ้าน, en: home\nx: 1\n", "2:2", "needs ', ' between items and '}'"),
    "map bracket left open at the end": ("title: {th: บ้าน, en: home\n", "1:8", "this '{' is never closed"),
    "list bracket left open at the end": ("a: [poor, dilapidated\n", "1:4", "this '[' is never closed"),
    "list bracket left open": ("a: [1, 2\nb: 3\n", "2:2", "needs ', ' between items and ']'"),
    "comma missing in a map": ("a: {th: x en: y}\n", "1:13", "the map opened at line 1, column 4"),
    "list ended with a brace": ("a: [1, 2}\n", "1:9", "']' at its end"),
    "at sign": ("note: @home\n", "1:7", "put the whole value in quotes"),
    "backtick": ("note: `x`\n", "1:7", "put the whole value in quotes"),
    "percent inside": ("note: %x\n", "1:7", "put the whole value in quotes"),
    "pipe in a list": ("a: [|, b]\n", "1:5", "put the whole value in quotes"),
    "closing bracket alone": ("a: ]\n", "1:4", "this bracket closes nothing"),
    "closing brace alone": ("a: }\n", "1:4", "this bracket closes nothing"),
    "stray brace on its own line": ("a:\n  b: 1\n  }\n", "3:3", "this bracket closes nothing"),
    "stray brace at the end": ("a: 1\n}\n", "2:1", "this bracket closes nothing"),
    "stray bracket at the end": ("a: 1\n]\n", "2:1", "this bracket closes nothing"),
    "empty item in a list": ("a: [1,, 2]\n", "1:7", "remove the extra ','"),
    "dash inside brackets": ("a: [b, - c]\n", "1:8", "without '- '"),
    "bracket open at end of file": ("a: [\n", "1:4", "this '[' is never closed"),
    "list left open after a comma on the last line": ("a: 1\nfoo: [1,\n", "2:6", "this '[' is never closed"),
    "same, no line break at the end": ("a: 1\nfoo: [1,", "2:6", "this '[' is never closed"),
    "map left open after a comma on the last line": ("a: 1\nb: {th: x,\n", "2:4", "this '{' is never closed"),
    "inner list left open on the last line": ("a: [[1], [2,\n", "1:10", "this '[' is never closed"),
    "brace open at end of file": ("a: {\n", "1:4", "this '{' is never closed"),
    "two documents": ("a: 1\n---\nb: 2\n", "2:1", "remove this '---' line"),
    "document end marker": ("a: 1\n...\nb\n", "3:1", "no '...' or '%' lines"),
    "directive": ("%YAML 1.1\na: 1\n", "2:1", "no '...' or '%' lines"),
    "twice the YAML directive": ("%YAML 1.1\n%YAML 1.1\n---\na: 1\n", "2:1", "remove the line that starts with '%'"),
    "YAML 2": ("%YAML 2.0\n---\na: 1\n", "1:1", "remove the line that starts with '%'"),
    "bad directive": ("%a: 1\n", "1:3", "remove the line that starts with '%'"),
    "colon in text": ("title: Note: urgent\n", "1:12", "put text that contains ': ' in quotes"),
    "line indented under a value": (
        "rules:\n  - id: x\n    from: 2024-01-01\n      need: y\n",
        "4:7",
        "this line is indented more than the line above",
    ),
    "colon missing": ("a: 1\nb\nc: 2\n", "2:1", "add the ':' after the name"),
    "text after a key's value lines": ('a:\n  b: 1\n  "c"\n', "3:3", "add the ':' after the name"),
    "dash after text": ("a: - b\n", "1:4", "start a '- ' item on its own line"),
    "list item among map lines": ("a: 1\n- b\n", "2:1", "a '- ' item among 'name: value' lines"),
    "map line among list items": ("- a\nb: 1\n", "2:1", "a 'name: value' line among '- ' items"),
    "map line among list items (indented)": ("a:\n  - 1\n  b: 2\n", "3:3", "a 'name: value' line among '- ' items"),
    "wrong indentation": ("a:\n  b: 1\n c: 2\n", "3:2", "check the indentation"),
    "colon with no name": (": x\n", "1:1", "a ':' with no name before it"),
    "apostrophe in single quotes": ("a: 'it's'\n", "1:8", "write '' for an apostrophe"),
    "text after quotes": ('a: "b" c\n', "1:8", "put the whole value in quotes"),
    "single quote not closed": ("a: 'abc\n", "1:4", "this quote is not closed"),
    "double quote not closed": ('a: "abc\n', "1:4", "this quote is not closed"),
    "quote not closed before ---": ("a: 'x\n---\n'\n", "1:4", "before the '---' line"),
    "unknown escape": ('a: "C:\\qx"\n', "1:8", "use single quotes"),
    "bad hex escape": ('a: "\\xZZ"\n', "1:7", "use single quotes"),
    "star alone": ("a: *\n", "1:5", "'*' starts an alias"),
    "ampersand alone": ("a: & b\n", "1:5", "'&' starts an anchor"),
    "anchor used twice": ("a: &x 1\nb: &x 2\n", "2:4", "remove the '&name' marks"),
    "text after a pipe": ("a: |x\n  b\n", "1:5", "write nothing after '|' or '>'"),
    "pipe with 0": ("a: |0\n  x\n", "1:5", "write nothing after '|' or '>'"),
    "unknown tag handle": ("a: !x!y 1\n", "1:4", "remove the '!'"),
    "tag not closed": ("a: !<x 1\n", "1:7", "remove the '!'"),
    "control character": ("a: 1\nb: x\x07y\n", "2:5", "delete this invisible character"),
    "NUL character": ("a: \x00\n", "1:4", "delete this invisible character"),
}

_MESSAGE = re.compile(r"^f\.yaml:(\d+:\d+): YAML syntax: .+ \((?P<hint>[^()]+)\)$")


@pytest.mark.parametrize(("text", "where", "hint"), BROKEN.values(), ids=list(BROKEN))
def test_every_syntax_error_says_where_and_what_to_write(text: str, where: str, hint: str) -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml(text, "f.yaml")
    (problem,) = caught.value.problems
    line = str(problem)
    found = _MESSAGE.match(line)
    assert found is not None, line
    assert found.group(1) == where, line
    assert found.group("hint") != FALLBACK_HINT, f"no specific hint: {line}"
    assert hint in found.group("hint"), line


def test_a_rule_file_ending_inside_brackets_is_placed_at_the_opening_bracket(tmp_path: Path) -> None:
    path = tmp_path / "education.yaml"
    text = (Path(__file__).resolve().parents[2] / "rules" / "education.yaml").read_text(encoding="utf-8")
    path.write_text(text + "foo: [1,\n", encoding="utf-8")
    last = text.count("\n") + 1
    with pytest.raises(YamlFileError) as caught:
        load_yaml(path, "rules/education.yaml")
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"rules/education.yaml:{last}:6: YAML syntax: "), problem
    assert str(problem).endswith("(this '[' is never closed: end the list with ']', like [poor, dilapidated])")


def test_a_stray_brace_is_not_called_an_indentation_problem() -> None:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml("a: 1\n}\n", "f.yaml")
    assert "indentation" not in str(caught.value.problems[0])


def test_a_file_with_a_control_character_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "housing.yaml"
    path.write_text("rules:\n  - id: housing.x\x0c\n", encoding="utf-8")
    with pytest.raises(YamlFileError) as caught:
        load_yaml(path, "rules/housing.yaml")
    assert str(caught.value.problems[0]).startswith(
        "rules/housing.yaml:2:18: YAML syntax: unacceptable character #x000c"
    )


def test_a_message_no_hint_knows_gets_the_fallback_hint() -> None:
    mark = yaml.Mark("f", 0, 4, 2, None, 0)  # no buffer: the pointer into it is never read
    exc = yaml.MarkedYAMLError(problem="something PyYAML never said before", problem_mark=mark)
    assert str(syntax_problem("f.yaml", exc)) == (
        f"f.yaml:5:3: YAML syntax: something PyYAML never said before ({FALLBACK_HINT})"
    )


def _pyyaml_messages() -> list[tuple[str | None, str]]:
    """(context, problem) of every error PyYAML's reader, scanner, parser and composer can raise, as samples."""
    folder = Path(yaml.__file__).parent
    out: list[tuple[str | None, str]] = []
    for name in ("reader.py", "scanner.py", "parser.py", "composer.py"):
        for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            call = node.exc
            kind = call.func.id if isinstance(call.func, ast.Name) else ""
            if kind == "ReaderError":
                reason = _sample(call.args[4]) if len(call.args) > 4 else None  # (name, position, char, enc, reason)
                if reason is not None:
                    out.append((None, reason))
            elif kind in ("ScannerError", "ParserError", "ComposerError") and len(call.args) >= 3:
                problem = _sample(call.args[2])
                if problem is not None:
                    out.append((_sample(call.args[0]), problem))
    return out


def _sample(node: ast.expr) -> str | None:
    """A template such as "expected %r, but found %r" % (a, b) with sample values; None when not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        return re.sub(r"%[rsd]", "x", str(node.left.value))
    return None


def test_every_pyyaml_message_has_a_specific_hint() -> None:
    messages = _pyyaml_messages()
    assert len(messages) > 40  # the scan found PyYAML's messages
    missing = [(c, p) for c, p in messages if hint_for(c, p) is None]
    assert missing == [], "add a Hint in safetynet/datafiles/yamlsyntax.py for: " + repr(missing)


def test_hints_are_short_and_concrete() -> None:
    for hint in HINTS:
        assert len(hint.text) <= 150, hint
        assert "(" not in hint.text, hint  # the hint is shown in brackets
