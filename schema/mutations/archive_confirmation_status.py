"""archiveConfirmationStatus: retire a confirmation status (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.lists import CONFIRMATION_STATUS_LIST
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.catalog_common import (
    ConfirmationStatusPayload,
    archiving,
    confirmation_status_payload,
)
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="A confirmation status to archive.")
class ArchiveConfirmationStatusInput:
    confirmation_status_id: GlobalID = strawberry.field(description="The status to archive.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_archive_confirmation_status(
    info: Info,
    input: Annotated[ArchiveConfirmationStatusInput, strawberry.argument(description="Which.")],
) -> ConfirmationStatusPayload:
    """Archive a confirmation status or explain why not."""
    call = archiving(
        info,
        CONFIRMATION_STATUS_LIST,
        lambda: decode_id(
            input.confirmation_status_id, "ConfirmationStatus", field="confirmationStatusId"
        ),
        input.base_version,
        input.idempotency_key,
    )
    return await confirmation_status_payload(info, call)


archive_confirmation_status_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_archive_confirmation_status,
    description="Archive a confirmation status: visits keep it, it cannot be set any more (staff).",
)
