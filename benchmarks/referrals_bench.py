"""Referral lists and statistics at national scale on PostgreSQL: 1,000,000 plans and 3,000,000 referrals.

    .venv/bin/python benchmarks/referrals_bench.py [--scale 1.0] [--schema NAME] [--reseed]
    (SAFETYNET_TEST_POSTGRES_URL: the server; default postgresql+psycopg://postgres@127.0.0.1:5432/test)

Seeds a schema of its own (migrated by the store, indexes dropped during COPY and built again after) with
``--scale`` × 1,000,000 plans and 3 referrals each, over 77 provinces (the largest holds 10 % of them) with 3 CM
units, a core team and 40 partner agencies each; a third of the referrals go through the core team; statuses by
age (recent ones still waiting, some of them overdue). Then it times what users wait for, through the store as the
API calls it (audit rows included):

- an agency's inbox, first page of 50 (``GET /v1/referrals``), p50 / p99 over many agencies (target p99 < 20 ms);
- a core team's overdue list and a CM's list, first page;
- a province's statistics (``GET /v1/stats``), the largest province and a typical one (target < 1 s).

Without ``--schema`` the schema is a throw-away one, dropped at the end; with it, the seeded data is kept and
reused by the next run at the same scale (``--reseed`` to build it again). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from psycopg import sql  # noqa: E402
from sqlalchemy import make_url  # noqa: E402
from tests.store.databases import postgres_base_url, postgres_unreachable  # noqa: E402

from safetynet.auth import Actor  # noqa: E402
from safetynet.places import province_codes  # noqa: E402
from safetynet.referrals.reach import Scope  # noqa: E402
from safetynet.referrals.stats import stats  # noqa: E402
from safetynet.store import Store  # noqa: E402
from safetynet.store.database import make_engine  # noqa: E402
from safetynet.store.migrate import upgrade  # noqa: E402
from safetynet.store.referral_records import ReferralFilters  # noqa: E402
from safetynet.store.tables import metadata  # noqa: E402

NOW = datetime.now(UTC).replace(microsecond=0)
SPAN = timedelta(days=730)  # plans made over the last two years
AGENCIES = 40
CM_UNITS = 3
NEEDS = [
    ("housing_repair", "housing_repair", True),
    ("disability_allowance_registration", "disability_registration", False),
    ("return_to_school", "school_enrolment", False),
]
SEEDED = ("plans", "plan_organizations", "referrals", "referral_organizations")
PLAN_JSON_PAD = "x" * 700  # a stored plan is a few kB of JSON; this keeps the table's rows of a realistic width


def conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def provinces() -> list[str]:
    return sorted(province_codes())


def org(province: str, kind: str, n: int = 0) -> str:
    code = province.split("-")[1].lower()
    return {"cm": f"p{code}-cm-{n}", "core": f"p{code}-core", "ag": f"p{code}-ag-{n}"}[kind]


def province_of_plan(n: int, total: int, codes: list[str]) -> str:
    """Plan ``n`` of ``total``: the first province holds 10 % of them, the others share the rest."""
    if n % 10 == 0:
        return codes[0]
    return codes[1 + (n * 7919) % (len(codes) - 1)]


@contextmanager
def schema_url(name: str | None) -> Iterator[tuple[str, str, bool]]:
    """(SQLAlchemy URL whose connections work in the schema, the schema, whether it is kept)."""
    base = postgres_base_url()
    schema = name or f"sn_bench_{random.getrandbits(32):08x}"
    with psycopg.connect(conninfo(base), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(schema)))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(hide_password=False)
    try:
        yield url, schema, name is not None
    finally:
        if name is None:
            with psycopg.connect(conninfo(base), autocommit=True) as connection:
                connection.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))


def seeded_scale(url: str) -> float | None:
    with psycopg.connect(conninfo(url)) as connection:
        found = connection.execute("SELECT to_regclass('bench_scale')").fetchone()
        if found is None or found[0] is None:
            return None
        row = connection.execute("SELECT scale FROM bench_scale").fetchone()
        return float(row[0]) if row else None


def seed(url: str, scale: float) -> None:
    plans_total = max(100, int(1_000_000 * scale))
    engine = make_engine(url)
    upgrade(engine)
    indexes = [index for table in SEEDED for index in metadata.tables[table].indexes]
    with engine.begin() as connection:
        for table in reversed(SEEDED):
            connection.exec_driver_sql(f"TRUNCATE {table} CASCADE")
        for index in indexes:
            connection.exec_driver_sql(f"DROP INDEX IF EXISTS {index.name}")
        connection.exec_driver_sql("DELETE FROM tokens WHERE id = 'tok_bench'")
        connection.exec_driver_sql(
            "INSERT INTO tokens (id, token_hash, role, created_at) "
            "VALUES ('tok_bench', repeat('b', 64), 'admin', now())"
        )
    with psycopg.connect(conninfo(url)) as connection:
        started = time.perf_counter()
        copy_plans(connection, plans_total)
        print(f"  plans: {plans_total:,} in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        total = copy_referrals(connection, plans_total)
        print(f"  referrals: {total:,} in {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        connection.execute("INSERT INTO plan_organizations SELECT plan_id, requested_by FROM plans")
        connection.execute(
            "INSERT INTO referral_organizations (referral_id, organization_id, refer_by, status) "
            "SELECT DISTINCT r.referral_id, p.org, r.refer_by, r.status FROM referrals r, "
            "jsonb_array_elements_text(r.path) WITH ORDINALITY AS p(org, i) WHERE p.i <= r.position + 1"
        )
        connection.commit()
        print(f"  organizations of plans and referrals in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    with engine.begin() as connection:
        for index in indexes:
            index.create(connection)
        connection.exec_driver_sql("DROP TABLE IF EXISTS bench_scale")
        connection.exec_driver_sql("CREATE TABLE bench_scale (scale float NOT NULL)")
        connection.exec_driver_sql(f"INSERT INTO bench_scale VALUES ({scale})")
    print(f"  indexes built in {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    with psycopg.connect(conninfo(url), autocommit=True) as connection:
        for table in SEEDED:
            connection.execute(f"VACUUM ANALYZE {table}")
    print(f"  vacuum analyze in {time.perf_counter() - started:.0f} s", flush=True)
    engine.dispose()


PLAN_COLUMNS = (
    "plan_id, case_ref, province, requested_by, created_at, created_by, rules_version, graph_version, case_json, "
    "plan_json"
)
REFERRAL_COLUMNS = (
    "referral_id, plan_id, case_ref, need, service, urgent, province, refer_by, created_at, sent_by, "
    "from_organization, to_organization, holder, position, path, mous, status, version, acknowledged_at, accepted_at, "
    "closed_at, outcome, reason, escalate_to, child, candidates, tried, history"
)


def plan_created(n: int, total: int) -> datetime:
    return NOW - SPAN + SPAN * (n / total)


def copy_plans(connection: psycopg.Connection[tuple[object, ...]], total: int) -> None:
    codes = provinces()
    with connection.cursor() as cursor, cursor.copy(f"COPY plans ({PLAN_COLUMNS}) FROM STDIN") as copy:
        for n in range(total):
            province = province_of_plan(n, total, codes)
            plan_id = f"pln_{n:020x}"
            case = {"case_ref": f"C{n}", "child": {"age": 6 + n % 12, "location": {"province": province}}}
            items = [{"need": need} for need, _, _ in NEEDS]
            plan = {"plan_id": plan_id, "case_ref": f"C{n}", "items": items, "unmet": [], "pad": PLAN_JSON_PAD}
            cm = org(province, "cm", n % CM_UNITS)
            row = (plan_id, f"C{n}", province, cm, plan_created(n, total), "tok_bench", "r", "g")
            copy.write_row((*row, json.dumps(case), json.dumps(plan)))


def copy_referrals(connection: psycopg.Connection[tuple[object, ...]], total: int) -> int:
    codes = provinces()
    rng = random.Random(1)
    written = 0
    with connection.cursor() as cursor, cursor.copy(f"COPY referrals ({REFERRAL_COLUMNS}) FROM STDIN") as copy:
        for n in range(total):
            province = province_of_plan(n, total, codes)
            cm, core = org(province, "cm", n % CM_UNITS), org(province, "core")
            for k, (need, service, urgent) in enumerate(NEEDS):
                agency = org(province, "ag", rng.randrange(AGENCIES))
                path = [cm, core, agency] if rng.random() < 0.33 else [cm, agency]
                created = plan_created(n, total) + timedelta(minutes=5 * (k + 1))
                refer_by = created + (timedelta(hours=24) if urgent else timedelta(days=7))
                status, position, holder, acknowledged, accepted, closed, outcome, reason = referral_row(
                    rng, created, path
                )
                history = [{"action": "send", "status": "sent", "at": created.isoformat(), "by_organization": cm,
                            "holder": path[1], "reason": None, "note": None}]  # fmt: skip
                where = {"province": province, "district": None, "subdistrict": None}
                child = {"age": 6 + n % 12, "sex": "female", "location": where, "explanation": [f"{need}: why"]}
                copy.write_row((
                    f"ref_{n:018x}{k:02x}", f"pln_{n:020x}", f"C{n}", need, service, urgent, province, refer_by,
                    created, cm, cm, agency, holder, position, json.dumps(path),
                    json.dumps([{"id": f"mou-{h}", "illustrative": True} for h in range(len(path) - 1)]), status,
                    1 + len(history),
                    acknowledged, accepted, closed, outcome, reason, core, json.dumps(child), json.dumps([agency]),
                    json.dumps([agency]), json.dumps(history),
                ))  # fmt: skip
                written += 1
    return written


def referral_row(
    rng: random.Random, created: datetime, path: list[str]
) -> tuple[str, int, str | None, datetime | None, datetime | None, datetime | None, str | None, str | None]:
    """status, position, holder, acknowledged_at, accepted_at, closed_at, outcome, reason: by the referral's age."""
    last = len(path) - 1
    acknowledged = created + timedelta(hours=rng.expovariate(1 / 6))
    age = NOW - created
    roll = rng.random()
    if age < timedelta(days=30):
        if roll < 0.2 or acknowledged > NOW:  # still waiting: a third of those at the core team
            position = 1 if last == 2 and rng.random() < 0.3 else last
            return "sent", position, path[position], None, None, None, None, None
        if roll < 0.4:
            return "acknowledged", last, path[-1], acknowledged, None, None, None, None
        if roll < 0.75:
            return "accepted", last, path[-1], acknowledged, acknowledged + timedelta(hours=2), None, None, None
    if roll < 0.85:
        accepted = acknowledged + timedelta(hours=2)
        outcome = "helped" if rng.random() < 0.85 else "not_helped"
        closed = accepted + timedelta(days=rng.randrange(1, 60))
        return (
            "done",
            last,
            None,
            acknowledged,
            accepted,
            closed,
            outcome,
            "moved away" if outcome == "not_helped" else None,
        )
    if roll < 0.97:
        reason = rng.choice(["no_capacity", "no_capacity", "not_eligible", "out_of_area", "unable_to_contact", "other"])
        return "declined", last, None, acknowledged, None, acknowledged + timedelta(hours=1), None, reason
    return "cancelled", last, None, None, None, created + timedelta(days=1), None, None


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (
        f"p50 {statistics.median(ordered) * 1000:6.2f} ms  p99 {p99 * 1000:6.2f} ms  max {ordered[-1] * 1000:6.2f} ms"
    )


