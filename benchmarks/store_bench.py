"""How fast the store saves and reads plans, alone and under 32 concurrent clients.

    .venv/bin/python benchmarks/store_bench.py [--plans N] [--threads T]   (SAFETYNET_TEST_POSTGRES_URL: the server)

Runs on SQLite (a temporary file, WAL, synchronous=FULL) and, when reachable, on PostgreSQL in a throw-away
schema. Each save writes the plan, its organizations and an audit row in one transaction; each read writes
an audit row too. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.store.databases import postgres_schema_url, postgres_unreachable  # noqa: E402
from tests.store.samples import new_plan  # noqa: E402

from safetynet.auth import Actor, can_read_plan  # noqa: E402
from safetynet.store import PlanRecord, Store  # noqa: E402


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _sequential(store: Store, actor: Actor, raw: str, plans: int) -> None:
    ids = [f"seq-{n:06d}" for n in range(plans)]
    saves = [_timed(partial(store.save_plan, new_plan(plan_id), actor)) for plan_id in ids]
    reads = [_timed(partial(store.get_plan, plan_id, actor, _allowed(actor))) for plan_id in ids]
    lookups = [_timed(partial(store.tokens.actor_for_token, raw)) for _ in ids]
    print(f"  save_plan        x{plans:<5} {_ms(saves)}  ({plans / sum(saves):7.0f} /s)")
    print(f"  get_plan         x{plans:<5} {_ms(reads)}  ({plans / sum(reads):7.0f} /s)")
    print(f"  actor_for_token  x{plans:<5} {_ms(lookups)}  ({plans / sum(lookups):7.0f} /s)")


def _allowed(actor: Actor) -> Callable[[PlanRecord], bool]:
    return lambda record: can_read_plan(actor, record, lambda _org: "TH-65")


def _concurrent(store: Store, actor: Actor, raw: str, plans: int, threads: int) -> None:
    """Each request: look the token up, then save a plan or read one back (half each), like the API."""
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def client(worker: int) -> None:
        mine: list[float] = []
        barrier.wait()
        for n in range(plans // threads):
            plan_id = f"con-{worker:02d}-{n:05d}"
            start = time.perf_counter()
            store.tokens.actor_for_token(raw)
            store.save_plan(new_plan(plan_id), actor)
            mine.append(time.perf_counter() - start)
            start = time.perf_counter()
            store.tokens.actor_for_token(raw)
            store.get_plan(plan_id, actor, _allowed(actor))
            mine.append(time.perf_counter() - start)
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        for future in [pool.submit(client, w) for w in range(threads)]:
            future.result()
    elapsed = time.perf_counter() - start
    print(
        f"  {threads} clients, {len(latencies)} requests (save or read, each with a token lookup): "
        f"{len(latencies) / elapsed:6.0f} req/s, {_ms(latencies)}, 0 errors"
    )


def run(name: str, url: str, plans: int, threads: int) -> None:
    with Store.open(url) as store:
        raw = store.tokens.create_token("cm", "plk-cm-unit")
        actor = store.tokens.actor_for_token(raw)
        assert actor is not None
        print(f"{name}:")
        _sequential(store, actor, raw, plans)
        _concurrent(store, actor, raw, plans * 2, threads)
        print(f"  plans stored: {store.count_plans()}")


@contextmanager
def _sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'bench.db'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=500)
    parser.add_argument("--threads", type=int, default=32)
    args = parser.parse_args()
    print(f"store benchmark: {args.plans} sequential operations each, then {args.threads} concurrent clients")
    with _sqlite() as url:
        run("SQLite (WAL, synchronous=FULL)", url, args.plans, args.threads)
    reason = postgres_unreachable()
    if reason is not None:
        print(f"PostgreSQL: skipped ({reason})")
        return
    with postgres_schema_url() as url:
        run("PostgreSQL", url, args.plans, args.threads)


if __name__ == "__main__":
    main()
