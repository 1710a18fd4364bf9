"""Everything a running safetynet needs, built from settings in one place.

``build_runtime`` loads the rules and the partner network, builds the rule engine, the router and the
planner, and (unless asked not to) opens the store. The API (``api.app.create_app``) and the CLI both use it,
so a plan is made the same way everywhere. ``build_network`` loads the partner network alone, for the commands
that need no rule engine. Both give the network the services catalogue of ``rules/`` and the time zone of the
settings, and both build inside the garbage-collector policy (``gcpolicy.built_for_good``). Nothing here runs
at import time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from safetynet.errors import DataFilesInvalid, Place, Problem, RuleFilesInvalid
from safetynet.network import Network, Router, check_network, dropped_services, load_network
from safetynet.network.paths import paths_for
from safetynet.planning.planner import Planner
from safetynet.rules import RuleBook, RuleEngine, Service, load_rulebook, load_services
from safetynet.runtime.gcpolicy import built_for_good
from safetynet.runtime.reloadstamp import ReloadStamp
from safetynet.runtime.sharedreload import SharedReloads
from safetynet.settings import Settings
from safetynet.store import Store, StoreUnavailable

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Runtime:
    settings: Settings
    engine: RuleEngine
    network: Network
    router: Router
    planner: Planner
    store: Store | None
    stamp: ReloadStamp | None = None
    reload_lock: threading.Lock = field(default_factory=threading.Lock)
    #: seconds each part took to build: rules, network, router, engine, store (logged at start-up)
    build_seconds: dict[str, float] = field(default_factory=dict)
    shared: SharedReloads | None = None  # reloads recorded in a PostgreSQL database shared by several machines
    clock: Callable[[], datetime] = utc_now  # the time referrals are sent and acted on (tests set it)

    def require_store(self) -> Store:
        if self.store is None:
            raise RuntimeError("this runtime was built without a store")
        return self.store

    def reload_rules(self) -> RuleBook:
        """Load ``rules/`` again and swap it in; raises RuleFilesInvalid and keeps the old rules on error.

        The other server processes that share ``var/``, or the PostgreSQL database, follow (see
        ``follow_reloads``)."""
        with self.reload_lock:
            book = load_rulebook(self.settings.rules_dir)
            check_catalogue(book, self.network, self.settings.graph_dir)
            self.engine.reload(book)
            if self.stamp is not None:
                self.stamp.publish(book.version)
        if self.shared is not None:
            self.shared.publish(book.version)  # returns once every process sharing the database will follow
        return book

    def reload_due(self) -> bool:
        """Has another server process reloaded the rules since this one last looked? (one ``stat``, and a clock
        comparison when the database is shared)"""
        return (self.stamp is not None and self.stamp.changed()) or (self.shared is not None and self.shared.due())

    def follow_reloads(self) -> None:
        """Load ``rules/`` again when another server process sharing ``var/`` or the PostgreSQL database has reloaded
        them, so that every worker serves the same rules. When the files no longer load here, the rules in use are
        kept."""
        with self.reload_lock:
            seen = []
            if self.stamp is not None and self.stamp.changed():
                seen.append(self.stamp.take())
            if self.shared is not None and self.shared.due():
                try:
                    seen.append(self.shared.take())
                except StoreUnavailable:
                    log.warning("cannot look for rules reloads: the database is unavailable")
            version = next((v for v in seen if v is not None and v != self.engine.version), None)
            if version is None:
                return
            try:
                self.engine.reload(load_rulebook(self.settings.rules_dir))
            except DataFilesInvalid as exc:
                log.warning(
                    "rules %s were reloaded by another server process but do not load here (%d problems): "
                    "still serving %s",
                    version,
                    len(exc.problems),
                    self.engine.version,
                )

    @property
    def zone(self) -> ZoneInfo:
        """Where the service's times are shown (Thailand)."""
        return ZoneInfo(self.settings.timezone)

    def province_of(self, organization_id: str) -> str | None:
        org = self.network.organization(organization_id)
        return None if org is None else org.province

    def close(self) -> None:
        self.engine.close()
        if self.store is not None:
            self.store.close()


class _Clock:
    """How long each part of a build takes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, part: str) -> None:
        now = time.perf_counter()
        self.seconds[part], self._last = now - self._last, now


def build_runtime(settings: Settings, *, with_store: bool = True) -> Runtime:
    # Looked at before the rules are read: a reload published while they load is then followed, not missed.
    stamp = ReloadStamp(settings.var_dir / "rules-reloaded") if with_store else None
    zone = ZoneInfo(settings.timezone)
    clock = _Clock()
    with built_for_good():
        book = load_rulebook(settings.rules_dir)
        clock.lap("rules")
        network = load_network(settings.graph_dir, book.services, timezone=zone)
        clock.lap("network")
        router = Router(network)
        clock.lap("router")
        engine = RuleEngine(book)
        clock.lap("engine")
        try:
            store = Store.open(settings.resolved_database_url()) if with_store else None
        except BaseException:
            engine.close()
            raise
        clock.lap("store")
        planner = Planner(engine=engine, network=network, router=router, timezone=zone)
    log.info("runtime built: %s", ", ".join(f"{part} {seconds:.2f} s" for part, seconds in clock.seconds.items()))
    shared = SharedReloads(store.reloads) if store is not None and store.dialect == "postgresql" else None
    return Runtime(  # the parts in the order Runtime declares them: each of its own type, mypy checks the order
        settings, engine, network, router, planner, store, stamp=stamp, build_seconds=clock.seconds, shared=shared
    )


def check_catalogue(book: RuleBook, network: Network, folder: Path) -> None:
    """``RuleFilesInvalid`` when ``book``'s services catalogue drops a code ``network`` uses: taken live, its
    partners would no longer be proposed, and the next start would refuse the network (read from ``folder``)."""
    where = services_file(book.services)
    problems = dropped_services(network.organizations.values(), network.mous, book.services, where, folder)
    if problems:
        raise RuleFilesInvalid(problems)


def services_file(services: Mapping[str, Service]) -> Place:
    """The services catalogue's file (``rules/services.yaml``): where a problem of the catalogue as a whole is told."""
    return Place(next(iter(services.values())).source.path)


def check_network_files(settings: Settings, directory: Path) -> list[Problem]:
    """``safetynet graph check``: every problem of the network files in ``directory``, read as ``build_network``
    reads them (against the services catalogue of ``settings.rules_dir``, in the settings' time zone)."""
    with built_for_good():
        return check_network(directory, load_services(settings.rules_dir), timezone=ZoneInfo(settings.timezone))


def build_network(settings: Settings, *, with_paths: bool = False) -> Network:
    """The partner network alone, checked against the services catalogue of ``rules/`` (``rules.load_services``),
    for commands that need no rule engine; ``with_paths``: its index of referral paths too (coverage)."""
    with built_for_good():
        services = load_services(settings.rules_dir)
        network = load_network(settings.graph_dir, services, timezone=ZoneInfo(settings.timezone))
        if with_paths:
            paths_for(network)
    return network
