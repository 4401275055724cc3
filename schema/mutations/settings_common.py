"""What the per-user settings mutations share: error codes, userErrors, the saved node, and
the delete mutation of every kind."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, Protocol, TypeVar
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID
from strawberry.utils.str_converters import to_snake_case

from resolvers.access import SETTINGS_OWNERS
from resolvers.context import RequestContext
from resolvers.errors import BadInput, ClientError
from resolvers.ids import decode_id, decode_ids, decode_optional_id
from resolvers.user_settings.owned import OwnedKind, own_by_ids
from resolvers.user_settings.saved_searches import AppointmentSearch
from resolvers.user_settings.schedule_views import ViewValues
from schema.info import Info
from schema.inputs import AppointmentFilter
from schema.types.user_settings import SavedSearch, ScheduleView
from schema.types.view_display import ScheduleViewDisplayInput
from schema.user_errors import user_error


@strawberry.enum(description="Why a settings mutation changed nothing.")
class SettingsErrorCode(enum.Enum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why a settings mutation did not change anything.")
class SettingsUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: SettingsErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


def settings_user_errors(error: ClientError) -> list[SettingsUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, SettingsErrorCode)
    return [SettingsUserError(field=field, code=code, message=message)]


NodeT = TypeVar("NodeT")


async def saved(
    info: Info,
    call: Callable[[], Awaitable[UUID]],
    load: Callable[[RequestContext, list[UUID]], Awaitable[list[Any]]],
    build: Callable[[Any], NodeT],
) -> tuple[NodeT | None, list[SettingsUserError]]:
    """Run a settings mutation's save: the saved node read fresh, or the userErrors."""
    try:
        ident = await call()
    except ClientError as error:
        return None, settings_user_errors(error)
    found = await load(info.context, [ident])
    return (build(found[0]) if found and found[0] is not None else None), []


async def deleted(
    call: Callable[[], Awaitable[UUID]], typename: str
) -> tuple[GlobalID | None, list[SettingsUserError]]:
    """Run a settings mutation's delete: the deleted node's global ID, or the userErrors."""
    try:
        ident = await call()
    except ClientError as error:
        return None, settings_user_errors(error)
    return GlobalID(typename, str(ident)), []


class ViewInput(Protocol):
    """A schedule view's input fields (create: all given; update: None leaves one as it is)."""

    @property
    def name(self) -> str | None: ...

    @property
    def shortcut(self) -> str | None: ...

    @property
    def is_default(self) -> bool | None: ...

    @property
    def operatory_ids(self) -> list[GlobalID] | None: ...

    @property
    def provider_ids(self) -> list[GlobalID] | None: ...

    @property
    def location_id(self) -> GlobalID | None: ...

    @property
    def display(self) -> ScheduleViewDisplayInput | None: ...


def view_values(input: ViewInput) -> ViewValues:
    """The resolver's view values (IDs decoded)."""
    operatories = input.operatory_ids
    providers = input.provider_ids
    return ViewValues(
        name=input.name,
        shortcut=input.shortcut,
        is_default=input.is_default,
        operatory_ids=decode_ids(operatories, "Operatory", field="operatoryIds")
        if operatories is not None
        else None,
        provider_ids=decode_ids(providers, "Provider", field="providerIds")
        if providers is not None
        else None,
        location_id=decode_optional_id(input.location_id, "Location", field="locationId"),
        display=input.display.to_display() if input.display is not None else None,
    )


IDEMPOTENCY = (
    "Retries with the same key return the first result; the same key with another input is "
    "VALIDATION."
)
BASE_VERSION = "The version the client last saw; a stale one is VERSION_CONFLICT."
USER_ERRORS = "Why nothing changed."
OWNER_ONLY = (
    "Only its owner (the token's subject) sees and changes it; another user's is NOT_FOUND."
)


def appointment_search(spec: AppointmentFilter) -> AppointmentSearch:
    """An appointments filter as a saved search keeps it (ids decoded: VALIDATION for an ID of
    another type, under `filter`)."""
    return AppointmentSearch(
        location_ids=_filter_ids(spec.location_ids, "Location", "locationIds"),
        provider_ids=_filter_ids(spec.provider_ids, "Provider", "providerIds"),
        patient_ids=_filter_ids(spec.patient_ids, "Patient", "patientIds"),
        operatory_ids=_filter_ids(spec.operatory_ids, "Operatory", "operatoryIds"),
        statuses=[status.value for status in spec.statuses or ()],
        starts_from=spec.from_,
        starts_before=spec.to,
        patient_name=spec.patient_name,
    )


def _filter_ids(values: list[GlobalID] | None, type_name: str, key: str) -> list[UUID]:
    """The UUIDs of one of the filter's ID lists; VALIDATION at ("filter", key) if one is of
    another type or malformed."""
    try:
        return decode_ids(values, type_name, field=key)
    except BadInput as error:
        raise BadInput(error.message, field=("filter", key)) from error


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

    async def resolve(info: Info, input: DeleteInput) -> Any:
        async def call() -> UUID:
            ident = decode_id(getattr(input, id_name), kind.type_name, field=kind.field)
            return await delete(
                info.context, ident, input.base_version, idempotency_key=input.idempotency_key
            )

        ident, errors = await deleted(call, kind.type_name)
        return payload_type(deleted_id=ident, user_errors=errors)

    # The built classes themselves: this module's postponed annotations would be names that
    # Strawberry looks up here, and these classes have none.
    resolve.__annotations__ = {
        "info": Info,
        "input": Annotated[input_type, strawberry.argument(description=f"The {noun}.")],
        "return": payload_type,
    }

    return strawberry.mutation(
        metadata=SETTINGS_OWNERS,
        resolver=resolve,
        description=f"Delete a {kind.label}; baseVersion must be current (staff). {OWNER_ONLY}",
    )


# The resolver call of a save: (context, the mutation's input) -> the saved row's id.
Save = Callable[[RequestContext, Any], Awaitable[UUID]]


def save_mutation(
    kind: OwnedKind,
    *,
    verb: str,
    input_type: type,
    node: type[SavedSearch] | type[ScheduleView],
    node_description: str,
    argument: str,
    save: Save,
    description: str,
) -> Any:
    """The create or update (`verb`) mutation field of `kind`: its payload (the saved node,
    under the kind's name, and userErrors) and resolver around `save`."""
    node_name = to_snake_case(kind.type_name)
    namespace = {
        "__annotations__": {node_name: node | None, "user_errors": list[SettingsUserError]},
        "__module__": __name__,
        node_name: strawberry.field(description=node_description),
        "user_errors": strawberry.field(description=USER_ERRORS),
    }
    payload_type = strawberry.type(
        type(f"{verb.title()}{kind.type_name}Payload", (), namespace),
        description=f"The result of {verb}{kind.type_name}.",
    )

    async def resolve(info: Info, input: Any) -> Any:
        found, errors = await saved(
            info,
            lambda: save(info.context, input),
            lambda ctx, ids: own_by_ids(ctx, kind.rows, ids),
            node.from_row,
        )
        return payload_type(**{node_name: found, "user_errors": errors})

    # The classes themselves (see delete_mutation).
    resolve.__annotations__ = {
        "info": Info,
        "input": Annotated[input_type, strawberry.argument(description=argument)],
        "return": payload_type,
    }
    return strawberry.mutation(metadata=SETTINGS_OWNERS, resolver=resolve, description=description)
