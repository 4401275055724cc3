"""Errors a client caused; the schema's error policy shows these and masks everything else."""

from __future__ import annotations

from collections.abc import Sequence

from scheduling.conflicts import Conflict


class ClientError(Exception):
    """An expected failure with a stable code, safe to show to the client."""

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class BadInput(ClientError):
    """An argument is malformed or out of range."""

    code = "BAD_USER_INPUT"


class Forbidden(ClientError):
    """The caller's role may not do this."""

    code = "FORBIDDEN"


class Unauthenticated(ClientError):
    """No valid bearer token came with the request."""

    code = "UNAUTHENTICATED"


class NotFound(ClientError):
    """An ID names nothing the caller can see."""

    code = "NOT_FOUND"


class Validation(ClientError):
    """An input value breaks a rule (range, relation, length)."""

    code = "VALIDATION"


class VersionConflict(ClientError):
    """The caller's baseVersion is stale: someone changed the object since."""

    code = "VERSION_CONFLICT"


class InvalidTransition(ClientError):
    """The status machine does not allow this change from the current status."""

    code = "INVALID_TRANSITION"


class DstGap(ClientError):
    """The local time does not exist (spring-forward gap)."""

    code = "DST_GAP"


class AmbiguousTime(ClientError):
    """The local time occurs twice (fall-back) and the input did not say which."""

    code = "AMBIGUOUS_LOCAL_TIME"


class HoldExpired(ClientError):
    """The hold's reservation ran out before it was confirmed."""

    code = "HOLD_EXPIRED"


class PolicyWindow(ClientError):
    """A patient-initiated change inside the type's cancellation policy window."""

    code = "POLICY_WINDOW"


class TimeLocked(ClientError):
    """The appointment's time is locked."""

    code = "TIME_LOCKED"


class SlotConflict(ClientError):
    """The booking would collide with others; `conflicts` names them."""

    code = "SLOT_CONFLICT"

    def __init__(self, message: str, *, conflicts: Sequence[Conflict], field: str | None = None):
        super().__init__(message, field=field)
        self.conflicts = list(conflicts)
