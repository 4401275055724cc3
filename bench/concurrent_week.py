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
import statistics
import time
from collections import Counter
from typing import Any

import httpx
import orjson
from strawberry.relay import GlobalID

from bench.harness import BenchError, demo_week, measure_on_server, save, staff_headers
from db.demo import MAIN_LOCATION_ID
from server.operation_manifest import operation_document

REQUEST_TIMEOUT = 300.0  # a client that waits this long has seen the server fail anyway
MIN_APPOINTMENTS = 500  # the busiest demo week has ~700: fewer means the answer is wrong


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
        "weekStart": demo_week().isoformat(),
    }
    payload = orjson.dumps({"query": operation_document("CalendarWeek"), "variables": variables})
    headers = staff_headers()
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
    report = measure_on_server(
        lambda base_url: burst(base_url, args.requests, args.concurrency),
        port=args.port,
        serve_args=serve_args,
    )
    report.update(serve_args=serve_args)
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())
    save(report, "concurrent_week")


if __name__ == "__main__":
    main()
