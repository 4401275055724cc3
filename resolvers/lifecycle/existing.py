"""Loading an existing appointment for a change: lock, visibility, version, policy."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.queries.practice import APPOINTMENT_TYPES
from db.rows.appointments import AppointmentRow
from resolvers.access_rules import OWN_APPOINTMENT
from resolvers.context import RequestContext
from resolvers.errors import NotFound, PolicyWindow, VersionConflict
from resolvers.lifecycle.references import require
from scheduling.policy import within_policy_window


async def lock_for_change(
    connection: AsyncConnection,
    ctx: RequestContext,
    *,
    appointment_id: uuid.UUID,
    base_version: int,
) -> AppointmentRow:
    """The locked appointment, or NotFound / VersionConflict; nothing has changed yet."""
    row = await writes.lock_appointment(
        connection, organization_id=ctx.viewer.organization_id, appointment_id=appointment_id
    )
    if row is None or not OWN_APPOINTMENT.admits(ctx.viewer, row.patient_id):
        raise NotFound("No appointment with this ID", field="appointmentId")
    if row.version != base_version:
        raise VersionConflict(
            f"The appointment is at version {row.version}, not {base_version}", field="baseVersion"
        )
    return row


async def enforce_policy_window(
    connection: AsyncConnection,
    ctx: RequestContext,
    row: AppointmentRow,
    *,
    patient_initiated: bool,
    override: bool,
) -> None:
    """POLICY_WINDOW: a patient-initiated change too close to the start, unless staff override
    (a patient's overridePolicy is refused by the mutation's declared rules)."""
    if not patient_initiated or row.appointment_type_id is None or override:
        return
    kind = await require(
        connection,
        APPOINTMENT_TYPES,
        organization_id=ctx.viewer.organization_id,
        ident=row.appointment_type_id,
        field="appointmentId",
        label="appointment type",
    )
    if within_policy_window(row.start_at, kind.cancellation_policy_hours, ctx.now):
        raise PolicyWindow(
            f"Changes by the patient need {kind.cancellation_policy_hours} hours' notice; "
            "please call the practice"
        )
