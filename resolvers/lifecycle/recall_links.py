"""Recalls booked by appointments: linking them on booking, rolling them on completion, and
the recall triggers of the procedures a completed visit performed."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import booking as writes
from db.queries import recall_triggers as trigger_queries
from db.queries import recalls as queries
from db.rows.appointments import AppointmentRow
from db.rows.recalls import PatientRecallRow, RecallRow
from resolvers.errors import NotFound, Validation
from scheduling.appointment_status import AppointmentStatus
from scheduling.recalls import (
    RecallState,
    RecallStatus,
    Trigger,
    fired_recall_types,
    is_booked,
    link_problem,
    next_due_date,
)

MAX_RECALLS = 10  # recalls one appointment may book (hygiene, exam, x-rays, ...)


def recall_state(row: RecallRow, now: datetime) -> RecallState:
    """The rules' view of a recall_select row at `now`."""
    status = row.appointment_status
    return RecallState(
        id=row.id,
        due_date=row.due_date,
        status=RecallStatus(row.status),
        booked=is_booked(
            AppointmentStatus(status) if status is not None else None,
            row.appointment_hold_expires_at,
            now,
        ),
    )


async def lock_linkable(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    recall_ids: Sequence[uuid.UUID],
    field: str,
    takeover: bool = False,
) -> list[RecallRow]:
    """Lock recalls the patient's new booking or entry may take, or raise naming `field`."""
    unique = sorted(set(recall_ids))
    if len(unique) > MAX_RECALLS:
        raise Validation(f"At most {MAX_RECALLS} recalls per appointment", field=field)
    if not unique:
        return []
    rows = await queries.lock_recalls(
        connection, organization_id=organization_id, recall_ids=unique
    )
    if len(rows) != len(unique):
        raise NotFound("No patient recall with this ID", field=field)
    now = await writes.database_now(connection)
    for row in rows:
        problem = link_problem(
            recall_state(row, now),
            disabled=row.disabled,
            recall_patient_id=row.patient_id,
            patient_id=patient_id,
            takeover=takeover,
        )
        if problem is not None:
            raise Validation(problem, field=field)
    return rows


async def link_recalls(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    appointment_id: uuid.UUID,
    recalls: Sequence[RecallRow],
) -> None:
    """Mark the locked recalls scheduled by the appointment."""
    if recalls:
        await queries.link_to_appointment(
            connection,
            organization_id=organization_id,
            recall_ids=[row.id for row in recalls],
            appointment_id=appointment_id,
        )


async def complete_linked_recalls(
    connection: AsyncConnection, *, appointment: AppointmentRow, done_on: date
) -> list[PatientRecallRow]:
    """Roll the appointment's recalls forward from its local date `done_on`; their rows."""
    rows = await queries.lock_recalls_of_appointment(
        connection, organization_id=appointment.organization_id, appointment_id=appointment.id
    )
    completed = [
        {"id": row.id, "previous_date": done_on,
         "due_date": next_due_date(done_on, row.interval_months)}
        for row in rows
    ]  # fmt: skip
    await queries.complete_recalls(
        connection, organization_id=appointment.organization_id, completed=completed
    )
    return rows


async def fire_recall_triggers(
    connection: AsyncConnection,
    *,
    appointment: AppointmentRow,
    done_on: date,
    rolled: Sequence[PatientRecallRow],
) -> list[uuid.UUID]:
    """Set the patient's recalls that the appointment's procedure codes trigger; their ids.

    Every active recall type triggered by one of the codes rolls the patient's recall of that
    type forward from `done_on` (or creates it with the type's default interval), except the
    types of the `rolled` recalls this visit booked (rolled already) and disabled recalls.
    Three statements at most, however many codes and recalls.
    """
    if not appointment.procedure_codes:
        return []
    org = appointment.organization_id
    triggers = await trigger_queries.triggers_for_codes(
        connection, organization_id=org, procedure_codes=appointment.procedure_codes
    )
    fired = fired_recall_types(
        appointment.procedure_codes,
        [Trigger(t.procedure_code, t.recall_type_id, t.type_active) for t in triggers],
        already_rolled={row.recall_type_id for row in rolled},
    )
    if not fired:
        return []
    existing = await trigger_queries.lock_patient_recalls_of_types(
        connection, organization_id=org, patient_id=appointment.patient_id, recall_type_ids=fired
    )
    intervals = {t.recall_type_id: t.default_interval_months for t in triggers}
    intervals.update({row.recall_type_id: row.interval_months for row in existing})
    recalls = [
        {"recall_type_id": kind, "interval_months": intervals[kind],
         "due_date": next_due_date(done_on, intervals[kind])}
        for kind in fired
    ]  # fmt: skip
    return await trigger_queries.set_triggered_recalls(
        connection,
        organization_id=org,
        patient_id=appointment.patient_id,
        done_on=done_on,
        recalls=recalls,
    )


async def book_recall_if_possible(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    patient_id: uuid.UUID,
    recall_id: uuid.UUID,
    appointment_id: uuid.UUID,
) -> str | None:
    """Let a waitlist booking take its entry's recall; why not (disabled, completed), or None.

    Unlike bookAppointment this never fails the booking: the slot the patient accepted matters
    more than the recall bookkeeping, and the reason is kept in the entry's history.
    """
    try:
        rows = await lock_linkable(
            connection,
            organization_id=organization_id,
            patient_id=patient_id,
            recall_ids=(recall_id,),
            field="recall",
            takeover=True,
        )
    except (NotFound, Validation) as exc:
        return exc.message
    await link_recalls(
        connection, organization_id=organization_id, appointment_id=appointment_id, recalls=rows
    )
    return None
