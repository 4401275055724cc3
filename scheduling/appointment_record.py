"""The appointment record's details: where it came from, its tags, color and arrival time,
and the statuses a new appointment may be created in."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from decimal import Decimal

from scheduling.appointment_status import AppointmentStatus

MAX_TAGS = 10  # tags on one appointment (the database checks the same number)
MAX_TAG_LENGTH = 30
MAX_ASK_TO_ARRIVE_MINUTES = 240  # four hours; the database checks the same range
MAX_ESTIMATE = Decimal("1000000")  # as production amounts; the database checks >= 0
MAX_DISPLAY_ORDER = 1000  # visits sharing one slot: a handful
_COLOR = re.compile(r"#[0-9A-Fa-f]{6}")


class AppointmentSource(enum.StrEnum):
    """How an appointment was created; the server sets it, a client never does."""

    STAFF = "STAFF"
    PATIENT_APP = "PATIENT_APP"
    INTEGRATION = "INTEGRATION"
    WAITLIST = "WAITLIST"
    IMPORT = "IMPORT"


class ProviderRole(enum.StrEnum):
    """What a provider does on a multi-provider appointment; the primary provider is PRIMARY,
    the others one of the rest (SECONDARY unless said)."""

    PRIMARY = "PRIMARY"
    SECONDARY = "SECONDARY"
    ASSISTANT = "ASSISTANT"
    HYGIENIST = "HYGIENIST"
    SPECIALIST = "SPECIALIST"


# The roles an additional provider may have (the database checks the same list).
ADDITIONAL_ROLES = tuple(role for role in ProviderRole if role is not ProviderRole.PRIMARY)


# The caller's role (resolvers.viewer.Role's values) -> the source of what it books itself.
_SOURCE_OF_ROLE = {
    "staff": AppointmentSource.STAFF,
    "staff-admin": AppointmentSource.STAFF,
    "patient": AppointmentSource.PATIENT_APP,
    "integration": AppointmentSource.INTEGRATION,
}

# What bookAppointment may create besides a HOLD: on the calendar (SCHEDULED, PLANNED) or
# off it (UNSCHEDULED, PINBOARD: they keep a wished-for time but take no slot).
CREATABLE: frozenset[AppointmentStatus] = frozenset(
    {
        AppointmentStatus.SCHEDULED,
        AppointmentStatus.PLANNED,
        AppointmentStatus.UNSCHEDULED,
        AppointmentStatus.PINBOARD,
    }
)


def source_of_role(role: str) -> AppointmentSource:
    """The source of an appointment a caller of `role` books directly."""
    return _SOURCE_OF_ROLE[role]


def normalized_tags(values: Iterable[str]) -> tuple[tuple[str, ...], str | None]:
    """Tags as stored (trimmed, duplicates dropped, first kept, case kept) and the problem
    with them, if any: an empty tag, a tag over MAX_TAG_LENGTH, more than MAX_TAGS, a
    control character."""
    tags: dict[str, None] = {}
    for value in values:
        tag = value.strip()
        if not tag:
            return (), "A tag may not be empty"
        if len(tag) > MAX_TAG_LENGTH:
            return (), f"A tag has at most {MAX_TAG_LENGTH} characters"
        if any(ord(character) < 32 or ord(character) == 127 for character in tag):
            return (), "A tag may not contain control characters"
        tags.setdefault(tag, None)
    if len(tags) > MAX_TAGS:
        return (), f"At most {MAX_TAGS} tags"
    return tuple(tags), None


def color_problem(color: str) -> str | None:
    """Why a color override is refused (it is '#' and six hex digits), or None."""
    if _COLOR.fullmatch(color) is None:
        return "A color is '#' followed by six hexadecimal digits, e.g. #1A2B3C"
    return None


def estimate_problem(amount: Decimal, field: str) -> str | None:
    """Why an estimated amount (insurance or patient portion) is refused, or None: money
    from 0 to MAX_ESTIMATE with at most two decimal places."""
    if not amount.is_finite() or not 0 <= amount <= MAX_ESTIMATE:
        return f"{field} must be between 0 and {MAX_ESTIMATE}"
    if amount != amount.quantize(Decimal("0.01")):
        return f"{field} may have at most 2 decimal places"
    return None


def display_order_problem(order: int) -> str | None:
    """Why a place among the visits sharing a slot is refused, or None."""
    if not 0 <= order <= MAX_DISPLAY_ORDER:
        return f"displayOrder must be between 0 and {MAX_DISPLAY_ORDER}"
    return None


def provider_range_problem(start: int | None, end: int | None, visit_minutes: int) -> str | None:
    """Why a provider's time within a visit (minutes from its start; both None: the whole
    visit) is refused, or None: it lies inside the visit and is not empty."""
    if start is None and end is None:
        return None
    if start is None or end is None:
        return "Give both startOffsetMinutes and endOffsetMinutes, or neither"
    if not 0 <= start < end <= visit_minutes:
        return (
            f"A provider's time must lie within the visit: 0 <= startOffsetMinutes < "
            f"endOffsetMinutes <= {visit_minutes}"
        )
    return None


def ask_to_arrive_problem(minutes: int) -> str | None:
    """Why an ask-to-arrive offset (minutes before the start) is refused, or None."""
    if not 0 <= minutes <= MAX_ASK_TO_ARRIVE_MINUTES:
        return f"askToArriveMinutes must be between 0 and {MAX_ASK_TO_ARRIVE_MINUTES}"
    return None
