"""updateProductionGoal: changes the amount of the caller's organization's goals only."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.support.factories import global_id, make_practice
from tests.support.production_documents import UPDATE, goal_rows, integration, make_goal, outcome


def update_input(goal_id, amount: str = "3000.00", **fields) -> dict:
    ident = global_id("ProductionGoal", goal_id)
    return {"input": {"productionGoalId": ident, "goalAmount": amount, **fields}}


async def test_staff_change_the_amount(engine, execute):
    practice = await make_practice(engine)
    goal_id = await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    result = await execute(UPDATE, update_input(goal_id, "1234.5"), viewer=practice.staff)
    assert result.errors is None, result.errors
    payload = result.data["updateProductionGoal"]
    assert payload["userErrors"] == []
    assert payload["created"] is False
    assert payload["productionGoal"]["goalAmount"] == "1234.50"
    assert payload["productionGoal"]["goalDate"] == "2026-11-16"
    [(_, _, _, day, amount)] = await goal_rows(engine)
    assert (day, amount) == (date(2026, 11, 16), Decimal("1234.50"))


async def test_unknown_and_other_organizations_goals_are_not_found(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    theirs = await make_goal(engine, stranger, date(2026, 11, 16), "1000.00")
    before = await goal_rows(engine)
    result = await execute(UPDATE, update_input(theirs), viewer=practice.staff)
    assert outcome(result, "updateProductionGoal") == "NOT_FOUND"
    error = result.data["updateProductionGoal"]["userErrors"][0]
    assert error["field"] == ["input", "productionGoalId"]
    assert await goal_rows(engine) == before


async def test_bad_input_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    goal_id = await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    before = await goal_rows(engine)
    negative = await execute(UPDATE, update_input(goal_id, "-1"), viewer=practice.staff)
    assert outcome(negative, "updateProductionGoal") == "VALIDATION"
    wrong_kind = {
        "input": {"productionGoalId": global_id("Provider", goal_id), "goalAmount": "5.00"}
    }
    result = await execute(UPDATE, wrong_kind, viewer=practice.staff)
    assert outcome(result, "updateProductionGoal") == "VALIDATION"
    for viewer in (practice.patient_viewer(), integration(practice)):
        denied = await execute(UPDATE, update_input(goal_id), viewer=viewer)
        assert outcome(denied, "updateProductionGoal") == "FORBIDDEN"
    assert await goal_rows(engine) == before


async def test_a_retried_update_is_applied_once(engine, execute):
    practice = await make_practice(engine)
    goal_id = await make_goal(engine, practice, date(2026, 11, 16), "1000.00")
    variables = update_input(goal_id, "2000.00", idempotencyKey="fix-goal")
    first = await execute(UPDATE, variables, viewer=practice.staff)
    again = await execute(UPDATE, variables, viewer=practice.staff)
    assert first.data == again.data
    assert first.data["updateProductionGoal"]["productionGoal"]["goalAmount"] == "2000.00"
    other = update_input(goal_id, "1.00", idempotencyKey="fix-goal")
    reused = await execute(UPDATE, other, viewer=practice.staff)
    assert outcome(reused, "updateProductionGoal") == "VALIDATION"
    assert [amount for *_, amount in await goal_rows(engine)] == [Decimal("2000.00")]
