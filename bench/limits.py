"""How long a refused request takes: each probe of issue 11, in process, no database.

`python -m bench.limits` runs every probe through the schema (and the oversized bodies through
the ASGI app) 20 times and prints the median and worst milliseconds with the code each got;
results go to bench/results/limits.json. Nothing here reaches PostgreSQL: every probe is
refused before execution, so the engine never connects.
"""

from __future__ import annotations

import asyncio
import statistics
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx

from bench.harness import save
from db.engine import create_engine
from resolvers.context import RequestContext
from schema.assembled import schema
from server.app import create_app
from server.garbage_collection import tune_garbage_collector
from tests.support.factories import global_id
from tests.support.limit_documents import (
    HEAVY_WEEK,
    NODES,
    aliased_typenames,
    aliased_weeks,
    operatory_location_nesting,
    repeated_field,
    skipped_typename,
)

RUNS = 20
FIFTY_MB = 50 * 1024 * 1024
NOWHERE = "postgresql://nobody@127.0.0.1:1/nothing"  # never connected to
WEEK = {"l": global_id("Location", uuid.uuid4()), "w": "2026-11-16"}
IDS = [global_id("Appointment", uuid.UUID(int=n)) for n in range(100_000)]

PROBES: dict[str, tuple[str, dict[str, Any] | None]] = {
    "62 levels operatories<->location": (operatory_location_nesting(62), None),
    "500 aliased calendarWeek": (aliased_weeks(500), WEEK),
    "6 heavy calendarWeek (cost)": (aliased_weeks(6, HEAVY_WEEK), WEEK),
    "nodes(ids:) 100,000 ids": (NODES, {"ids": IDS}),
    "100,000 aliases": (aliased_typenames(100_000), None),
    "10,000 @skip": (skipped_typename(10_000), None),
    "32 selections of one field": (repeated_field(32), None),
}


async def lazy_body() -> AsyncIterator[bytes]:
    for _ in range(FIFTY_MB // 65536):
        yield b" " * 65536


async def timed(call: Callable[[], Awaitable[str]]) -> dict[str, Any]:
    """Median and worst milliseconds of RUNS calls, and the code the last one got."""
    times, code = [], ""
    for _ in range(RUNS):
        started = time.perf_counter()
        code = await call()
        times.append((time.perf_counter() - started) * 1000)
    return {"code": code, "p50_ms": statistics.median(times), "max_ms": max(times)}


async def main() -> None:
    # As a serving worker does (server/garbage_collection.py): else a full collection of the
    # schema's objects every few thousand allocations shows up as 100 ms outliers.
    tune_garbage_collector()
    engine = create_engine(NOWHERE, pool_size=1)
    results: dict[str, dict[str, Any]] = {}
    for name, (document, variables) in PROBES.items():

        async def through_schema(document: str = document, variables: Any = variables) -> str:
            context = RequestContext.create(engine, None)
            result = await schema.execute(
                document, variable_values=variables, context_value=context
            )
            errors = result.errors or []
            return str((errors[0].extensions or {}).get("code")) if errors else "accepted"

        results[name] = await timed(through_schema)
    app = create_app(NOWHERE, secret="bench-secret-of-at-least-32-bytes-long")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

        async def fifty_mb() -> str:
            # Declared, produced lazily: what is timed is the server's refusal, not the client
            # building 50 MB.
            headers = {"Content-Type": "application/json", "Content-Length": str(FIFTY_MB)}
            response = await client.post("/graphql", content=lazy_body(), headers=headers)
            return f"{response.status_code} {response.json()['errors'][0]['extensions']['code']}"

        results["50 MB body over HTTP (ASGI)"] = await timed(fifty_mb)
    await engine.dispose()
    for name, row in results.items():
        print(
            f"{name:36} {row['code']:>22} p50 {row['p50_ms']:7.1f} ms  max {row['max_ms']:7.1f} ms"
        )
    save(results, "limits")


if __name__ == "__main__":
    asyncio.run(main())
