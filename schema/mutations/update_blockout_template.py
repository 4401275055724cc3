"""updateBlockoutTemplate: rename a blockout template, change its description, location,
weekdays, hidden flag, order or activity (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.templates import TemplateChanges, TemplateSettings, update_template
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import (
    IDEMPOTENCY,
    TEMPLATE_VERSION,
    BlockoutUserError,
    template_result,
)
from schema.types.blockouts import BlockoutTemplate
from schema.types.day_of_week import DayOfWeek, distinct, to_weekday


@strawberry.input(description="Changes to a blockout template; omitted fields stay as they are.")
class UpdateBlockoutTemplateInput:
    template_id: GlobalID = strawberry.field(description="The template to change.")
    base_version: int = strawberry.field(description=TEMPLATE_VERSION)
    name: str | None = strawberry.field(
        default=None, description="New display name, unique in the organization."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New description; null or empty removes it."
    )
    location_id: GlobalID | None = strawberry.field(
        default=strawberry.UNSET, description="The location it is for; null: any location."
    )
    weekdays: list[DayOfWeek] | None = strawberry.field(
        default=None,
        description="Days of the week it is meant for, each once; empty: any day.",
    )
    hidden: bool | None = strawberry.field(
        default=None, description="true leaves it out of pick lists."
    )
    sort_order: int | None = strawberry.field(
        default=None, description="Position in pick lists, -10000 to 10000."
    )
    active: bool | None = strawberry.field(
        default=None, description="false: kept, but it cannot be applied; true reactivates it."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateBlockoutTemplate.")
class UpdateBlockoutTemplatePayload:
    blockout_template: BlockoutTemplate | None = strawberry.field(
        description="The changed template."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing changed.")


def _settings(input: UpdateBlockoutTemplateInput) -> TemplateSettings:
    """The settings an input changes (None leaves one as it is)."""
    set_location = input.location_id is not strawberry.UNSET
    return TemplateSettings(
        set_location=set_location,
        location_id=decode_id(input.location_id, "Location", field="locationId")
        if set_location and input.location_id
        else None,
        weekdays=tuple(to_weekday(day) for day in distinct(input.weekdays, field="weekdays"))
        if input.weekdays is not None
        else None,
        hidden=input.hidden,
        sort_order=input.sort_order,
        active=input.active,
    )


async def resolve_update_blockout_template(
    info: Info,
    input: Annotated[UpdateBlockoutTemplateInput, strawberry.argument(description="The changes.")],
) -> UpdateBlockoutTemplatePayload:
    """Change a template or explain why not."""

    async def call() -> BlockoutOutcome:
        changes = TemplateChanges(
            template_id=decode_id(input.template_id, "BlockoutTemplate", field="templateId"),
            base_version=input.base_version,
            name=input.name,
            set_description=input.description is not strawberry.UNSET,
            description=input.description or None,
            settings=_settings(input),
        )
        return await update_template(info.context, changes, idempotency_key=input.idempotency_key)

    template, errors = await template_result(info, call)
    return UpdateBlockoutTemplatePayload(blockout_template=template, user_errors=errors)


update_blockout_template_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_update_blockout_template,
    description=(
        "Rename a blockout template or change its description, location, weekdays, hidden "
        "flag, sortOrder or activity, at its baseVersion."
    ),
)
