"""Referral graphs and shortest referral paths.

A referral for service S on day D travels along the MOUs in force on D that cover S; each MOU links every
two of its parties, both ways. The search is kept to a *region*: the provinces involved (the child's and
the requester's) and the organizations that serve the whole country. Graphs are built per (service, day,
region) and Dijkstra trees per source, both kept in small caches guarded by one lock, so that one ``Paths``
serves concurrent threads.

A referral graph is a plain adjacency map (party -> party -> edge number) searched by Dijkstra with heapq, here:
routing spent most of its time building networkx graphs and in networkx's general Dijkstra (a weight function
call per edge). Its dicts hold only strings and ints, which the cyclic GC does not track. networkx writes the
GraphML export only (``graph.py``).

Edge weights are whole numbers so that ties are exact: ``minutes * 2**20 + 1``. Summed along a path this
ranks by total minutes first, then by number of hops (an edge without weight would silently count as 1 in
networkx; every edge here has one, and hours are checked to be > 0 when the files are read).
"""

from __future__ import annotations

import heapq
import threading
from array import array
from collections import OrderedDict
from collections.abc import Hashable, Iterable
from datetime import date
from typing import Generic, TypeVar

from safetynet.network.directory import Network
from safetynet.network.model import ALL

HOP = 1 << 20

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")

# (party, party, weight, id of the MOU, signed and expires as day ordinals), numbered in the order of the MOUs
# in the files.
Edge = tuple[str, str, int, str, int, int]
# party -> party -> number of the edge (of ``Paths._edges_by_id``) of the best MOU in force of the pair, both ways.
Adjacency = dict[str, dict[str, int]]
NEVER = date.max.toordinal()


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


