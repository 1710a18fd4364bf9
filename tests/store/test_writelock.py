"""The SQLite write lock: writers take turns between threads and between processes, handed over at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from safetynet.store import Store
from safetynet.store.writelock import WriteLock

TRY_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
try:
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
except BlockingIOError:
    sys.exit(3)
"""


def other_process_can_lock(path: Path) -> bool:
    done = subprocess.run([sys.executable, "-c", TRY_LOCK, str(path)], check=False, timeout=30)
    assert done.returncode in (0, 3), done
    return done.returncode == 0


def test_a_held_write_turn_excludes_another_process_until_released(tmp_path: Path) -> None:
    lock = WriteLock(tmp_path / "plans.db")
    with lock:
        assert not other_process_can_lock(lock.path)
    assert other_process_can_lock(lock.path)
    lock.close()


def test_a_waiting_thread_gets_the_turn_as_soon_as_it_is_released(tmp_path: Path) -> None:
    lock = WriteLock(tmp_path / "plans.db")
    got_it = threading.Event()

    def wait_turn() -> None:
        with lock:
            got_it.set()

    with lock:
        waiter = threading.Thread(target=wait_turn)
        waiter.start()
        assert not got_it.wait(0.2), "a second writer got in while the first held the turn"
        released = time.monotonic()
    assert got_it.wait(10)
    waited = time.monotonic() - released
    waiter.join()
    lock.close()
    assert waited < 1.0, f"the waiting writer took {waited:.3f} s to get a free turn"


def test_the_store_on_a_sqlite_file_writes_under_the_lock_file(tmp_path: Path) -> None:
    database = tmp_path / "plans.db"
    with Store.open(f"sqlite:///{database}") as store:
        store.tokens.create_token("admin", None)
        lock = database.with_name("plans.db.write-lock")
        assert lock.exists()
        assert lock.stat().st_mode & 0o777 == 0o600
        with WriteLock(database):  # held by someone else: the store's writers wait for it
            writer = threading.Thread(target=store.tokens.create_token, args=("admin", None))
            writer.start()
            writer.join(0.3)
            assert writer.is_alive(), "the store wrote while another writer held the turn"
        writer.join(10)
        assert not writer.is_alive()
