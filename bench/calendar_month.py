"""Benchmark the CalendarMonth (and ProductionSummary) operations on the demo location."""

from __future__ import annotations

import argparse
import asyncio
import signal
import subprocess
import sys
from typing import Any
from urllib.parse import urlsplit

import httpx
import orjson

from bench.calendar_week import RESULTS, BenchError, start_server, stop_server, wait_healthy
from bench.operations import bench as measure_operations
from server.settings import PROJECT_ROOT

TARGETS = ("CalendarMonth", "ProductionSummary")
REQUESTS = 60  # per target at concurrency 1


def describe_month(name: str, data: Any) -> dict[str, Any]:
    """CalendarMonth's days and appointments; fail unless it is the demo month."""
    if name != "CalendarMonth":
        return {}
    shape = {"days": len(data["days"]), "appointments": data["appointmentCounts"]["total"]}
    if shape["days"] != 30 or shape["appointments"] < 1000:
        raise BenchError(f"CalendarMonth: unexpected demo month {shape}")
    return shape


async def bench(base_url: str, scale: float) -> dict[str, Any]:
    """Check each operation once, then measure it at concurrency 1."""
    requests = max(2, round(REQUESTS * scale))
    return await measure_operations(base_url, TARGETS, requests, describe=describe_month)


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
