"""Resolving places as CMs write them: µs per resolve, cold and warm.

- first use: the gazetteer read from geothai, then one province's name indexes, then the nationwide ones
  (each once per process);
- cold: a name not seen before (the resolver's cache was cleared; the indexes are built), each district and
  subdistrict of the 14 seed provinces and Bangkok, written in Thai with its prefix, in English or as a code;
- warm: the same names again (what every plan pays for a name its province's CMs have written before;
  each figure includes the call through functools.partial, about 0.05 µs);
- location: ``resolve_location`` of a whole case's province, district and subdistrict, warm;
- misspelt: an unknown name (closest names computed), cold, and warm (the failure is cached, raised anew).

    .venv/bin/python benchmarks/places_bench.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial

SEED_PROVINCES = ["TH-10", "TH-30", "TH-40", "TH-50", "TH-52", "TH-57", "TH-63", "TH-65", "TH-80", "TH-82"]
SEED_PROVINCES += ["TH-90", "TH-92", "TH-94", "TH-95", "TH-96"]


def _per_call(calls: list[Callable[[], object]], repeat: int, before: Callable[[], None] | None = None) -> float:
    """The best of ``repeat`` runs over every call, in µs per call (``before`` runs untimed ahead of each run)."""
    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        for call in calls:
            call()
        best = min(best, time.perf_counter() - started)
    return best / len(calls) * 1e6


def _raises(call: Callable[[], object]) -> Callable[[], object]:
    from safetynet.places import PlaceError

    def run() -> object:
        try:
            return call()
        except PlaceError as error:
            return error

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    from safetynet import places
    from safetynet.places import index, resolve

    imported = time.perf_counter() - started
    started = time.perf_counter()
    places.provinces()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    first = places.resolve_district(places.resolve_province("TH-52"), "อ.เกาะคา")
    indexed = time.perf_counter() - started
    print(f"data {places.data_version()}: import {imported * 1e3:.1f} ms, gazetteer read {loaded * 1e3:.1f} ms, "
          f"first resolve (one province's indexes) {indexed * 1e3:.1f} ms -> {first.code}")  # fmt: skip
    for iso in SEED_PROVINCES:  # build every seed province's indexes before timing
        places.resolve_district(places.resolve_province(iso), places.districts(iso)[0].en)
    started = time.perf_counter()
    index.nationwide_districts(), index.nationwide_subdistricts()
    print(f"nationwide name indexes (built by the first unknown name): {(time.perf_counter() - started) * 1e3:.1f} ms")

    calls: list[Callable[[], object]] = []  # each returns its place (none of these names is ambiguous)
    locations: list[Callable[[], object]] = []
    for iso in SEED_PROVINCES:
        p = places.resolve_province(iso)
        short = "เขต" if iso == "TH-10" else "อ."
        for d in places.districts(iso):
            calls += [
                partial(places.resolve_district, p, f"{short}{d.th}"),
                partial(places.resolve_district, p, d.code),
            ]
            calls += [partial(places.resolve_district, p, d.en)]
            for s in places.subdistricts(d.code):
                calls += [partial(places.resolve_subdistrict, p, d, f"ต.{s.th}")]
                calls += [partial(places.resolve_subdistrict, p, d, s.code)]
                locations += [_raises(partial(places.resolve_location, p.en, d.en, s.th))]

    cold = _per_call(calls, args.repeat, before=resolve.clear_caches)
    resolve.clear_caches()
    _per_call(calls, 1)
    warm = _per_call(calls, args.repeat)
    resolve.clear_caches()
    _per_call(locations, 1)
    location = _per_call(locations, args.repeat)
    misspelt: list[Callable[[], object]] = []
    for iso in SEED_PROVINCES:
        p = places.resolve_province(iso)
        for d in places.districts(iso):
            misspelt += [_raises(partial(places.resolve_district, p, f"{d.en[:-1]}xx"))]
    misspelt_cold = _per_call(misspelt, 1, before=resolve.clear_caches)
    misspelt_warm = _per_call(misspelt, args.repeat)
    print(f"cold (a name not seen before): {cold:.2f} µs per resolve over {len(calls)} names")
    print(f"warm (the same names again):   {warm:.2f} µs per resolve")
    print(f"location, warm (province + district + subdistrict): {location:.2f} µs per case over {len(locations)}")
    print(f"misspelt district: cold {misspelt_cold:.0f} µs (closest names computed), warm {misspelt_warm:.2f} µs")
    print("cache entries (now, most):", resolve.cache_info())


if __name__ == "__main__":
    main()
