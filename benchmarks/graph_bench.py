"""Partner network benchmark on the synthetic national network (77 provinces, ~60,000 organizations,
~300,000 MOUs): load time, Router build time, routing p50/p99 per need.

    .venv/bin/python benchmarks/graph_bench.py [--dir benchmarks/out/national] [--requests 3000] [--threads 4]
                                               [--provinces 77]

The network is built as the server builds it (``runtime.build.build_runtime``, with the shipped rules/): the
times of its parts are the builder's own. ``--provinces N`` generates a smaller network (the first N provinces)
when ``--dir`` holds none yet.

Targets: load < 10 s, routing p99 < 20 ms per need. Requests come from a province's CM unit for a child
of that province, for a random service, place and age, on one of three consecutive days (as a live service
sees: today and the next days). The first request for a (service, day, province, CM unit) builds the
referral graph and Dijkstra tree (cold); later ones reuse them (warm): both are shown.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import resource
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from graph_synth import SERVICE_CODES, generate
from safetynet.contract.vocabulary import Level
from safetynet.network import Network, Router, RouteRequest
from safetynet.runtime.build import Runtime, build_runtime
from safetynet.settings import Settings

RULES = Path(__file__).resolve().parents[1] / "rules"

# a plausible rule's providers for some services; the others take any kind
PROVIDERS: dict[str, list[tuple[str, Level]]] = {
    "housing_repair": [("local_government", "subdistrict"), ("social_development_office", "province")],
    "school_enrolment": [("school", "district"), ("education_office", "province")],
    "child_protection": [("child_shelter", "province"), ("social_development_office", "province")],
}


def requests(network: Network, count: int, seed: int) -> list[RouteRequest]:
    rng = random.Random(seed)
    places: dict[str, list[tuple[str | None, str | None]]] = {}  # DOPA codes, as a plan's request carries them
    for org in network.organizations.values():
        if org.kind == "local_government" and org.district:
            places.setdefault(org.province, []).append(network.area(org.id))
    provinces = sorted(places)
    base = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
    out = []
    for _ in range(count):
        province = rng.choice(provinces)
        district, subdistrict = rng.choice(places[province])
        service = rng.choice(SERVICE_CODES)
        out.append(
            RouteRequest(
                service=service,
                providers=PROVIDERS.get(service, []),
                province=province,
                district=district,
                subdistrict=subdistrict,
                age=rng.randint(3, 20),
                requested_by=rng.choice(network.cm_units(province)).id,
                at=base + timedelta(days=rng.randint(0, 2), hours=rng.randint(0, 12)),
                urgent=rng.random() < 0.3,
            )
        )
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def show(label: str, ms: list[float]) -> None:
    if ms:
        print(
            f"  {label:<22} n={len(ms):>5}  p50 {percentile(ms, 50):6.2f} ms  p99 {percentile(ms, 99):6.2f} ms  "
            f"max {max(ms):6.2f} ms  mean {statistics.fmean(ms):6.2f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(__file__).resolve().parent / "out" / "national")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--provinces", type=int, default=None, help="when generating: the first N only (default: all)")
    args = parser.parse_args()
    if not any(args.dir.rglob("*.json")):
        started = time.perf_counter()
        counts = generate(args.dir, first=args.provinces)
        print(f"generated {counts['organizations']:,} organizations, {counts['mous']:,} MOUs "
              f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    files = list(args.dir.rglob("*.json"))
    print(f"network: {args.dir} ({len(files)} JSON files, {sum(f.stat().st_size for f in files) / 2**20:.0f} MiB)")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")

    runtime = build(args.dir, show=True)
    batch = requests(runtime.network, args.requests, args.seed)
    one_thread(runtime.router, batch)
    if args.threads > 1:
        again = build(args.dir)
        threaded(again.router, batch, args.threads)
        again.close()
    runtime.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB (two networks loaded when --threads > 1)")


def build(directory: Path, *, show: bool = False) -> Runtime:
    """The network built as the server builds it: ``build_runtime`` (no store), which also applies the process's
    garbage-collector policy (``runtime.gcpolicy``)."""
    runtime = build_runtime(Settings(rules_dir=RULES, graph_dir=directory), with_store=False)
    if show:
        network, took = runtime.network, runtime.build_seconds
        print(f"load_network: {took['network']:.2f} s ({len(network.organizations):,} organizations, "
              f"{len(network.mous):,} MOUs, {len(network.warnings)} warnings)  "
              f"target < 10 s: {'OK' if took['network'] < 10 else 'MISSED'}")  # fmt: skip
        print(f"Router build: {took['router']:.2f} s")
        started = time.perf_counter()  # what the first GET /v1/organizations adds, once per network
        for organization_id in network.organizations:
            network.location(organization_id)
        print(f"organizations' locations (first listing): {time.perf_counter() - started:.2f} s")
    return runtime


def one_thread(router: Router, batch: list[RouteRequest]) -> None:
    cold: list[float] = []
    warm: list[float] = []
    seen: set[tuple[object, ...]] = set()
    outcomes: dict[str, int] = {}
    gc.collect()
    for request in batch:
        key = (request.service, request.at.date(), request.province, request.requested_by)
        started = time.perf_counter()
        result = router.route(request)
        elapsed = (time.perf_counter() - started) * 1000
        (warm if key in seen else cold).append(elapsed)
        seen.add(key)
        outcome = result.reason or ("over_deadline" if result.over_deadline else "routed")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    counts = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    print(f"routing, one thread, {len(batch):,} requests ({counts}):")
    show("all", cold + warm)
    show("cold (first of a key)", cold)
    show("warm (cached tree)", warm)
    print(f"  target p99 < 20 ms: {'OK' if percentile(cold + warm, 99) < 20 else 'MISSED'}")


def threaded(router: Router, batch: list[RouteRequest], threads: int) -> None:
    latencies: list[float] = []

    def timed(request: RouteRequest) -> None:
        started = time.perf_counter()
        router.route(request)
        latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(timed, batch))
    wall = time.perf_counter() - started
    print(f"routing, {threads} threads on a fresh Router (cold caches), {len(batch):,} requests in {wall:.2f} s:")
    show("all (incl. GIL waits)", latencies)


if __name__ == "__main__":
    main()
