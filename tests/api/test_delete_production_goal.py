"""deleteProductionGoal: a hard delete of the caller's organization's goals only."""

from __future__ import annotations

from datetime import date

from tests.support.factories import global_id, make_practice
from tests.support.production_documents import (
    DELETE,
    goal_count,
    goal_rows,
    integration,
    make_goal,
    outcome,
)


def delete_input(goal_id, **fields) -> dict:
    return {"input": {"productionGoalId": global_id("ProductionGoal", goal_id), **fields}}


async def test_staff_delete_a_goal_and_a_second_delete_is_not_found(engine, execute):
    practice = await make_practice(engine)
    goal_id = await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    keep = await make_goal(engine, practice, date(2026, 11, 17), "1000.00")
    result = await execute(DELETE, delete_input(goal_id), viewer=practice.staff)
    assert result.errors is None, result.errors
    assert result.data["deleteProductionGoal"] == {
        "deletedId": global_id("ProductionGoal", goal_id),
        "userErrors": [],
    }
    assert [row[0] for row in await goal_rows(engine)] == [keep]
    again = await execute(DELETE, delete_input(goal_id), viewer=practice.staff)
    assert outcome(again, "deleteProductionGoal") == "NOT_FOUND"
    assert again.data["deleteProductionGoal"]["deletedId"] is None


async def test_another_organizations_goal_is_not_found_and_stays(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    theirs = await make_goal(engine, stranger, date(2026, 11, 16), "1000.00")
    result = await execute(DELETE, delete_input(theirs), viewer=practice.staff)
    assert outcome(result, "deleteProductionGoal") == "NOT_FOUND"
    assert await goal_count(engine) == 1


async def test_only_staff_may_delete(engine, execute):
    practice = await make_practice(engine)
    goal_id = await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    for viewer in (practice.patient_viewer(), integration(practice)):
        result = await execute(DELETE, delete_input(goal_id), viewer=viewer)
        assert outcome(result, "deleteProductionGoal") == "FORBIDDEN"
    assert await goal_count(engine) == 1


async def test_a_retried_delete_returns_the_first_answer(engine, execute):
    practice = await make_practice(engine)
    goal_id = await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    variables = delete_input(goal_id, idempotencyKey="remove-16th")
    first = await execute(DELETE, variables, viewer=practice.staff)
    again = await execute(DELETE, variables, viewer=practice.staff)
    assert first.data == again.data
    assert again.data["deleteProductionGoal"]["userErrors"] == []
    assert await goal_count(engine) == 0
