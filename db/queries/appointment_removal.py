"""Deleting an appointment for good (deleteAppointment), inside the caller's transaction: what
still points at it, and its history, which goes with it into the audit trail."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import appointment_history, appointments, patient_recalls, waitlist_entries


async def linked_waitlist_entries(connection: AsyncConnection, appointment_id: uuid.UUID) -> int:
    """How many waitlist entries name the appointment as the visit they booked."""
    statement = select(func.count()).where(
        waitlist_entries.c.linked_appointment_id == appointment_id
    )
    return int((await connection.execute(statement)).scalar_one())


async def unlink_recalls(connection: AsyncConnection, appointment_id: uuid.UUID) -> list[str]:
    """Let go of the recalls the appointment booked (each a new version); their ids."""
    statement = (
        update(patient_recalls)
        .where(patient_recalls.c.appointment_id == appointment_id)
        .values(appointment_id=None, version=patient_recalls.c.version + 1)
        .returning(patient_recalls.c.id)
    )
    return [str(ident) for ident in (await connection.execute(statement)).scalars()]


async def history_of(connection: AsyncConnection, appointment_id: uuid.UUID) -> list[Any]:
    """The appointment's history entries as JSON, oldest first."""
    statement = (
        select(
            appointment_history.c.action,
            appointment_history.c.actor,
            appointment_history.c.changes,
            appointment_history.c.occurred_at,
        )
        .where(appointment_history.c.appointment_id == appointment_id)
        .order_by(appointment_history.c.id)
    )
    return [
        {
            "action": row.action,
            "actor": row.actor,
            "changes": row.changes,
            "occurred_at": row.occurred_at.isoformat(),
        }
        for row in await connection.execute(statement)
    ]


async def delete_appointment(connection: AsyncConnection, appointment_id: uuid.UUID) -> None:
    """Delete the appointment; its providers, procedures, flow events and history go with it."""
    await connection.execute(delete(appointments).where(appointments.c.id == appointment_id))
