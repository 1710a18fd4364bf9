"""Does a services catalogue still hold every service code the partner network uses?

The network is checked against the catalogue of ``rules/services.yaml`` when it is loaded, at start-up. A rules
reload that drops (or renames) a code the network still gives would be taken live, then every partner of that
service would stop being proposed, and the next start would refuse the network. So a rules folder is checked
against the network too (``rules check``, a reload, a dry run, a what-if of a rules draft): a code it drops that
the network uses is an error, at the catalogue's file, naming who uses it and the network's folder. The other way
round, ``rules check`` warns of a rule whose service no organization gives (``codes_in`` reads the files once for
both).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safetynet.datafiles.loadfile import load_yaml
from safetynet.datafiles.marks import YamlFileError
from safetynet.errors import Place, Problem
from safetynet.network.files import data_files
from safetynet.network.model import ALL, Mou, Organization

_NAMED = 4  # the users named in the message; the rest are counted


def codes_in_use(organizations: Iterable[Organization], mous: Iterable[Mou]) -> dict[str, list[str]]:
    """Each service code the network uses, with the ids that use it: organizations that give it, MOUs that list it."""
    users: dict[str, list[str]] = {}
    for org in organizations:
        for service in org.services:
            users.setdefault(service.code, []).append(org.id)
    for mou in mous:
        for code in mou.services:
            if code != ALL:
                users.setdefault(code, []).append(f"MOU {mou.id}")
    return users


def services_given(organizations: Iterable[Organization]) -> frozenset[str]:
    """The service codes some of ``organizations`` (a loaded network's) give: ``codes_in(...).given`` for a network as
    loaded (a dry-run reload warns of a rule whose service none of them gives)."""
    return frozenset(service.code for org in organizations for service in org.services)


def dropped_services(
    organizations: Iterable[Organization],
    mous: Iterable[Mou],
    services: Collection[str],
    where: Place,
    folder: Path,
) -> list[Problem]:
    """An error at ``where`` (the catalogue's file) for each code the network uses that ``services`` lacks. A
    loaded ``Network`` does not know its folder: its loader names it (``SAFETYNET_GRAPH_DIR`` when serving)."""
    used = codes_in_use(organizations, mous)
    return [_dropped(code, users, where, f"{folder}/") for code, users in sorted(used.items()) if code not in services]


def _dropped(code: str, users: list[str], where: Place, folder: str) -> Problem:
    named = ", ".join(users[:_NAMED]) + (f" and {len(users) - _NAMED} more" if len(users) > _NAMED else "")
    return Problem.at(
        where,
        f"service {code!r} is not in the services catalogue, but the partner network ({folder}) uses it ({named}): "
        f"with these rules the network would not load at the next start; keep {code!r} in services.yaml (a new "
        f"code may be added beside it) until {folder} no longer uses it",
    )


@dataclass(frozen=True)
class NetworkCodes:
    """The service codes the network files of a folder use, read once as plain data (``codes_in``): ``rules check``
    asks both which codes organizations give and which a catalogue drops."""

    folder: Path
    users: Mapping[str, list[str]]  # each code with the ids that use it: organizations that give it, MOUs
    given: frozenset[str]  # the codes some organization gives

    def dropped(self, services: Collection[str], where: Place) -> list[Problem]:
        """``dropped_services`` for these files, their folder named (``--graph drafts/net``, not graph/)."""
        folder, users = f"{self.folder}/", sorted(self.users.items())
        return [_dropped(code, named, where, folder) for code, named in users if code not in services]


def codes_in(graph_dir: Path) -> NetworkCodes:
    """The codes of the network files of ``graph_dir`` as they are (none when it is not there), read as plain data:
    no record is checked, no place looked up, so that ``rules check`` stays quick and a file ``graph check`` refuses
    says nothing here. A rule that sends a need to a code no organization gives finds no partner (a warning)."""
    users: dict[str, list[str]] = {}
    given: set[str] = set()
    for path in data_files(graph_dir):
        try:
            data = load_yaml(path).data
        except YamlFileError:
            continue
        for kind, prefix in (("organizations", ""), ("mous", "MOU ")):
            for record in _records(data, kind):
                codes = record.get("services")
                if kind == "organizations":
                    codes = [s.get("code") for s in codes if isinstance(s, dict)] if isinstance(codes, list) else []
                    given.update(c for c in codes if isinstance(c, str))
                elif not isinstance(codes, list):
                    codes = []  # 'all', or a mistake graph check names
                for code in codes:
                    if isinstance(code, str):
                        users.setdefault(code, []).append(f"{prefix}{record.get('id')}")
    return NetworkCodes(graph_dir, users, frozenset(given))


def _records(data: Any, kind: str) -> list[dict[str, Any]]:
    found = data.get(kind) if isinstance(data, dict) else None
    return [r for r in found if isinstance(r, dict)] if isinstance(found, list) else []
