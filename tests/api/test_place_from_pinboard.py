"""placeFromPinboard through the schema: conflict rules, refusals, calendar, a race."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime

from sqlalchemy import text

from scheduling.appointment_status import AppointmentStatus
from tests.support.connections import changes, history
from tests.support.factories import (
    global_id,
    make_appointment,
    make_operatory,
    make_patient,
    make_practice,
    make_provider,
)
from tests.support.lifecycle_documents import (
    BOOK,
    PAYLOAD,
    booking_input,
    calendar,
    database_state,
    refusal,
    slot_taken,
)

PIN = f"mutation ($input: SendToPinboardInput!) {{ sendToPinboard(input: $input) {{ {PAYLOAD} }} }}"
PLACE = (
    "mutation ($input: PlaceFromPinboardInput!) "
    f"{{ placeFromPinboard(input: $input) {{ {PAYLOAD} }} }}"
)


async def pinboarded(execute, practice, **extra) -> dict:
    """A booked appointment sent to the pinboard (version 2)."""
    result = await execute(BOOK, {"input": booking_input(practice, **extra)}, viewer=practice.staff)
    ident = result.data["bookAppointment"]["appointment"]["id"]
    pinned = await execute(
        PIN, {"input": {"appointmentId": ident, "baseVersion": 1}}, viewer=practice.staff
    )
    return pinned.data["sendToPinboard"]["appointment"]


def place_input(ident: str, *, version: int = 2, start: str = "11:00", **extra) -> dict:
    """placeFromPinboard variables at a 2030-01-07 local start."""
    return {
        "input": {
            "appointmentId": ident,
            "baseVersion": version,
            "slot": {"date": "2030-01-07", "startTime": start},
            **extra,
        }
    }


async def test_placing_schedules_it_in_the_new_slot_and_on_the_calendar(engine, execute):
    # given a 60-minute appointment parked on the pinboard, a second chair and a second dentist
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    dentist = await make_provider(engine, practice.org, last_name="Other")
    parked = await pinboarded(execute, practice)
    assert await calendar(execute, practice) == []
    # when staff place it at 11:00 in the second chair with the other dentist
    result = await execute(
        PLACE,
        place_input(
            parked["id"],
            operatoryId=global_id("Operatory", second_op.id),
            providerIds=[global_id("Provider", dentist.id)],
        ),
        viewer=practice.staff,
    )
    # then it is SCHEDULED at 17:00Z-18:00Z (its length kept), version 3, history "placed"
    assert result.errors is None
    assert result.data["placeFromPinboard"] == {
        "appointment": {
            **parked,
            "status": "SCHEDULED",
            "version": 3,
            "startAt": "2030-01-07T17:00:00+00:00",
            "endAt": "2030-01-07T18:00:00+00:00",
            "operatory": {"id": global_id("Operatory", second_op.id)},
            "providers": [{"id": global_id("Provider", dentist.id)}],
            "history": {
                "edges": [
                    *parked["history"]["edges"],
                    {
                        "node": {
                            "action": "PLACED",
                            "actor": "staff-test",
                            "changes": [
                                {
                                    "field": "startAt",
                                    "before": "2030-01-07T15:00:00+00:00",
                                    "after": "2030-01-07T17:00:00+00:00",
                                },
                                {
                                    "field": "endAt",
                                    "before": "2030-01-07T16:00:00+00:00",
                                    "after": "2030-01-07T18:00:00+00:00",
                                },
                                {"field": "status", "before": "PINBOARD", "after": "SCHEDULED"},
                                {
                                    "field": "operatory",
                                    "before": global_id("Operatory", practice.operatory.id),
                                    "after": global_id("Operatory", second_op.id),
                                },
                                {
                                    "field": "providers",
                                    "before": [global_id("Provider", practice.provider.id)],
                                    "after": [global_id("Provider", dentist.id)],
                                },
                            ],
                        }
                    },
                ]
            },
        },
        "userErrors": [],
    }
    # and it appears on the calendar
    assert await calendar(execute, practice) == [{"id": parked["id"], "status": "SCHEDULED"}]


async def test_an_unscheduled_appointment_can_be_placed_at_its_old_operatory(engine, execute):
    practice = await make_practice(engine)
    row = await make_appointment(
        engine,
        practice,
        start_at=datetime(2030, 1, 7, 15, tzinfo=UTC),
        end_at=datetime(2030, 1, 7, 15, 30, tzinfo=UTC),
        status=AppointmentStatus.UNSCHEDULED,
    )
    ident = global_id("Appointment", row.id)
    result = await execute(PLACE, place_input(ident, version=1), viewer=practice.staff)
    placed = result.data["placeFromPinboard"]["appointment"]
    assert result.data["placeFromPinboard"]["userErrors"] == []
    assert (placed["status"], placed["startAt"], placed["endAt"], placed["operatory"]) == (
        "SCHEDULED",
        "2030-01-07T17:00:00+00:00",
        "2030-01-07T17:30:00+00:00",
        {"id": global_id("Operatory", practice.operatory.id)},
    )
    assert changes(history(placed)[-1])["status"] == {"before": "UNSCHEDULED", "after": "SCHEDULED"}


async def test_placing_into_a_taken_slot_is_a_slot_conflict(engine, execute):
    # given 09:00-10:00 booked, and another appointment on the pinboard
    practice = await make_practice(engine)
    taken = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    taken_id = taken.data["bookAppointment"]["appointment"]["id"]
    parked = await pinboarded(execute, practice, start="13:00")
    before = await database_state(engine)
    # when it is placed at 09:30, then SLOT_CONFLICT naming what is in the way
    result = await execute(PLACE, place_input(parked["id"], start="09:30"), viewer=practice.staff)
    assert result.data["placeFromPinboard"] == {
        "appointment": None,
        "userErrors": [slot_taken(taken_id, practice)],
    }
    assert await database_state(engine) == before


async def test_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    parked = await pinboarded(execute, practice)
    foreign = await pinboarded(execute, other)
    scheduled = await execute(
        BOOK, {"input": booking_input(practice, start="15:00")}, viewer=practice.staff
    )
    scheduled_id = scheduled.data["bookAppointment"]["appointment"]["id"]
    before = await database_state(engine)
    not_found = refusal("NOT_FOUND", "No appointment with this ID", "appointmentId")
    cases = [
        (
            place_input(parked["id"], version=1),
            practice.staff,
            refusal("VERSION_CONFLICT", "The appointment is at version 2, not 1", "baseVersion"),
        ),
        (place_input(global_id("Appointment", uuid.uuid4())), practice.staff, not_found),
        (place_input(foreign["id"]), practice.staff, not_found),
        (
            place_input(parked["id"]),
            practice.patient_viewer(),
            refusal("FORBIDDEN", "Only staff may place appointments from the pinboard"),
        ),
        (
            place_input(scheduled_id, version=1),
            practice.staff,
            refusal(
                "INVALID_TRANSITION",
                "Only a PINBOARD or UNSCHEDULED appointment can be placed; this one is SCHEDULED",
            ),
        ),
        (
            {
                "input": {
                    **place_input(parked["id"])["input"],
                    "slot": {"date": "2030-03-10", "startTime": "02:30"},
                }
            },
            practice.staff,
            refusal(
                "DST_GAP",
                "2030-03-10 02:30 does not exist in America/Chicago (clocks spring forward)",
                "slot.startTime",
            ),
        ),
    ]
    for variables, viewer, expected in cases:
        result = await execute(PLACE, variables, viewer=viewer)
        assert result.errors is None
        assert result.data["placeFromPinboard"] == expected, variables
    assert await database_state(engine) == before


async def test_two_concurrent_placements_into_one_slot(engine, execute):
    # given two pinboard appointments of different patients, at different old times
    practice = await make_practice(engine)
    parked = [
        await make_appointment(
            engine,
            practice,
            start_at=datetime(2030, 1, 7, hour, tzinfo=UTC),
            end_at=datetime(2030, 1, 7, hour + 1, tzinfo=UTC),
            status=AppointmentStatus.PINBOARD,
            patient=await make_patient(engine, practice.org),
        )
        for hour in (13, 20)
    ]
    ids = [global_id("Appointment", row.id) for row in parked]
    # two pooled connections are open already, so neither call starts by connecting
    await asyncio.gather(calendar(execute, practice), calendar(execute, practice))
    # when both are placed at 09:00 at the same moment (each call has its own connection)
    results = await asyncio.gather(
        *(
            execute(PLACE, place_input(ident, version=1, start="09:00"), viewer=practice.staff)
            for ident in ids
        )
    )
    # then exactly one is scheduled and the other is a SLOT_CONFLICT naming the winner
    payloads = [result.data["placeFromPinboard"] for result in results]
    winners = [p["appointment"]["id"] for p in payloads if p["appointment"] is not None]
    losers = [p["userErrors"] for p in payloads if p["appointment"] is None]
    assert len(winners) == 1
    assert len(losers) == 1
    assert [error["code"] for error in losers[0]] == ["SLOT_CONFLICT"]
    assert {c["appointment"]["id"] for c in losers[0][0]["conflicts"]} == set(winners)
    async with engine.connect() as connection:
        blocking = await connection.scalar(
            text("SELECT count(*) FROM appointments WHERE blocks_slot")
        )
    assert blocking == 1
    assert await calendar(execute, practice) == [{"id": winners[0], "status": "SCHEDULED"}]
