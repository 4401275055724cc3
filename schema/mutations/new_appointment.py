"""The fields of a new appointment, shared by bookAppointment's input and importAppointments'
rows, and how they become the resolvers' BookingRequest."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.relay import GlobalID

from resolvers.ids import decode_id, decode_optional_id
from resolvers.lifecycle.book import BookingRequest
from schema.enums import AppointmentStatus, Modality
from schema.mutations.appointment_common import (
    LocalSlotInput,
    details_given,
    proposal_of,
)


@strawberry.input(
    name="NewAppointmentFields", description="The fields every new appointment is given by."
)
class NewAppointmentFields:
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

    def details(self) -> dict[str, Any]:
        """The record's details given (column -> value)."""
        return details_given(self, absent=None)

    def booking_request(self, **more: Any) -> BookingRequest:
        """The resolvers' request (`more`: the fields only bookAppointment has)."""
        return BookingRequest(
            patient_id=decode_id(self.patient_id, "Patient", field="patientId"),
            **proposal_of(self),
            confirmation_status_id=decode_optional_id(
                self.confirmation_status_id, "ConfirmationStatus", field="confirmationStatusId"
            ),
            note=self.note,
            priority=self.priority,
            is_new_patient=self.is_new_patient,
            allow_overlap=self.allow_overlap,
            procedure_codes=tuple(self.procedure_codes)
            if self.procedure_codes is not None
            else None,
            status=self.status,
            details=self.details(),
            **more,
        )
