"""The partner network as GraphML (the one module that touches networkx): one node per organization, one edge per
MOU and pair of its parties, with their attributes, for tools such as Gephi or yEd."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import networkx as nx

from safetynet.network.directory import Network


def write_graphml(network: Network, target: Path | BinaryIO) -> None:
    """The whole network as GraphML: one node per organization, one edge per MOU and pair of its parties."""
    graph = nx.MultiGraph(version=network.version)
    for org in sorted(network.organizations.values(), key=lambda o: o.id):
        area = network.area(org.id)
        graph.add_node(
            org.id,
            name_th=org.name.th,
            name_en=org.name.en,
            kind=org.kind,
            ministry=org.ministry,
            province=org.province,
            district=org.district or "",
            subdistrict=org.subdistrict or "",
            district_code=area.district or "",  # DOPA, as the gazetteer resolved the name
            subdistrict_code=area.subdistrict or "",
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
