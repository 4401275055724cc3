"""updateOperatory: rename, reorder, retire or reactivate an operatory (staff)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import SETUP_EDITORS
from resolvers.ids import decode_id
from resolvers.setup.operatories import OperatoryChanges, update_operatory
from schema.info import Info
from schema.mutations.setup_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    USER_ERRORS,
    SetupUserError,
    saved,
)
from schema.types.practice import Operatory


@strawberry.input(description="Changes to an operatory; omitted fields stay as they are.")
class UpdateOperatoryInput:
    operatory_id: GlobalID = strawberry.field(description="The operatory to change.")
    base_version: int = strawberry.field(description=BASE_VERSION)
    name: str | None = strawberry.field(default=None, description="New display name.")
    abbreviation: str | None = strawberry.field(default=None, description="New short label.")
    sort_order: int | None = strawberry.field(default=None, description="New column position.")
    active: bool | None = strawberry.field(
        default=None,
        description="false archives it: no new bookings; existing appointments keep it.",
    )
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY)


@strawberry.type(description="The result of updateOperatory.")
class UpdateOperatoryPayload:
    operatory: Operatory | None = strawberry.field(description="The changed operatory.")
    user_errors: list[SetupUserError] = strawberry.field(description=USER_ERRORS)


async def resolve_update_operatory(
    info: Info,
    input: Annotated[UpdateOperatoryInput, strawberry.argument(description="The changes.")],
) -> UpdateOperatoryPayload:
    """Change an operatory or explain why not."""

    async def call() -> UUID:
        changes = OperatoryChanges(
            operatory_id=decode_id(input.operatory_id, "Operatory", field="operatoryId"),
            base_version=input.base_version,
            name=input.name,
            abbreviation=input.abbreviation,
            sort_order=input.sort_order,
            active=input.active,
        )
        return await update_operatory(info.context, changes, idempotency_key=input.idempotency_key)

    node, errors = await saved(info, call, lambda c: c.loaders.operatories, Operatory.from_row)
    return UpdateOperatoryPayload(operatory=node, user_errors=errors)


update_operatory_field = strawberry.mutation(
    metadata=SETUP_EDITORS,
    resolver=resolve_update_operatory,
    description="Change an operatory; baseVersion must be current (staff).",
)
