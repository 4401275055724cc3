"""updateAppointmentDetails: ask-to-arrive offset, color override, tags, modality, the
estimated insurance and patient portions, and the order among visits sharing a slot."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.update_details import DetailsRequest, update_appointment_details
from schema.enums import Modality
from schema.info import Info
from schema.mutations.appointment_common import (
    AppointmentUserError,
    appointment_payload,
    details_given,
)
from schema.types.appointment import Appointment


@strawberry.input(description="New details of an appointment; omitted fields stay as they are.")
class UpdateAppointmentDetailsInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to update.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    ask_to_arrive_minutes: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Minutes before the start the patient is asked to arrive (0-240); null "
        "removes it.",
    )
    color_override: str | None = strawberry.field(
        default=strawberry.UNSET,
        description="A calendar color of its own, #RRGGBB; null goes back to the type's.",
    )
    tags: list[str] | None = strawberry.field(
        default=strawberry.UNSET,
        description="Replace the tags (at most 10, 1-30 characters each, trimmed, duplicates "
        "dropped); [] or null removes them all.",
    )
    modality: Modality | None = strawberry.field(
        default=strawberry.UNSET, description="How the visit happens (not null)."
    )
    estimated_insurance: Decimal | None = strawberry.field(
        default=strawberry.UNSET,
        description="What insurance is expected to pay (0-1000000, 2 decimals); null removes it.",
    )
    estimated_patient_portion: Decimal | None = strawberry.field(
        default=strawberry.UNSET,
        description="What the patient is expected to pay (0-1000000, 2 decimals); null removes it.",
    )
    display_order: int | None = strawberry.field(
        default=strawberry.UNSET,
        description="Its place among visits sharing its slot (0-1000, 0 first; not null).",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )

    def details(self) -> dict[str, Any]:
        """The details given (column -> value), null ones included."""
        return details_given(self, absent=strawberry.UNSET)


@strawberry.type(description="The result of updateAppointmentDetails.")
class UpdateAppointmentDetailsPayload:
    appointment: Appointment | None = strawberry.field(description="The updated appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not updated."
    )


async def resolve_update_appointment_details(
    info: Info,
    input: Annotated[
        UpdateAppointmentDetailsInput, strawberry.argument(description="The changes.")
    ],
) -> UpdateAppointmentDetailsPayload:
    """Update an appointment record's details; staff only."""

    async def call() -> AppointmentOutcome:
        request = DetailsRequest(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            details=input.details(),
        )
        return await update_appointment_details(
            info.context, request, idempotency_key=input.idempotency_key
        )

    return await appointment_payload(info, UpdateAppointmentDetailsPayload, call)


update_appointment_details_field = strawberry.mutation(
    metadata=staff_only("update an appointment"),
    resolver=resolve_update_appointment_details,
    description="Change an appointment record's ask-to-arrive time, color, tags, modality, "
    "estimated insurance and patient portions, or its order among visits sharing its slot.",
)
