"""Reading one data file that people edit: at most 1 MiB of UTF-8 text, YAML, or JSON for machine exports."""

from __future__ import annotations

from pathlib import Path

from safetynet.datafiles.jsondata import parse_json
from safetynet.datafiles.marks import YamlFileError
from safetynet.datafiles.yamlio import YamlDoc, parse_yaml
from safetynet.errors import Problem

MAX_FILE_BYTES = 1 << 20


def no_folder(directory: Path, holds: str, variable: str) -> Problem:
    """A data folder that is not there. A relative one is read from the current folder: the message says which
    folder that was, and how to name another (a command run outside the repository finds no ``rules``)."""
    where = "" if directory.is_absolute() else f" in {Path.cwd()}"
    return Problem(
        str(directory), 1, 1, f"no such folder{where}: give the folder that holds {holds} (or set {variable})"
    )


def read_text(path: Path, shown: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The file's text, refused with ``path:line:col`` when too large or not UTF-8."""
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlFileError(
            [
                Problem(
                    shown,
                    1,
                    1,
                    f"file is {size:,} bytes; the limit is {max_bytes:,} bytes (1 MiB): split it into smaller files",
                )
            ]
        )
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlFileError(
            [Problem(shown, line, 1, "file is not UTF-8 text: save it as UTF-8 (Thai text included)")]
        ) from None


def load_yaml(path: Path, display: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> YamlDoc:
    """Read one data file safely: YAML, or JSON for machine exports (``.json``, parsed much faster).

    Raises ``YamlFileError`` with ``path:line:col`` problems.
    """
    shown = display or str(path)
    return parse_data(read_text(path, shown, max_bytes), path, shown)


def parse_data(text: str, path: Path, shown: str) -> YamlDoc:
    """``text``, read from ``path``, as YAML or as JSON by the file's suffix."""
    if path.suffix.lower() == ".json":
        return parse_json(text, shown)
    return parse_yaml(text, shown)
