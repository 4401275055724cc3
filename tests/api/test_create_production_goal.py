"""createProductionGoal: one goal per provider, location and date, even under concurrency."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date
from decimal import Decimal

import pytest

from tests.support.factories import global_id, make_practice
from tests.support.production_documents import (
    CREATE,
    goal_count,
    goal_input,
    goal_rows,
    integration,
    make_goal,
    outcome,
)


def payload(result) -> dict:
    assert result.errors is None, result.errors
    return result.data["createProductionGoal"]


async def test_staff_create_a_goal(engine, execute):
    practice = await make_practice(engine)
    result = payload(await execute(CREATE, goal_input(practice), viewer=practice.staff))
    assert result["userErrors"] == []
    assert result["created"] is True
    goal = result["productionGoal"]
    assert {key: goal[key] for key in ("goalDate", "goalAmount", "provider", "location")} == {
        "goalDate": "2026-11-16",
        "goalAmount": "2500.00",
        "provider": {"id": global_id("Provider", practice.provider.id)},
        "location": {"id": global_id("Location", practice.location.id)},
    }
    [(ident, provider, location, day, amount)] = await goal_rows(engine)
    assert goal["id"] == global_id("ProductionGoal", ident)
    assert (provider, location, day, amount) == (
        practice.provider.id, practice.location.id, date(2026, 11, 16), Decimal("2500.00")
    )  # fmt: skip


async def test_a_second_goal_for_the_same_day_is_duplicate_and_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    before = await goal_rows(engine)
    result = payload(await execute(CREATE, goal_input(practice), viewer=practice.staff))
    assert result["productionGoal"] is None
    [error] = result["userErrors"]
    assert (error["code"], error["field"]) == ("DUPLICATE", ["input", "goalDate"])
    assert await goal_rows(engine) == before


async def test_concurrent_creates_of_one_goal_leave_exactly_one(engine, execute):
    # given ten front desks creating the same day's goal at once, with different amounts
    practice = await make_practice(engine)
    inputs = [goal_input(practice, goalAmount=f"{1000 + n}.00") for n in range(10)]
    results = await asyncio.gather(
        *(execute(CREATE, variables, viewer=practice.staff) for variables in inputs)
    )
    # then the unique constraint lets one win and the others get DUPLICATE
    assert Counter(outcome(r, "createProductionGoal") for r in results) == {
        "OK": 1,
        "DUPLICATE": 9,
    }
    assert await goal_count(engine) == 1


async def test_another_organizations_provider_or_location_is_not_found(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    for field, value in [
        ("providerId", global_id("Provider", stranger.provider.id)),
        ("locationId", global_id("Location", stranger.location.id)),
    ]:
        variables = goal_input(practice, **{field: value})
        result = payload(await execute(CREATE, variables, viewer=practice.staff))
        assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
            ("NOT_FOUND", ["input", field])
        ]
    assert await goal_count(engine) == 0


@pytest.mark.parametrize("amount", ["-0.01", "1000000.01", "10.005", "NaN"])
async def test_an_amount_out_of_range_is_validation(engine, execute, amount):
    practice = await make_practice(engine)
    variables = goal_input(practice, goalAmount=amount)
    result = await execute(CREATE, variables, viewer=practice.staff)
    assert outcome(result, "createProductionGoal") == "VALIDATION"
    assert result.data["createProductionGoal"]["userErrors"][0]["field"] == ["input", "goalAmount"]
    assert await goal_count(engine) == 0


async def test_only_staff_may_create(engine, execute):
    practice = await make_practice(engine)
    for viewer in (practice.patient_viewer(), integration(practice)):
        result = await execute(CREATE, goal_input(practice), viewer=viewer)
        assert outcome(result, "createProductionGoal") == "FORBIDDEN"
    assert await goal_count(engine) == 0


async def test_a_retry_with_the_same_key_returns_the_first_goal(engine, execute):
    practice = await make_practice(engine)
    variables = goal_input(practice, idempotencyKey="goal-import-1")
    first = payload(await execute(CREATE, variables, viewer=practice.staff))
    again = payload(await execute(CREATE, variables, viewer=practice.staff))
    # the retry is not a DUPLICATE: it is the same request, answered the same way
    assert again == first
    assert first["userErrors"] == []
    assert await goal_count(engine) == 1
    changed = goal_input(practice, idempotencyKey="goal-import-1", goalAmount="1.00")
    reused = await execute(CREATE, changed, viewer=practice.staff)
    assert outcome(reused, "createProductionGoal") == "VALIDATION"
    assert [amount for *_, amount in await goal_rows(engine)] == [Decimal("2500.00")]
