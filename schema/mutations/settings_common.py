"""What the per-user settings mutations share: error codes, userErrors, the saved node."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.context import RequestContext
from resolvers.errors import BadInput, ClientError
from resolvers.ids import decode_ids
from resolvers.user_settings.saved_searches import AppointmentSearch
from schema.inputs import AppointmentFilter
from schema.user_errors import user_error

Info = strawberry.Info[RequestContext, None]


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
