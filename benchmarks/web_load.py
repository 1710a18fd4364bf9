"""Load test of the web pages: N concurrent clients for S seconds reading the plan page (a CM's session) and the
inbox page (a partner agency's session) of a real server on loopback; and the bytes of script each page loads.

The server runs in its own process on a fresh SQLite database; each client signs in through the sign-in form (the
session cookie, as a browser keeps it) and reads its page over one keep-alive connection. Prints p50/p99 per page
(target p99 < 100 ms at 16 clients) and, per page, the scripts it loads and their bytes (target < 50 KB).

    .venv/bin/python benchmarks/web_load.py [--clients 16] [--seconds 20] [--plans 20]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).parent))
from http_load import cpu_seconds, exchange, free_port, serving, shipped_env, token

CM, AGENCY = ("cm", "plk-cm-unit"), ("agency", "plk-city-municipality")
CASE = {
    "child": {
        "age": 12,
        "education_status": "at_risk",
        "location": {"province": "TH-65", "district": "Mueang Phitsanulok", "subdistrict": "Nai Mueang"},
    },
    "household": {"housing_condition": "dilapidated"},
    "needs": [{"code": "housing_repair", "urgent": True}, {"code": "scholarship"}],
}


def api(base: str, path: str, bearer: str, body: dict[str, object] | None = None) -> dict[str, object]:
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {bearer}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        answer: dict[str, object] = json.loads(response.read())
        return answer


def sign_in(base: str, raw: str) -> str:
    """Sign in through the form as a browser does; the ``Cookie`` header of the session."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{base}/signin", timeout=10) as response:
        csrf = re.search(r'name="csrf" value="([^"]+)"', response.read().decode())
    assert csrf is not None
    form = urlencode({"csrf": csrf.group(1), "token": raw, "next": "/"}).encode()
    with opener.open(urllib.request.Request(f"{base}/signin", data=form), timeout=10):
        pass
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def referral_page(base: str, cookie: str) -> str:
    """The path of the first referral of the inbox."""
    request = urllib.request.Request(f"{base}/inbox", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        found = re.search(r'href="(/referrals/ref_\w+)"', response.read().decode())
    assert found is not None
    return found.group(1)


def scripts_of(base: str, path: str, cookie: str) -> list[tuple[str, int]]:
    """(script, bytes) for every ``<script src>`` the page at ``path`` loads."""
    def get(url: str) -> bytes:
        request = urllib.request.Request(base + url, headers={"Cookie": cookie})
        with urllib.request.urlopen(request, timeout=10) as response:
            return bytes(response.read())

    html = get(path).decode()
    return [(src, len(get(src))) for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)]


async def reader(
    port: int, path: str, credential: str, *, stop_at: float, latencies: list[float], errors: list[str]
) -> None:
    """Read ``path`` again and again; ``credential``: a page's ``Cookie`` header, or an API's ``Authorization``."""
    stream_reader, writer = await asyncio.open_connection("127.0.0.1", port)
    header = credential if credential.startswith("Authorization:") else f"Cookie: {credential}"
    request = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{header}\r\n\r\n".encode()
    try:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status = await exchange(stream_reader, writer, request)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(f"{path}: status {status}")
    except (OSError, asyncio.IncompleteReadError) as exc:
        errors.append(type(exc).__name__)
    finally:
        writer.close()


async def load(port: int, pages: dict[str, tuple[str, str]], clients: int, seconds: float) -> dict[str, list[float]]:
    """``clients`` readers, shared out between the pages; the latencies of each page."""
    latencies: dict[str, list[float]] = {name: [] for name in pages}
    errors: list[str] = []
    stop_at = time.monotonic() + seconds
    names = list(pages)
    await asyncio.gather(
        *(reader(port, *pages[names[i % len(names)]], stop_at=stop_at, latencies=latencies[names[i % len(names)]],
                 errors=errors) for i in range(clients))
    )  # fmt: skip
    if errors:
        print("errors", len(errors), errors[:5])
    else:
        print("errors 0")
    return latencies


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000 if ordered else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--plans", type=int, default=20, help="plans made (and referrals sent) before the load")
    parser.add_argument("--api", action="store_true", help="then the API's plan and referral list, in a run of its own")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        env = shipped_env(tmp) | {"SAFETYNET_RATE_LIMIT_BURST": "1000000", "SAFETYNET_RATE_LIMIT_PER_SECOND": "1000000"}
        cm, agency = token(env, *CM), token(env, *AGENCY)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with serving(env | {"SAFETYNET_ACCESS_LOG": "false"}, port) as server:
            for n in range(args.plans):  # each plan's housing repair sent to the municipality: the agency's inbox
                plan_id = str(api(base, "/v1/plans", cm, {**CASE, "case_ref": f"WEB-{n}"})["plan_id"])
                api(base, "/v1/referrals", cm, {"plan_id": plan_id, "need": "housing_repair"})
            cm_cookie, agency_cookie = sign_in(base, cm), sign_in(base, agency)
            pages = {"plan": (f"/plans/{plan_id}", cm_cookie), "inbox": ("/inbox", agency_cookie)}
            asyncio.run(load(port, pages, 2, 1))  # warm-up
            cpu_before = cpu_seconds(server.pid)
            latencies = asyncio.run(load(port, pages, args.clients, args.seconds))
            server_cpu = cpu_seconds(server.pid) - cpu_before
            pages_read = sum(len(values) for values in latencies.values())
            if args.api:  # the same reads through the API, for comparison (the same audit rows are written)
                api_pages = {"API plan": (f"/v1/plans/{plan_id}", f"Authorization: Bearer {cm}"),
                             "API referrals": ("/v1/referrals", f"Authorization: Bearer {agency}")}  # fmt: skip
                latencies |= asyncio.run(load(port, api_pages, args.clients, args.seconds))
            shown = {**pages, "case form": ("/cases/new", cm_cookie), "referral": (referral_page(base, agency_cookie),
                     agency_cookie), "sign-in": ("/signin", "")}  # fmt: skip
            scripts = {name: scripts_of(base, path, cookie) for name, (path, cookie) in shown.items()}
            alive = server.poll() is None

    print(f"clients {args.clients}, {args.seconds:g} s, {args.plans} plans; server alive after: {alive}")
    for name, values in latencies.items():
        rate = len(values) / args.seconds
        print(f"{name}: {len(values)} pages ({rate:,.0f}/s), p50 {statistics.median(values) * 1000:.1f} ms, "
              f"p99 {percentile(values, 0.99):.1f} ms (target p99 < 100 ms)")  # fmt: skip
    if pages_read:
        print(f"server CPU {server_cpu * 1000 / pages_read:.2f} ms per page of the web "
              f"({server_cpu / args.seconds:.2f} cores busy)")
    for name, found in scripts.items():
        listed = ", ".join(f"{src} {size:,} B" for src, size in found) or "none"
        print(f"script bytes of the {name} page: {sum(size for _, size in found):,} ({listed}; target < 50 KB)")


if __name__ == "__main__":
    main()
