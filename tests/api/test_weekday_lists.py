"""Every list of weekdays an input takes names each day once (schema/types/day_of_week.py
`distinct`): a day listed twice is VALIDATION at that field, and nothing changes."""

from __future__ import annotations

from tests.support.factories import global_id, make_practice
from tests.support.settings_documents import UPDATE_PREFERENCES, settings_state
from tests.support.waitlist_documents import (
    ADD,
    add,
    add_input,
    data,
    entry_error,
    state,
    update,
)

TWICE = "A weekday is listed twice"


async def test_a_new_waitlist_entry_with_a_day_twice_is_refused(engine, execute):
    practice = await make_practice(engine)
    before = await state(engine)
    variables = add_input(practice, preferredDays=["MONDAY", "FRIDAY", "MONDAY"])

    payload = data(await execute(ADD, variables, viewer=practice.staff), "addToWaitlist")

    assert payload == entry_error("VALIDATION", TWICE, "preferredDays")
    assert await state(engine) == before


async def test_changing_an_entrys_days_to_a_day_twice_is_refused(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice, preferredDays=["MONDAY"])
    before = await state(engine)

    payload = await update(execute, practice, entry, preferredDays=["TUESDAY", "TUESDAY"])

    assert payload == entry_error("VALIDATION", TWICE, "preferredDays")
    assert await state(engine) == before


async def test_a_patients_preferences_with_a_day_twice_are_refused(engine, execute):
    practice = await make_practice(engine)
    before = await settings_state(engine)
    variables = {
        "input": {
            "patientId": global_id("Patient", practice.patient.id),
            "baseVersion": None,
            "daysOfWeek": ["SUNDAY", "SUNDAY"],
            "timeWindows": [],
            "preferredProviderIds": [],
            "preferredLocationIds": [],
        }
    }

    result = await execute(UPDATE_PREFERENCES, variables, viewer=practice.staff)

    assert result.errors is None
    assert result.data["updatePatientSchedulingPreferences"] == {
        "patient": None,
        "userErrors": [{"field": ["input", "daysOfWeek"], "code": "VALIDATION", "message": TWICE}],
    }
    assert await settings_state(engine) == before
