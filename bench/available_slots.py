"""Benchmark slot search: availableSlots for 10 providers over 90 days, and nextAvailableSlot."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
from typing import Any

import httpx
import orjson

from bench.calendar_month import check, payload
from bench.calendar_week import RESULTS, BenchError, run, start_server, stop_server, wait_healthy
from db.demo import DEMO_ORG_ID
from resolvers.viewer import Role
from server.settings import PROJECT_ROOT, load_settings
from server.tokens import mint_token

TARGETS = ("AvailableSlots", "NextAvailableSlot")
REQUESTS = 20  # per target at concurrency 1: each request searches 900 provider-days
WARMUP = 3


async def bench(base_url: str) -> dict[str, Any]:
    """Check each operation once, then measure it at concurrency 1."""
    token = mint_token(
        secret=load_settings().signing_secret(),
        organization_id=DEMO_ORG_ID,
        role=Role.STAFF,
        subject="bench",
    )
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    report: dict[str, Any] = {"url": base_url, "cpus": os.cpu_count(), "runs": []}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=120.0
    ) as client:
        for name in TARGETS:
            body = payload(name)
            shape = await check(client, name, body)
            await run(client, "/graphql", body, WARMUP, 1, shape["bytes"])
            result = await run(client, "/graphql", body, REQUESTS, 1, shape["bytes"])
            report["runs"].append({"operation": name, "concurrency": 1, **shape, **result})
    return report


def main(argv: list[str] | None = None) -> None:
    """Start a demo server, measure, print a table and write bench/results/available_slots.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.available_slots", description=__doc__)
    parser.add_argument("--port", type=int, default=8767, help="port of the server started here")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    base_url = f"http://127.0.0.1:{args.port}"
    process: subprocess.Popen[bytes] | None = None
    try:
        process = start_server(args.port)
        wait_healthy(base_url, process)
        report = asyncio.run(bench(base_url))
    except (BenchError, httpx.HTTPError, TimeoutError) as exc:
        raise SystemExit(f"bench: {exc}") from exc
    finally:
        if process is not None:
            stop_server(process)
    print(f"client and server share this machine's {report['cpus']} CPU cores")
    print(f"{'operation':<18} {'reqs':>5} {'bytes':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for r in report["runs"]:
        print(
            f"{r['operation']:<18} {r['requests']:>5} {r['bytes']:>7} {r['rps']:>7.1f} "
            f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )
    RESULTS.mkdir(parents=True, exist_ok=True)
    output = RESULTS / "available_slots.json"
    output.write_bytes(orjson.dumps(report, option=orjson.OPT_INDENT_2))
    print(f"wrote {output.relative_to(PROJECT_ROOT)}")


if __name__ == "__main__":
    main()
