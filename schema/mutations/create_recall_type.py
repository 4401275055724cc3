"""createRecallType: a new kind of recall with its default interval."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Protocol

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import RECALL_EDITORS
from resolvers.recalls.catalog import RecallTypeChange, create_recall_type
from schema.info import Info
from schema.mutations.recall_common import (
    BOOKING_TYPES,
    IDEMPOTENCY_KEY,
    RecallUserError,
    booking_type_ids,
    load_recall_type,
    run_recall_mutation,
)
from schema.types.recalls import RecallType


class RecallTypeFields(Protocol):
    """The fields createRecallType and updateRecallType share (None: not given)."""

    @property
    def name(self) -> str | None: ...
    @property
    def default_interval_months(self) -> int | None: ...
    @property
    def active(self) -> bool | None: ...
    @property
    def sort_order(self) -> int | None: ...
    @property
    def appointment_type_ids(self) -> list[GlobalID] | None: ...
    @property
    def description(self) -> str | None: ...  # UNSET on an update: leave it


def recall_type_change(input: RecallTypeFields) -> RecallTypeChange:
    """The resolvers' form of a recall type input's fields."""
    return RecallTypeChange(
        name=input.name,
        default_interval_months=input.default_interval_months,
        active=input.active,
        sort_order=input.sort_order,
        appointment_type_ids=booking_type_ids(input.appointment_type_ids),
        # A new type always gets one (None: none); an update changes it only when given.
        set_description=input.description is not strawberry.UNSET,
        description=input.description or None,
    )


async def recall_type_result(
    info: Info, call: Callable[[], Awaitable[uuid.UUID]]
) -> tuple[RecallType | None, list[RecallUserError]]:
    """Run a call that writes a recall type: the type as it is now, or the userErrors."""
    ident, errors = await run_recall_mutation(call)
    return await load_recall_type(info, ident), errors


@strawberry.input(description="A new recall type.")
class CreateRecallTypeInput:
    name: str = strawberry.field(description="Display name, 1-100 characters, unique.")
    default_interval_months: int = strawberry.field(description="Months between recalls, 1-120.")
    description: str | None = strawberry.field(
        default=None, description="What the recall is for; empty means none."
    )
    active: bool = strawberry.field(default=True, description="Offered for new recalls.")
    sort_order: int = strawberry.field(default=0, description="Position in lists.")
    appointment_type_ids: list[GlobalID] | None = strawberry.field(
        default=None, description=BOOKING_TYPES + "; default none."
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of createRecallType.")
class CreateRecallTypePayload:
    recall_type: RecallType | None = strawberry.field(description="The new recall type.")
    user_errors: list[RecallUserError] = strawberry.field(
        description="Why nothing was created (DUPLICATE: the name is in use)."
    )


async def resolve_create_recall_type(
    info: Info,
    input: Annotated[CreateRecallTypeInput, strawberry.argument(description="The new type.")],
) -> CreateRecallTypePayload:
    """Create a recall type or explain why not."""

    async def call() -> uuid.UUID:
        change = recall_type_change(input)
        return await create_recall_type(info.context, change, idempotency_key=input.idempotency_key)

    recall_type, errors = await recall_type_result(info, call)
    return CreateRecallTypePayload(recall_type=recall_type, user_errors=errors)


create_recall_type_field = strawberry.mutation(
    metadata=RECALL_EDITORS,
    resolver=resolve_create_recall_type,
    description=(
        "Create a recall type; DUPLICATE for a name in use, NOT_FOUND for an appointment type "
        "the organization does not have."
    ),
)
