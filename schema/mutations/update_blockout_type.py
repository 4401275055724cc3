"""updateBlockoutType: rename, recolor or change the rules of a blockout type (staff)."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.types import BlockoutTypeChanges, update_blockout_type
from resolvers.ids import decode_id
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutUserError, type_payload
from schema.mutations.create_blockout_type import type_fields
from schema.mutations.setup_common import BASE_VERSION
from schema.types.blockouts import BlockoutType


@strawberry.input(description="Changes to a blockout type; omitted fields stay as they are.")
class UpdateBlockoutTypeInput:
    blockout_type_id: GlobalID = strawberry.field(description="The type to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    abbreviation: str | None = strawberry.field(default=None, description="New short label.")
    color: str | None = strawberry.field(default=None, description="New color as #rrggbb.")
    no_schedule: bool | None = strawberry.field(
        default=None, description="Keep appointments out of blockouts of this type."
    )
    do_not_copy: bool | None = strawberry.field(
        default=None, description="Leave blockouts of this type out of copies and repeats."
    )
    hidden: bool | None = strawberry.field(
        default=None, description="Leave blockouts of this type off calendars by default."
    )
    sort_order: int | None = strawberry.field(default=None, description="Position in pick lists.")
    active: bool | None = strawberry.field(
        default=None, description="false retires the type: existing blockouts keep it."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateBlockoutType.")
class UpdateBlockoutTypePayload:
    blockout_type: BlockoutType | None = strawberry.field(description="The changed type.")
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing changed.")


async def resolve_update_blockout_type(
    info: Info,
    input: Annotated[UpdateBlockoutTypeInput, strawberry.argument(description="The changes.")],
) -> UpdateBlockoutTypePayload:
    """Change a blockout type or explain why not."""

    async def call() -> BlockoutOutcome:
        changes = BlockoutTypeChanges(
            type_id=decode_id(input.blockout_type_id, "BlockoutType", field="blockoutTypeId"),
            base_version=input.base_version,
            active=input.active,
            **type_fields(input),
        )
        return await update_blockout_type(
            info.context, changes, idempotency_key=input.idempotency_key
        )

    return await type_payload(info, UpdateBlockoutTypePayload, call)


update_blockout_type_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_update_blockout_type,
    description="Change a blockout type; existing blockouts follow its new rules.",
)
