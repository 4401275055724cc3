"""bulkConfirmAppointments: one confirmation status for up to 100 appointments at once."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import staff_only
from resolvers.errors import ClientError
from resolvers.ids import decode_id
from resolvers.lifecycle.bulk_confirm import BulkItem, bulk_confirm_appointments
from schema.info import Info
from schema.mutations.appointment_common import AppointmentUserError, appointment_user_errors
from schema.types.appointment import Appointment


@strawberry.input(description="One appointment to confirm, at the version the client last saw.")
class BulkConfirmItemInput:
    appointment_id: GlobalID = strawberry.field(description="The appointment.")
    base_version: int = strawberry.field(description="The version the client last saw.")


@strawberry.input(description="A confirmation status and the appointments to set it on.")
class BulkConfirmAppointmentsInput:
    confirmation_status_id: GlobalID = strawberry.field(
        description="The practice's confirmation status to set."
    )
    items: list[BulkConfirmItemInput] = strawberry.field(
        description="1 to 100 distinct appointments."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="An appointment left unchanged because its version had moved on.")
class BulkConfirmConflict:
    appointment_id: GlobalID = strawberry.field(description="The appointment.")
    current_version: int = strawberry.field(description="Its version now; retry with this.")


@strawberry.type(description="The result of bulkConfirmAppointments: the split of the items.")
class BulkConfirmAppointmentsPayload:
    confirmed: list[Appointment] = strawberry.field(
        description="Appointments that now have the status, in input order."
    )
    skipped: list[GlobalID] = strawberry.field(
        description="Unchanged: unknown, another organization's, cancelled or expired."
    )
    conflicts: list[BulkConfirmConflict] = strawberry.field(
        description="Unchanged: the baseVersion was stale."
    )
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why nothing was changed at all."
    )


def _appointment_id(ident: object) -> GlobalID:
    return GlobalID(type_name="Appointment", node_id=str(ident))


async def resolve_bulk_confirm_appointments(
    info: Info,
    input: Annotated[
        BulkConfirmAppointmentsInput, strawberry.argument(description="What to confirm.")
    ],
) -> BulkConfirmAppointmentsPayload:
    """Confirm many appointments in one transaction; stale or unknown ones are reported."""
    try:
        result = await bulk_confirm_appointments(
            info.context,
            confirmation_status_id=decode_id(
                input.confirmation_status_id, "ConfirmationStatus", field="confirmationStatusId"
            ),
            items=[
                BulkItem(
                    appointment_id=decode_id(item.appointment_id, "Appointment", field="items"),
                    base_version=item.base_version,
                )
                for item in input.items
            ],
            idempotency_key=input.idempotency_key,
        )
    except ClientError as error:
        return BulkConfirmAppointmentsPayload(
            confirmed=[], skipped=[], conflicts=[], user_errors=appointment_user_errors(error)
        )
    rows = await info.context.loaders.appointments.load_many(list(result.confirmed))
    return BulkConfirmAppointmentsPayload(
        confirmed=[Appointment.from_row(row, info.context.now) for row in rows if row is not None],
        skipped=[_appointment_id(ident) for ident in result.skipped],
        conflicts=[
            BulkConfirmConflict(
                appointment_id=_appointment_id(stale.appointment_id), current_version=stale.version
            )
            for stale in result.conflicts
        ],
        user_errors=[],
    )


bulk_confirm_appointments_field = strawberry.mutation(
    metadata=staff_only("confirm appointments"),
    resolver=resolve_bulk_confirm_appointments,
    description="Set one confirmation status on many appointments in one transaction.",
)
