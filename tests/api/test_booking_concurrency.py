"""Concurrent requests against the real server: PostgreSQL keeps every slot single-booked."""

from __future__ import annotations

import asyncio
import uuid
from base64 import b64decode
from collections import Counter
from datetime import datetime

from sqlalchemy import text

from tests.support.factories import global_id, make_operatory, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, CONFIRM, MOVE, booking_input


def outcome(result, field: str) -> str:
    assert result.errors is None, result.errors
    errors = result.data[field]["userErrors"]
    return errors[0]["code"] if errors else "OK"


async def blocking_in_slot(
    engine, *, start: str = "2000-01-01T00:00:00+00:00", end: str = "2100-01-01T00:00:00+00:00"
) -> int:
    """Live slot-holding appointments overlapping [start, end)."""
    async with engine.connect() as connection:
        return await connection.scalar(
            text(
                "SELECT count(*) FROM appointments WHERE blocks_slot AND "
                "(status <> 'hold' OR hold_expires_at > clock_timestamp()) AND "
                "tstzrange(start_at, end_at, '[)') && tstzrange(CAST(:start AS timestamptz), CAST(:end AS timestamptz), '[)')"
            ),
            {"start": datetime.fromisoformat(start), "end": datetime.fromisoformat(end)},
        )


async def test_twenty_concurrent_bookings_of_one_slot(engine, execute):
    # given 20 patients wanting the same chair at the same time
    practice = await make_practice(engine)
    patients = [await make_patient(engine, practice.org) for _ in range(20)]
    inputs = [
        booking_input(practice, patientId=global_id("Patient", patient.id)) for patient in patients
    ]
    # when they all book at once
    results = await asyncio.gather(
        *(execute(BOOK, {"input": i}, viewer=practice.staff) for i in inputs)
    )
    # then exactly one wins and 19 get SLOT_CONFLICT
    assert Counter(outcome(r, "bookAppointment") for r in results) == {"OK": 1, "SLOT_CONFLICT": 19}
    assert await blocking_in_slot(engine) == 1


async def test_concurrent_book_and_move_into_the_same_slot(engine, execute):
    practice = await make_practice(engine)
    early = await execute(
        BOOK, {"input": booking_input(practice, start="07:00")}, viewer=practice.staff
    )
    moving = early.data["bookAppointment"]["appointment"]
    other = await make_patient(engine, practice.org)
    book = execute(
        BOOK,
        {"input": booking_input(practice, patientId=global_id("Patient", other.id))},
        viewer=practice.staff,
    )
    move = execute(
        MOVE,
        {
            "input": {
                "appointmentId": moving["id"],
                "baseVersion": 1,
                "slot": {"date": "2030-01-07", "startTime": "09:00"},
            }
        },
        viewer=practice.staff,
    )
    booked, moved = await asyncio.gather(book, move)
    assert sorted([outcome(booked, "bookAppointment"), outcome(moved, "moveAppointment")]) == [
        "OK",
        "SLOT_CONFLICT",
    ]
    assert (
        await blocking_in_slot(
            engine, start="2030-01-07T15:00:00+00:00", end="2030-01-07T16:00:00+00:00"
        )
        == 1
    )


async def test_concurrent_moves_with_the_same_base_version(engine, execute):
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    moves = [
        execute(
            MOVE,
            {
                "input": {
                    "appointmentId": ident,
                    "baseVersion": 1,
                    "slot": {"date": "2030-01-08", "startTime": start},
                    "operatoryId": op,
                }
            },
            viewer=practice.staff,
        )
        for start, op in (
            ("11:00", global_id("Operatory", practice.operatory.id)),
            ("13:00", global_id("Operatory", second_op.id)),
        )
    ]
    results = await asyncio.gather(*moves)
    assert sorted(outcome(r, "moveAppointment") for r in results) == ["OK", "VERSION_CONFLICT"]
    node = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Appointment { version } } }",
        {"id": ident},
        viewer=practice.staff,
    )
    assert node.data["node"] == {"version": 2}


async def test_one_provider_booked_into_two_operatories_at_once(engine, execute):
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    other = await make_patient(engine, practice.org)
    results = await asyncio.gather(
        execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff),
        execute(
            BOOK,
            {
                "input": booking_input(
                    practice,
                    operatoryId=global_id("Operatory", second_op.id),
                    patientId=global_id("Patient", other.id),
                )
            },
            viewer=practice.staff,
        ),
    )
    assert sorted(outcome(r, "bookAppointment") for r in results) == ["OK", "SLOT_CONFLICT"]
    async with engine.connect() as connection:
        assert await connection.scalar(text("SELECT count(*) FROM provider_slots")) == 1


