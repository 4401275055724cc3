"""transitionAppointment through the schema: the status machine and the slot guarantee."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import text

from tests.support.factories import global_id, make_patient, make_practice
from tests.support.lifecycle_documents import (
    PAYLOAD,
    booked,
    calendar,
    database_state,
    refusal,
    slot_taken,
)

TRANSITION = (
    "mutation ($input: TransitionAppointmentInput!) "
    f"{{ transitionAppointment(input: $input) {{ {PAYLOAD} appointment {{ statusReason }} }} }}"
)


async def transition(
    execute, practice, ident: str, status: str, version: int, *, viewer=None, **extra
) -> dict:
    """The transitionAppointment payload (as staff unless a viewer is given)."""
    variables = {
        "input": {"appointmentId": ident, "baseVersion": version, "status": status, **extra}
    }
    result = await execute(TRANSITION, variables, viewer=viewer or practice.staff)
    assert result.errors is None
    return result.data["transitionAppointment"]


def entry(before: str, after: str, reason: str | None = None) -> dict:
    """A STATUS_CHANGED history edge by the test staff member."""
    changes: list[dict[str, str | None]] = [{"field": "status", "before": before, "after": after}]
    if reason is not None:
        changes.append({"field": "statusReason", "before": None, "after": reason})
    return {"node": {"action": "STATUS_CHANGED", "actor": "staff-test", "changes": changes}}


async def test_complete_then_undo_and_cancel_record_each_change(engine, execute):
    # given a scheduled appointment
    practice = await make_practice(engine)
    appointment = await booked(execute, practice)
    history = appointment["history"]["edges"]
    # when it is completed, then it is COMPLETE at version 2 and still on the calendar
    done = await transition(execute, practice, appointment["id"], "COMPLETE", 1)
    history = [*history, entry("SCHEDULED", "COMPLETE")]
    expected = {**appointment, "statusReason": None, "history": {"edges": history}}
    assert done == {
        "appointment": {**expected, "status": "COMPLETE", "version": 2},
        "userErrors": [],
    }
    assert await calendar(execute, practice) == [{"id": appointment["id"], "status": "COMPLETE"}]
    # when the completion is undone (it already holds its slot, so nothing to check)
    undone = await transition(
        execute, practice, appointment["id"], "SCHEDULED", 2, reason="Marked by mistake"
    )
    history = [*history, entry("COMPLETE", "SCHEDULED", "Marked by mistake")]
    assert undone == {
        "appointment": {
            **expected,
            "status": "SCHEDULED",
            "version": 3,
            "history": {"edges": history},
        },
        "userErrors": [],
    }
    # when it is cancelled with a reason, then the reason is kept and it leaves the calendar
    cancelled = await transition(
        execute, practice, appointment["id"], "CANCELLED", 3, reason="Moved away"
    )
    history = [*history, entry("SCHEDULED", "CANCELLED", "Moved away")]
    assert cancelled == {
        "appointment": {
            **expected,
            "status": "CANCELLED",
            "version": 4,
            "statusReason": "Moved away",
            "history": {"edges": history},
        },
        "userErrors": [],
    }
    assert await calendar(execute, practice) == []


async def test_illegal_transitions_and_refusals_change_nothing(engine, execute):
    practice = await make_practice(engine)
    other = await make_practice(engine)
    appointment = await booked(execute, practice)
    foreign = await booked(execute, other)
    ended = await booked(execute, practice, start="13:00")
    await transition(execute, practice, ended["id"], "CANCELLED", 1)
    before = await database_state(engine)
    ident = appointment["id"]
    cases: list[tuple[tuple[str, str, int], dict[str, Any], dict]] = [
        (
            (ended["id"], "SCHEDULED", 2),
            {},
            refusal("INVALID_TRANSITION", "The appointment cannot go from CANCELLED to SCHEDULED"),
        ),
        (
            (ident, "SCHEDULED", 1),
            {},
            refusal("INVALID_TRANSITION", "The appointment cannot go from SCHEDULED to SCHEDULED"),
        ),
        (
            (ident, "HOLD", 1),
            {},
            refusal(
                "VALIDATION",
                "HOLD is not a target here; holds are made by bookAppointment and end with "
                "confirmBooking or by lapsing",
                "status",
            ),
        ),
        (
            (ident, "EXPIRED", 1),
            {},
            refusal(
                "VALIDATION",
                "EXPIRED is not a target here; holds are made by bookAppointment and end with "
                "confirmBooking or by lapsing",
                "status",
            ),
        ),
        (
            (ident, "COMPLETE", 5),
            {},
            refusal("VERSION_CONFLICT", "The appointment is at version 1, not 5", "baseVersion"),
        ),
        (
            (global_id("Appointment", uuid.uuid4()), "COMPLETE", 1),
            {},
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
        (
            (foreign["id"], "COMPLETE", 1),
            {},
            refusal("NOT_FOUND", "No appointment with this ID", "appointmentId"),
        ),
        (
            (ident, "COMPLETE", 1),
            {"viewer": practice.patient_viewer()},
            refusal("FORBIDDEN", "Only staff may change an appointment's status"),
        ),
        (
            (ident, "BROKEN", 1),
            {"reason": "x" * 501},
            refusal("VALIDATION", "reason may be at most 500 characters", "reason"),
        ),
    ]
    for args, extra, expected in cases:
        assert await transition(execute, practice, *args, **extra) == expected, args
    assert await database_state(engine) == before


async def test_returning_to_a_slot_holding_status_checks_the_slot(engine, execute):
    # given an appointment on the pinboard whose old slot someone else has since taken
    practice = await make_practice(engine)
    parked = await booked(execute, practice)
    await transition(execute, practice, parked["id"], "PINBOARD", 1)
    newcomer = await make_patient(engine, practice.org)
    taken = await booked(execute, practice, patientId=global_id("Patient", newcomer.id))
    before = await database_state(engine)
    # when it is scheduled again at its old time, then SLOT_CONFLICT and nothing changes
    clash = await transition(execute, practice, parked["id"], "SCHEDULED", 2)
    assert clash == {
        "appointment": None,
        "userErrors": [slot_taken(taken["id"], practice)],
    }
    assert await database_state(engine) == before
    # moving between off-grid statuses needs no slot
    unscheduled = await transition(execute, practice, parked["id"], "UNSCHEDULED", 2)
    assert unscheduled["appointment"]["status"] == "UNSCHEDULED"
    # once the slot is free again it can be scheduled, and the calendar shows it
    await transition(execute, practice, taken["id"], "CANCELLED", 1)
    back = await transition(execute, practice, parked["id"], "SCHEDULED", 3)
    assert (back["userErrors"], back["appointment"]["version"]) == ([], 4)
    assert await calendar(execute, practice) == [{"id": parked["id"], "status": "SCHEDULED"}]


async def test_a_live_hold_can_be_scheduled_but_a_lapsed_one_is_expired(engine, execute):
    practice = await make_practice(engine)
    hold = await booked(execute, practice, hold=True)
    confirmed = await transition(execute, practice, hold["id"], "SCHEDULED", 1)
    assert (confirmed["appointment"]["status"], confirmed["appointment"]["holdExpiresAt"]) == (
        "SCHEDULED",
        None,
    )
    lapsed = await booked(execute, practice, start="13:00", hold=True)
    async with engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE appointments SET hold_expires_at = now() - interval '1 second' "
                "WHERE status = 'hold'"
            )
        )
    before = await database_state(engine)
    result = await transition(execute, practice, lapsed["id"], "CANCELLED", 1)
    assert result == refusal(
        "INVALID_TRANSITION", "The appointment cannot go from EXPIRED to CANCELLED"
    )
    assert await database_state(engine) == before
