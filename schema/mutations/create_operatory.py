"""createOperatory: add a chair or room to a location (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_id
from resolvers.setup.operatories import NewOperatory, create_operatory
from schema.info import Info
from schema.mutations.setup_common import IDEMPOTENCY, USER_ERRORS, SetupUserError, saved
from schema.types.practice import Operatory


@strawberry.input(description="A new operatory.")
class CreateOperatoryInput:
    location_id: GlobalID = strawberry.field(description="The location it belongs to.")
    name: str = strawberry.field(description="Display name, unique at the location.")
    abbreviation: str = strawberry.field(description="Short label for calendar columns.")
    sort_order: int = strawberry.field(default=0, description="Position of its calendar column.")
    active: bool = strawberry.field(default=True, description="Whether it is in use.")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of createOperatory.")
class CreateOperatoryPayload:
    operatory: Operatory | None = strawberry.field(description="The new operatory, if created.")
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_create_operatory(
    info: Info,
    input: Annotated[CreateOperatoryInput, strawberry.argument(description="The operatory.")],
) -> CreateOperatoryPayload:
    """Create an operatory or explain why not."""

    async def call() -> UUID:
        new = NewOperatory(
            location_id=decode_id(input.location_id, "Location", field="locationId"),
            name=input.name,
            abbreviation=input.abbreviation,
            sort_order=input.sort_order,
            active=input.active,
        )
        return await create_operatory(info.context, new, idempotency_key=input.idempotency_key)

    node, errors = await saved(info, call, lambda c: c.loaders.operatories, Operatory.from_row)
    return CreateOperatoryPayload(operatory=node, user_errors=errors)


create_operatory_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_create_operatory,
    description="Add an operatory (chair or room) to a location (staff).",
)
