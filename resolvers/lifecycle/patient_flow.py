"""setPatientFlowStatus: move a visit along the practice's patient flow (checked in, seated...)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.queries import booking as writes
from db.queries.practice import FLOW_STATUSES
from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.errors import InvalidTransition, Validation
from resolvers.input_limits import MAX_TIMELINE_NOTE, check_length
from resolvers.lifecycle.change import change_appointment, record_change
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.references import require
from resolvers.mutation_runner import Transaction
from scheduling.appointment_status import AppointmentStatus

# A patient flows through the practice only on the day of a booked (or just finished) visit.
FLOWING: frozenset[AppointmentStatus] = frozenset(
    {AppointmentStatus.SCHEDULED, AppointmentStatus.COMPLETE}
)


@dataclass(frozen=True, slots=True)
class FlowStatusRequest:
    """A flow status change as a client asks for it."""

    appointment_id: uuid.UUID
    base_version: int
    flow_status_id: uuid.UUID
    note: str | None = None


async def set_patient_flow_status(
    ctx: RequestContext, request: FlowStatusRequest, *, idempotency_key: str | None
) -> AppointmentOutcome:
    """Set an appointment's current flow status and append it to the visit's timeline."""
    viewer = ctx.viewer
    check_length(request.note, field="note", limit=MAX_TIMELINE_NOTE)

    async def change(tx: Transaction, row: AppointmentRow) -> None:
        connection = tx.connection
        if row.status not in FLOWING:
            raise InvalidTransition(
                f"A {row.status.upper()} appointment has no patient flow; "
                "only SCHEDULED and COMPLETE ones do"
            )
        status = await require(
            connection,
            FLOW_STATUSES,
            organization_id=viewer.organization_id,
            ident=request.flow_status_id,
            field="flowStatusId",
            label="patient flow status",
        )
        if not status.active:
            raise Validation(f"The flow status '{status.name}' is inactive", field="flowStatusId")
        await writes.set_flow_status(
            connection, row, flow_status_id=status.id, actor=viewer.subject, note=request.note
        )
        before = str(row.flow_status_id) if row.flow_status_id is not None else None
        record_change(
            tx.journal,
            row,
            action="flow_status_set",
            changes={
                "flow_status_id": {"before": before, "after": str(status.id)},
                "note": {"before": None, "after": request.note},
            },
        )

    return await change_appointment(
        ctx, request, change, name="setPatientFlowStatus", idempotency_key=idempotency_key
    )
