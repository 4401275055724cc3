"""What the practice setup mutations share: error codes, userErrors, input descriptions."""

from __future__ import annotations

import enum

import strawberry

from resolvers.context import RequestContext
from resolvers.errors import ClientError
from schema.user_errors import user_error

Info = strawberry.Info[RequestContext, None]


@strawberry.enum(description="Why a practice setup mutation changed nothing.")
class SetupErrorCode(enum.Enum):
    VALIDATION = "VALIDATION"
    NOT_FOUND = "NOT_FOUND"
    DUPLICATE = "DUPLICATE"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="Why a practice setup mutation did not change anything.")
class SetupUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: SetupErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")


def setup_user_errors(error: ClientError) -> list[SetupUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, SetupErrorCode)
    return [SetupUserError(field=field, code=code, message=message)]


IDEMPOTENCY = (
    "Retries with the same key return the first result; the same key with another input is "
    "VALIDATION."
)
BASE_VERSION = "The version the client last saw; a stale one is VERSION_CONFLICT."
USER_ERRORS = "Why nothing changed."
