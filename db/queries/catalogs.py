"""Reads of the managed lists: cancellation and no-show reasons, and how many appointments
were cancelled or broken for each reason over a range of local dates."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import func, select

from db.queries.ids import by_ids
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.appointments import ReasonCountRow
from db.rows.practice import AppointmentReasonRow
from db.shapes import ShapedTable
from db.tables import appointment_reasons, appointments, locations

APPOINTMENT_REASONS = ShapedTable(appointment_reasons, AppointmentReasonRow)
APPOINTMENT_REASONS_BY_IDS = ReadStatement(by_ids(appointment_reasons), AppointmentReasonRow)


async def all_appointment_reasons(
    db: RequestDatabase, *, organization_id: uuid.UUID, kind: str, include_inactive: bool
) -> list[AppointmentReasonRow]:
    """One list of the organization's reasons, in its configured order."""
    table = appointment_reasons
    statement = select(table).where(
        table.c.organization_id == organization_id, table.c.kind == kind
    )
    if not include_inactive:
        statement = statement.where(table.c.active.is_(True))
    order = (table.c.sort_order, table.c.name, table.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=AppointmentReasonRow)


async def reason_counts(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    status: str,
    first_day: date,
    last_day: date,
    location_id: uuid.UUID | None,
) -> list[ReasonCountRow]:
    """Appointments in `status` whose local start date (their location's zone) falls in
    first_day..last_day, counted per reason id in one grouped query; most frequent first."""
    local_day = func.date(func.timezone(locations.c.time_zone, appointments.c.start_at))
    count = func.count().label("count")
    statement = (
        select(appointments.c.status_reason_id.label("reason_id"), count)
        .join(
            locations,
            (locations.c.organization_id == appointments.c.organization_id)
            & (locations.c.id == appointments.c.location_id),
        )
        .where(
            appointments.c.organization_id == organization_id,
            appointments.c.status == status,
            local_day.between(first_day, last_day),
        )
        .group_by(appointments.c.status_reason_id)
        .order_by(count.desc(), appointments.c.status_reason_id)
    )
    if location_id is not None:
        statement = statement.where(appointments.c.location_id == location_id)
    return await db.fetch_all(statement, shape=ReasonCountRow)
