"""archiveAppointmentReason: retire a cancellation or no-show reason (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.lists import REASON_LIST
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.catalog_common import AppointmentReasonPayload, archiving, reason_payload
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="A reason to archive.")
class ArchiveAppointmentReasonInput:
    reason_id: GlobalID = strawberry.field(description="The reason to archive.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_archive_appointment_reason(
    info: Info,
    input: Annotated[ArchiveAppointmentReasonInput, strawberry.argument(description="Which.")],
) -> AppointmentReasonPayload:
    """Archive a reason or explain why not."""
    call = archiving(
        info,
        REASON_LIST,
        lambda: decode_id(input.reason_id, "AppointmentReason", field="reasonId"),
        input.base_version,
        input.idempotency_key,
    )
    return await reason_payload(info, call)


archive_appointment_reason_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_archive_appointment_reason,
    description="Archive a cancellation or no-show reason: appointments keep it, it cannot be "
    "given any more (staff).",
)
