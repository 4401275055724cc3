"""createScheduleNote through the schema: one note per location and date, also concurrently."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date

from sqlalchemy import insert

from db.models import ScheduleNote
from db.tables import table_of
from tests.support.factories import global_id, make_location, make_practice
from tests.support.lock_waits import wait_for_lock_waiter
from tests.support.schedule_documents import CREATE_NOTE, integration, payload, schedule_state

DUPLICATE = {
    "field": ["input", "date"],
    "code": "DUPLICATE",
    "message": "This location already has a note for this date; update it instead",
}


def note_input(practice, **extra):
    values = {
        "locationId": global_id("Location", practice.location.id),
        "date": "2030-01-07",
        "note": "Staff meeting at noon",
    }
    return {**values, **extra}


async def test_create_a_note_and_a_second_one_for_the_date_is_a_duplicate(engine, execute):
    practice = await make_practice(engine)
    result = await execute(CREATE_NOTE, {"input": note_input(practice)}, viewer=practice.staff)
    created = payload(result, "createScheduleNote")
    note = created["scheduleNote"]
    assert created == {
        "scheduleNote": {
            "id": note["id"],
            "date": "2030-01-07",
            "note": "Staff meeting at noon",
            "version": 1,
            "location": {"id": global_id("Location", practice.location.id)},
        },
        "userErrors": [],
    }
    before = await schedule_state(engine)
    second = await execute(
        CREATE_NOTE, {"input": note_input(practice, note="Other")}, viewer=practice.staff
    )
    assert payload(second, "createScheduleNote") == {
        "scheduleNote": None,
        "userErrors": [DUPLICATE],
    }
    assert await schedule_state(engine) == before
    # Another date or another location is fine.
    site = await make_location(engine, practice.org)
    for extra in ({"date": "2030-01-08"}, {"locationId": global_id("Location", site.id)}):
        other = await execute(
            CREATE_NOTE, {"input": note_input(practice, **extra)}, viewer=practice.staff
        )
        assert payload(other, "createScheduleNote")["userErrors"] == []


async def test_concurrent_creates_give_one_note_and_duplicates(engine, execute):
    practice = await make_practice(engine)
    results = await asyncio.gather(
        *(
            execute(
                CREATE_NOTE, {"input": note_input(practice, note=f"n{n}")}, viewer=practice.staff
            )
            for n in range(10)
        )
    )
    codes = Counter(
        (payload(r, "createScheduleNote")["userErrors"] or [{"code": "OK"}])[0]["code"]
        for r in results
    )
    assert codes == {"OK": 1, "DUPLICATE": 9}
    assert len((await schedule_state(engine))[2]) == 1


async def test_a_create_waiting_on_an_uncommitted_note_becomes_a_duplicate(engine, execute):
    practice = await make_practice(engine)
    notes = table_of(ScheduleNote)
    async with engine.connect() as holder:
        transaction = await holder.begin()
        await holder.execute(
            insert(notes).values(
                organization_id=practice.org.id,
                location_id=practice.location.id,
                note_date=date(2030, 1, 7),
                note="First",
            )
        )
        pending = asyncio.create_task(
            execute(CREATE_NOTE, {"input": note_input(practice)}, viewer=practice.staff)
        )
        # blocked on the unique index, past any pre-check: PostgreSQL says it waits for a lock
        await wait_for_lock_waiter(engine, until=pending)
        assert not pending.done()
        await transaction.commit()
    result = await pending
    assert payload(result, "createScheduleNote") == {
        "scheduleNote": None,
        "userErrors": [DUPLICATE],
    }


async def test_invalid_foreign_or_forbidden_creates_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    before = await schedule_state(engine)
    cases = [
        ({"note": "   "}, "VALIDATION", ["input", "note"], "note must not be empty"),
        ({"note": "x" * 2001}, "VALIDATION", ["input", "note"], "note may be at most 2000 characters"),
        ({"locationId": global_id("Location", other.location.id)}, "NOT_FOUND",
         ["input", "locationId"], "No location with this ID"),
    ]  # fmt: skip
    for extra, code, field, message in cases:
        result = await execute(
            CREATE_NOTE, {"input": note_input(practice, **extra)}, viewer=practice.staff
        )
        assert payload(result, "createScheduleNote") == {
            "scheduleNote": None,
            "userErrors": [{"field": field, "code": code, "message": message}],
        }
    for viewer in (practice.patient_viewer(), integration(practice)):
        denied = await execute(CREATE_NOTE, {"input": note_input(practice)}, viewer=viewer)
        assert payload(denied, "createScheduleNote")["userErrors"] == [
            {"field": None, "code": "FORBIDDEN", "message": "Only staff may change schedule notes"}
        ]
    assert await schedule_state(engine) == before


async def test_idempotent_retries_replay_instead_of_duplicating(engine, execute):
    practice = await make_practice(engine)
    request = note_input(practice, idempotencyKey="note-1")
    first = await execute(CREATE_NOTE, {"input": request}, viewer=practice.staff)
    second = await execute(CREATE_NOTE, {"input": request}, viewer=practice.staff)
    assert second.data == first.data
    assert payload(second, "createScheduleNote")["userErrors"] == []
