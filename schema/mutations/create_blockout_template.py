"""createBlockoutTemplate: a named day of blockouts with its items (staff)."""

from __future__ import annotations

from datetime import time
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.templates import (
    NewTemplate,
    NewTemplateItem,
    TemplateSettings,
    create_template,
)
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutUserError, template_result
from schema.types.blockouts import BlockoutTemplate
from schema.types.day_of_week import DayOfWeek, distinct, to_weekday


@strawberry.input(description="One blockout of a new template, in local times.")
class BlockoutTemplateItemInput:
    blockout_type_id: GlobalID = strawberry.field(description="The kind of blockout.")
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time = strawberry.field(description="Local end time, after the start.")
    operatory_id: GlobalID | None = strawberry.field(
        default=None, description="One operatory; null: every operatory of the location."
    )
    note: str | None = strawberry.field(default=None, description="Note given to the blockout.")


@strawberry.input(description="A new blockout template.")
class CreateBlockoutTemplateInput:
    name: str = strawberry.field(description="Display name, unique in the organization.")
    description: str | None = strawberry.field(
        default=None, description="What the template is for."
    )
    items: list[BlockoutTemplateItemInput] = strawberry.field(
        description="Its blockouts in order, 1-50."
    )
    location_id: GlobalID | None = strawberry.field(
        default=None, description="The location it is for; null: any location."
    )
    weekdays: list[DayOfWeek] = strawberry.field(
        default_factory=list,
        description="Days of the week it is meant for, each once; empty: any day.",
    )
    hidden: bool = strawberry.field(default=False, description="Leave it out of pick lists.")
    sort_order: int = strawberry.field(
        default=0, description="Position in pick lists, -10000 to 10000."
    )
    active: bool = strawberry.field(
        default=True, description="false: kept, but it cannot be applied."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of createBlockoutTemplate.")
class CreateBlockoutTemplatePayload:
    blockout_template: BlockoutTemplate | None = strawberry.field(
        description="The new template, if created."
    )
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing was created.")


async def resolve_create_blockout_template(
    info: Info,
    input: Annotated[
        CreateBlockoutTemplateInput, strawberry.argument(description="The new template.")
    ],
) -> CreateBlockoutTemplatePayload:
    """Create a template or explain why not."""

    async def call() -> BlockoutOutcome:
        items = tuple(
            NewTemplateItem(
                blockout_type_id=decode_id(item.blockout_type_id, "BlockoutType", field="items"),
                start=item.start_time,
                end=item.end_time,
                operatory_id=decode_id(item.operatory_id, "Operatory", field="items")
                if item.operatory_id
                else None,
                note=item.note,
            )
            for item in input.items
        )
        return await create_template(
            info.context,
            NewTemplate(
                name=input.name,
                items=items,
                description=input.description,
                settings=TemplateSettings(
                    set_location=True,
                    location_id=decode_id(input.location_id, "Location", field="locationId")
                    if input.location_id
                    else None,
                    weekdays=tuple(
                        to_weekday(day) for day in distinct(input.weekdays, field="weekdays")
                    ),
                    hidden=input.hidden,
                    sort_order=input.sort_order,
                    active=input.active,
                ),
            ),
            idempotency_key=input.idempotency_key,
        )

    template, errors = await template_result(info, call)
    return CreateBlockoutTemplatePayload(blockout_template=template, user_errors=errors)


create_blockout_template_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_create_blockout_template,
    description="Save a day of blockouts as a template to apply anywhere.",
)
