"""createPatientFlowStatus: add a step to the patient flow (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.entries import create_entry
from resolvers.catalogs.lists import FLOW_STATUS_LIST
from schema.info import Info
from schema.mutations.catalog_common import PatientFlowStatusPayload, flow_status_payload
from schema.mutations.setup_common import IDEMPOTENCY


@strawberry.input(description="A new patient flow status.")
class CreatePatientFlowStatusInput:
    name: str = strawberry.field(description="Display name, unique among the flow statuses.")
    abbreviation: str = strawberry.field(description="Short label, 1-10 characters.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    sort_order: int = strawberry.field(default=0, description="Position in the flow.")
    is_terminal: bool = strawberry.field(
        default=False, description="Whether this step ends the visit's flow."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_create_patient_flow_status(
    info: Info,
    input: Annotated[CreatePatientFlowStatusInput, strawberry.argument(description="The status.")],
) -> PatientFlowStatusPayload:
    """Create a patient flow status or explain why not."""

    async def call() -> UUID:
        values = {
            "name": input.name,
            "abbreviation": input.abbreviation,
            "color": input.color,
            "sort_order": input.sort_order,
            "is_terminal": input.is_terminal,
        }
        return await create_entry(
            info.context, FLOW_STATUS_LIST, values, idempotency_key=input.idempotency_key
        )

    return await flow_status_payload(info, call)


create_patient_flow_status_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_create_patient_flow_status,
    description="Add a step to the organization's patient flow (staff).",
)
