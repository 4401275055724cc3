"""The fields createAppointmentType and updateAppointmentType share, and their payload."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.ids import decode_ids
from resolvers.setup.appointment_types import Offers, TypeValues
from scheduling.time_pattern import Segment
from schema.enums import TimeUnitKind
from schema.info import Info
from schema.mutations.setup_common import SetupUserError, saved
from schema.types.appointment_type import AppointmentType


@strawberry.type(description="The result of createAppointmentType or updateAppointmentType.")
class AppointmentTypePayload:
    appointment_type: AppointmentType | None = strawberry.field(
        description="The created or changed type."
    )
    user_errors: list[SetupUserError] = strawberry.field(description="Why nothing changed.")


def type_values(source: object, *, archived: bool | None = None) -> TypeValues:
    """The column values an input sets (its fields share names with TypeValues')."""
    get = source.__getattribute__
    codes = get("procedure_codes")
    required = get("required_procedure_codes")
    return TypeValues(
        name=get("name"),
        abbreviation=get("abbreviation"),
        description=get("description"),
        color=get("color"),
        duration_minutes=get("duration_minutes"),
        max_attendees=get("max_attendees"),
        bookable_online=get("bookable_online"),
        booking_lead_time_hours=get("booking_lead_time_hours"),
        booking_window_days=get("booking_window_days"),
        cancellation_policy_hours=get("cancellation_policy_hours"),
        category=get("category"),
        modality=get("modality"),
        telehealth=get("telehealth"),
        deposit_amount=get("deposit_amount"),
        procedure_codes=tuple(codes) if codes is not None else None,
        archived=archived,
        display_order=get("display_order"),
        hidden=get("hidden"),
        blockout_only=get("blockout_only"),
        required_procedure_codes=None if required is None else tuple(required),
        required_codes_match=get("required_codes_match"),
    )


@strawberry.input(description="A stretch of a visit: what it needs and for how many minutes.")
class TimePatternSegmentInput:
    kind: TimeUnitKind = strawberry.field(description="Who the stretch needs.")
    minutes: int = strawberry.field(description="How long it lasts: a multiple of 5, above 0.")


def time_pattern(segments: list[TimePatternSegmentInput] | None) -> tuple[Segment, ...] | None:
    """The runs an input gives (None: unchanged)."""
    if segments is None:
        return None
    return tuple(Segment(TimeUnitKind(each.kind), each.minutes) for each in segments)


def offers(provider_ids: list[GlobalID] | None, location_ids: list[GlobalID] | None) -> Offers:
    """The providers and locations an input names (None: unchanged)."""
    return Offers(
        provider_ids=None
        if provider_ids is None
        else tuple(decode_ids(provider_ids, "Provider", field="providerIds")),
        location_ids=None
        if location_ids is None
        else tuple(decode_ids(location_ids, "Location", field="locationIds")),
    )


async def type_payload(info: Info, call: Callable[[], Awaitable[UUID]]) -> AppointmentTypePayload:
    """Run the save and build the payload, or its userErrors."""
    node, errors = await saved(
        info, call, lambda c: c.loaders.appointment_types, AppointmentType.from_row
    )
    return AppointmentTypePayload(appointment_type=node, user_errors=errors)


# Descriptions both inputs use.
DURATION = "Default length of a visit in minutes (5 to 720)."
MAX_ATTENDEES = "How many patients one appointment may hold (1 to 100)."
LEAD_TIME = "Patients must book at least this many hours ahead (0 to 8760)."
WINDOW = "Patients may book at most this many days ahead (1 to 730)."
POLICY = "Patients may not cancel or move a visit within this many hours of its start."
DEPOSIT = "Deposit clients show when booking (0 to 99999999.99; no payments are taken)."
PROVIDERS = "The providers offering the type; empty: every provider."
LOCATIONS = "The locations offering the type; empty: every location."
DISPLAY_ORDER = "Place in pick lists (0 to 1000; 0 first, then by name)."
HIDDEN = "Keep it out of pick lists (appointmentTypes lists it with includeHidden)."
BLOCKOUT_ONLY = "Meant for booking into blockouts only (a flag clients read)."
REQUIRED_CODES = "Procedure codes a visit of the type needs (at most 20)."
CODES_MATCH = "Whether a visit needs ALL the required codes or ANY one."
TIME_PATTERN = (
    "What each stretch of the visit needs, in order; the minutes add up to the duration "
    "(a multiple of 5). [] removes the pattern."
)
TELEHEALTH = "Whether the visit runs over telehealth (needs modality VIDEO or PHONE)."
