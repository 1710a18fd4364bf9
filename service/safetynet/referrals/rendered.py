"""A page of referrals as JSON, each referral's view rendered once per stored row and caller.

An inbox is read again and again while most of its referrals stay as they are; their views (``view.referral_view``,
validated, then serialized) were most of the CPU of a list. A view depends only on the stored row, on who asks (its
role and organization: what it may do), on the partner network, the rule book in force (the labels of the need and
service), the time zone, and on whether the referral is overdue now: kept under the row as the driver returned it
(every column, so any change to the row is another key), the caller's role and organization, with one rendering
per answer to "overdue?", all dropped when the network, the rule book or the zone is another. What may be listed is
decided by the page's query every time; nothing here decides reach.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import Protocol

from pydantic_core import to_json

from safetynet.auth import Actor
from safetynet.referrals.catalogue import Catalogue
from safetynet.referrals.lifecycle import is_overdue
from safetynet.referrals.reach import Directory
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.view import referral_view

#: Renderings kept per server process (a few KiB each); past that the oldest are dropped.
MAX_KEPT = 2000


class Listed(Protocol):
    """A referral of a page: its row as stored (``key``, None when it cannot be kept) and its record, on demand."""

    @property
    def key(self) -> Hashable | None: ...

    def record(self) -> ReferralRecord: ...


@dataclass
class _Rendered:
    refer_by: datetime
    status: str
    by_overdue: dict[bool, bytes] = field(default_factory=dict)


class RenderedViews:
    """The renderings of one server process (used from its event loop)."""

    def __init__(self, most: int = MAX_KEPT) -> None:
        self._most = most
        self._kept: dict[Hashable, _Rendered] = {}
        self._made_for: tuple[Directory, Catalogue, tzinfo] | None = None

    def page_json(
        self,
        items: Sequence[Listed],
        next_cursor: str | None,
        *,
        actor: Actor,
        directory: Directory,
        catalogue: Catalogue,
        now: datetime,
        zone: tzinfo,
    ) -> bytes:
        """``ReferralPage(items=..., next_cursor=...)`` as its JSON, each item as ``actor`` sees it at ``now``, named
        by ``catalogue``."""
        made_for = self._made_for
        if made_for is None or made_for[0] is not directory or made_for[1] is not catalogue or made_for[2] != zone:
            # another network or rule book (a reload: the labels may have changed) or time zone: every rendering
            # may differ
            self._kept.clear()
            self._made_for = (directory, catalogue, zone)
        views = [self._view(item, actor, directory, catalogue, now, zone) for item in items]
        return b'{"items":[' + b",".join(views) + b'],"next_cursor":' + to_json(next_cursor) + b"}"

    def _view(  # noqa: PLR0917 - what a view depends on
        self, item: Listed, actor: Actor, directory: Directory, catalogue: Catalogue, now: datetime, zone: tzinfo
    ) -> bytes:
        key = None if item.key is None else (item.key, actor.role, actor.organization_id)
        kept = self._kept.get(key) if key is not None else None
        record = None
        if kept is None:
            record = item.record()
            kept = _Rendered(record.refer_by, record.status)
            if key is not None:
                if len(self._kept) >= self._most:
                    del self._kept[next(iter(self._kept))]  # the oldest
                self._kept[key] = kept
        overdue = is_overdue(kept.status, kept.refer_by, now)
        view = kept.by_overdue.get(overdue)
        if view is None:
            made = referral_view(record or item.record(), actor, directory, now, zone, catalogue=catalogue)
            view = kept.by_overdue[overdue] = made.__pydantic_serializer__.to_json(made)
        return view
