"""Benchmark the CalendarMonth (and ProductionSummary) operations on the demo location."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from bench.calendar_week import (
    RESULTS,
    BenchError,
    count_fields,
    run,
    start_server,
    stop_server,
    wait_healthy,
)
from db.demo import DEMO_ORG_ID
from resolvers.viewer import Role
from server.settings import PROJECT_ROOT, load_settings
from server.tokens import mint_token

OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
TARGETS = ("CalendarMonth", "ProductionSummary")
REQUESTS = 60  # per target at concurrency 1
WARMUP = 5


def payload(name: str) -> bytes:
    """The POST body of a shared operation with its example (demo) variables."""
    query = (OPERATIONS / f"{name}.graphql").read_text()
    variables = json.loads((OPERATIONS / f"{name}.json").read_text())
    return orjson.dumps({"query": query, "variables": variables})


async def check(client: httpx.AsyncClient, name: str, body: bytes) -> dict[str, Any]:
    """Run an operation once; fail unless it returned real demo data."""
    response = await client.post("/graphql", content=body)
    if response.status_code != 200:
        raise BenchError(f"{name}: HTTP {response.status_code}: {response.text[:300]}")
    result = orjson.loads(response.content)
    if result.get("errors") or not result.get("data"):
        raise BenchError(f"{name}: {orjson.dumps(result.get('errors')).decode()[:500]}")
    data = next(iter(result["data"].values()))
    if data is None:
        raise BenchError(f"{name}: null (is the demo practice loaded?)")
    shape: dict[str, Any] = {"fields": count_fields(result["data"]), "bytes": len(response.content)}
    if name == "CalendarMonth":
        shape["days"] = len(data["days"])
        shape["appointments"] = data["appointmentCounts"]["total"]
        if shape["days"] != 30 or shape["appointments"] < 1000:
            raise BenchError(f"CalendarMonth: unexpected demo month {shape}")
    return shape


async def bench(base_url: str, scale: float) -> dict[str, Any]:
    """Check each operation once, then measure it at concurrency 1."""
    secret = load_settings().signing_secret()
    token = mint_token(secret=secret, organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="bench")
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    requests = max(2, round(REQUESTS * scale))
    report: dict[str, Any] = {"url": base_url, "cpus": os.cpu_count(), "runs": []}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=60.0
    ) as client:
        for name in TARGETS:
            body = payload(name)
            shape = await check(client, name, body)
            await run(client, "/graphql", body, WARMUP, 1, shape["bytes"])
            result = await run(client, "/graphql", body, requests, 1, shape["bytes"])
            report["runs"].append({"operation": name, "concurrency": 1, **shape, **result})
    return report


def print_report(report: dict[str, Any]) -> None:
    """An aligned table of the runs."""
    print(f"client and server share this machine's {report['cpus']} CPU cores")
    header = f"{'operation':<18} {'conc':>4} {'reqs':>5} {'bytes':>7} {'req/s':>8}"
    print(f"{header} {'p50 ms':>8} {'p95 ms':>8}")
    for r in report["runs"]:
        print(
            f"{r['operation']:<18} {r['concurrency']:>4} {r['requests']:>5} {r['bytes']:>7} "
            f"{r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )
    month = next(r for r in report["runs"] if r["operation"] == "CalendarMonth")
    print(f"CalendarMonth: {month['days']} days, {month['appointments']} appointments aggregated")


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run the benchmark, print the table and write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.calendar_month", description=__doc__)
    parser.add_argument("--url", help="a running server, http://127.0.0.1:PORT")
    parser.add_argument("--port", type=int, default=8766, help="port of the server started here")
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
    output = RESULTS / "calendar_month.json"
    output.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(f"wrote {output.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
