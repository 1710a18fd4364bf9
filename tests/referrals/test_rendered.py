"""A referral's JSON is kept per stored row and caller, and made again for another partner network, and only so
many are kept (``referrals.rendered``)."""

from __future__ import annotations

import json
from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import UTC, timedelta

from safetynet.contract.vocabulary import Text
from safetynet.referrals.records import ReferralRecord
from safetynet.referrals.rendered import RenderedViews
from tests.referrals.samples import CATALOGUE, NOW, Catalogue, Entry
from tests.referrals.test_view import ADMIN, Directory, sent_record


@dataclass
class Row:
    """A listed referral whose conversions into a record are counted."""

    key: Hashable | None
    made: ReferralRecord = field(default_factory=sent_record)
    converted: int = 0

    def record(self) -> ReferralRecord:
        self.converted += 1
        return self.made


def _page(
    views: RenderedViews, rows: list[Row], directory: Directory, catalogue: Catalogue = CATALOGUE
) -> list[dict[str, object]]:
    answer = views.page_json(rows, None, actor=ADMIN, directory=directory, catalogue=catalogue, now=NOW, zone=UTC)
    items: list[dict[str, object]] = json.loads(answer)["items"]
    return items


def test_a_row_seen_before_is_not_converted_again_nor_is_a_row_that_cannot_be_kept() -> None:
    views, network = RenderedViews(), Directory()
    kept, unkept = Row(("row", 1)), Row(None)
    for _ in range(3):
        shown = [item["referral_id"] for item in _page(views, [kept, unkept], network)]
        assert shown == [kept.made.referral_id, unkept.made.referral_id]
    assert (kept.converted, unkept.converted) == (1, 3)


def test_the_moment_a_referral_becomes_overdue_it_is_shown_so() -> None:
    views, network, row = RenderedViews(), Directory(), Row(("row", 1))
    late = row.made.refer_by + timedelta(seconds=1)
    assert _page(views, [row], network)[0]["overdue"] is False
    answer = views.page_json([row], None, actor=ADMIN, directory=network, catalogue=CATALOGUE, now=late, zone=UTC)
    assert json.loads(answer)["items"][0]["overdue"] is True


def test_another_partner_network_renders_again() -> None:
    views, row = RenderedViews(), Row(("row", 1))
    _page(views, [row], Directory())
    _page(views, [row], Directory())  # a reload: another network object
    assert row.converted == 2


def test_another_rule_book_renders_again_with_its_labels() -> None:
    views, network, row = RenderedViews(), Directory(), Row(("row", 1))
    assert _page(views, [row], network)[0]["need_label"] == {"th": "ซ่อมแซมที่อยู่อาศัย", "en": "Housing repair"}
    renamed = Entry(Text(th="ซ่อมบ้าน", en="Home repair"))
    reloaded = Catalogue(needs={"housing_repair": renamed}, services={})  # the same row, another rule book
    (shown,) = _page(views, [row], network, reloaded)
    assert shown["need_label"] == {"th": "ซ่อมบ้าน", "en": "Home repair"}
    assert shown["service_label"] == {"th": "housing_repair", "en": "housing_repair"}, "no longer in the catalogue"
    assert row.converted == 2


def test_only_so_many_renderings_are_kept() -> None:
    views, network = RenderedViews(most=2), Directory()
    rows = [Row(("row", n)) for n in range(3)]
    for _ in range(2):
        _page(views, rows, network)
    assert [row.converted for row in rows] == [2, 2, 2]  # each dropped before it came round again
    _page(views, rows[2:], network)
    assert rows[2].converted == 2  # the newest are kept
