"""bookAppointment: a new appointment, or a hold that reserves the slot for a few minutes."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BOOKERS
from resolvers.ids import decode_ids
from resolvers.lifecycle.book import book_appointment
from resolvers.lifecycle.outcome import AppointmentOutcome
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.mutations.new_appointment import NewAppointmentFields
from schema.types.appointment import Appointment


@strawberry.input(description="A new appointment.")
class BookAppointmentInput(NewAppointmentFields):
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
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


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
        request = input.booking_request(
            hold=input.hold,
            patient_recall_ids=tuple(
                decode_ids(
                    input.patient_recall_ids or [], "PatientRecall", field="patientRecallIds"
                )
            ),
        )
        return await book_appointment(info.context, request, idempotency_key=input.idempotency_key)

    return await appointment_payload(info, BookAppointmentPayload, call)


book_appointment_field = strawberry.mutation(
    resolver=resolve_book_appointment,
    metadata=BOOKERS,
    description="Book an appointment, or hold its slot (hold: true) until confirmBooking.",
)
