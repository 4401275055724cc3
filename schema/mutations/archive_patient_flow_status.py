"""archivePatientFlowStatus: retire a step of the patient flow (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.lists import FLOW_STATUS_LIST
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.catalog_common import PatientFlowStatusPayload, archiving, flow_status_payload
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="A patient flow status to archive.")
class ArchivePatientFlowStatusInput:
    flow_status_id: GlobalID = strawberry.field(description="The status to archive.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_archive_patient_flow_status(
    info: Info,
    input: Annotated[ArchivePatientFlowStatusInput, strawberry.argument(description="Which.")],
) -> PatientFlowStatusPayload:
    """Archive a patient flow status or explain why not."""
    call = archiving(
        info,
        FLOW_STATUS_LIST,
        lambda: decode_id(input.flow_status_id, "PatientFlowStatus", field="flowStatusId"),
        input.base_version,
        input.idempotency_key,
    )
    return await flow_status_payload(info, call)


archive_patient_flow_status_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_archive_patient_flow_status,
    description="Archive a patient flow status: timelines keep it, it cannot be set any more "
    "(staff).",
)
