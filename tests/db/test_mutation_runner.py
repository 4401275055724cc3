"""The mutation runner (resolvers/mutation_runner.py) against a real PostgreSQL: transactions
that PostgreSQL aborts as deadlock victims or serialization failures run again, once, and
their effects land exactly once; a key's stored outcome that no longer reads is refused.

Two runs are made to meet in PostgreSQL by events each sets once it holds a lock or a
snapshot: PostgreSQL alone decides which transaction it aborts, and the assertions hold
whichever it picks.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from db.loaders import Loaders
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.mutation_runner import Transaction, run_mutation
from resolvers.outcomes import Written, from_json, to_json
from resolvers.quick_fill import FreedSlot
from resolvers.waitlist.response import ResponseOutcome
from tests.support.factories import Practice, make_location, make_practice

APPEND = text("UPDATE locations SET name = name || :tag WHERE id = :id")
NAMES = text("SELECT id, name FROM locations WHERE id = ANY(:ids)")


async def names(engine: AsyncEngine, *ids: uuid.UUID) -> dict[uuid.UUID, str]:
    async with engine.connect() as connection:
        rows = await connection.execute(NAMES, {"ids": list(ids)})
        return {row.id: row.name for row in rows}


def context(engine: AsyncEngine, practice: Practice) -> RequestContext:
    return RequestContext.create(engine, practice.staff)


async def test_a_deadlock_victim_runs_again_and_both_changes_land_once(engine):
    # given two locations, and two mutations that each change both, in opposite orders
    practice = await make_practice(engine)
    first = practice.location.id
    second = (await make_location(engine, practice.org, name="Annex")).id
    before = await names(engine, first, second)
    holds = {"a": asyncio.Event(), "b": asyncio.Event()}
    attempts: Counter[str] = Counter()

    def mutation(tag: str, order: tuple[uuid.UUID, uuid.UUID], other: str) -> Any:
        async def work(tx: Transaction) -> Written:
            connection = tx.connection
            attempts[tag] += 1
            await connection.execute(APPEND, {"tag": f"-{tag}", "id": order[0]})
            holds[tag].set()
            # Both hold one row when each asks for the other's: PostgreSQL aborts one.
            await holds[other].wait()
            await connection.execute(APPEND, {"tag": f"-{tag}", "id": order[1]})
            return Written(order[0])

        return run_mutation(
            context(engine, practice),
            work,
            name="testDeadlock",
            outcome=Written,
            idempotency_key=f"deadlock-{tag}",
            request={"tag": tag},
        )

    # when both run at once
    results = await asyncio.gather(
        mutation("a", (first, second), "b"), mutation("b", (second, first), "a")
    )
    # then the victim ran a second time, and each change is there once
    assert sorted(attempts.values()) == [1, 2]
    assert results == [Written(first), Written(second)]
    after = await names(engine, first, second)
    for ident in (first, second):
        suffix = after[ident].removeprefix(before[ident])
        assert sorted(suffix.split("-")[1:]) == ["a", "b"], after


async def test_a_serialization_failure_runs_again_on_a_fresh_snapshot(engine):
    # given mutations run in REPEATABLE READ transactions (an engine configured so), where a
    # write to a row changed since the transaction's snapshot is a serialization failure
    practice = await make_practice(engine)
    location = practice.location.id
    before = await names(engine, location)
    repeatable = engine.execution_options(isolation_level="REPEATABLE READ")
    snapshot_taken, first_committed = asyncio.Event(), asyncio.Event()
    attempts: Counter[str] = Counter()

    async def late_writer(tx: Transaction) -> Written:
        connection = tx.connection
        attempts["late"] += 1
        await connection.execute(NAMES, {"ids": [location]})  # the snapshot is taken
        snapshot_taken.set()
        await first_committed.wait()
        await connection.execute(APPEND, {"tag": "-late", "id": location})
        return Written(location)

    async def early_writer(tx: Transaction) -> Written:
        connection = tx.connection
        attempts["early"] += 1
        await connection.execute(APPEND, {"tag": "-early", "id": location})
        return Written(location)

    async def early() -> Written:
        await snapshot_taken.wait()
        written = await run_mutation(
            RequestContext.create(repeatable, practice.staff),
            early_writer,
            name="testEarly",
            outcome=Written,
            idempotency_key=None,
            request={},
        )
        first_committed.set()
        return written

    late = run_mutation(
        RequestContext.create(repeatable, practice.staff),
        late_writer,
        name="testLate",
        outcome=Written,
        idempotency_key="late-1",
        request={},
    )
    # when the late writer's update meets the row the early one committed after its snapshot
    await asyncio.gather(early(), late)
    # then PostgreSQL refused its first attempt, and the second, on a new snapshot, wrote
    assert attempts == {"early": 1, "late": 2}
    assert (await names(engine, location))[location] == f"{before[location]}-early-late"


@dataclass(frozen=True, slots=True)
class Renamed:
    """An outcome of another shape than Written (as an earlier version's might have been)."""

    location_id: uuid.UUID

    def forget(self, loaders: Loaders) -> None:
        loaders.forget_row(self.location_id)


async def test_a_stored_outcome_of_another_shape_is_refused_not_misread(engine):
    practice = await make_practice(engine)
    location = practice.location.id

    async def rename(tx: Transaction) -> Written:
        connection = tx.connection
        await connection.execute(APPEND, {"tag": "-x", "id": location})
        return Written(location)

    keyed: dict[str, Any] = {"name": "testRename", "idempotency_key": "k-1", "request": {}}
    ctx = context(engine, practice)
    assert await run_mutation(ctx, rename, outcome=Written, **keyed) == Written(location)

    async def renamed(tx: Transaction) -> Renamed:
        connection = tx.connection
        await connection.execute(APPEND, {"tag": "-y", "id": location})
        return Renamed(location)

    # the same key, its stored outcome read as another type (as after an upgrade that changed
    # the outcome's shape): VALIDATION, and nothing runs again
    with pytest.raises(Validation) as refused:
        await run_mutation(context(engine, practice), renamed, outcome=Renamed, **keyed)
    assert refused.value.path == ("idempotencyKey",)
    assert refused.value.message.startswith("This idempotencyKey's first result was stored")
    assert (await names(engine, location))[location].endswith("-x")


def test_outcomes_keep_their_types_through_json():
    freed = FreedSlot(
        location_id=uuid.uuid4(),
        start_at=datetime.fromisoformat("2030-01-07T15:00:00+00:00"),
        end_at=datetime.fromisoformat("2030-01-07T16:00:00+00:00"),
        time_zone="America/Chicago",
        provider_id=None,
        appointment_type_id=uuid.uuid4(),
    )
    outcome = ResponseOutcome(uuid.uuid4(), uuid.uuid4(), freed, slot_taken=False)
    stored = to_json(outcome)
    assert stored["freed"]["start_at"] == "2030-01-07T15:00:00+00:00"
    assert from_json(ResponseOutcome, stored) == outcome
    assert from_json(ResponseOutcome, {"entry_id": str(outcome.entry_id)}) == ResponseOutcome(
        outcome.entry_id
    )
