"""updateAppointmentDetails: the record's details (ask-to-arrive offset, color override,
tags, modality, estimates, display order) under baseVersion, audited; the source, times
and status stay."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.lifecycle.change import change_appointment
from resolvers.lifecycle.details import checked_details
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import ensure_open, write_update
from resolvers.mutation_runner import Transaction


@dataclass(frozen=True, slots=True)
class DetailsRequest:
    """The details to change (column -> value); those not given stay."""

    appointment_id: uuid.UUID
    base_version: int
    details: dict[str, Any] = field(default_factory=dict)


async def update_appointment_details(
    ctx: RequestContext, request: DetailsRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Change the given details; one that is already so changes nothing (no new version)."""
    asked = checked_details(request.details)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        await ensure_open(connection, row, "be updated")
        values = {column: value for column, value in asked.items() if value != getattr(row, column)}
        await write_update(tx, row, values)

    return await change_appointment(
        ctx, request, change, name="updateAppointmentDetails", idempotency_key=idempotency_key
    )
