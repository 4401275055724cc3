"""Benchmark slot search: availableSlots for 10 providers over 90 days, and nextAvailableSlot."""

from __future__ import annotations

import argparse

from bench.operations import measure

TARGETS = ("AvailableSlots", "NextAvailableSlot")
REQUESTS = 20  # per target at concurrency 1: each request searches 900 provider-days


def main(argv: list[str] | None = None) -> None:
    """Start a demo server, measure, print a table and write bench/results/available_slots.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.available_slots", description=__doc__)
    parser.add_argument("--port", type=int, default=8767, help="port of the server started here")
    args = parser.parse_args(argv)
    measure(TARGETS, port=args.port, requests=REQUESTS, output="available_slots")


if __name__ == "__main__":
    main()
