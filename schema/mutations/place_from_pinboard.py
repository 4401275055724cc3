"""placeFromPinboard: schedule a pinboard (or unscheduled) appointment into a slot."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.place import PlaceRequest, place_from_pinboard
from schema.info import Info
from schema.mutations.appointment_common import (
    AppointmentUserError,
    LocalSlotInput,
    appointment_payload,
    placement_of,
)
from schema.types.appointment import Appointment


@strawberry.input(description="Where and when the parked appointment goes.")
class PlaceFromPinboardInput:
    appointment_id: GlobalID = strawberry.field(
        description="The PINBOARD or UNSCHEDULED appointment."
    )
    base_version: int = strawberry.field(description="The version the client last saw.")
    slot: LocalSlotInput = strawberry.field(
        description="Local date and times; without an end time it keeps its current length."
    )
    operatory_id: GlobalID | None = strawberry.field(
        default=None, description="Operatory at its location; default: its current one."
    )
    provider_ids: list[GlobalID] | None = strawberry.field(
        default=None, description="Providers, primary first; default: its current ones."
    )
    allow_overlap: bool | None = strawberry.field(
        default=None, description="Double-book on purpose; default: as it was."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of placeFromPinboard.")
class PlaceFromPinboardPayload:
    appointment: Appointment | None = strawberry.field(description="The scheduled appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(description="Why it was not placed.")


async def resolve_place_from_pinboard(
    info: Info,
    input: Annotated[PlaceFromPinboardInput, strawberry.argument(description="The placement.")],
) -> PlaceFromPinboardPayload:
    """Place an appointment from the pinboard (staff only) under the booking conflict rules."""

    async def call() -> AppointmentOutcome:
        request = PlaceRequest(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            placement=placement_of(input),
        )
        return await place_from_pinboard(
            info.context, request, idempotency_key=input.idempotency_key
        )

    return await appointment_payload(info, PlaceFromPinboardPayload, call)


place_from_pinboard_field = strawberry.mutation(
    metadata=staff_only("place appointments from the pinboard"),
    resolver=resolve_place_from_pinboard,
    description="Schedule a pinboard or unscheduled appointment into a free slot.",
)
