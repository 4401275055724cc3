"""updateAppointmentDetails: the record's details (ask-to-arrive offset, color override,
tags, modality, estimates, display order) under baseVersion, audited; the source, times
and status stay."""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from resolvers.context import RequestContext
from resolvers.lifecycle.details import checked_details
from resolvers.lifecycle.existing import lock_for_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update import ensure_open, history_value
from resolvers.mutation_runner import run_mutation


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
    viewer = ctx.viewer

    async def work(connection: AsyncConnection) -> AppointmentOutcome:
        row = await lock_for_change(
            connection,
            ctx,
            appointment_id=request.appointment_id,
            base_version=request.base_version,
        )
        await ensure_open(connection, row, "be updated")
        values = {column: value for column, value in asked.items() if value != getattr(row, column)}
        if not values:
            return AppointmentOutcome((row.id,))
        await writes.update_appointment(connection, appointment_id=row.id, values=values)
        await writes.record_history(
            connection,
            organization_id=viewer.organization_id,
            appointment_id=row.id,
            actor=viewer.subject,
            action="updated",
            changes={
                column: {
                    "before": history_value(getattr(row, column)),
                    "after": history_value(value),
                }
                for column, value in values.items()
            },
        )
        return AppointmentOutcome((row.id,))

    return await run_mutation(
        ctx,
        work,
        name="updateAppointmentDetails",
        outcome=AppointmentOutcome,
        idempotency_key=idempotency_key,
        request=asdict(request),
    )
