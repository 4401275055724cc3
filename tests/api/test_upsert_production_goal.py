"""upsertProductionGoal: creates the day's goal or replaces its amount, safely concurrent."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date
from decimal import Decimal

from tests.support.factories import global_id, make_practice
from tests.support.production_documents import UPSERT, goal_count, goal_input, goal_rows, outcome


def payload(result) -> dict:
    assert result.errors is None, result.errors
    assert result.data["upsertProductionGoal"]["userErrors"] == []
    return result.data["upsertProductionGoal"]


async def test_the_first_upsert_creates_and_the_next_replaces(engine, execute):
    practice = await make_practice(engine)
    created = payload(await execute(UPSERT, goal_input(practice), viewer=practice.staff))
    assert created["created"] is True
    assert created["productionGoal"]["goalAmount"] == "2500.00"
    replaced = payload(
        await execute(UPSERT, goal_input(practice, goalAmount="2750.25"), viewer=practice.staff)
    )
    assert replaced["created"] is False
    assert replaced["productionGoal"]["id"] == created["productionGoal"]["id"]
    assert replaced["productionGoal"]["goalAmount"] == "2750.25"
    [(_, _, _, day, amount)] = await goal_rows(engine)
    assert (day, amount) == (date(2026, 11, 16), Decimal("2750.25"))


async def test_concurrent_upserts_of_one_day_all_succeed_with_one_row(engine, execute):
    practice = await make_practice(engine)
    amounts = [f"{100 + n}.00" for n in range(20)]
    results = await asyncio.gather(
        *(
            execute(UPSERT, goal_input(practice, goalAmount=amount), viewer=practice.staff)
            for amount in amounts
        )
    )
    assert Counter(outcome(r, "upsertProductionGoal") for r in results) == {"OK": 20}
    created = [r.data["upsertProductionGoal"]["created"] for r in results]
    assert created.count(True) == 1
    assert await goal_count(engine) == 1
    [(*_, amount)] = await goal_rows(engine)
    assert str(amount) in amounts


async def test_unknown_references_and_callers_change_nothing(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    foreign = goal_input(practice, providerId=global_id("Provider", stranger.provider.id))
    result = await execute(UPSERT, foreign, viewer=practice.staff)
    assert outcome(result, "upsertProductionGoal") == "NOT_FOUND"
    denied = await execute(UPSERT, goal_input(practice), viewer=practice.patient_viewer())
    assert outcome(denied, "upsertProductionGoal") == "FORBIDDEN"
    invalid = await execute(UPSERT, goal_input(practice, goalAmount="-5"), viewer=practice.staff)
    assert outcome(invalid, "upsertProductionGoal") == "VALIDATION"
    assert await goal_count(engine) == 0


async def test_a_retried_upsert_returns_the_first_answer(engine, execute):
    practice = await make_practice(engine)
    variables = goal_input(practice, idempotencyKey="import-2026-11-16")
    first = payload(await execute(UPSERT, variables, viewer=practice.staff))
    again = payload(await execute(UPSERT, variables, viewer=practice.staff))
    # the retry reports what the first call did (created), not a second, replacing write
    assert again == first
    assert first["created"] is True
    assert await goal_count(engine) == 1
