"""Scenarios from the seeds that should pass but cannot yet, because the shipped rules or network lack
something. A scenario tagged ``@data_gap_<name>`` is expected to fail (strict xfail) with the reason
below; once the data is fixed it passes, pytest reports XPASS(strict) as a failure, and the tag must go.
"""

from __future__ import annotations

DATA_GAPS: dict[str, str] = {
    "data_gap_nma_child_development_centres": (
        "rules/early_childhood.yaml early_childhood.never_enrolled asks for {kind: child_development_centre, "
        "level: subdistrict}, but graph/organizations/nakhon-ratchasima.yaml nma-child-development-centres serves a "
        "whole district (service_area: district): raise the provider level to district in the rule, or file the "
        "centres per subdistrict in the network."
    ),
    "data_gap_nma_pao_housing": (
        "docs/network.md says an urgent housing repair outside Nai Mueang in Nakhon Ratchasima reaches nma-pao "
        "through the core team and is reported as over 24 h, but rules/housing.yaml housing.dilapidated_home lists "
        "providers local_government (subdistrict) and social_development_office (province) only, so the plan says "
        "no_partner: add {kind: provincial_administration, level: province} to the rule's providers, or correct "
        "docs/network.md."
    ),
    "data_gap_khon_kaen_boys_town": (
        "rules/protection.yaml protection.no_guardian lists providers child_shelter and social_development_office "
        "only, so graph/organizations/khon-kaen.yaml kkn-boys-town-foundation (kind foundation, child_protection "
        "ages 6-18) is never suggested: add {kind: foundation, level: province} to the rule's providers."
    ),
}


def reason(tag: str) -> str:
    return DATA_GAPS.get(tag, f"unknown data gap tag @{tag}: add it to tests/bdd/data_gaps.py with its reason")
