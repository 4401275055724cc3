"""bookAppointment: a new appointment, or a hold that reserves the slot for a few minutes."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import APPOINTMENT_SELF_SERVICE
from resolvers.ids import decode_id, decode_ids
from resolvers.lifecycle.book import BookingRequest, book_appointment
from resolvers.lifecycle.outcome import AppointmentOutcome
from schema.enums import AppointmentStatus, Modality
from schema.mutations.appointment_common import (
    AppointmentUserError,
    Info,
    LocalSlotInput,
    appointment_payload,
    details_given,
    proposal_of,
)
from schema.types.appointment import Appointment


@strawberry.input(description="A new appointment.")
class BookAppointmentInput:
    patient_id: GlobalID = strawberry.field(description="Who is seen.")
    location_id: GlobalID = strawberry.field(description="Where; times are read in its zone.")
    operatory_id: GlobalID = strawberry.field(description="Which chair or room (at the location).")
    provider_ids: list[GlobalID] = strawberry.field(
        description="Providers in order: the first is the primary provider."
    )
    slot: LocalSlotInput = strawberry.field(description="Local date and times.")
    appointment_type_id: GlobalID | None = strawberry.field(
        default=None, description="The kind of visit; its duration is the default length."
    )
    confirmation_status_id: GlobalID | None = strawberry.field(
        default=None, description="Initial confirmation status."
    )
    note: str | None = strawberry.field(default=None, description="Note for the front desk.")
    priority: int = strawberry.field(default=0, description="Scheduling priority, -100..100.")
    is_new_patient: bool = strawberry.field(default=False, description="First visit?")
    allow_overlap: bool = strawberry.field(
        default=False,
        description="Staff only: double-book on purpose (neither blocks nor is blocked).",
    )
    hold: bool = strawberry.field(
        default=False,
        description="Reserve the slot as a HOLD until holdExpiresAt; confirmBooking makes it real.",
    )
    patient_recall_ids: list[GlobalID] | None = strawberry.field(
        default=None,
        description=(
            "Staff only: the patient's recalls this visit books (at most 10). They read as "
            "SCHEDULED while the appointment is live and roll to their next due date when it "
            "is COMPLETE; a recall already booked by a live appointment is VALIDATION."
        ),
    )
    procedure_codes: list[str] | None = strawberry.field(
        default=None,
        description=(
            "Staff only: the procedures the visit performs, e.g. ['D1110'] (1-20 characters "
            "each, upper-cased, duplicates dropped, at most 20). Omitted: the appointment "
            "type's procedureCodes. Completing the visit fires their recall triggers."
        ),
    )
    status: AppointmentStatus = strawberry.field(
        default=AppointmentStatus.SCHEDULED,
        description="Staff only: create it SCHEDULED (the default), PLANNED (on the calendar, "
        "holding its slot), or UNSCHEDULED or PINBOARD (off the grid: the time is a wish and "
        "takes no slot until placeFromPinboard).",
    )
    ask_to_arrive_minutes: int | None = strawberry.field(
        default=None, description="Staff only: ask the patient to arrive this early (0-240)."
    )
    color_override: str | None = strawberry.field(
        default=None, description="Staff only: a calendar color of its own, #RRGGBB."
    )
    tags: list[str] | None = strawberry.field(
        default=None,
        description="Staff only: short labels (at most 10, 1-30 characters each, trimmed, "
        "duplicates dropped).",
    )
    modality: Modality | None = strawberry.field(
        default=None, description="How the visit happens; default: the type's, else IN_PERSON."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )

    def details(self) -> dict[str, Any]:
        """The record's details given (column -> value)."""
        return details_given(self, absent=None)


@strawberry.type(description="The result of bookAppointment.")
class BookAppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="The new appointment or hold.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why nothing was booked."
    )


async def resolve_book_appointment(
    info: Info,
    input: Annotated[BookAppointmentInput, strawberry.argument(description="What to book.")],
) -> BookAppointmentPayload:
    """Book or hold an appointment."""

    async def call() -> AppointmentOutcome:
        request = BookingRequest(
            patient_id=decode_id(input.patient_id, "Patient", field="patientId"),
            **proposal_of(input),
            confirmation_status_id=decode_id(
                input.confirmation_status_id, "ConfirmationStatus", field="confirmationStatusId"
            )
            if input.confirmation_status_id
            else None,
            note=input.note,
            priority=input.priority,
            is_new_patient=input.is_new_patient,
            allow_overlap=input.allow_overlap,
            hold=input.hold,
            patient_recall_ids=tuple(
                decode_ids(
                    input.patient_recall_ids or [], "PatientRecall", field="patientRecallIds"
                )
            ),
            procedure_codes=tuple(input.procedure_codes)
            if input.procedure_codes is not None
            else None,
            status=input.status,
            details=input.details(),
        )
        return await book_appointment(info.context, request, idempotency_key=input.idempotency_key)

    return await appointment_payload(info, BookAppointmentPayload, call)


book_appointment_field = strawberry.mutation(
    resolver=resolve_book_appointment,
    metadata=APPOINTMENT_SELF_SERVICE,
    description="Book an appointment, or hold its slot (hold: true) until confirmBooking.",
)
