"""The staff mutations the shared operations leave out (blockouts, schedules, recalls,
production goals), each with one input value at a time replaced by a value around a column's
width, a control character, a date at the edge of the range or an extreme integer: no answer
is INTERNAL, and a refused request writes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.support.blockout_documents import gid, make_blockout_type, mutation
from tests.support.factories import make_practice
from tests.support.graphql_errors import codes, refused
from tests.support.production_documents import CREATE as CREATE_GOAL
from tests.support.production_documents import goal_input
from tests.support.recall_rows import make_type
from tests.support.schedule_documents import (
    CREATE_TEMPLATE,
    SET_OVERRIDE,
    override_input,
    template_input,
)
from tests.support.variables import leaves, put

# Widths of the VARCHAR columns behind string inputs (7, 10, 20, 64, 100, 200), one over each,
# the free-text limit and one over it.
TEXTS = ["x" * n for n in (8, 11, 21, 65, 101, 200, 201, 2000, 2001)]
TEXTS += ["\x00", "a\ud800", "two\nlines", "2200-12-31", "1900-01-01", "23:59:59.999999"]
INTS = [2**31 - 1, -(2**31), 0, 53, 121]
ERRORS = "userErrors { field code message }"

FINGERPRINT = text(
    "SELECT (SELECT count(*) FROM blockout_types), (SELECT count(*) FROM blockouts),"
    " (SELECT count(*) FROM blockout_templates), (SELECT count(*) FROM provider_schedule_templates),"
    " (SELECT count(*) FROM provider_schedule_overrides), (SELECT count(*) FROM recall_types),"
    " (SELECT count(*) FROM recall_triggers), (SELECT count(*) FROM production_goals),"
    " (SELECT count(*) FROM idempotency_keys)"
)


async def requests(engine, practice) -> list[tuple[str, dict[str, Any]]]:
    """(document, valid variables) for each mutation."""
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    hygiene = await make_type(engine, practice, name="Hygiene")
    blockout = {
        "locationId": gid("Location", practice.location),
        "blockoutTypeId": gid("BlockoutType", lunch),
        "date": "2030-01-07",
        "startTime": "12:00",
        "endTime": "12:30",
        "note": "lunch",
    }
    item = {"blockoutTypeId": gid("BlockoutType", lunch), "startTime": "12:00", "endTime": "12:30"}
    new_type = {"name": "Hold", "abbreviation": "HLD", "color": "#AA5500", "sortOrder": 1}
    return [
        (mutation("createBlockoutType", f"blockoutType {{ id }} {ERRORS}"), {"input": new_type}),
        (mutation("createBlockouts", f"blockouts {{ id }} {ERRORS}"), {"input": blockout}),
        (
            mutation("createBlockoutTemplate", f"blockoutTemplate {{ id }} {ERRORS}"),
            {"input": {"name": "Day", "items": [{**item, "note": "n"}]}},
        ),
        (
            mutation("repeatBlockoutWeeks", f"created {ERRORS}"),
            {
                "input": {
                    "locationId": blockout["locationId"],
                    "weekStart": "2030-01-07",
                    "weeks": 2,
                }
            },
        ),
        (CREATE_TEMPLATE, {"input": template_input(practice, note="n")}),
        (SET_OVERRIDE, {"input": override_input(practice, reason="r", note="n")}),
        (
            """mutation ($input: CreateRecallTypeInput!) {
              createRecallType(input: $input) { recallType { id } userErrors { code } } }""",
            {"input": {"name": "Perio", "defaultIntervalMonths": 3, "sortOrder": 2}},
        ),
        (
            """mutation ($input: CreateRecallTriggerInput!) {
              createRecallTrigger(input: $input) { recallTrigger { id } userErrors { code } } }""",
            {"input": {"procedureCode": "D1110", "recallTypeId": gid("RecallType", hygiene)}},
        ),
        (CREATE_GOAL, goal_input(practice)),
    ]


async def test_hostile_values_in_staff_mutations(engine, execute):
    practice = await make_practice(engine)
    problems = []
    for document, variables in await requests(engine, practice):
        for path, value in leaves(variables):
            if isinstance(value, bool) or path[-1] in ("locationId", "blockoutTypeId"):
                continue
            for new in INTS if isinstance(value, int) else TEXTS:
                async with engine.connect() as connection:
                    before = (await connection.execute(FINGERPRINT)).one()
                result = await execute(document, put(variables, path, new), viewer=practice.staff)
                if "INTERNAL" in codes(result):
                    problems.append((path, repr(new)[:20], "INTERNAL"))
                elif refused(result):
                    async with engine.connect() as connection:
                        if (await connection.execute(FINGERPRINT)).one() != before:
                            problems.append((path, repr(new)[:20], "wrote"))
    assert problems == []
