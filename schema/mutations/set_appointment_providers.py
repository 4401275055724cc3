"""setAppointmentProviders: replace an appointment's providers at its current time."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.ids import decode_id, decode_ids
from resolvers.lifecycle.outcome import AppointmentOutcome
from resolvers.lifecycle.providers import ProvidersRequest, set_appointment_providers
from schema.enums import ProviderRole
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_payload
from schema.types.appointment import Appointment


@strawberry.input(
    description="The role of one of an appointment's additional providers, and optionally "
    "their time within the visit."
)
class ProviderRoleInput:
    provider_id: GlobalID = strawberry.field(description="One of providerIds after the first.")
    role: ProviderRole = strawberry.field(description="What they do (not PRIMARY).")
    start_offset_minutes: int | None = strawberry.field(
        default=None,
        description="Minutes from the visit's start at which their time begins; with "
        "endOffsetMinutes, or neither (the whole visit).",
    )
    end_offset_minutes: int | None = strawberry.field(
        default=None,
        description="Minutes from the visit's start at which their time ends (at most its "
        "length, above startOffsetMinutes).",
    )


@strawberry.input(description="The providers an appointment should have.")
class SetAppointmentProvidersInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment to change.")
    base_version: int = strawberry.field(description="The version the client last saw.")
    provider_ids: list[GlobalID] = strawberry.field(
        description="1 to 5 distinct providers, primary first."
    )
    allow_overlap: bool | None = strawberry.field(
        default=None, description="Double-book on purpose; default: as the appointment is."
    )
    provider_roles: list[ProviderRoleInput] | None = strawberry.field(
        default=None,
        description="Roles of additional providers; one not named keeps the role it had "
        "(a new one: SECONDARY).",
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="The result of setAppointmentProviders.")
class SetAppointmentProvidersPayload:
    appointment: Appointment | None = strawberry.field(description="The changed appointment.")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why the providers were not changed."
    )


async def resolve_set_appointment_providers(
    info: Info,
    input: Annotated[
        SetAppointmentProvidersInput, strawberry.argument(description="The new providers.")
    ],
) -> SetAppointmentProvidersPayload:
    """Replace primary and additional providers atomically, under the conflict rules."""

    async def call() -> AppointmentOutcome:
        named = [
            (decode_id(item.provider_id, "Provider", field="providerRoles"), item)
            for item in input.provider_roles or ()
        ]
        request = ProvidersRequest(
            appointment_id=decode_id(input.appointment_id, "Appointment", field="appointmentId"),
            base_version=input.base_version,
            provider_ids=tuple(decode_ids(input.provider_ids, "Provider", field="providerIds")),
            allow_overlap=input.allow_overlap,
            roles=tuple((ident, item.role) for ident, item in named),
            ranges=tuple(
                (ident, item.start_offset_minutes, item.end_offset_minutes) for ident, item in named
            ),
        )
        return await set_appointment_providers(
            info.context, request, idempotency_key=input.idempotency_key
        )

    return await appointment_payload(info, SetAppointmentProvidersPayload, call)


set_appointment_providers_field = strawberry.mutation(
    metadata=staff_only("change an appointment's providers"),
    resolver=resolve_set_appointment_providers,
    description="Replace an appointment's providers (primary first).",
)
