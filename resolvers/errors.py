"""Errors a client caused, each kind defined once here; the schema's error policy shows these
(a query's errors, a mutation payload's userErrors) and masks everything else."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from scheduling.conflicts import Conflict


class ClientError(Exception):
    """An expected failure with a stable code, safe to show to the client.

    `field` is where in the input the fault lies: a name ("note") or, inside a nested input
    object, the path below the argument (("slot", "endTime")). A mutation's userErrors put
    "input" in front of it; a query's error joins it with dots.
    """

    code = "BAD_USER_INPUT"

    def __init__(self, message: str, *, field: str | Sequence[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path: tuple[str, ...] = (field,) if isinstance(field, str) else tuple(field or ())

    @property
    def field(self) -> str | None:
        """The path joined with dots ("slot.endTime"), or None."""
        return ".".join(self.path) or None


class BadInput(ClientError):
    """An argument is malformed or out of range (a mutation reports it as VALIDATION)."""

    code = "BAD_USER_INPUT"


class InvalidTimeZone(BadInput):
    """The time zone is not an IANA zone name."""

    code = "INVALID_TIME_ZONE"


class Forbidden(ClientError):
    """The caller's role, or the patient's ownership, does not allow this."""

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


class Duplicate(ClientError):
    """The change would repeat something that exists (a unique rule of the database says so)."""

    code = "DUPLICATE"


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

    def __init__(
        self,
        message: str,
        *,
        conflicts: Sequence[Conflict],
        field: str | Sequence[str] | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.conflicts = list(conflicts)


class SlotTaken(ClientError):
    """A waitlist offer's slot is no longer free; the entry went back to waiting."""

    code = "SLOT_TAKEN"

    def __init__(self, message: str, *, entry_id: uuid.UUID) -> None:
        super().__init__(message)
        self.entry_id = entry_id


class OfferExpired(ClientError):
    """A waitlist offer lapsed before the patient accepted; record EXPIRED or offer again."""

    code = "OFFER_EXPIRED"


class AlreadyMerged(ClientError):
    """A patient of a merge was merged into another before."""

    code = "ALREADY_MERGED"


class MergeConflict(ClientError):
    """Two patients cannot be merged as they are: their visits overlap, or both have what a
    patient has once (a recall of a type, an active waitlist entry for a location and type)."""

    code = "MERGE_CONFLICT"
