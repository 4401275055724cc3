"""Benchmark the CalendarWeek operation against its single-SQL floor route."""

from __future__ import annotations

import argparse
import os
from typing import Any

import httpx
import orjson
from strawberry.relay import GlobalID

from bench.harness import BenchError, demo_week, measure_on_server, save, staff_headers
from bench.http_load import run
from db.demo import MAIN_LOCATION_ID
from server.operation_manifest import operation_document

CONCURRENCY = {1: 30, 8: 80}  # concurrency -> requests per target
WARMUP = 5
EXPECTED_APPOINTMENTS = 700


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


async def bench(base_url: str, scale: float) -> dict[str, Any]:
    """Check once, then measure GraphQL and the floor at each concurrency."""
    variables = {
        "locationId": str(GlobalID(type_name="Location", node_id=str(MAIN_LOCATION_ID))),
        "weekStart": demo_week().isoformat(),
    }
    query = operation_document("CalendarWeek")
    targets = {
        "graphql": ("/graphql", orjson.dumps({"query": query, "variables": variables})),
        "floor": ("/floor/calendar-week", orjson.dumps({"variables": variables})),
    }
    headers = staff_headers()
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
    report = measure_on_server(
        lambda base_url: bench(base_url, args.requests_scale), port=args.port, url=args.url
    )
    print_report(report)
    save(report, "calendar_week")


if __name__ == "__main__":
    main()
