"""createBlockoutType: a new kind of blockout (staff)."""

from __future__ import annotations

from typing import Annotated, Any, Protocol

import strawberry

from resolvers.access import BLOCKOUT_EDITORS
from resolvers.blockouts.outcome import BlockoutOutcome
from resolvers.blockouts.types import NewBlockoutType, create_blockout_type
from schema.info import Info
from schema.mutations.blockout_common import IDEMPOTENCY, BlockoutUserError, type_payload
from schema.types.blockouts import BlockoutType


class BlockoutTypeFields(Protocol):
    """The fields createBlockoutType and updateBlockoutType share (None: not given)."""

    @property
    def name(self) -> str | None: ...
    @property
    def abbreviation(self) -> str | None: ...
    @property
    def color(self) -> str | None: ...
    @property
    def no_schedule(self) -> bool | None: ...
    @property
    def do_not_copy(self) -> bool | None: ...
    @property
    def hidden(self) -> bool | None: ...
    @property
    def sort_order(self) -> int | None: ...


def type_fields(input: BlockoutTypeFields) -> dict[str, Any]:
    """The input's blockout type fields, by the resolvers' names (NewBlockoutType's)."""
    return {
        "name": input.name,
        "abbreviation": input.abbreviation,
        "color": input.color,
        "no_schedule": input.no_schedule,
        "do_not_copy": input.do_not_copy,
        "hidden": input.hidden,
        "sort_order": input.sort_order,
    }


@strawberry.input(description="A new blockout type.")
class CreateBlockoutTypeInput:
    name: str = strawberry.field(description="Display name, unique in the organization.")
    abbreviation: str = strawberry.field(description="Short label, 1-10 characters.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    no_schedule: bool = strawberry.field(
        default=False, description="Keep appointments out of blockouts of this type."
    )
    do_not_copy: bool = strawberry.field(
        default=False, description="Leave blockouts of this type out of copies and repeats."
    )
    hidden: bool = strawberry.field(
        default=False, description="Leave blockouts of this type off calendars by default."
    )
    sort_order: int = strawberry.field(default=0, description="Position in pick lists.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of createBlockoutType.")
class CreateBlockoutTypePayload:
    blockout_type: BlockoutType | None = strawberry.field(description="The new type, if created.")
    user_errors: list[BlockoutUserError] = strawberry.field(description="Why nothing was created.")


async def resolve_create_blockout_type(
    info: Info,
    input: Annotated[CreateBlockoutTypeInput, strawberry.argument(description="The new type.")],
) -> CreateBlockoutTypePayload:
    """Create a blockout type or explain why not."""

    async def call() -> BlockoutOutcome:
        return await create_blockout_type(
            info.context,
            NewBlockoutType(**type_fields(input)),
            idempotency_key=input.idempotency_key,
        )

    return await type_payload(info, CreateBlockoutTypePayload, call)


create_blockout_type_field = strawberry.mutation(
    metadata=BLOCKOUT_EDITORS,
    resolver=resolve_create_blockout_type,
    description="Add a blockout type, e.g. 'Lunch'.",
)
