"""createScheduleTemplate: a provider's recurring local hours at a location on one weekday."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SCHEDULE_EDITORS
from resolvers.ids import decode_id
from resolvers.input_limits import MAX_NOTE
from resolvers.schedules.templates import NewTemplate, TemplateHours, create_template
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.day_of_week import DayOfWeek, to_weekday
from schema.types.schedules import ProviderScheduleTemplate


@strawberry.input(description="A new weekly template.")
class CreateScheduleTemplateInput:
    provider_id: GlobalID = strawberry.field(description="The provider who works these hours.")
    location_id: GlobalID = strawberry.field(description="Where; times are read in its zone.")
    weekday: DayOfWeek = strawberry.field(description="Day of the week.")
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time = strawberry.field(description="Local end time, after the start.")
    effective_from: date = strawberry.field(description="First local date it applies to.")
    effective_to: date | None = strawberry.field(
        default=None, description="Last local date it applies to (inclusive); null: open-ended."
    )
    operatory_id: GlobalID | None = strawberry.field(
        default=None, description="An operatory of the location the provider works in."
    )
    note: str | None = strawberry.field(default=None, description=f"Note (at most {MAX_NOTE}).")
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of createScheduleTemplate.")
class CreateScheduleTemplatePayload:
    template: ProviderScheduleTemplate | None = strawberry.field(description="The new template.")
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing was created.")


async def resolve_create_schedule_template(
    info: Info,
    input: Annotated[
        CreateScheduleTemplateInput, strawberry.argument(description="The new template.")
    ],
) -> CreateScheduleTemplatePayload:
    """Create a weekly template; staff only."""

    async def call() -> uuid.UUID:
        new = NewTemplate(
            provider_id=decode_id(input.provider_id, "Provider", field="providerId"),
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            hours=TemplateHours(
                weekday=to_weekday(input.weekday),
                start_time=input.start_time,
                end_time=input.end_time,
                effective_from=input.effective_from,
                effective_to=input.effective_to,
                operatory_id=decode_id(input.operatory_id, "Operatory", field="operatoryId")
                if input.operatory_id
                else None,
                note=input.note,
            ),
        )
        return await create_template(info.context, new, idempotency_key=input.idempotency_key)

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.templates, ident)
    return CreateScheduleTemplatePayload(
        template=ProviderScheduleTemplate.from_row(row) if row else None, user_errors=errors
    )


create_schedule_template_field = strawberry.mutation(
    metadata=SCHEDULE_EDITORS,
    resolver=resolve_create_schedule_template,
    description="Add a provider's weekly schedule template at a location.",
)
