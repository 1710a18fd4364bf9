"""How many times each file of a real folder was opened while some code ran, as the kernel saw it (Linux inotify):
for tests that a file is read once, not through a stand-in for the code that reads it.

The kernel queues an event as each file is opened, before ``open`` returns: once the code has run, every one of
its opens is in the queue, so nothing here waits or depends on time. The closes are watched too, though not
counted: the kernel merges an event into the one before it when both are the same, so two reads of one file in a
row would otherwise count as one (open, close, open, close are not; only opens of one file held at once still
merge, which reading a data file does not do).
"""

from __future__ import annotations

import ctypes
import os
import struct
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_IN_CLOSE = 0x00000008 | 0x00000010  # IN_CLOSE_WRITE | IN_CLOSE_NOWRITE
_IN_OPEN = 0x00000020
_IN_Q_OVERFLOW = 0x00004000
_IN_ISDIR = 0x40000000
_HEADER = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name, len bytes)
_libc = ctypes.CDLL(None, use_errno=True)


@contextmanager
def files_opened(folder: Path) -> Iterator[Counter[Path]]:
    """A counter, filled when the block ends, of the opens of each file under ``folder`` (its sub-folders
    included, as they are when the block starts) during the block."""
    fd = _libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0:
        raise OSError(ctypes.get_errno(), "inotify_init1")
    counts: Counter[Path] = Counter()
    try:
        watched: dict[int, Path] = {}
        for directory in [folder, *(p for p in sorted(folder.rglob("*")) if p.is_dir())]:
            wd = _libc.inotify_add_watch(fd, os.fsencode(directory), _IN_OPEN | _IN_CLOSE)
            if wd < 0:
                raise OSError(ctypes.get_errno(), f"inotify_add_watch {directory}")
            watched[wd] = directory
        yield counts
        counts.update(_opened(fd, watched))
    finally:
        os.close(fd)


def _opened(fd: int, watched: dict[int, Path]) -> Iterator[Path]:
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return
        at = 0
        while at < len(data):
            wd, mask, _, size = _HEADER.unpack_from(data, at)
            name = data[at + _HEADER.size : at + _HEADER.size + size].rstrip(b"\0")
            at += _HEADER.size + size
            if mask & _IN_Q_OVERFLOW:
                raise AssertionError("too many opens to count: the kernel's queue overflowed")
            if mask & _IN_ISDIR or not name or not mask & _IN_OPEN:
                continue  # a folder listed, or a close
            yield watched[wd] / os.fsdecode(name)
