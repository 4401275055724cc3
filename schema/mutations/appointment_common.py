"""What every appointment mutation shares: error codes, userErrors, conflicts, the payload."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, time
from typing import Any, Protocol, TypedDict, TypeVar
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.errors import ClientError, SlotConflict
from resolvers.ids import decode_id, decode_ids, decode_optional_id
from resolvers.lifecycle.details import DETAIL_FIELDS
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.reslot import Placement
from resolvers.wall_clock import LocalSlot, Occurrence
from scheduling.conflicts import Conflict, ConflictReason
from schema.info import Info
from schema.types.appointment import Appointment
from schema.types.blockouts import Blockout
from schema.types.practice import Provider
from schema.user_errors import user_error

strawberry.enum(Occurrence, name="TimeOccurrence", description="Which of a repeated local time.")
strawberry.enum(ConflictReason, name="ConflictReason", description="Why a slot is not free.")


@strawberry.enum(description="Why an appointment mutation changed nothing.")
class AppointmentErrorCode(enum.Enum):
    NOT_FOUND = "NOT_FOUND"
    VALIDATION = "VALIDATION"
    VERSION_CONFLICT = "VERSION_CONFLICT"
    SLOT_CONFLICT = "SLOT_CONFLICT"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    DST_GAP = "DST_GAP"
    AMBIGUOUS_LOCAL_TIME = "AMBIGUOUS_LOCAL_TIME"
    HOLD_EXPIRED = "HOLD_EXPIRED"
    POLICY_WINDOW = "POLICY_WINDOW"
    TIME_LOCKED = "TIME_LOCKED"
    FORBIDDEN = "FORBIDDEN"


@strawberry.type(description="One thing a booking would collide with.")
class SlotConflictItem:
    reason: ConflictReason = strawberry.field(description="What kind of collision.")
    appointment_id: strawberry.Private[UUID | None]
    provider_id: strawberry.Private[UUID | None]
    blockout_id: strawberry.Private[UUID | None] = None

    @strawberry.field(description="The appointment in the way (null if the caller may not see it).")
    async def appointment(self, info: Info) -> Appointment | None:
        if self.appointment_id is None:
            return None
        row = await info.context.loaders.appointments.load(self.appointment_id)
        if row is None or not info.context.viewer.may_see_patient(row.patient_id):
            return None
        return Appointment.from_row(row, info.context.now)

    @strawberry.field(description="The double-booked provider, for PROVIDER_OVERLAP.")
    async def provider(self, info: Info) -> Provider | None:
        if self.provider_id is None:
            return None
        row = await info.context.loaders.providers.load(self.provider_id)
        return Provider.from_row(row) if row is not None else None

    @strawberry.field(
        description="For BLOCKED_TIME_CONFLICT: the no-schedule blockout (null for patients)."
    )
    async def blockout(self, info: Info) -> Blockout | None:
        if self.blockout_id is None or info.context.viewer.is_patient:
            return None
        row = await info.context.loaders.blockouts.blockouts.load(self.blockout_id)
        return Blockout.from_row(row) if row is not None else None


@strawberry.type(description="Why an appointment mutation did not change anything.")
class AppointmentUserError:
    field: list[str] | None = strawberry.field(description="Path to the input field at fault.")
    code: AppointmentErrorCode = strawberry.field(description="Machine-readable reason.")
    message: str = strawberry.field(description="Human-readable explanation.")
    conflicts: list[SlotConflictItem] = strawberry.field(
        description="For SLOT_CONFLICT: what the slot collides with."
    )


def appointment_user_errors(error: ClientError) -> list[AppointmentUserError]:
    """The userErrors of a client error."""
    field, code, message = user_error(error, AppointmentErrorCode)
    conflicts = conflict_items(error.conflicts) if isinstance(error, SlotConflict) else []
    return [AppointmentUserError(field=field, code=code, message=message, conflicts=conflicts)]


def conflict_items(conflicts: Iterable[Conflict]) -> list[SlotConflictItem]:
    """A SLOT_CONFLICT's conflicts as the schema lists them."""
    return [
        SlotConflictItem(
            reason=c.reason,
            appointment_id=c.appointment_id,
            provider_id=c.provider_id,
            blockout_id=c.blockout_id,
        )
        for c in conflicts
    ]


