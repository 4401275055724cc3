"""The managed lists themselves (resolvers.catalogs.entries writes them), and the checks of an
entry a booking or a status change uses: it exists, it is of the right list, not archived."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.catalogs import APPOINTMENT_REASONS
from db.queries.practice import CONFIRMATION_STATUSES, FLOW_STATUSES
from db.rows.practice import AppointmentReasonRow
from resolvers.catalogs.entries import Catalog
from resolvers.errors import Validation
from resolvers.lifecycle.references import require
from scheduling.appointment_status import AppointmentStatus
from scheduling.practice_kinds import ReasonKind

CONFIRMATION_STATUS_LIST = Catalog(
    CONFIRMATION_STATUSES, "confirmation status", "ConfirmationStatus", "confirmationStatusId"
)
FLOW_STATUS_LIST = Catalog(
    FLOW_STATUSES, "patient flow status", "PatientFlowStatus", "flowStatusId"
)
REASON_LIST = Catalog(APPOINTMENT_REASONS, "reason", "AppointmentReason", "reasonId")
# The status an appointment given a reason of each list is in.
REASON_STATUS = {
    ReasonKind.CANCELLATION: AppointmentStatus.CANCELLED,
    ReasonKind.NO_SHOW: AppointmentStatus.BROKEN,
}
REASON_LABELS = {ReasonKind.CANCELLATION: "cancellation", ReasonKind.NO_SHOW: "no-show"}


async def require_reason(
    connection: AsyncConnection, organization_id: uuid.UUID, ident: uuid.UUID, kind: ReasonKind
) -> AppointmentReasonRow:
    """An active reason of the `kind` list, or NOT_FOUND / VALIDATION on reasonId."""
    row = await require(
        connection,
        APPOINTMENT_REASONS,
        organization_id=organization_id,
        ident=ident,
        field="reasonId",
        label="reason",
    )
    if row.kind != kind.value:
        actual = REASON_LABELS[ReasonKind(row.kind)]
        raise Validation(
            f"This is a {actual} reason, not a {REASON_LABELS[kind]} reason", field="reasonId"
        )
    if not row.active:
        raise Validation(f"The reason '{row.name}' is archived", field="reasonId")
    return row
