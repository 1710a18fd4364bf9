"""The partner network: organizations, the services they give, and the MOUs that bind them.

``load_network``/``check_network`` read ``graph/`` (``files``, ``model``, ``consistency``) against the services
catalogue they are given, each organization's place resolved through the gazetteer (``areas``); ``Network``
(``directory``) is the loaded network and its look-ups; who may take a child is decided in one place (``reach``),
for ``Router`` (referral paths; ``nearmiss`` says why nobody could) and ``coverage`` (the holes of a province);
``write_graphml`` exports it all; ``catalogue`` says which codes a services catalogue would drop from under
the network. networkx is used only in ``graph.py``.

May import: ``errors``, ``contract``, ``datafiles``, ``places``; never rules, planning, store, runtime, api or cli.
"""

from safetynet.network.catalogue import NetworkCodes, codes_in, dropped_services, services_given
from safetynet.network.codes import MINISTRIES
from safetynet.network.coverage import Coverage, coverage
from safetynet.network.directory import Network
from safetynet.network.graph import write_graphml
from safetynet.network.loader import check_network, load_network
from safetynet.network.model import Eligibility, Mou, OfferedService, Organization
from safetynet.network.routing import PartnerRoute, Router, RouteRequest, RouteResult

__all__ = [
    "MINISTRIES",
    "Coverage",
    "Eligibility",
    "Mou",
    "Network",
    "NetworkCodes",
    "OfferedService",
    "Organization",
    "PartnerRoute",
    "RouteRequest",
    "RouteResult",
    "Router",
    "check_network",
    "codes_in",
    "coverage",
    "dropped_services",
    "load_network",
    "services_given",
    "write_graphml",
]
