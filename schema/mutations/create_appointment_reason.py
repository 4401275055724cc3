"""createAppointmentReason: add a cancellation or no-show reason (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry

from resolvers.access import SETUP_EDITORS
from resolvers.catalogs.entries import create_entry
from resolvers.catalogs.lists import REASON_LIST
from schema.enums import ReasonKind
from schema.info import Info
from schema.mutations.catalog_common import AppointmentReasonPayload, reason_payload
from schema.mutations.setup_common import IDEMPOTENCY


@strawberry.input(description="A new cancellation or no-show reason.")
class CreateAppointmentReasonInput:
    kind: ReasonKind = strawberry.field(description="The list it joins.")
    name: str = strawberry.field(description="Display name, unique in its list.")
    sort_order: int = strawberry.field(default=0, description="Position in pick lists.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


async def resolve_create_appointment_reason(
    info: Info,
    input: Annotated[CreateAppointmentReasonInput, strawberry.argument(description="The reason.")],
) -> AppointmentReasonPayload:
    """Create a reason or explain why not."""

    async def call() -> UUID:
        values = {"kind": input.kind.value, "name": input.name, "sort_order": input.sort_order}
        return await create_entry(
            info.context, REASON_LIST, values, idempotency_key=input.idempotency_key
        )

    return await reason_payload(info, call)


create_appointment_reason_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_create_appointment_reason,
    description="Add a reason to the organization's cancellation or no-show reasons (staff).",
)