class Tree:
    """Shortest referral paths from one source: for each node reached, its weight and the hop that led to it.

    Only dicts of strings and ints inside, which the cyclic GC does not track: a full collection passes over a
    cached tree in one step (a cache of the paths asked for, kept in the tree, would be walked by each).
    """

    __slots__ = ("dist", "mou_into", "parent")

    def __init__(self, dist: dict[str, int], parent: dict[str, str], mou_into: dict[str, str]) -> None:
        self.dist = dist
        self.parent = parent  # node -> previous node on its path; the source has none
        self.mou_into = mou_into  # node -> id of the MOU of the hop into it

    def path(self, node: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
        """(organization ids from the source to ``node``, MOU id of each hop), or None when not reached."""
        if node not in self.dist:
            return None
        nodes, mous = [node], []
        while node in self.parent:
            mous.append(self.mou_into[node])
            node = self.parent[node]
            nodes.append(node)
        return tuple(reversed(nodes)), tuple(reversed(mous))


class Paths:
    """Shortest referral paths over one network; thread-safe, built once per network version.

    The pairs of MOU parties are grouped by the provinces they join (none for two national bodies) and by the
    services their MOU covers. On first use a group's pairs are merged with the pairs of MOUs that cover every
    service and ordered worst first, so that building a graph needs no search for the best MOU of a pair: the
    best one in force is added last, and kept.
    """

    def __init__(self, network: Network, *, graphs: int = 8, trees: int = 2048) -> None:
        self.network = network
        orgs = network.organizations
        self.national = frozenset(i for i, org in orgs.items() if org.reaches_nationally())
        weights: dict[float, int] = {}
        edges: list[Edge] = []
        groups: dict[tuple[frozenset[str], str], array[int]] = {}
        # the provinces a pair of parties joins: none for national bodies (one frozenset per pair of provinces)
        home = {i: "" if i in self.national else org.province for i, org in orgs.items()}
        joins: dict[tuple[str, str], frozenset[str]] = {}
        for mou in network.mous:
            w = weights.get(mou.hours)
            if w is None:
                w = weights[mou.hours] = weight(mou.hours)
            signed = mou.signed.toordinal()
            expires = mou.expires.toordinal() if mou.expires else NEVER
            parties = sorted(p for p in mou.parties if p in home)
            for i, u in enumerate(parties):
                for v in parties[i + 1 :]:
                    provinces = (home[u], home[v])
                    key = joins.get(provinces)
                    if key is None:
                        key = joins[provinces] = frozenset(p for p in provinces if p)
                    for code in mou.services:
                        groups.setdefault((key, code), array("I")).append(len(edges))
                    edges.append((u, v, w, mou.id, signed, expires))
        self._edges_by_id = tuple(edges)
        self._weight = array("Q", (edge[2] for edge in edges))
        # each edge's place in the order of (weight, then the MOU's place in the files: the sort is stable and
        # edges are numbered in file order): sorting by it later is a C-level look-up per edge
        order = sorted(range(len(edges)), key=lambda i: edges[i][2])
        self._rank = array("I", bytes(4 * len(edges)))
        for place, i in enumerate(order):
            self._rank[i] = place
        # Groups hold edge numbers in arrays, which the cyclic GC does not look into: a tuple of edge tuples made
        # at run time would be walked, with every edge, by each full collection: long pauses while routing.
        self._groups = groups
        self._merged: dict[tuple[frozenset[str], str], array[int]] = {}
        self._lock = threading.Lock()
        self._graphs: _Lru[tuple[str, date, frozenset[str]], Adjacency] = _Lru(graphs)
        self._trees: _Lru[tuple[str, date, frozenset[str], str], Tree] = _Lru(trees)

    def _edges(self, key: frozenset[str], service: str) -> array[int]:
        """The pairs joining ``key``'s provinces along MOUs that cover ``service``, worst (weight, MOU) first, as
        numbers of ``_edges_by_id``."""
        found = self._merged.get((key, service))
        if found is not None:
            return found
        merged = list(self._groups.get((key, service), ()))
        if service != ALL:
            merged += self._groups.get((key, ALL), ())
        merged.sort(key=self._rank.__getitem__, reverse=True)
        with self._lock:
            return self._merged.setdefault((key, service), array("I", merged))

    def graph(self, service: str, day: date, region: frozenset[str]) -> Adjacency:
        """The graph of MOUs in force on ``day`` covering ``service`` within ``region`` (cached): never changed
        once built.

        Each pair of parties keeps the MOU with the smallest weight (then the first in the files): its edges come
        worst first, and a later one replaces an earlier one in place (a neighbour keeps its first position)."""
        key = (service, day, region)
        found = self._graphs.get(key)
        if found is not None:
            return found
        keys: list[frozenset[str]] = [frozenset(), *(frozenset({p}) for p in region)]
        if len(region) == 2:
            keys.append(region)
        today = day.toordinal()
        edges = self._edges_by_id
        adj: Adjacency = {}
        for group in keys:  # a pair of parties belongs to one group only
            for n in self._edges(group, service):
                u, v, _, _, signed, expires = edges[n]
                if signed <= today < expires:
                    near = adj.get(u)
                    if near is None:
                        near = adj[u] = {}
                    near[v] = n
                    far = adj.get(v)
                    if far is None:
                        far = adj[v] = {}
                    far[u] = n
        return self._graphs.put(key, adj)

    def tree(self, service: str, day: date, region: frozenset[str], source: str) -> Tree:
        """Shortest paths from ``source`` (cached per service, day, region and source)."""
        key = (service, day, region, source)
        found = self._trees.get(key)
        if found is not None:
            return found
        adj = self.graph(service, day, region)
        if source not in adj:
            return self._trees.put(key, Tree({source: 0}, {}, {}))
        weight, edges = self._weight, self._edges_by_id
        dist = _dijkstra(adj, weight, source)
        # The hop into each node: the first neighbour whose distance plus the edge's weight is the node's (the
        # same choice whatever order the search settled nodes in, so ties always resolve alike).
        parent: dict[str, str] = {}
        mou_into: dict[str, str] = {}
        for node, far in dist.items():
            for before, n in adj[node].items():
                near = dist.get(before)
                if near is not None and near + weight[n] == far:
                    parent[node], mou_into[node] = before, edges[n][3]
                    break
        return self._trees.put(key, Tree(dist, parent, mou_into))

    def reached(self, service: str, day: date, region: frozenset[str], sources: Iterable[str]) -> set[str]:
        """Every organization reached from any of ``sources`` (for coverage)."""
        adj = self.graph(service, day, region)
        out: set[str] = set(sources)
        stack = [s for s in out if s in adj]
        while stack:
            for nxt in adj[stack.pop()]:
                if nxt not in out:
                    out.add(nxt)
                    stack.append(nxt)
        return out


def _dijkstra(adj: Adjacency, weight: array[int], source: str) -> dict[str, int]:
    """The weight of the lightest path from ``source`` to every node it reaches (``weight[edge]`` > 0)."""
    dist: dict[str, int] = {}
    best = {source: 0}
    heap = [(0, source)]
    pop, push = heapq.heappop, heapq.heappush
    while heap:
        here, node = pop(heap)
        if node in dist:
            continue
        dist[node] = here
        for nxt, n in adj[node].items():
            there = here + weight[n]
            if nxt not in dist:
                known = best.get(nxt)
                if known is None or there < known:
                    best[nxt] = there
                    push(heap, (there, nxt))
    return dist


def paths_for(network: Network) -> Paths:
    """The one ``Paths`` of this network (built on first use), shared by routing and coverage."""
    return network.index(Paths)
