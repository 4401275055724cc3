"""Recalls booked by appointments: linking them on booking, rolling them on completion."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.queries import recalls as queries
from resolvers.errors import NotFound, Validation
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import zone_named
from scheduling.recalls import RecallState, RecallStatus, is_booked, link_problem, next_due_date

MAX_RECALLS = 10  # recalls one appointment may book (hygiene, exam, x-rays, ...)


def recall_state(row: Row[Any], now: datetime) -> RecallState:
    """The rules' view of a recall_select row at `now`."""
    status = row.appointment_status
    return RecallState(
        id=row.id,
        due_date=row.due_date,
        status=RecallStatus(row.status),
        booked=is_booked(
            AppointmentStatus(status) if status is not None else None,
            row.appointment_hold_expires_at,
            now,
        ),
    )


async def lock_linkable(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    recall_ids: Sequence[uuid.UUID],
    field: str,
    takeover: bool = False,
) -> list[Row[Any]]:
    """Lock recalls the patient's new booking or entry may take, or raise naming `field`."""
    unique = sorted(set(recall_ids))
    if len(unique) > MAX_RECALLS:
        raise Validation(f"At most {MAX_RECALLS} recalls per appointment", field=field)
    if not unique:
        return []
    rows = await queries.lock_recalls(
        connection, organization_id=organization_id, recall_ids=unique
    )
    if len(rows) != len(unique):
        raise NotFound("No patient recall with this ID", field=field)
    now = await writes.database_now(connection)
    for row in rows:
        problem = link_problem(
            recall_state(row, now),
            disabled=row.disabled,
            recall_patient_id=row.patient_id,
            patient_id=patient_id,
            takeover=takeover,
        )
        if problem is not None:
            raise Validation(problem, field=field)
    return list(rows)


async def link_recalls(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    appointment_id: uuid.UUID,
    recalls: Sequence[Row[Any]],
) -> None:
    """Mark the locked recalls scheduled by the appointment."""
    if recalls:
        await queries.link_to_appointment(
            connection,
            organization_id=organization_id,
            recall_ids=[row.id for row in recalls],
            appointment_id=appointment_id,
        )


async def complete_linked_recalls(
    connection: AsyncConnection, *, appointment: Row[Any], time_zone: str
) -> list[uuid.UUID]:
    """Roll the appointment's recalls forward from its local date; their ids."""
    rows = await queries.lock_recalls_of_appointment(
        connection, organization_id=appointment.organization_id, appointment_id=appointment.id
    )
    done_on = appointment.start_at.astimezone(zone_named(time_zone)).date()
    completed = [
        {"id": row.id, "previous_date": done_on,
         "due_date": next_due_date(done_on, row.interval_months)}
        for row in rows
    ]  # fmt: skip
    await queries.complete_recalls(
        connection, organization_id=appointment.organization_id, completed=completed
    )
    return [row.id for row in rows]


async def book_recall_if_possible(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    recall_id: uuid.UUID,
    appointment_id: uuid.UUID,
) -> str | None:
    """Let a waitlist booking take its entry's recall; why not (disabled, completed), or None.

    Unlike bookAppointment this never fails the booking: the slot the patient accepted matters
    more than the recall bookkeeping, and the reason is kept in the entry's history.
    """
    try:
        rows = await lock_linkable(
            connection,
            organization_id=organization_id,
            patient_id=patient_id,
            recall_ids=(recall_id,),
            field="recall",
            takeover=True,
        )
    except (NotFound, Validation) as exc:
        return exc.message
    await link_recalls(
        connection, organization_id=organization_id, appointment_id=appointment_id, recalls=rows
    )
    return None