class AppointmentPayloadType(Protocol):
    """The shape of every single-appointment payload."""

    def __init__(
        self, *, appointment: Appointment | None, user_errors: list[AppointmentUserError]
    ) -> None: ...


PayloadT = TypeVar("PayloadT", bound=AppointmentPayloadType)


async def appointment_payload(
    info: Info, payload: type[PayloadT], call: Callable[[], Awaitable[AppointmentOutcome]]
) -> PayloadT:
    """Run a lifecycle call and build its payload: the changed appointment or userErrors."""
    try:
        outcome = await call()
    except ClientError as error:
        return payload(appointment=None, user_errors=appointment_user_errors(error))
    row = await info.context.loaders.appointments.load(outcome.appointment_ids[0])
    return payload(
        appointment=Appointment.from_row(row, info.context.now) if row else None, user_errors=[]
    )


@strawberry.input(description="A local date with start and end times, read in the location's zone.")
class LocalSlotInput:
    date: date = strawberry.field(description="Local calendar date.")
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time | None = strawberry.field(
        default=None, description="Local end time; default: the type's (or current) length."
    )
    start_occurrence: Occurrence | None = strawberry.field(
        default=None, description="On a fall-back day, which 01:xx is meant for the start."
    )
    end_occurrence: Occurrence | None = strawberry.field(
        default=None, description="On a fall-back day, which 01:xx is meant for the end."
    )

    def to_slot(self) -> LocalSlot:
        """The resolver's form."""
        return LocalSlot(
            day=self.date,
            start=self.start_time,
            end=self.end_time,
            start_occurrence=self.start_occurrence,
            end_occurrence=self.end_occurrence,
        )


class PlacementInput(Protocol):
    """The fields of an input that puts an existing appointment in a slot (move, place)."""

    slot: LocalSlotInput
    operatory_id: GlobalID | None
    provider_ids: list[GlobalID] | None
    allow_overlap: bool | None


def placement_of(input: PlacementInput) -> Placement:
    """The resolver's placement (IDs decoded; omitted parts None, so they stay)."""
    return Placement(
        slot=input.slot.to_slot(),
        operatory_id=decode_optional_id(input.operatory_id, "Operatory", field="operatoryId"),
        provider_ids=tuple(decode_ids(input.provider_ids, "Provider", field="providerIds"))
        if input.provider_ids
        else None,
        allow_overlap=input.allow_overlap,
    )


def details_given(input: object, *, absent: object) -> dict[str, Any]:
    """The record's details an input sets (column -> value): its detail fields that are not
    `absent` (None where omitting one means the default, UNSET where null clears it); a detail
    the input does not have (a new appointment's estimates) is absent too."""
    given = {column: getattr(input, column, absent) for column in DETAIL_FIELDS}
    return {column: value for column, value in given.items() if value is not absent}


class ProposalInput(Protocol):
    """The fields of an input that proposes a new slot (bookAppointment, checkConflicts)."""

    location_id: GlobalID
    operatory_id: GlobalID
    provider_ids: list[GlobalID]
    slot: LocalSlotInput
    appointment_type_id: GlobalID | None


class SlotProposal(TypedDict):
    """Where, when and what is proposed, as the resolvers take it."""

    location_id: UUID
    operatory_id: UUID
    provider_ids: tuple[UUID, ...]
    slot: LocalSlot
    appointment_type_id: UUID | None


def proposal_of(input: ProposalInput) -> SlotProposal:
    """The proposal's IDs decoded (VALIDATION at the field of a wrong or malformed one)."""
    return SlotProposal(
        location_id=decode_id(input.location_id, "Location", field="locationId"),
        operatory_id=decode_id(input.operatory_id, "Operatory", field="operatoryId"),
        provider_ids=tuple(decode_ids(input.provider_ids, "Provider", field="providerIds")),
        slot=input.slot.to_slot(),
        appointment_type_id=decode_optional_id(
            input.appointment_type_id, "AppointmentType", field="appointmentTypeId"
        ),
    )
