"""GraphQL documents and helpers shared by the lifecycle tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, text

from db.models import Appointment, AppointmentHistory
from db.tables import table_of
from tests.support.factories import Practice, global_id

PAYLOAD = """
  appointment { id status version startAt endAt holdExpiresAt
                operatory { id } providers { id }
                history { edges { node { action actor changes { field before after } } } } }
  userErrors { field code message conflicts { reason appointment { id } provider { id } } }
"""

BOOK = (
    f"mutation ($input: BookAppointmentInput!) {{ bookAppointment(input: $input) {{ {PAYLOAD} }} }}"
)
CONFIRM = (
    f"mutation ($input: ConfirmBookingInput!) {{ confirmBooking(input: $input) {{ {PAYLOAD} }} }}"
)
MOVE = (
    f"mutation ($input: MoveAppointmentInput!) {{ moveAppointment(input: $input) {{ {PAYLOAD} }} }}"
)
CANCEL = f"mutation ($input: CancelAppointmentInput!) {{ cancelAppointment(input: $input) {{ {PAYLOAD} }} }}"


def soon(days: int = 10) -> str:
    """A local date `days` ahead: inside any booking window, beyond the usual lead times."""
    return (
        (datetime.now(UTC) + timedelta(days=days))
        .astimezone(ZoneInfo("America/Chicago"))
        .date()
        .isoformat()
    )


def booking_input(
    practice: Practice, *, date: str = "2030-01-07", start: str = "09:00", **extra: Any
) -> dict[str, Any]:
    """A valid bookAppointment input for the practice's defaults."""
    values: dict[str, Any] = {
        "patientId": global_id("Patient", practice.patient.id),
        "locationId": global_id("Location", practice.location.id),
        "operatoryId": global_id("Operatory", practice.operatory.id),
        "providerIds": [global_id("Provider", practice.provider.id)],
        "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
        "slot": {"date": date, "startTime": start},
    }
    values.update(extra)
    return values


async def database_state(engine) -> tuple[Any, ...]:
    """Everything a failed mutation must leave untouched."""
    async with engine.connect() as connection:
        appointments = (
            await connection.execute(
                select(table_of(Appointment)).order_by(table_of(Appointment).c.id)
            )
        ).all()
        history = await connection.scalar(
            select(func.count()).select_from(table_of(AppointmentHistory))
        )
        slots = (await connection.execute(text("SELECT * FROM provider_slots ORDER BY 1, 2"))).all()
    return tuple(appointments), history, tuple(slots)


async def providers_state(engine) -> tuple[Any, ...]:
    """database_state and every additional provider with its role and time range."""
    async with engine.connect() as connection:
        rows = await connection.execute(text("SELECT * FROM appointment_providers ORDER BY 1, 2"))
        providers = tuple(rows.all())
    return await database_state(engine), providers


def local(day: str, hour: int, minute: int = 0) -> datetime:
    """A wall-clock time on an ISO `day` at the test practice (America/Chicago)."""
    return datetime.fromisoformat(day).replace(
        hour=hour, minute=minute, tzinfo=ZoneInfo("America/Chicago")
    )


# The appointments of the day booking_input books on by default.
CALENDAR = (
    'query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") '
    "{ appointments { id status } } }"
)


async def calendar(execute: Any, practice: Practice) -> list[dict[str, Any]]:
    """The 2030-01-07 calendar's appointments."""
    day = await execute(
        CALENDAR, {"l": global_id("Location", practice.location.id)}, viewer=practice.staff
    )
    appointments: list[dict[str, Any]] = day.data["calendarDay"]["appointments"]
    return appointments


async def booked(execute: Any, practice: Practice, **extra: Any) -> dict[str, Any]:
    """A staff booking's appointment payload (version 1)."""
    result = await execute(BOOK, {"input": booking_input(practice, **extra)}, viewer=practice.staff)
    appointment: dict[str, Any] = result.data["bookAppointment"]["appointment"]
    return appointment


def refusal(code: str, message: str, field: str | None = None) -> dict[str, Any]:
    """The payload of a refusal without conflicts (`field`: its input path, dotted)."""
    return {
        "appointment": None,
        "userErrors": [
            {
                "field": ["input", *field.split(".")] if field else None,
                "code": code,
                "message": message,
                "conflicts": [],
            }
        ],
    }


def slot_taken(appointment_id: str, practice: Practice) -> dict[str, Any]:
    """The SLOT_CONFLICT user error of a booking whose operatory and provider (the practice's
    defaults) are both in the appointment `appointment_id` at that time."""
    return {
        "field": None,
        "code": "SLOT_CONFLICT",
        "message": (
            "Another appointment is in the operatory at this time; "
            "a provider is in another appointment at this time"
        ),
        "conflicts": [
            {
                "reason": "APPOINTMENT_OVERLAP",
                "appointment": {"id": appointment_id},
                "provider": None,
            },
            {
                "reason": "PROVIDER_OVERLAP",
                "appointment": {"id": appointment_id},
                "provider": {"id": global_id("Provider", practice.provider.id)},
            },
        ],
    }
