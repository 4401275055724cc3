"""Benchmark importAppointments: the time of one 500-row import on the demo practice.

Finds 500 free slots of Main's providers from today on with slot search (AvailableSlots,
week by week, keeping slots that overlap no slot already kept in their operatory or with
their provider), gives them to demo patients, then times one ALL_OR_NOTHING import of all
500 over HTTP (the request's whole round trip, as a client sees it). Every row must be
CREATED. The imported appointments stay in the demo database: a second run finds later slots
(`make clean-data` drops them).
"""

from __future__ import annotations

import argparse
import json
import os
from datetime import UTC, date, datetime, time, timedelta
from time import perf_counter
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import orjson
from strawberry.relay import GlobalID

from bench.harness import BenchError, measure_on_server, save, staff_headers
from bench.operations import answered
from db.demo import MAIN_TIME_ZONE
from db.demo.ids import demo_id
from server.operation_manifest import operation_document
from server.settings import PROJECT_ROOT

OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
ROWS = 500
PATIENTS = 200  # demo patients 1..200 take turns
WEEKS = 26  # how far ahead slot search may look for free slots

IMPORT = """mutation BenchImport($input: ImportAppointmentsInput!) {
  importAppointments(input: $input) {
    rows { index status errors { field code message } }
    createdCount failedCount
    userErrors { field code message }
  }
}"""

Interval = tuple[datetime, datetime]


def _free(taken: dict[str, list[Interval]], keys: tuple[str, str], span: Interval) -> bool:
    return not any(
        start < span[1] and span[0] < end for key in keys for start, end in taken.get(key, [])
    )


def _span(slot: dict[str, Any]) -> Interval:
    """The slot's instants (its local times' difference is its length)."""
    start = datetime.fromisoformat(slot["startAt"])
    ends, starts = (time.fromisoformat(slot[k]) for k in ("localEndTime", "localStartTime"))
    length = datetime.combine(date.min, ends) - datetime.combine(date.min, starts)
    return start, start + length


async def free_rows(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """ROWS import rows on free, mutually non-overlapping slots of the demo."""
    search = json.loads((OPERATIONS / "AvailableSlots.json").read_text())
    query = operation_document("AvailableSlots")
    today = datetime.now(UTC).astimezone(ZoneInfo(MAIN_TIME_ZONE)).date()
    taken: dict[str, list[Interval]] = {}
    rows: list[dict[str, Any]] = []
    for week in range(WEEKS):
        first = today + timedelta(days=7 * week)
        window = {"from": first.isoformat(), "to": (first + timedelta(days=6)).isoformat()}
        body = orjson.dumps({"query": query, "variables": {**search, **window, "first": 500}})
        data, _ = await answered(client, "AvailableSlots", body)
        for slot in data["availableSlots"]:
            keys = (slot["operatory"]["id"], slot["provider"]["id"])
            span = _span(slot)
            if len(rows) == ROWS or not _free(taken, keys, span):
                continue
            for key in keys:
                taken.setdefault(key, []).append(span)
            rows.append(_row(search, slot, len(rows)))
        if len(rows) == ROWS:
            return rows
    raise BenchError(f"found {len(rows)} free slots in {WEEKS} weeks, not {ROWS}")


def _row(search: dict[str, Any], slot: dict[str, Any], n: int) -> dict[str, Any]:
    patient = demo_id("patient", n % PATIENTS + 1)
    return {
        "patientId": _global("Patient", patient),
        "locationId": search["locationId"],
        "operatoryId": slot["operatory"]["id"],
        "providerIds": [slot["provider"]["id"]],
        "appointmentTypeId": search["appointmentTypeId"],
        "slot": {"date": slot["localDate"], "startTime": slot["localStartTime"]},
    }


def _global(kind: str, ident: Any) -> str:
    return str(GlobalID(type_name=kind, node_id=str(ident)))


async def bench(base_url: str) -> dict[str, Any]:
    """Find the rows, then time the one import."""
    async with httpx.AsyncClient(base_url=base_url, headers=staff_headers(), timeout=120.0) as c:
        rows = await free_rows(c)
        variables = {"input": {"rows": rows, "mode": "ALL_OR_NOTHING"}}
        body = orjson.dumps({"query": IMPORT, "variables": variables})
        started = perf_counter()
        data, shape = await answered(c, "importAppointments", body)
        seconds = perf_counter() - started
    payload = data["importAppointments"]
    if payload["createdCount"] != ROWS:
        problems = [row for row in payload["rows"] if row["errors"]][:3]
        raise BenchError(f"created {payload['createdCount']} of {ROWS}: {problems}")
    return {
        "url": base_url,
        "cpus": os.cpu_count(),
        "rows": ROWS,
        "request_bytes": len(body),
        "response_bytes": shape["bytes"],
        "seconds": round(seconds, 3),
    }


def main(argv: list[str] | None = None) -> None:
    """Start a demo server, time the import, print it and write bench/results/import_rows.json."""
    parser = argparse.ArgumentParser(prog="python -m bench.import_rows", description=__doc__)
    parser.add_argument("--port", type=int, default=8769, help="port of the server started here")
    parser.add_argument("--url", help="measure the server running there (loopback) instead")
    args = parser.parse_args(argv)
    report = measure_on_server(bench, port=args.port, url=args.url)
    print(
        f"importAppointments: {report['rows']} rows ({report['request_bytes']} bytes) in "
        f"{report['seconds']:.2f} s on {report['cpus']} CPU cores (client and server share them)"
    )
    save(report, "import_rows")


if __name__ == "__main__":
    main()
