"""Benchmark the CalendarMonth (and ProductionSummary) operations on the demo location."""

from __future__ import annotations

import argparse
from typing import Any

from bench.harness import BenchError, measure_on_server, save
from bench.operations import bench as measure_operations

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
    report = measure_on_server(
        lambda base_url: bench(base_url, args.requests_scale), port=args.port, url=args.url
    )
    print_report(report)
    save(report, "calendar_month")


if __name__ == "__main__":
    main()
