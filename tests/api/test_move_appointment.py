"""moveAppointment through the schema: versions, self-overlap, locks, policy window."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from tests.support.connections import changes
from tests.support.factories import global_id, make_operatory, make_practice
from tests.support.lifecycle_documents import MOVE, booked, database_state


def move_input(
    ident: str, *, version: int = 1, date: str = "2030-01-07", start: str = "09:30", **extra
) -> dict:
    return {
        "input": {
            "appointmentId": ident,
            "baseVersion": version,
            "slot": {"date": date, "startTime": start},
            **extra,
        }
    }


async def test_a_move_onto_its_own_time_range_is_no_conflict(engine, execute):
    # given 09:00-10:00; when moved by 30 minutes (overlapping its old self)
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    result = await execute(MOVE, move_input(appointment["id"]), viewer=practice.staff)
    # then it moved, kept its length, bumped its version and recorded what changed
    moved = result.data["moveAppointment"]["appointment"]
    assert result.data["moveAppointment"]["userErrors"] == []
    assert (moved["startAt"], moved["endAt"], moved["version"]) == (
        "2030-01-07T15:30:00+00:00",
        "2030-01-07T16:30:00+00:00",
        2,
    )
    entry = moved["history"]["edges"][-1]["node"]
    assert entry["action"] == "MOVED"
    assert changes(entry) == {
        "startAt": {"before": "2030-01-07T15:00:00+00:00", "after": "2030-01-07T15:30:00+00:00"},
        "endAt": {"before": "2030-01-07T16:00:00+00:00", "after": "2030-01-07T16:30:00+00:00"},
    }


async def test_move_to_another_operatory_and_a_taken_slot(engine, execute):
    practice = await make_practice(engine)
    second_op = await make_operatory(engine, practice.location)
    first = await booked(execute, practice)
    second = await booked(execute, practice, start="11:00")
    before = await database_state(engine)
    clash = await execute(MOVE, move_input(second["id"], start="09:15"), viewer=practice.staff)
    assert clash.data["moveAppointment"]["userErrors"][0]["code"] == "SLOT_CONFLICT"
    assert {
        c["appointment"]["id"] for c in clash.data["moveAppointment"]["userErrors"][0]["conflicts"]
    } == {first["id"]}
    assert await database_state(engine) == before
    elsewhere = await execute(
        MOVE,
        move_input(second["id"], start="13:00", operatoryId=global_id("Operatory", second_op.id)),
        viewer=practice.staff,
    )
    assert elsewhere.data["moveAppointment"]["appointment"]["operatory"] == {
        "id": global_id("Operatory", second_op.id)
    }


async def test_stale_versions_unknown_ids_and_locks(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    before = await database_state(engine)
    stale = await execute(MOVE, move_input(appointment["id"], version=7), viewer=practice.staff)
    assert stale.data["moveAppointment"]["userErrors"] == [
        {
            "field": ["input", "baseVersion"],
            "code": "VERSION_CONFLICT",
            "message": "The appointment is at version 1, not 7",
            "conflicts": [],
        }
    ]
    missing = await execute(MOVE, move_input(foreign["id"]), viewer=practice.staff)
    assert missing.data["moveAppointment"]["userErrors"][0]["code"] == "NOT_FOUND"
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE appointments SET is_time_locked = true"))
    locked = await execute(MOVE, move_input(appointment["id"]), viewer=practice.staff)
    assert locked.data["moveAppointment"]["userErrors"][0]["code"] == "TIME_LOCKED"
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE appointments SET is_time_locked = false"))
    assert await database_state(engine) == before


async def test_patients_cannot_move_inside_the_policy_window(engine, execute):
    # given an appointment 3 hours from now; its type has a 24-hour policy
    practice = await make_practice(engine)
    soon = datetime.now(UTC) + timedelta(hours=3)
    local = soon.astimezone(__import__("zoneinfo").ZoneInfo("America/Chicago"))
    appointment = await booked(
        execute, practice, date=local.date().isoformat(), start=local.strftime("%H:%M")
    )
    tomorrow = (local + timedelta(days=2)).date().isoformat()
    before = await database_state(engine)
    # when the patient moves it, then POLICY_WINDOW; staff may move it
    by_patient = await execute(
        MOVE,
        move_input(appointment["id"], date=tomorrow, start="10:00"),
        viewer=practice.patient_viewer(),
    )
    assert by_patient.data["moveAppointment"]["userErrors"][0]["code"] == "POLICY_WINDOW"
    assert await database_state(engine) == before
    flags = await execute(
        "query ($id: ID!) { node(id: $id) { ... on Appointment { canBeCancelled canBeRescheduled } } }",
        {"id": appointment["id"]},
        viewer=practice.patient_viewer(),
    )
    assert flags.data["node"] == {"canBeCancelled": False, "canBeRescheduled": False}
    by_staff = await execute(
        MOVE, move_input(appointment["id"], date=tomorrow, start="10:00"), viewer=practice.staff
    )
    assert by_staff.data["moveAppointment"]["userErrors"] == []


async def test_a_patient_cannot_touch_someone_elses_appointment(engine, execute):
    from tests.support.factories import make_patient
    from tests.support.lifecycle_documents import CANCEL, CONFIRM

    practice = await make_practice(engine)
    stranger = await make_patient(engine, practice.org)
    appointment = await booked(execute, practice)
    before = await database_state(engine)
    viewer = practice.patient_viewer(stranger)
    moved = await execute(MOVE, move_input(appointment["id"]), viewer=viewer)
    cancelled = await execute(
        CANCEL,
        {"input": {"appointmentId": appointment["id"], "baseVersion": 1, "cancelledBy": "PATIENT"}},
        viewer=viewer,
    )
    confirmed = await execute(
        CONFIRM, {"input": {"appointmentId": appointment["id"], "baseVersion": 1}}, viewer=viewer
    )
    for result, field in (
        (moved, "moveAppointment"),
        (cancelled, "cancelAppointment"),
        (confirmed, "confirmBooking"),
    ):
        assert result.data[field]["userErrors"][0]["code"] == "NOT_FOUND", field
    assert await database_state(engine) == before
