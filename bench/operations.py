"""Measure shared read-only operations (graphql/operations/) on a demo server, concurrency 1.

`python -m bench.operations QuickFill WaitlistEntries` starts a server on the demo data, checks
that each operation returns real data, then times it; results go to bench/results/<name>.json.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable, Sequence
from typing import Any

import httpx
import orjson

from bench.calendar_week import count_fields
from bench.harness import BenchError, demo_week, measure_on_server, save, staff_headers
from bench.http_load import run
from db.demo.examples import moved_example
from server.operation_manifest import operation_document
from server.settings import PROJECT_ROOT

OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
WARMUP = 3
# What a benchmark adds to an operation's shape from its data (raising BenchError if wrong).
Describe = Callable[[str, Any], dict[str, Any]]


def payload(name: str) -> bytes:
    """The POST body of a shared operation with its example (demo) variables."""
    query = operation_document(name)
    # The examples' dates moved to the week the served demo is laid out around.
    variables = moved_example(json.loads((OPERATIONS / f"{name}.json").read_text()), demo_week())
    return orjson.dumps({"query": query, "variables": variables})


async def check(
    client: httpx.AsyncClient, name: str, body: bytes, describe: Describe | None = None
) -> dict[str, Any]:
    """Run an operation once; fail unless it returned real demo data; its shape."""
    answer, shape = await answered(client, name, body)
    data = next(iter(answer.values()))
    if data is None:
        raise BenchError(f"{name}: null (is the demo practice loaded?)")
    return {**shape, **(describe(name, data) if describe else {})}


async def answered(
    client: httpx.AsyncClient, name: str, body: bytes
) -> tuple[dict[str, Any], dict[str, Any]]:
    """POST a request once; its `data` and shape (fields, bytes), or BenchError on errors."""
    response = await client.post("/graphql", content=body)
    if response.status_code != 200:
        raise BenchError(f"{name}: HTTP {response.status_code}: {response.text[:300]}")
    result = orjson.loads(response.content)
    if result.get("errors") or not result.get("data"):
        raise BenchError(f"{name}: {orjson.dumps(result.get('errors')).decode()[:500]}")
    return result["data"], {"fields": count_fields(result["data"]), "bytes": len(response.content)}


async def bench(
    base_url: str, targets: Sequence[str], requests: int, *, describe: Describe | None = None
) -> dict[str, Any]:
    """Check each operation once, then measure it at concurrency 1."""
    headers = staff_headers()
    report: dict[str, Any] = {"url": base_url, "cpus": os.cpu_count(), "runs": []}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=120.0
    ) as client:
        for name in targets:
            body = payload(name)
            shape = await check(client, name, body, describe)
            await run(client, "/graphql", body, WARMUP, 1, shape["bytes"])
            result = await run(client, "/graphql", body, requests, 1, shape["bytes"])
            report["runs"].append({"operation": name, "concurrency": 1, **shape, **result})
    return report


def measure(targets: Sequence[str], *, port: int, requests: int, output: str) -> None:
    """Start a demo server, measure, print a table and write bench/results/<output>.json."""
    report = measure_on_server(lambda base_url: bench(base_url, targets, requests), port=port)
    print(f"client and server share this machine's {report['cpus']} CPU cores")
    print(f"{'operation':<18} {'reqs':>5} {'bytes':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for r in report["runs"]:
        print(
            f"{r['operation']:<18} {r['requests']:>5} {r['bytes']:>7} {r['rps']:>7.1f} "
            f"{r['p50_ms']:>8.1f} {r['p95_ms']:>8.1f}"
        )
    save(report, output)


def main(argv: list[str] | None = None) -> None:
    """Measure the operations named on the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.operations", description=__doc__)
    parser.add_argument("operations", nargs="+", help="names of files in graphql/operations/")
    parser.add_argument("--port", type=int, default=8768, help="port of the server started here")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per operation")
    parser.add_argument("--output", default="operations", help="results file name (no .json)")
    args = parser.parse_args(argv)
    measure(args.operations, port=args.port, requests=args.requests, output=args.output)


if __name__ == "__main__":
    main()
