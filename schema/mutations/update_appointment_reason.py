"""updateAppointmentReason: rename, reorder or reactivate a cancellation or no-show reason."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.entries import EntryChange, update_entry
from resolvers.catalogs.lists import REASON_LIST
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.catalog_common import AppointmentReasonPayload, reason_payload
from schema.mutations.setup_common import BASE_VERSION, IDEMPOTENCY


@strawberry.input(description="Changes to a reason; omitted fields stay as they are.")
class UpdateAppointmentReasonInput:
    reason_id: GlobalID = strawberry.field(description="The reason to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    sort_order: int | None = strawberry.field(default=None, description="New position.")
    active: bool | None = strawberry.field(
        default=None, description="true reactivates an archived reason."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_update_appointment_reason(
    info: Info,
    input: Annotated[UpdateAppointmentReasonInput, strawberry.argument(description="Changes.")],
) -> AppointmentReasonPayload:
    """Change a reason or explain why not."""

    async def call() -> UUID:
        change = EntryChange(
            ident=decode_id(input.reason_id, "AppointmentReason", field="reasonId"),
            base_version=input.base_version,
            values={"name": input.name, "sort_order": input.sort_order, "active": input.active},
        )
        return await update_entry(
            info.context, REASON_LIST, change, idempotency_key=input.idempotency_key
        )

    return await reason_payload(info, call)


update_appointment_reason_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_appointment_reason,
    description="Change a cancellation or no-show reason; baseVersion must be current (staff).",
)
