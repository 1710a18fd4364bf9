"""The one module that touches networkx: referral graphs, shortest referral paths, and GraphML export.

A referral for service S on day D travels along the MOUs in force on D that cover S; each MOU links every
two of its parties, both ways. The search is kept to a *region*: the provinces involved (the child's and
the requester's) and the organizations that serve the whole country. Graphs are built per (service, day,
region) and Dijkstra trees per source, both kept in small caches guarded by one lock, so that one ``Paths``
serves concurrent threads.

Edge weights are whole numbers so that ties are exact: ``minutes * 2**20 + 1``. Summed along a path this
ranks by total minutes first, then by number of hops (an edge without weight would silently count as 1 in
networkx; every edge here has one, and hours are checked to be > 0 when the files are read).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import Any, BinaryIO, Generic, TypeVar

import networkx as nx

from safetynet.network.model import ALL, Mou
from safetynet.network.network import Network

HOP = 1 << 20

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

Edge = tuple[str, str, Mou]


def weight(hours: float) -> int:
    return max(1, round(hours * 60)) * HOP + 1


class _Lru(Generic[_K, _V]):
    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[_K, _V] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: _K) -> _V | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: _K, value: _V) -> _V:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
            return value


@dataclass(frozen=True)
class Tree:
    """Shortest referral paths from one source: ``dist`` (weight) and ``paths`` (org ids) per reached node."""

    graph: Any
    dist: dict[str, int]
    paths: dict[str, list[str]]

    def hours(self, path: list[str]) -> float:
        total: float = sum(self.graph[u][v]["mou"].hours for u, v in pairwise(path))
        return round(total, 6)

    def mous(self, path: list[str]) -> tuple[str, ...]:
        return tuple(self.graph[u][v]["mou"].id for u, v in pairwise(path))


class Paths:
    """Shortest referral paths over one network; thread-safe, built once per network version."""

    def __init__(self, network: Network, *, graphs: int = 2048, trees: int = 1024) -> None:
        self.network = network
        orgs = network.organizations
        self.national = frozenset(i for i, org in orgs.items() if org.reaches_nationally())
        # bucket (provinces joined: 0, 1 or 2 codes) -> service code or "all" -> edges
        buckets: dict[frozenset[str], dict[str, list[Edge]]] = {}
        for mou in network.mous:
            parties = [p for p in mou.parties if p in orgs]
            for i, u in enumerate(parties):
                for v in parties[i + 1 :]:
                    key = frozenset(orgs[p].province for p in (u, v) if p not in self.national)
                    by_code = buckets.setdefault(key, {})
                    for code in mou.services:
                        by_code.setdefault(code, []).append((u, v, mou))
        self._buckets = buckets
        self._graphs: _Lru[tuple[str, date, frozenset[str]], Any] = _Lru(graphs)
        self._trees: _Lru[tuple[str, date, frozenset[str], str], Tree] = _Lru(trees)

    def _edges(self, service: str, region: frozenset[str]) -> Iterator[Edge]:
        keys: list[frozenset[str]] = [frozenset()] + [frozenset({p}) for p in region]
        if len(region) == 2:
            keys.append(region)
        for key in keys:
            by_code = self._buckets.get(key, {})
            yield from by_code.get(service, ())
            if service != ALL:
                yield from by_code.get(ALL, ())

    def graph(self, service: str, day: date, region: frozenset[str]) -> Any:
        """The graph of MOUs in force on ``day`` covering ``service`` within ``region`` (cached)."""
        key = (service, day, region)
        found = self._graphs.get(key)
        if found is not None:
            return found
        best: dict[tuple[str, str], tuple[int, Mou]] = {}
        for u, v, mou in self._edges(service, region):
            if mou.signed <= day and (mou.expires is None or day < mou.expires):
                w = weight(mou.hours)
                pair = (u, v) if u < v else (v, u)
                held = best.get(pair)
                if held is None or (w, mou.id) < (held[0], held[1].id):
                    best[pair] = (w, mou)
        graph = nx.Graph()
        graph.add_edges_from((u, v, {"w": w, "mou": mou}) for (u, v), (w, mou) in best.items())
        return self._graphs.put(key, nx.freeze(graph))

    def tree(self, service: str, day: date, region: frozenset[str], source: str) -> Tree:
        """Shortest paths from ``source`` (cached per service, day, region and source)."""
        key = (service, day, region, source)
        found = self._trees.get(key)
        if found is not None:
            return found
        graph = self.graph(service, day, region)
        if source in graph:
            dist, paths = nx.single_source_dijkstra(graph, source, weight="w")
        else:
            dist, paths = {source: 0}, {source: [source]}
        return self._trees.put(key, Tree(graph, dist, paths))

    def reached(self, service: str, day: date, region: frozenset[str], sources: Iterable[str]) -> set[str]:
        """Every organization reached from any of ``sources`` (for coverage)."""
        graph = self.graph(service, day, region)
        out: set[str] = set(sources)
        for source in sources:
            if source in graph:
                out |= nx.node_connected_component(graph, source)
        return out


_SHARED: weakref.WeakKeyDictionary[Network, Paths] = weakref.WeakKeyDictionary()
_SHARED_LOCK = threading.Lock()


def paths_for(network: Network) -> Paths:
    """The one ``Paths`` of this network (built on first use), shared by routing and coverage."""
    with _SHARED_LOCK:
        found = _SHARED.get(network)
        if found is None:
            found = _SHARED[network] = Paths(network)
        return found


def write_graphml(network: Network, target: Path | BinaryIO) -> None:
    """The whole network as GraphML: one node per organization, one edge per MOU and pair of its parties."""
    graph = nx.MultiGraph(version=network.version)
    for org in sorted(network.organizations.values(), key=lambda o: o.id):
        graph.add_node(
            org.id,
            name_th=org.name.th,
            name_en=org.name.en,
            kind=org.kind,
            ministry=org.ministry,
            province=org.province,
            district=org.district or "",
            subdistrict=org.subdistrict or "",
            service_area=org.service_area,
            services=" ".join(s.code for s in org.services),
        )
    for mou in network.mous:
        parties = [p for p in mou.parties if p in network.organizations]
        for i, u in enumerate(parties):
            for v in parties[i + 1 :]:
                graph.add_edge(
                    u,
                    v,
                    key=mou.id,
                    mou=mou.id,
                    services=" ".join(mou.services),
                    signed=mou.signed.isoformat(),
                    expires=mou.expires.isoformat() if mou.expires else "",
                    hours=float(mou.hours),
                    reference=mou.reference,
                    illustrative=mou.illustrative,
                )
    nx.write_graphml(graph, target)
