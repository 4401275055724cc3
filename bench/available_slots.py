"""Benchmark slot search on the demo practice, concurrency 1.

- AvailableSlots: 10 providers over the 90 days from today (Main's local date), the first 100
  slots together with slotCount;
- NextAvailableSlot: one provider, then every provider of Main (providerIds left out), each
  looking up to 180 days ahead from today.

The server reads the real clock and never offers a time before now, so the searches start
today (the demo is laid out around the current week unless SLOTGRAPH_DEMO_ANCHOR pins another
one; its weekly templates are open-ended either way). Every case must return slots (their
number is reported) before it is timed.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import orjson

from bench.harness import BenchError, measure_on_server, save, staff_headers
from bench.http_load import run
from bench.operations import answered
from db.demo import MAIN_TIME_ZONE
from server.operation_manifest import operation_document
from server.settings import PROJECT_ROOT

OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
REQUESTS = 40  # per case, at concurrency 1
WARMUP = 3
DAYS = 90


@dataclass(frozen=True)
class Case:
    """One measured request: a shared operation with some of its example variables replaced."""

    name: str
    operation: str
    variables: dict[str, Any]


def cases() -> list[Case]:
    """The measured requests, dated from today in Main's zone."""
    today = datetime.now(UTC).astimezone(ZoneInfo(MAIN_TIME_ZONE)).date()
    window = {"from": today.isoformat(), "to": (today + timedelta(days=DAYS - 1)).isoformat()}
    return [
        Case(f"AvailableSlots 10 providers x {DAYS} days", "AvailableSlots", window),
        Case("NextAvailableSlot 1 provider", "NextAvailableSlot", {}),
        Case("NextAvailableSlot all providers", "NextAvailableSlot", {"providerIds": None}),
    ]


def body(case: Case) -> bytes:
    """The POST body: the operation and its example variables with the case's replaced."""
    query = operation_document(case.operation)
    variables = json.loads((OPERATIONS / f"{case.operation}.json").read_text())
    return orjson.dumps({"query": query, "variables": {**variables, **case.variables}})


def describe(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """The slots a response offers; BenchError when it offers none."""
    if case.operation == "AvailableSlots":
        slots = data["availableSlots"] or []
        shape = {"slots": len(slots), "slot_count": data["slotCount"]}
    else:
        slots = [data["nextAvailableSlot"]] if data["nextAvailableSlot"] else []
        shape = {"slots": len(slots)}
    if not slots:
        raise BenchError(f"{case.name}: no slots (is the demo practice loaded?)")
    first = slots[0]
    return {**shape, "first": f"{first['localDate']} {first['localStartTime']}"}


async def check(client: httpx.AsyncClient, case: Case, payload: bytes) -> dict[str, Any]:
    """Run a case once; fail unless it answered with slots; its shape."""
    data, shape = await answered(client, case.name, payload)
    return {**shape, **describe(case, data)}


async def bench(base_url: str, requests: int) -> dict[str, Any]:
    """Check each case once, then measure it at concurrency 1."""
    headers = staff_headers()
    report: dict[str, Any] = {"url": base_url, "cpus": os.cpu_count(), "runs": []}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=120.0
    ) as client:
        for case in cases():
            payload = body(case)
            shape = await check(client, case, payload)
            await run(client, "/graphql", payload, WARMUP, 1, shape["bytes"])
            result = await run(client, "/graphql", payload, requests, 1, shape["bytes"])
            report["runs"].append(
                {"case": case.name, "variables": case.variables, **shape, **result}
            )
    return report


def print_report(report: dict[str, Any]) -> None:
    """An aligned table of the runs."""
    print(f"client and server share this machine's {report['cpus']} CPU cores")
    print(
        f"{'case':<38} {'slots':>13} {'first slot':>20} {'reqs':>5} "
        f"{'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}"
    )
    for r in report["runs"]:
        slots = f"{r['slots']}/{r['slot_count']}" if "slot_count" in r else str(r["slots"])
        print(
            f"{r['case']:<38} {slots:>13} {r['first']:>20} {r['requests']:>5} "
            f"{r['rps']:>7.1f} {r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )


def main(argv: list[str] | None = None) -> None:
    """Start a demo server, measure, print a table and write bench/results/available_slots.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.available_slots", description=__doc__)
    parser.add_argument("--port", type=int, default=8767, help="port of the server started here")
    parser.add_argument("--requests", type=int, default=REQUESTS, help="timed requests per case")
    args = parser.parse_args(argv)
    report = measure_on_server(lambda base_url: bench(base_url, args.requests), port=args.port)
    print_report(report)
    save(report, "available_slots")


if __name__ == "__main__":
    main()
