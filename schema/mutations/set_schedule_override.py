"""setScheduleOverride: a provider's day at a location, off or with custom hours (upsert)."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SCHEDULE_EDITORS
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.schedules.overrides import OverrideRequest, set_override
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.schedules import ProviderScheduleOverride


@strawberry.input(description="A provider's day at a location: unavailable, or custom hours.")
class SetScheduleOverrideInput:
    provider_id: GlobalID = strawberry.field(description="The provider.")
    location_id: GlobalID = strawberry.field(description="Where; times are read in its zone.")
    date: date = strawberry.field(description="The local date whose templates it replaces.")
    is_unavailable: bool = strawberry.field(
        default=False, description="Off all day (then no times)."
    )
    start_time: time | None = strawberry.field(
        default=None, description="Custom local start (required unless unavailable)."
    )
    end_time: time | None = strawberry.field(
        default=None, description="Custom local end, after the start (required unless off)."
    )
    operatory_id: GlobalID | None = strawberry.field(
        default=None, description="An operatory of the location for the custom hours."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why, e.g. 'Vacation' (at most 200 characters)."
    )
    note: str | None = strawberry.field(default=None, description=f"Note (at most {MAX_NOTE}).")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of setScheduleOverride.")
class SetScheduleOverridePayload:
    override: ProviderScheduleOverride | None = strawberry.field(
        description="The override as it now stands."
    )
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_set_schedule_override(
    info: Info,
    input: Annotated[SetScheduleOverrideInput, strawberry.argument(description="The day.")],
) -> SetScheduleOverridePayload:
    """Insert or replace the override of (provider, location, date); staff only."""

    async def call() -> uuid.UUID:
        request = OverrideRequest(
            provider_id=decode_id(input.provider_id, "Provider", field="providerId"),
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            day=input.date,
            is_unavailable=input.is_unavailable,
            start_time=input.start_time,
            end_time=input.end_time,
            operatory_id=decode_id(input.operatory_id, "Operatory", field="operatoryId")
            if input.operatory_id
            else None,
            reason=input.reason,
            note=input.note,
        )
        return await set_override(info.context, request, idempotency_key=input.idempotency_key)

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.overrides, ident)
    return SetScheduleOverridePayload(
        override=ProviderScheduleOverride.from_row(row) if row else None, user_errors=errors
    )


set_schedule_override_field = strawberry.mutation(
    resolver=resolve_set_schedule_override,
    metadata=SCHEDULE_EDITORS,
    description=(
        "Make a provider unavailable, or give custom hours, at a location on one local date; "
        "replaces that date's override if there is one."
    ),
)
