"""The request clock, through the schema: rules read "now" from the context's clock (pinned
here), once per request; a hold lapses on the database's clock whatever the request clock says."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import text

from resolvers.clock import FixedClock
from tests.support.factories import global_id, make_practice
from tests.support.lifecycle_documents import BOOK, CANCEL, booking_input, database_state

VISIT = datetime(2030, 1, 7, 15, tzinfo=UTC)  # booking_input's 09:00 in Chicago
DAYS_BEFORE = FixedClock(datetime(2030, 1, 1, 12, tzinfo=UTC))
HOURS_BEFORE = FixedClock(datetime(2030, 1, 7, 12, tzinfo=UTC))  # inside the 24-hour policy
AFTER = FixedClock(datetime(2030, 1, 8, tzinfo=UTC))
FLAGS = "query ($id: ID!) { node(id: $id) { ... on Appointment { canBeCancelled status } } }"


def codes(result, name: str) -> list[tuple[str, str | None]]:
    """The user errors' codes with the last part of their field path."""
    assert result.errors is None, result.errors
    errors = result.data[name]["userErrors"]
    return [(e["code"], e["field"][-1] if e["field"] else None) for e in errors]


async def test_the_booking_window_and_a_future_start_follow_the_request_clock(engine, execute):
    practice = await make_practice(engine)
    patient = practice.patient_viewer()
    # on the real clock a 2030 visit lies beyond the type's 180-day booking window
    far = await execute(BOOK, {"input": booking_input(practice)}, viewer=patient)
    assert codes(far, "bookAppointment") == [("VALIDATION", "startTime")]
    # after the visit on the pinned clock, it is in the past
    past = await execute(BOOK, {"input": booking_input(practice)}, viewer=patient, clock=AFTER)
    assert codes(past, "bookAppointment") == [("VALIDATION", "startTime")]
    assert "future" in past.data["bookAppointment"]["userErrors"][0]["message"]
    # six days before it on the pinned clock, the patient may book it
    booked = await execute(
        BOOK, {"input": booking_input(practice)}, viewer=patient, clock=DAYS_BEFORE
    )
    assert codes(booked, "bookAppointment") == []


async def test_the_policy_window_follows_the_request_clock(engine, execute):
    practice = await make_practice(engine)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    patient = practice.patient_viewer()
    early = await execute(FLAGS, {"id": ident}, viewer=patient, clock=DAYS_BEFORE)
    assert early.data["node"] == {"canBeCancelled": True, "status": "SCHEDULED"}
    late = await execute(FLAGS, {"id": ident}, viewer=patient, clock=HOURS_BEFORE)
    assert late.data["node"] == {"canBeCancelled": False, "status": "SCHEDULED"}
    before = await database_state(engine)
    request = {"appointmentId": ident, "baseVersion": 1, "cancelledBy": "PATIENT"}
    refused = await execute(CANCEL, {"input": request}, viewer=patient, clock=HOURS_BEFORE)
    assert codes(refused, "cancelAppointment") == [("POLICY_WINDOW", None)]
    assert await database_state(engine) == before
    allowed = await execute(CANCEL, {"input": request}, viewer=patient, clock=DAYS_BEFORE)
    assert codes(allowed, "cancelAppointment") == []


async def test_a_hold_lapses_on_the_database_clock_not_the_request_clock(engine, execute):
    practice = await make_practice(engine)
    # the request clock is pinned years before the database's clock
    long_ago = FixedClock(datetime(2001, 1, 1, tzinfo=UTC))
    held = await execute(
        BOOK, {"input": booking_input(practice, hold=True)}, viewer=practice.staff, clock=long_ago
    )
    assert codes(held, "bookAppointment") == []
    async with engine.connect() as connection:
        live, within_minutes = (
            await connection.execute(
                text(
                    "SELECT hold_expires_at > clock_timestamp(), "
                    "hold_expires_at <= clock_timestamp() + interval '5 minutes' FROM appointments"
                )
            )
        ).one()
    # so the hold runs its 5 minutes on the database clock that every hold check reads
    assert (live, within_minutes) == (True, True)


@dataclass
class CountingClock:
    """A pinned clock that counts how often it is read."""

    at: datetime
    reads: list[datetime] = field(default_factory=list)

    def now(self) -> datetime:
        self.reads.append(self.at)
        return self.at


async def test_a_request_reads_the_clock_once_however_many_rows_it_builds(engine, execute):
    practice = await make_practice(engine)
    for start in ("09:00", "10:00", "11:00"):
        booked = await execute(
            BOOK, {"input": booking_input(practice, start=start)}, viewer=practice.staff
        )
        assert codes(booked, "bookAppointment") == []
    clock = CountingClock(DAYS_BEFORE.at)
    week = await execute(
        """query ($l: ID!) { calendarWeek(locationId: $l, weekStart: "2030-01-07") {
             days { appointments { status canBeCancelled } } } }""",
        {"l": global_id("Location", practice.location.id)},
        viewer=practice.staff,
        clock=clock,
    )
    assert week.errors is None, week.errors
    shown = [a for day in week.data["calendarWeek"]["days"] for a in day["appointments"]]
    assert shown == [{"status": "SCHEDULED", "canBeCancelled": True}] * 3
    assert len(clock.reads) == 1
