"""updateScheduleTemplate: change a template's hours, dates, operatory or note."""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Annotated, Any

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SCHEDULE_EDITORS
from resolvers.ids import decode_id
from resolvers.schedules.templates import TemplateChange, update_template
from schema.info import Info
from schema.mutations.schedule_common import (
    IDEMPOTENCY_DESCRIPTION,
    ScheduleUserError,
    attempt,
    fresh_row,
)
from schema.types.day_of_week import DayOfWeek, to_weekday
from schema.types.schedules import ProviderScheduleTemplate


@strawberry.input(description="New values for a template; omitted fields stay as they are.")
class UpdateScheduleTemplateInput:
    template_id: GlobalID = strawberry.field(description="The template to change.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    weekday: DayOfWeek | None = strawberry.field(
        default=strawberry.UNSET, description="New day of the week."
    )
    start_time: time | None = strawberry.field(
        default=strawberry.UNSET, description="New local start time."
    )
    end_time: time | None = strawberry.field(
        default=strawberry.UNSET, description="New local end time."
    )
    effective_from: date | None = strawberry.field(
        default=strawberry.UNSET, description="New first local date."
    )
    effective_to: date | None = strawberry.field(
        default=strawberry.UNSET, description="New last local date; null makes it open-ended."
    )
    operatory_id: GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="New operatory of the location; null: not fixed."
    )
    note: str | None = strawberry.field(
        default=strawberry.UNSET, description="New note; null or empty removes it."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description=IDEMPOTENCY_DESCRIPTION
    )


@strawberry.type(description="The result of updateScheduleTemplate.")
class UpdateScheduleTemplatePayload:
    template: ProviderScheduleTemplate | None = strawberry.field(
        description="The changed template."
    )
    user_errors: list[ScheduleUserError] = strawberry.field(description="Why nothing changed.")


def _changes(input: UpdateScheduleTemplateInput) -> dict[str, Any]:
    """The given fields; null for a required column means unchanged."""
    changes: dict[str, Any] = {}
    if input.weekday is not strawberry.UNSET and input.weekday is not None:
        changes["weekday"] = to_weekday(input.weekday)
    for name in ("start_time", "end_time", "effective_from"):
        value = getattr(input, name)
        if value is not strawberry.UNSET and value is not None:
            changes[name] = value
    for name in ("effective_to", "note"):
        if getattr(input, name) is not strawberry.UNSET:
            changes[name] = getattr(input, name)
    if input.operatory_id is not strawberry.UNSET:
        operatory = input.operatory_id
        changes["operatory_id"] = (
            decode_id(operatory, "Operatory", field="operatoryId") if operatory else None
        )
    return changes


async def resolve_update_schedule_template(
    info: Info,
    input: Annotated[UpdateScheduleTemplateInput, strawberry.argument(description="The changes.")],
) -> UpdateScheduleTemplatePayload:
    """Change a weekly template; staff only."""

    async def call() -> uuid.UUID:
        change = TemplateChange(
            template_id=decode_id(
                input.template_id, "ProviderScheduleTemplate", field="templateId"
            ),
            base_version=input.base_version,
            changes=_changes(input),
        )
        return await update_template(info.context, change, idempotency_key=input.idempotency_key)

    ident, errors = await attempt(call)
    row = await fresh_row(info.context.loaders.schedules.templates, ident)
    return UpdateScheduleTemplatePayload(
        template=ProviderScheduleTemplate.from_row(row) if row else None, user_errors=errors
    )


update_schedule_template_field = strawberry.mutation(
    metadata=SCHEDULE_EDITORS,
    resolver=resolve_update_schedule_template,
    description="Change a weekly schedule template; baseVersion must be current.",
)
