"""How server processes that share ``var/`` keep serving the same rules after ``POST /v1/rules/reload``.

A reload reaches the one process that answers it. That process then writes the new rules version to
``var/rules-reloaded`` (a new file each time, swapped in atomically); every process looks at the file's
identity (one ``stat``) before each request and, when it changed, loads ``rules/`` again itself. Without
it, the other processes would go on serving the old rules.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class ReloadStamp:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._seen = self._identity()

    def _identity(self) -> tuple[int, int] | None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        return stat.st_ino, stat.st_mtime_ns  # os.replace gives every publication a new inode

    def changed(self) -> bool:
        return self._identity() != self._seen

    def publish(self, version: str) -> None:
        """Say that ``version`` is now served; this process has seen it already."""
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".rules-reloaded.")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(version)
                out.flush()
                written = os.fstat(out.fileno())  # a rename keeps the inode and the mtime
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self._seen = (written.st_ino, written.st_mtime_ns)

    def take(self) -> str | None:
        """The version last published (None when none was), marked as seen."""
        self._seen = self._identity()
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
