"""A referral's deadline is for its acknowledgement (docs/api.md, ``refer_by``): its page and the lists count down to
it only while the referral is still sent; once acknowledged or closed they give the deadline's date and whether it
was met, in Thai and in English (Starlette's test client, SQLite)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from safetynet.runtime.build import Runtime
from tests.web.test_form_addresses import at_the_agency, sent_referral
from tests.web.test_pages import csrf_of, runtime, signed_in

__all__ = ["runtime"]  # the module's fixture, shared
COUNTDOWN = re.compile(r"อีก \d+ (ชม\.|นาที|วัน)|due in \d+|เลยกำหนด \d+|overdue by \d+")


def deadline_of(page: str) -> str:
    """The referral page's deadline, as shown (its <dd>, tags removed)."""
    found = re.search(r"<dt>(?:กำหนดส่งต่อ|Refer by)</dt><dd>(.*?)</dd>", page, re.S)
    assert found, page[:2000]
    return re.sub(r"<[^>]+>", "", found.group(1))


def act(client: TestClient, referral: str, action: str, **fields: str) -> str:
    page = client.get(referral).text
    done = client.post(f"{referral}/{action}", data={"csrf": csrf_of(page)} | fields, follow_redirects=False)
    assert done.status_code == 303, done.text
    after: str = client.get(referral).text
    return after


def test_a_sent_referral_counts_down_to_its_deadline(runtime: Runtime) -> None:
    agency, _, referral = at_the_agency(runtime, "PLK-DUE-1")
    assert COUNTDOWN.search(deadline_of(agency.get(referral).text))


def test_an_acknowledged_referral_says_its_deadline_was_met_instead_of_counting_down(runtime: Runtime) -> None:
    agency, _, referral = at_the_agency(runtime, "PLK-DUE-2")
    thai = deadline_of(act(agency, referral, "acknowledge"))
    assert not COUNTDOWN.search(thai), thai
    assert "รับทราบทันกำหนด" in thai
    assert "รับทราบเมื่อ" in thai
    assert re.search(r"\d+ \S+ 25\d\d \d\d:\d\d", thai)  # the date, in the Buddhist era
    english = deadline_of(agency.get(f"{referral}?lang=en").text)
    assert not COUNTDOWN.search(english), english
    assert "deadline met" in english
    agency.get(f"{referral}?lang=th")  # back to Thai (the switch is kept in a cookie)
    declined = deadline_of(act(agency, referral, "decline", reason="no_capacity"))
    assert not COUNTDOWN.search(declined)
    assert "รับทราบทันกำหนด" in declined


def test_a_referral_cancelled_before_anyone_acknowledged_it_says_so_in_the_senders_list(runtime: Runtime) -> None:
    cm, _ = signed_in(runtime)
    _, referral = sent_referral(cm, "PLK-DUE-3")
    cancelled = deadline_of(act(cm, referral, "cancel", confirm="yes"))
    assert not COUNTDOWN.search(cancelled), cancelled
    assert "ปิดก่อนถึงกำหนด" in cancelled
    rows = cm.get("/referrals").text.split("<tr")
    row = next((re.search(r"<td>(.*?)</td>", r, re.S) for r in rows if f'<a href="{referral}"' in r), None)
    assert row, "the cancelled referral is in the sender's list"
    assert not COUNTDOWN.search(row.group(1)), row.group(1)
    assert "ปิดก่อนถึงกำหนด ไม่มีการรับทราบ" in row.group(1)
    english = cm.get("/referrals?lang=en").text
    assert "closed before the deadline, never acknowledged" in english


def test_the_plan_page_says_whether_an_items_referral_met_its_deadline(runtime: Runtime) -> None:
    cm, _ = signed_in(runtime)
    plan, referral = sent_referral(cm, "PLK-DUE-4")
    agency, _ = signed_in(runtime, "agency", "plk-city-municipality")
    act(agency, referral, "acknowledge")
    page = cm.get(plan).text
    row = re.search(r'<li><a href="' + referral + r'">.*?</li>', page, re.S)
    assert row, page[:2000]
    assert "รับทราบทันกำหนด" in row.group(0)
    assert not COUNTDOWN.search(row.group(0))
