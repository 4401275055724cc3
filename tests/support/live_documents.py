"""Subscription documents and helpers shared by the live tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from tests.support.factories import Practice, global_id
from tests.support.live_client import LiveClient

CALENDAR = """
subscription Calendar($locationId: ID!, $from: Date!, $to: Date!, $statuses: [AppointmentStatus!],
                      $after: String) {
  calendarChanges(locationId: $locationId, from: $from, to: $to, statuses: $statuses,
                  after: $after) {
    cursor kind removed appointmentId blockoutId scheduleOverrideId
    appointment { id status startAt endAt version patient { id } providers { id } }
    blockout { id startAt endAt }
    scheduleOverride { id date isUnavailable }
  }
}"""

MINE = """
subscription Mine($after: String) {
  myAppointmentChanges(after: $after) { cursor kind removed appointmentId appointment { id status patient { id } } }
}"""

WAITLIST = """
subscription Waitlist($locationId: ID!, $includeOtherLocations: Boolean! = false, $after: String) {
  waitlistChanges(locationId: $locationId, includeOtherLocations: $includeOtherLocations,
                  after: $after) {
    cursor kind removed entryId entry { id status patient { id } }
  }
}"""

# The week of 2030-01-07 (a Monday) at the practice's America/Chicago location.
WEEK = ("2030-01-07", "2030-01-13")


def week_of(practice: Practice, **extra: Any) -> dict[str, Any]:
    """Variables of CALENDAR for the practice's location and WEEK."""
    return {
        "locationId": global_id("Location", practice.location.id),
        "from": WEEK[0],
        "to": WEEK[1],
        **extra,
    }


async def subscribed(
    client: LiveClient, op_id: str, query: str, variables: dict[str, Any] | None = None
) -> str:
    """Subscribe and wait for SUBSCRIBED: the subscription is live from its cursor on."""
    await client.subscribe(op_id, query, variables)
    _, event = await field_event(client, op_id)
    assert event["kind"] == "SUBSCRIBED", event
    return str(event["cursor"])


async def field_event(client: LiveClient, op_id: str) -> tuple[str, dict[str, Any]]:
    """The next event's root field name and value."""
    data = await client.event(op_id)
    [(field, event)] = data.items()
    return field, event


async def next_change(client: LiveClient, op_id: str) -> dict[str, Any]:
    """The next event's value."""
    return (await field_event(client, op_id))[1]


def appointment(row_id: Any) -> str:
    return global_id("Appointment", row_id)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant in January 2030 (UTC)."""
    return datetime(2030, 1, day, hour, minute, tzinfo=UTC)


async def insert_appointment(
    connection: AsyncConnection, practice: Practice, start_at: datetime, end_at: datetime
) -> Any:
    """A scheduled appointment inserted in the caller's transaction; its id."""
    return await connection.scalar(
        text(
            "INSERT INTO appointments (organization_id, location_id, operatory_id, patient_id,"
            " primary_provider_id, start_at, end_at, status, priority, production_amount,"
            " is_new_patient, is_time_locked, version) VALUES (:org, :loc, :op, :patient,"
            " :provider, :s, :e, 'scheduled', 0, 0, false, false, 1) RETURNING id"
        ),
        {
            "org": practice.org.id,
            "loc": practice.location.id,
            "op": practice.operatory.id,
            "patient": practice.patient.id,
            "provider": practice.provider.id,
            "s": start_at,
            "e": end_at,
        },
    )
