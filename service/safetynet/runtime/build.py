"""Everything a running safetynet needs, built from settings in one place.

``build_runtime`` loads the rules and the partner network, builds the rule engine, the router and the
planner, and (unless asked not to) opens the store. The API (``app.create_app``) and the CLI both use it,
so a plan is made the same way everywhere. Nothing here runs at import time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from safetynet.errors import DataFilesInvalid
from safetynet.network import Network, Router, load_network
from safetynet.planning.planner import Planner
from safetynet.rules import RuleBook, RuleEngine, load_rulebook
from safetynet.runtime.gcpolicy import freeze_built, no_gc_pauses
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
        """Load ``rules/`` again when another server process sharing ``var/`` has reloaded them, so that every
        worker serves the same rules. When the files no longer load here, the rules in use are kept."""
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


def build_runtime(settings: Settings, *, with_store: bool = True) -> Runtime:
    # Looked at before the rules are read: a reload published while they load is then followed, not missed.
    stamp = ReloadStamp(settings.var_dir / "rules-reloaded") if with_store else None
    # What is built here lives as long as the process: it is built with the cyclic collector paused, then moved
    # out of its way before it looks. A national network is ~10 million objects: each full collection walked
    # them all (measured: 0.8-2.4 s pauses in routing), and the first collection after loading walked them
    # once more (~1.5 s of start-up). Reference counting still frees them when a reload drops them.
    with no_gc_pauses():
        book = load_rulebook(settings.rules_dir)
        network = load_network(settings.graph_dir, services=list(book.services))
        router = Router(network)
        engine = RuleEngine(book)
        try:
            store = Store.open(settings.resolved_database_url()) if with_store else None
        except BaseException:
            engine.close()
            raise
        planner = Planner(engine=engine, network=network, router=router, timezone=ZoneInfo(settings.timezone))
        freeze_built()
    shared = SharedReloads(store.reloads) if store is not None and store.dialect == "postgresql" else None
    return Runtime(
        settings=settings,
        engine=engine,
        network=network,
        router=router,
        planner=planner,
        store=store,
        stamp=stamp,
        shared=shared,
    )
