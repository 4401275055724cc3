"""A burst of concurrent CalendarWeek requests: is every one answered, and how fast?

`python -m bench.concurrent_week` starts `slotgraph serve` on the demo data (port 8766, loopback
only), sends 200 CalendarWeek requests for the busiest week at once and reports how many were
answered with the full week, how many failed and why, and the p50/p95/max latency. Results also
go to bench/results/concurrent_week.json.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections import Counter
from typing import Any

import httpx
import orjson
from strawberry.relay import GlobalID

from db.demo import BUSIEST_WEEK_START, DEMO_ORG_ID, MAIN_LOCATION_ID
from resolvers.viewer import Role
from server.settings import PROJECT_ROOT, load_settings
from server.tokens import mint_token

OPERATION = PROJECT_ROOT / "graphql" / "operations" / "CalendarWeek.graphql"
RESULTS = PROJECT_ROOT / "bench" / "results"
SERVER_LOG = RESULTS / "concurrent_week.server.log"
# Extra command-line arguments (e.g. --workers 2) reach `serve` through sys.argv.
SERVE = (
    "import sys; from server.cli import main; "
    "main(['serve', '--log-level', 'warning', *sys.argv[1:]])"
)
STARTUP_TIMEOUT = 120.0  # the first start initialises PostgreSQL and seeds the demo practice
REQUEST_TIMEOUT = 300.0  # a client that waits this long has seen the server fail anyway
MIN_APPOINTMENTS = 500  # the busiest demo week has ~700: fewer means the answer is wrong


class BenchError(RuntimeError):
    """The benchmark cannot produce meaningful numbers."""


def start_server(port: int, serve_args: list[str]) -> subprocess.Popen[bytes]:
    """`slotgraph serve` on 127.0.0.1:port with its output in SERVER_LOG."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise BenchError(f"127.0.0.1:{port} is already in use; pass --port")
    env = dict(os.environ, SLOTGRAPH_HOST="127.0.0.1", SLOTGRAPH_PORT=str(port))
    RESULTS.mkdir(parents=True, exist_ok=True)
    with SERVER_LOG.open("wb") as log:
        # A session of its own: a Ctrl-C of the bench reaches the server only as our SIGTERM.
        return subprocess.Popen(
            [sys.executable, "-c", SERVE, *serve_args],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )


def stop_server(process: subprocess.Popen[bytes]) -> int | None:
    """SIGTERM (graceful: workers first, then the embedded PostgreSQL); kill if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return process.returncode


def wait_healthy(base_url: str, process: subprocess.Popen[bytes]) -> None:
    """Poll GET /healthz until it answers 200, the server dies, or the timeout passes."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise BenchError(f"server exited with {process.returncode}; see {SERVER_LOG}")
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
    raise BenchError(f"{base_url}/healthz not ready after {STARTUP_TIMEOUT:.0f} s")


def outcome(response: httpx.Response) -> str:
    """'ok' for the full week, else a short reason (HTTP status or GraphQL error code)."""
    if response.status_code != 200:
        return f"HTTP {response.status_code}"
    body = orjson.loads(response.content)
    if body.get("errors"):
        codes = {str(e.get("extensions", {}).get("code", e.get("message"))) for e in body["errors"]}
        return "GraphQL " + ",".join(sorted(codes))
    week = (body.get("data") or {}).get("calendarWeek") or {"days": []}
    appointments = sum(len(day["appointments"]) for day in week["days"])
    return "ok" if appointments >= MIN_APPOINTMENTS else f"only {appointments} appointments"


async def burst(base_url: str, requests: int, concurrency: int) -> dict[str, Any]:
    """Send `requests` CalendarWeek POSTs, at most `concurrency` at a time; tally the answers."""
    variables = {
        "locationId": str(GlobalID(type_name="Location", node_id=str(MAIN_LOCATION_ID))),
        "weekStart": BUSIEST_WEEK_START.isoformat(),
    }
    payload = orjson.dumps({"query": OPERATION.read_text(), "variables": variables})
    secret = load_settings().signing_secret()  # the key the server verifies with
    token = mint_token(secret=secret, organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="bench")
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    outcomes: Counter[str] = Counter()
    latencies: list[float] = []

    async def one(client: httpx.AsyncClient) -> None:
        started = time.perf_counter()
        try:
            response = await client.post("/graphql", content=payload)
        except httpx.HTTPError as exc:
            outcomes[type(exc).__name__] += 1
            return
        latencies.append(time.perf_counter() - started)
        outcomes[outcome(response)] += 1

    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=REQUEST_TIMEOUT
    ) as client:
        await one(client)  # warm-up: caches, and proof the demo week is there
        if outcomes["ok"] != 1:
            raise BenchError(f"the warm-up request failed: {dict(outcomes)}")
        outcomes.clear()
        latencies.clear()
        started = time.perf_counter()
        await asyncio.gather(*(one(client) for _ in range(requests)))
        elapsed = time.perf_counter() - started
    return summary(requests, concurrency, elapsed, outcomes, latencies)


def summary(
    requests: int, concurrency: int, elapsed: float, outcomes: Counter[str], latencies: list[float]
) -> dict[str, Any]:
    """Counts and latency percentiles (of every answered request, failed ones included)."""
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 else []
    return {
        "requests": requests,
        "concurrency": concurrency,
        "seconds": round(elapsed, 2),
        "succeeded": outcomes["ok"],
        "failed": requests - outcomes["ok"],
        "failures": {reason: n for reason, n in outcomes.items() if reason != "ok"},
        "p50_ms": round(cuts[49] * 1000) if cuts else None,
        "p95_ms": round(cuts[94] * 1000) if cuts else None,
        "max_ms": round(max(latencies) * 1000) if latencies else None,
        "cpus": os.cpu_count(),
    }


def main(argv: list[str] | None = None) -> None:
    """Start the server, fire the burst, stop the server, print and save the summary."""
    parser = argparse.ArgumentParser(prog="python -m bench.concurrent_week", description=__doc__)
    parser.add_argument("--port", type=int, default=8766, help="port of the server started here")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=200, help="requests in flight at most")
    parser.add_argument("--workers", type=int, help="`serve --workers` (default: the server's)")
    args = parser.parse_args(argv)
    if not 1 <= args.concurrency <= 500 or args.requests < 1:
        parser.error("--concurrency must be 1-500 and --requests at least 1")
    serve_args = ["--workers", str(args.workers)] if args.workers else []
    # SIGTERM becomes SystemExit so that the `finally` below still stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    base_url = f"http://127.0.0.1:{args.port}"
    process = start_server(args.port, serve_args)
    try:
        wait_healthy(base_url, process)
        report = asyncio.run(burst(base_url, args.requests, args.concurrency))
    except (BenchError, httpx.HTTPError) as exc:
        raise SystemExit(f"bench: {exc}") from exc
    finally:
        exit_code = stop_server(process)
    report.update(serve_args=serve_args, server_exit_code=exit_code)
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    output = RESULTS / "concurrent_week.json"
    output.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(f"wrote {output.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
