"""updatePatientFlowStatus: rename, recolor, reorder or reactivate a patient flow status."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.entries import EntryChange, update_entry
from resolvers.catalogs.lists import FLOW_STATUS_LIST
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.catalog_common import PatientFlowStatusPayload, flow_status_payload
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="Changes to a patient flow status; omitted fields stay as they are.")
class UpdatePatientFlowStatusInput:
    flow_status_id: GlobalID = strawberry.field(description="The status to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    abbreviation: str | None = strawberry.field(default=None, description="New short label.")
    color: str | None = strawberry.field(default=None, description="New color as #rrggbb.")
    sort_order: int | None = strawberry.field(default=None, description="New position.")
    is_terminal: bool | None = strawberry.field(
        default=None, description="Whether this step ends the visit's flow."
    )
    active: bool | None = strawberry.field(
        default=None, description="true reactivates an archived status."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_update_patient_flow_status(
    info: Info,
    input: Annotated[UpdatePatientFlowStatusInput, strawberry.argument(description="Changes.")],
) -> PatientFlowStatusPayload:
    """Change a patient flow status or explain why not."""

    async def call() -> UUID:
        change = EntryChange(
            ident=decode_id(input.flow_status_id, "PatientFlowStatus", field="flowStatusId"),
            base_version=input.base_version,
            values={
                "name": input.name,
                "abbreviation": input.abbreviation,
                "color": input.color,
                "sort_order": input.sort_order,
                "is_terminal": input.is_terminal,
                "active": input.active,
            },
        )
        return await update_entry(
            info.context, FLOW_STATUS_LIST, change, idempotency_key=input.idempotency_key
        )

    return await flow_status_payload(info, call)


update_patient_flow_status_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_patient_flow_status,
    description="Change a patient flow status; baseVersion must be current (staff).",
)