async def test_two_confirmations_of_one_hold(engine, execute):
    practice = await make_practice(engine)
    held = await execute(BOOK, {"input": booking_input(practice, hold=True)}, viewer=practice.staff)
    ident = held.data["bookAppointment"]["appointment"]["id"]
    confirm = {"input": {"appointmentId": ident, "baseVersion": 1}}
    results = await asyncio.gather(
        *(execute(CONFIRM, confirm, viewer=practice.staff) for _ in range(2))
    )
    assert sorted(outcome(r, "confirmBooking") for r in results) == ["OK", "VERSION_CONFLICT"]


async def test_a_confirmation_racing_the_hold_expiry(engine, execute):
    # given holds that lapse within milliseconds while a confirmation and a booking race
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org)
    seen: Counter[tuple[str, str]] = Counter()
    winners = 0
    for attempt in range(6):
        day = f"2030-02-{attempt + 4:02d}"
        held = await execute(
            BOOK, {"input": booking_input(practice, date=day, hold=True)}, viewer=practice.staff
        )
        ident = held.data["bookAppointment"]["appointment"]["id"]
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    # Only this attempt's hold: re-timing earlier lapsed holds (still stored as
                    # 'hold') would revive them and make the final count flaky.
                    "UPDATE appointments SET hold_expires_at = clock_timestamp() + make_interval(secs => :s) WHERE id = :id"
                ),
                {"s": 0.005 * attempt, "id": uuid.UUID(b64decode(ident).decode().split(":")[1])},
            )
        confirm, book = await asyncio.gather(
            execute(
                CONFIRM,
                {"input": {"appointmentId": ident, "baseVersion": 1}},
                viewer=practice.staff,
            ),
            execute(
                BOOK,
                {
                    "input": booking_input(
                        practice, date=day, patientId=global_id("Patient", other.id)
                    )
                },
                viewer=practice.staff,
            ),
        )
        pair = (outcome(confirm, "confirmBooking"), outcome(book, "bookAppointment"))
        # then at most one of them holds the slot: the confirmation if the hold was still live,
        # the booking if it had lapsed; both fail when the booking saw a live hold and the
        # confirmation came a moment after it lapsed. Never both.
        assert pair in {
            ("OK", "SLOT_CONFLICT"),
            ("HOLD_EXPIRED", "OK"),
            ("VERSION_CONFLICT", "OK"),
            ("HOLD_EXPIRED", "SLOT_CONFLICT"),
        }, pair
        seen[pair] += 1
        winners += "OK" in pair
    assert await blocking_in_slot(engine) == winners


async def test_the_database_itself_refuses_overlaps(engine):
    # given a scheduled appointment written straight to the database (no Python checks at all)
    import pytest
    from sqlalchemy.exc import IntegrityError

    from tests.support.factories import make_appointment, make_provider

    practice = await make_practice(engine)
    start = datetime.fromisoformat("2030-01-07T15:00:00+00:00")
    end = datetime.fromisoformat("2030-01-07T16:00:00+00:00")
    await make_appointment(engine, practice, start_at=start, end_at=end)
    other_provider = await make_provider(engine, practice.org)
    second_op = await make_operatory(engine, practice.location)
    # then an overlapping row in the same operatory is refused by the operatory constraint
    with pytest.raises(IntegrityError, match="ex_appointments_operatory_overlap"):
        await make_appointment(
            engine, practice, start_at=start, end_at=end, provider=other_provider
        )
    # and the same provider elsewhere by the provider constraint
    with pytest.raises(IntegrityError, match="ex_provider_slots_provider_overlap"):
        await make_appointment(engine, practice, start_at=start, end_at=end, operatory=second_op)
    # while touching, cancelled and allowed-overlap rows are accepted
    await make_appointment(engine, practice, start_at=end, end_at=end.replace(hour=17))
    await make_appointment(engine, practice, start_at=start, end_at=end, status="cancelled")  # type: ignore[arg-type]
    await make_appointment(engine, practice, start_at=start, end_at=end, allow_overlap=True)
