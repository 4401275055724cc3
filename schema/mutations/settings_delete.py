"""The delete mutation of a per-user setting (deleteSavedSearch, deleteScheduleView): the same
input, payload and resolver for every OwnedKind, named after it.

No `from __future__ import annotations` here: the types are built at import time, and the
resolver's annotations must be the built classes themselves, not names Strawberry would look
up in this module.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID
from strawberry.utils.str_converters import to_snake_case

from resolvers.access import SETTINGS_OWNERS
from resolvers.ids import decode_id
from resolvers.user_settings.owned import OwnedKind
from schema.mutations.settings_common import (
    BASE_VERSION,
    IDEMPOTENCY,
    OWNER_ONLY,
    USER_ERRORS,
    Info,
    SettingsUserError,
    deleted,
)


class DeleteInput(Protocol):
    """The fields every delete input has besides the id (named after the kind)."""

    base_version: int
    idempotency_key: str | None


# The resolver's delete: (context, id, base version, idempotency key=) -> the deleted id.
Delete = Callable[..., Awaitable[UUID]]


def _input_type(kind: OwnedKind, noun: str, id_name: str) -> Any:
    fields = {
        id_name: strawberry.field(description=f"The {noun} to delete."),
        "base_version": strawberry.field(description=BASE_VERSION),
        "idempotency_key": strawberry.field(default=None, description=IDEMPOTENCY),
    }
    annotations = {id_name: GlobalID, "base_version": int, "idempotency_key": str | None}
    namespace = {"__annotations__": annotations, "__module__": __name__, **fields}
    return strawberry.input(
        type(f"Delete{kind.type_name}Input", (), namespace),
        description=f"The {kind.label} to delete.",
    )


def _payload_type(kind: OwnedKind, noun: str) -> Any:
    namespace = {
        "__annotations__": {"deleted_id": GlobalID | None, "user_errors": list[SettingsUserError]},
        "__module__": __name__,
        "deleted_id": strawberry.field(
            description=f"The deleted {noun}'s global ID; null if nothing was deleted."
        ),
        "user_errors": strawberry.field(description=USER_ERRORS),
    }
    return strawberry.type(
        type(f"Delete{kind.type_name}Payload", (), namespace),
        description=f"The result of delete{kind.type_name}.",
    )


def delete_mutation(kind: OwnedKind, *, noun: str, delete: Delete) -> Any:
    """The mutation field deleting one of the caller's rows of `kind` at its baseVersion
    (`noun`: how descriptions call one in short, e.g. "search")."""
    id_name = to_snake_case(kind.field)
    input_type = _input_type(kind, noun, id_name)
    payload_type = _payload_type(kind, noun)

    async def resolve(
        info: Info,
        input: Annotated[input_type, strawberry.argument(description=f"The {noun}.")],  # type: ignore[valid-type]
    ) -> payload_type:  # type: ignore[valid-type]
        asked: DeleteInput = input

        async def call() -> UUID:
            ident = decode_id(getattr(asked, id_name), kind.type_name, field=kind.field)
            return await delete(
                info.context, ident, asked.base_version, idempotency_key=asked.idempotency_key
            )

        ident, errors = await deleted(call, kind.type_name)
        return payload_type(deleted_id=ident, user_errors=errors)

    return strawberry.mutation(
        metadata=SETTINGS_OWNERS,
        resolver=resolve,
        description=f"Delete a {kind.label}; baseVersion must be current (staff). {OWNER_ONLY}",
    )