def measure(url: str, rounds: int) -> None:
    codes = provinces()
    rng = random.Random(2)
    with Store.open(url) as store:
        actor = Actor(token_id="tok_bench", role="admin", organization_id=None)
        page = store.referrals.page

        def timed(scope: Scope, filters: ReferralFilters) -> float:
            started = time.perf_counter()
            page(scope, filters, NOW, after=None, limit=50, actor=actor)
            return time.perf_counter() - started

        for _ in range(20):  # warm the pool and the caches a little
            timed(Scope("party", org(rng.choice(codes), "ag", rng.randrange(AGENCIES))), ReferralFilters())
        inbox = [timed(Scope("party", org(rng.choice(codes), "ag", rng.randrange(AGENCIES))), ReferralFilters())
                 for _ in range(rounds)]  # fmt: skip
        big = [timed(Scope("party", org(codes[0], "ag", rng.randrange(AGENCIES))), ReferralFilters())
               for _ in range(rounds // 4)]  # fmt: skip
        waiting = [timed(Scope("party", org(rng.choice(codes), "ag", rng.randrange(AGENCIES))),
                         ReferralFilters(status="sent")) for _ in range(rounds // 4)]  # fmt: skip
        overdue = [timed(Scope("province", rng.choice(codes)), ReferralFilters(overdue=True))
                   for _ in range(rounds // 4)]  # fmt: skip
        cm_list = [timed(Scope("party", org(rng.choice(codes), "cm", rng.randrange(CM_UNITS))), ReferralFilters())
                   for _ in range(rounds // 4)]  # fmt: skip
        print(f"agency inbox, first page of 50, x{len(inbox)}:           {_ms(inbox)}  (target p99 < 20 ms)")
        print(f"  the largest province's agencies, x{len(big)}:             {_ms(big)}")
        print(f"  waiting only (status=sent), x{len(waiting)}:                {_ms(waiting)}")
        print(f"core team's overdue list, first page, x{len(overdue)}:       {_ms(overdue)}")
        print(f"CM's list (what it sent), first page, x{len(cm_list)}:       {_ms(cm_list)}")
        for label, province in (("largest", codes[0]), ("typical", codes[len(codes) // 2])):
            times, figures = [], None
            for _ in range(3):
                started = time.perf_counter()
                rows = store.referrals.stats(province=province, since=None, until=None, now=NOW)
                figures = stats(rows, province=province, since=None, until=None, at=NOW)
                times.append(time.perf_counter() - started)
            assert figures is not None
            counted = f"{figures.referrals.sent:,} referrals, {figures.plans:,} plans"
            print(
                f"stats of the {label} province {province} ({counted}): "
                f"best {min(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms  (target < 1 s)"
            )
            year = [0.0, 0.0]
            started = time.perf_counter()
            rows = store.referrals.stats(province=province, since=NOW - timedelta(days=365), until=None, now=NOW)
            stats(rows, province=province, since=None, until=None, at=NOW)
            year[0] = time.perf_counter() - started
            print(f"  the last year only: {year[0] * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1.0: 1,000,000 plans and 3,000,000 referrals")
    parser.add_argument("--schema", default=None, help="keep the seeded data in this schema and reuse it")
    parser.add_argument("--reseed", action="store_true", help="seed the schema again even if it holds this scale")
    parser.add_argument("--rounds", type=int, default=400, help="inbox reads to time")
    args = parser.parse_args()
    reason = postgres_unreachable()
    if reason is not None:
        sys.exit(f"referrals_bench needs PostgreSQL: {reason}")
    with schema_url(args.schema) as (url, schema, kept):
        print(f"PostgreSQL schema {schema} ({'kept' if kept else 'dropped at the end'}), scale {args.scale:g}")
        if args.reseed or seeded_scale(url) != args.scale:
            seed(url, args.scale)
        else:
            print("  (seeded before at this scale: reused)")
        measure(url, args.rounds)


if __name__ == "__main__":
    main()
