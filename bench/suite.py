"""`make bench`: every hot path in one run against one server, with ratios to the floor.

Starts `slotgraph serve` on the demo practice (floor route on; one worker per core), then
measures over HTTP: CalendarWeek against its one-SQL floor at concurrency 1 and 8
(bench.calendar_week); CalendarDay and one appointment by `node(id)` (bench.operations); slot
search over the 90 days from today (bench.available_slots), each at concurrency 1 with req/s,
p50 and p95; and last a burst of 200 concurrent CalendarWeek requests, all of which must be
answered (bench.concurrent_week). The table and bench/results/suite.json are the figures the
README quotes.
"""

from __future__ import annotations

import argparse
import os
from datetime import UTC, datetime
from typing import Any

from bench import available_slots, calendar_week, concurrent_week, operations
from bench.harness import measure_on_server, save

SINGLE = ["CalendarDay", "Node"]
BURST = 200


async def measure(base_url: str, requests: int) -> dict[str, Any]:
    """The week against its floor, the single operations, slot search, then the burst."""
    week = await calendar_week.bench(base_url, scale=1.0)
    single = await operations.bench(base_url, SINGLE, requests)
    slots = await available_slots.bench(base_url, requests)
    burst = await concurrent_week.burst(base_url, BURST, BURST)
    return {
        "date": datetime.now(UTC).date().isoformat(),
        "cpus": os.cpu_count(),
        "week": week,
        "operations": single["runs"] + [{"operation": r["case"], **r} for r in slots["runs"]],
        "burst": burst,
    }


def rows(report: dict[str, Any]) -> list[tuple[str, int, float, float, float, str]]:
    """(target, concurrency, req/s, p50, p95, p50 ratio to the floor) per measured run."""
    week = report["week"]
    table = []
    for run in week["runs"]:
        ratio = week["ratios"][str(run["concurrency"])]
        shown = f"x{ratio['p50']:.2f} p50, x{ratio['rps']:.2f} req/s"
        name = "CalendarWeek" if run["target"] == "graphql" else "  floor (1 SQL)"
        table.append(
            (
                name,
                run["concurrency"],
                run["rps"],
                run["p50_ms"],
                run["p95_ms"],
                shown if run["target"] == "graphql" else "",
            )
        )
    for run in report["operations"]:
        table.append((run["operation"], 1, run["rps"], run["p50_ms"], run["p95_ms"], ""))
    return table


def print_report(report: dict[str, Any]) -> None:
    """One aligned table for everything measured."""
    week = report["week"]
    print(
        f"{report['date']}: client and server share this machine's {report['cpus']} cores; "
        f"CalendarWeek {week['appointments']} appointments, {week['fields']} fields, "
        f"{week['bytes']['graphql']} bytes"
    )
    print(f"{'target':<34} {'conc':>4} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}  vs floor")
    for name, concurrency, rps, p50, p95, ratio in rows(report):
        print(f"{name:<34} {concurrency:>4} {rps:>8.1f} {p50:>8.2f} {p95:>8.2f}  {ratio}")
    burst = report["burst"]
    print(
        f"burst of {burst['requests']} concurrent CalendarWeek: {burst['succeeded']} answered, "
        f"{burst['failed']} failed {burst['failures'] or ''}in {burst['seconds']} s "
        f"(p50 {burst['p50_ms']} ms, max {burst['max_ms']} ms)"
    )


def main(argv: list[str] | None = None) -> None:
    """Start the server, measure everything, print the table, write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.suite", description=__doc__)
    parser.add_argument("--port", type=int, default=8765, help="port of the server started here")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per operation")
    args = parser.parse_args(argv)
    report = measure_on_server(lambda base_url: measure(base_url, args.requests), port=args.port)
    print_report(report)
    save(report, "suite")


if __name__ == "__main__":
    main()
