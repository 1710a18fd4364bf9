"""The partner network's own vocabulary: the ministries.

The service codes are not here: what the network may offer is the services catalogue, ``rules/services.yaml``; nor
the provinces: they are the gazetteer's (``safetynet.places``).
"""

from __future__ import annotations

from typing import Final

from safetynet.contract.labels import labels

#: code -> (Thai, English): the ministry (or other line of authority) an organization answers to (``ministries.toml``).
MINISTRIES: Final = labels("safetynet.network", "ministries.toml")
