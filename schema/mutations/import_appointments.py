"""importAppointments: up to 500 appointments from another system, each checked as a booking."""

from __future__ import annotations

from typing import Annotated

import strawberry

from resolvers.access import APPOINTMENT_IMPORTERS
from resolvers.errors import ClientError
from resolvers.lifecycle.import_results import (
    GivenRow,
    ImportMode,
    ImportRefused,
    ImportResult,
    ImportRow,
    RowError,
    RowResult,
    RowStatus,
)
from resolvers.lifecycle.import_rows import MAX_ROWS, import_appointments
from schema.info import Info
from schema.mutations.appointment_common import (
    AppointmentErrorCode,
    AppointmentUserError,
    appointment_user_errors,
    conflict_items,
)
from schema.mutations.new_appointment import NewAppointmentFields
from schema.types.appointment import Appointment
from schema.user_errors import listed_code

strawberry.enum(
    ImportMode,
    name="ImportMode",
    description="ALL_OR_NOTHING: any failing row and nothing is written. PER_ROW: the rows "
    "that pass are written, the others reported.",
)
strawberry.enum(
    RowStatus,
    name="ImportRowStatus",
    description="What became of a row: CREATED; SKIPPED (its externalId was imported before: "
    "that appointment stands); ROLLED_BACK (it passed, but another row failed and the mode is "
    "ALL_OR_NOTHING); CONFLICT (its slot is taken: SLOT_CONFLICT); INVALID (another rule).",
)


@strawberry.input(description="One appointment to import: a booking's fields and its reference.")
class ImportAppointmentRowInput(NewAppointmentFields):
    external_id: str | None = strawberry.field(
        default=None,
        description="The other system's reference (1-100 characters, unique per practice): "
        "a row whose externalId was imported before is SKIPPED.",
    )


@strawberry.input(description="Appointments to import, checked one by one as bookings.")
class ImportAppointmentsInput:
    rows: list[ImportAppointmentRowInput] = strawberry.field(
        description=f"1 to {MAX_ROWS} appointments (more: VALIDATION, nothing imported)."
    )
    mode: ImportMode = strawberry.field(
        default=ImportMode.ALL_OR_NOTHING, description="What a failing row does to the others."
    )
    idempotency_key: str | None = strawberry.field(
        default=None, description="Retries with the same key return the first result."
    )


@strawberry.type(description="What became of one row of an import.")
class ImportRowResult:
    index: int = strawberry.field(description="The row's position in the input, from 0.")
    status: RowStatus = strawberry.field(description="Created, skipped or why not.")
    appointment: Appointment | None = strawberry.field(
        description="CREATED: the new appointment; SKIPPED: the one imported before."
    )
    errors: list[AppointmentUserError] = strawberry.field(
        description="CONFLICT or INVALID: why, the field path naming the row "
        '(["input", "rows", "3", "slot", "startTime"]).'
    )


@strawberry.type(description="The result of importAppointments.")
class ImportAppointmentsPayload:
    rows: list[ImportRowResult] = strawberry.field(
        description="One result per input row, in input order (empty when the request as a "
        "whole was refused)."
    )
    created_count: int = strawberry.field(description="Rows written.")
    skipped_count: int = strawberry.field(description="Rows imported before.")
    failed_count: int = strawberry.field(description="Rows refused (CONFLICT or INVALID).")
    user_errors: list[AppointmentUserError] = strawberry.field(
        description="Why nothing was imported: too many rows, the idempotency key, or "
        "(ALL_OR_NOTHING) rows that failed."
    )


def _row_errors(error: RowError | None) -> list[AppointmentUserError]:
    if error is None:
        return []
    code = listed_code(error.code, AppointmentErrorCode)
    conflicts = conflict_items(error.conflicts)
    field = ["input", *error.path]
    return [
        AppointmentUserError(field=field, code=code, message=error.message, conflicts=conflicts)
    ]


async def _payload(
    info: Info, result: ImportResult, user_errors: list[AppointmentUserError]
) -> ImportAppointmentsPayload:
    ids = [row.appointment_id for row in result.rows if row.appointment_id is not None]
    loaded = await info.context.loaders.appointments.load_many(ids)
    by_id = {row.id: row for row in loaded if row is not None}
    now = info.context.now

    def shown(row: RowResult) -> ImportRowResult:
        found = by_id.get(row.appointment_id) if row.appointment_id else None
        return ImportRowResult(
            index=row.index,
            status=row.status,
            appointment=Appointment.from_row(found, now) if found is not None else None,
            errors=_row_errors(row.error),
        )

    def count(status: RowStatus) -> int:
        return sum(row.status is status for row in result.rows)

    return ImportAppointmentsPayload(
        rows=[shown(row) for row in result.rows],
        created_count=count(RowStatus.CREATED),
        skipped_count=count(RowStatus.SKIPPED),
        failed_count=result.failed,
        user_errors=user_errors,
    )


def _given(row: ImportAppointmentRowInput) -> GivenRow:
    """The row for the resolver, or the error reading it (a malformed ID: that row INVALID)."""
    try:
        return ImportRow(row.booking_request(), row.external_id)
    except ClientError as error:
        return error


async def resolve_import_appointments(
    info: Info,
    input: Annotated[
        ImportAppointmentsInput, strawberry.argument(description="The rows and the mode.")
    ],
) -> ImportAppointmentsPayload:
    """Import appointments; each row's result, or why nothing was imported."""
    try:
        result = await import_appointments(
            info.context,
            [_given(row) for row in input.rows],
            mode=input.mode,
            idempotency_key=input.idempotency_key,
        )
    except ImportRefused as refused:
        return await _payload(info, refused.result, appointment_user_errors(refused))
    except ClientError as error:
        empty = ImportResult((), written=False)
        return await _payload(info, empty, appointment_user_errors(error))
    return await _payload(info, result, [])


import_appointments_field = strawberry.mutation(
    resolver=resolve_import_appointments,
    metadata=APPOINTMENT_IMPORTERS,
    description="Import up to 500 appointments (source IMPORT), each row checked by "
    "bookAppointment's rules and the database's overlap guarantee; per-row results.",
)
