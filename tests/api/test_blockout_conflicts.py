"""No-schedule blockouts: booking, moving and previews into them are BLOCKED_TIME_CONFLICT."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.support.blockout_documents import gid, make_blockout, make_blockout_type
from tests.support.factories import make_operatory, make_practice, make_provider
from tests.support.lifecycle_documents import booking_input, database_state, soon

CONFLICTS = "conflicts { reason appointment { id } provider { id } blockout { id note } }"
PAYLOAD = f"appointment {{ id }} userErrors {{ field code message {CONFLICTS} }}"
BOOK = (
    f"mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{ {PAYLOAD} }} }}"
)
MOVE = (
    f"mutation ($input: MoveAppointmentInput!) {{ moveAppointment(input: $input) {{ {PAYLOAD} }} }}"
)
CHECK = f"query ($input: CheckConflictsInput!) {{ checkConflicts(input: $input) {{ hasConflicts reasons {CONFLICTS} }} }}"
PROVIDERS = f"mutation ($input: SetAppointmentProvidersInput!) {{ setAppointmentProviders(input: $input) {{ {PAYLOAD} }} }}"
# 09:30-10:00 in Chicago on 2030-01-07 (CST): inside the 09:00-10:00 booking of booking_input
START, END = datetime(2030, 1, 7, 15, 30, tzinfo=UTC), datetime(2030, 1, 7, 16, tzinfo=UTC)


def blocked(blockout, note=None) -> dict:
    return {
        "reason": "BLOCKED_TIME_CONFLICT",
        "appointment": None,
        "provider": None,
        "blockout": {"id": gid("Blockout", blockout), "note": note},
    }


async def test_booking_into_a_no_schedule_blockout_is_a_slot_conflict(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    blockout = await make_blockout(
        engine, practice, lunch, START, END, operatory=practice.operatory, note="Lunch"
    )
    before = await database_state(engine)
    result = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert result.data["bookAppointment"] == {
        "appointment": None,
        "userErrors": [
            {
                "field": None,
                "code": "SLOT_CONFLICT",
                "message": "A blockout closes this time to bookings",
                "conflicts": [blocked(blockout, "Lunch")],
            }
        ],
    }
    assert await database_state(engine) == before
    # touching the blockout's end is fine, and so is staff double-booking on purpose
    after = await execute(
        BOOK, {"input": booking_input(practice, start="10:00")}, viewer=practice.staff
    )
    assert after.data["bookAppointment"]["userErrors"] == []
    forced = await execute(
        BOOK,
        {"input": booking_input(practice, start="08:30", allowOverlap=True)},
        viewer=practice.staff,
    )
    assert forced.data["bookAppointment"]["userErrors"] == []


async def test_location_wide_blockouts_block_every_operatory(engine, execute):
    practice = await make_practice(engine)
    second = await make_operatory(engine, practice.location)
    meeting = await make_blockout_type(engine, practice, name="Meeting")
    await make_blockout(engine, practice, meeting, START, END, operatory=second)
    whole = await make_blockout(
        engine, practice, meeting, datetime(2030, 1, 7, 17, tzinfo=UTC),
        datetime(2030, 1, 7, 18, tzinfo=UTC),
    )  # fmt: skip
    # the blockout in the other operatory does not matter
    ok = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert ok.data["bookAppointment"]["userErrors"] == []
    # 11:30-12:30 overlaps the location-wide 11:00-12:00, in any operatory
    result = await execute(
        BOOK,
        {"input": booking_input(practice, start="11:30", operatoryId=gid("Operatory", second))},
        viewer=practice.staff,
    )
    assert result.data["bookAppointment"]["userErrors"][0]["conflicts"] == [blocked(whole)]


async def test_a_blockout_that_is_not_no_schedule_blocks_nothing(engine, execute):
    practice = await make_practice(engine)
    hold = await make_blockout_type(engine, practice, name="Emergency hold", no_schedule=False)
    await make_blockout(engine, practice, hold, START, END, operatory=practice.operatory)
    result = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    assert result.data["bookAppointment"]["userErrors"] == []


async def test_moving_into_a_blockout_and_previewing_it(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    booked = await execute(
        BOOK, {"input": booking_input(practice, start="07:00")}, viewer=practice.staff
    )
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    blockout = await make_blockout(engine, practice, lunch, START, END)
    before = await database_state(engine)
    moved = await execute(
        MOVE,
        {
            "input": {
                "appointmentId": ident,
                "baseVersion": 1,
                "slot": {"date": "2030-01-07", "startTime": "09:00"},
            }
        },
        viewer=practice.staff,
    )
    assert moved.data["moveAppointment"]["userErrors"][0]["code"] == "SLOT_CONFLICT"
    assert moved.data["moveAppointment"]["userErrors"][0]["conflicts"] == [blocked(blockout)]
    assert await database_state(engine) == before
    check_input = {
        "locationId": gid("Location", practice.location),
        "operatoryId": gid("Operatory", practice.operatory),
        "providerIds": [gid("Provider", practice.provider)],
        "slot": {"date": "2030-01-07", "startTime": "07:30"},
        "appointmentTypeId": gid("AppointmentType", practice.appointment_type),
    }
    # 07:30-08:30 overlaps the booked 07:00-08:00 in the operatory and by its provider
    check = await execute(CHECK, {"input": check_input}, viewer=practice.staff)
    assert check.data["checkConflicts"]["reasons"] == ["APPOINTMENT_OVERLAP", "PROVIDER_OVERLAP"]
    check_input["slot"] = {"date": "2030-01-07", "startTime": "09:45"}
    check = await execute(CHECK, {"input": check_input}, viewer=practice.staff)
    assert check.data["checkConflicts"] == {
        "hasConflicts": True,
        "reasons": ["BLOCKED_TIME_CONFLICT"],
        "conflicts": [blocked(blockout)],
    }


async def test_appointment_and_blockout_conflicts_together(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    first = await execute(
        BOOK, {"input": booking_input(practice, start="08:30")}, viewer=practice.staff
    )
    first_id = first.data["bookAppointment"]["appointment"]["id"]
    blockout = await make_blockout(engine, practice, lunch, START, END)
    result = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    conflicts = result.data["bookAppointment"]["userErrors"][0]["conflicts"]
    assert [(c["reason"], c["appointment"], c["blockout"]) for c in conflicts] == [
        ("APPOINTMENT_OVERLAP", {"id": first_id}, None),
        ("PROVIDER_OVERLAP", {"id": first_id}, None),
        ("BLOCKED_TIME_CONFLICT", None, {"id": gid("Blockout", blockout), "note": None}),
    ]


async def test_patients_see_the_reason_but_not_the_blockout(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    day = soon()  # patients book inside the booking window
    start = datetime.fromisoformat(f"{day}T09:30:00").replace(tzinfo=ZoneInfo("America/Chicago"))
    await make_blockout(
        engine, practice, lunch, start, start + timedelta(minutes=30), note="Staff only"
    )
    result = await execute(
        BOOK, {"input": booking_input(practice, date=day)}, viewer=practice.patient_viewer()
    )
    (user_error,) = result.data["bookAppointment"]["userErrors"]
    assert user_error["conflicts"] == [
        {"reason": "BLOCKED_TIME_CONFLICT", "appointment": None, "provider": None, "blockout": None}
    ]


async def test_changing_providers_in_place_ignores_blockouts(engine, execute):
    practice = await make_practice(engine)
    lunch = await make_blockout_type(engine, practice, name="Lunch")
    colleague = await make_provider(engine, practice.org, last_name="Colleague")
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    # a blockout put over the appointment afterwards
    await make_blockout(engine, practice, lunch, START, END)
    result = await execute(
        PROVIDERS,
        {
            "input": {
                "appointmentId": ident,
                "baseVersion": 1,
                "providerIds": [gid("Provider", colleague)],
            }
        },
        viewer=practice.staff,
    )
    assert result.data["setAppointmentProviders"]["userErrors"] == []
