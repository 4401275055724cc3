"""Compiled against standard execution, in-process, for every read operation of the demo.

`python -m bench.executors` prepares the demo database as `serve` does (embedded unless
DATABASE_URL; migrated and seeded), then runs each query of graphql/operations/ with its example
variables through `schema.execute` as demo staff, with the compiled executor on and off
(RequestContext.compiled), checks both answer the same, and reports the median CPU time per
request of each (no HTTP, so this isolates execution). Results: bench/results/executors.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from functools import partial
from typing import Any

import orjson
from graphql import OperationDefinitionNode, OperationType, parse
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.harness import BenchError, save
from db.demo import DEMO_ORG_ID, seed_demo_data
from db.demo.examples import moved_example
from db.engine import create_engine
from resolvers.context import RequestContext
from resolvers.viewer import Role, Viewer
from schema.assembled import schema
from server.database import prepare_database
from server.garbage_collection import tune_garbage_collector
from server.operation_manifest import operation_document
from server.settings import PROJECT_ROOT, load_settings

OPERATIONS = PROJECT_ROOT / "graphql" / "operations"
WARMUP = 3


def read_operations() -> list[str]:
    """Names of the shared operations that are queries."""
    names = []
    for path in sorted(OPERATIONS.glob("*.graphql")):
        definition = parse(operation_document(path.stem)).definitions[0]
        is_operation = isinstance(definition, OperationDefinitionNode)
        if is_operation and definition.operation is OperationType.QUERY:  # type: ignore[attr-defined]
            names.append(path.stem)
    return names


async def median_cpu_ms(run: Any, requests: int) -> tuple[float, bytes]:
    """Median CPU milliseconds of `run()` over `requests` calls, and its last answer."""
    for _ in range(WARMUP):
        await run()
    times = []
    for _ in range(requests):
        started = time.process_time()
        answer = await run()
        times.append(time.process_time() - started)
    return round(statistics.median(times) * 1000, 2), answer


async def answer(
    engine: AsyncEngine,
    viewer: Viewer,
    document: str,
    variables: dict[str, Any],
    *,
    compiled: bool,
) -> bytes:
    """One execution of the document, as the JSON a client would get."""
    context = RequestContext.create(engine, viewer, compiled=compiled)
    result = await schema.execute(document, variable_values=variables, context_value=context)
    errors = [error.formatted for error in result.errors or ()]
    return orjson.dumps({"data": result.data, "errors": errors})


async def compare(requests: int) -> dict[str, Any]:
    """Each read operation through both paths."""
    url = await prepare_database(load_settings())
    engine = create_engine(url)
    async with engine.begin() as connection:
        # The demo's anchor as `serve` lays it out (SLOTGRAPH_DEMO_ANCHOR, else this week).
        anchor = (await seed_demo_data(connection, load_settings().demo_anchor)).anchor
    assert anchor is not None  # recorded by the seed just now
    viewer = Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="bench")
    tune_garbage_collector()  # as a serving worker does
    runs = []
    try:
        for name in read_operations():
            document = operation_document(name)
            example = json.loads((OPERATIONS / f"{name}.json").read_text())
            variables = moved_example(example, anchor)
            timings, answers = {}, {}
            for compiled in (False, True):
                run = partial(answer, engine, viewer, document, variables, compiled=compiled)
                timings[compiled], answers[compiled] = await median_cpu_ms(run, requests)
            if answers[True] != answers[False]:
                raise BenchError(f"{name}: the compiled answer differs from the standard one")
            standard, compiled_ms = timings[False], timings[True]
            runs.append(
                {
                    "operation": name,
                    "standard_ms": standard,
                    "compiled_ms": compiled_ms,
                    "speedup": round(standard / compiled_ms, 2),
                }
            )
    finally:
        await engine.dispose()
    return {"requests": requests, "runs": runs}


def main(argv: list[str] | None = None) -> None:
    """Compare, print a table and write the JSON."""
    parser = argparse.ArgumentParser(prog="python -m bench.executors", description=__doc__)
    parser.add_argument("--requests", type=int, default=15, help="timed requests per path")
    args = parser.parse_args(argv)
    try:
        report = asyncio.run(compare(args.requests))
    except BenchError as exc:
        raise SystemExit(f"bench: {exc}") from exc
    print(f"{'operation':<20} {'standard ms':>12} {'compiled ms':>12} {'speedup':>8}")
    for r in report["runs"]:
        print(
            f"{r['operation']:<20} {r['standard_ms']:>12.2f} {r['compiled_ms']:>12.2f} "
            f"x{r['speedup']:>7.2f}"
        )
    save(report, "executors")


if __name__ == "__main__":
    main()
