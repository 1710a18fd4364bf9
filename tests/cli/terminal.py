"""Run a `safetynet` command as a real process whose standard error is a pseudo-terminal (where progress bars are
drawn), and read back what that terminal showed."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.cli.environment import shipped


def on_a_terminal(args: list[str], var_dir: Path) -> tuple[bytes, bytes]:
    """(standard output, what standard error showed) of ``safetynet ARGS`` on the shipped data; it must exit 0."""
    env = os.environ | shipped(var_dir) | {"TERM": "xterm", "COLUMNS": "100"}
    terminal, stderr = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "safetynet", *args], stdout=subprocess.PIPE, stderr=stderr, env=env
        )
    finally:
        os.close(stderr)
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0
    shown = b""
    while True:
        try:
            chunk = os.read(terminal, 1 << 16)
        except OSError:  # the other end is closed: everything has been read
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    return out, shown
