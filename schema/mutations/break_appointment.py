"""breakAppointment: mark a no-show (or late cancellation) as BROKEN."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id, decode_optional_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.status_change import break_appointment
from resolvers.quick_fill import FreedSlot
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment
from schema.types.quick_fill import (
    OPENING_MATCHES_DESCRIPTION,
    QuickFillMatch,
    freed_slot_of,
    opening_matches,
)


@strawberry.input(description="A no-show to record.")
class BreakAppointmentInput:
    appointment_id: GlobalID = strawberry.field(description="The SCHEDULED appointment.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    reason: str | None = strawberry.field(
        default=None,
        description="Why it was broken in free text, at most 500 characters (kept as "
        "statusReason); required unless reasonId is given.",
    )
    reason_id: GlobalID | None = strawberry.field(
        default=None,
        description="An active entry of the organization's no-show reasons "
        "(appointmentReasons(kind: NO_SHOW)); "
        "kept as the appointment's reason.",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of breakAppointment.")
class BreakAppointmentPayload:
    appointment: Appointment | None = strawberry.field(description="The broken appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why it was not marked broken."
    )

    freed_slot: strawberry.Private[FreedSlot | None] = None

    @strawberry.field(description=OPENING_MATCHES_DESCRIPTION)
    async def opening_matches(self, info: Info) -> list[QuickFillMatch]:
        return await opening_matches(info, self.freed_slot)


async def resolve_break_appointment(
    info: Info,
    input: Annotated[BreakAppointmentInput, strawberry.argument(description="The no-show.")],
) -> BreakAppointmentPayload:
    """Mark an appointment BROKEN (staff only); its slot is free at once."""

    async def call() -> AppointmentOutcome:
        return await break_appointment(
            info.context,
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            reason=input.reason,
            reason_id=decode_optional_id(input.reason_id, "AppointmentReason", field="reasonId"),
            idempotency_key=input.idempotency_key,
        )

    payload = await appointment_payload(info, BreakAppointmentPayload, call)
    payload.freed_slot = freed_slot_of(payload.appointment) if not payload.user_errors else None
    return payload


break_appointment_field = strawberry.mutation(
    metadata=staff_only("mark an appointment broken"),
    resolver=resolve_break_appointment,
    description="Record a no-show: the appointment becomes BROKEN and frees its slot.",
)
