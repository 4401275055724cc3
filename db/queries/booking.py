"""Write-side statements of the appointment lifecycle, run inside the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ClauseElement,
    ColumnElement,
    Interval,
    delete,
    func,
    insert,
    literal,
    null,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from db.rows.appointments import AppointmentRow
from db.shapes import all_as, one_as, one_or_none_as
from db.tables import appointment_providers, appointments, flow_events


async def database_now(connection: AsyncConnection) -> datetime:
    """The database's current instant (clock_timestamp, not the transaction start)."""
    return (await connection.execute(select(func.clock_timestamp()))).scalar_one()


def hold_expiry(minutes: float) -> ColumnElement[datetime]:
    """When a hold made now lapses, on the database's clock: the clock every check of a hold
    uses (confirmBooking, the statements that clear lapsed holds, slot search's busy times),
    so a hold lasts exactly `minutes` whatever the application servers' clocks say."""
    return func.clock_timestamp() + literal(timedelta(minutes=minutes), Interval())


def confirmed_at_after(is_confirmed: bool) -> ColumnElement[Any]:
    """confirmed_at once an appointment's confirmation status is one that counts as confirmed
    (kept when it was confirmed already, else now) or one that does not (none)."""
    if not is_confirmed:
        return null()
    return func.coalesce(appointments.c.confirmed_at, func.now())


async def lock_appointment(
    connection: AsyncConnection, *, organization_id: uuid.UUID, appointment_id: uuid.UUID
) -> AppointmentRow | None:
    """The appointment row, locked until the transaction ends (FOR UPDATE)."""
    statement = (
        select(appointments)
        .where(
            appointments.c.organization_id == organization_id, appointments.c.id == appointment_id
        )
        .with_for_update()
    )
    return await one_or_none_as(connection, AppointmentRow, statement)


async def appointment_row(
    connection: AsyncConnection, *, organization_id: uuid.UUID, appointment_id: uuid.UUID
) -> AppointmentRow | None:
    """The appointment row, unlocked (for previews)."""
    statement = select(appointments).where(
        appointments.c.organization_id == organization_id, appointments.c.id == appointment_id
    )
    return await one_or_none_as(connection, AppointmentRow, statement)


async def provider_ids_of(
    connection: AsyncConnection, *, appointment_id: uuid.UUID
) -> list[uuid.UUID]:
    """Additional provider ids of an appointment, in order."""
    statement = (
        select(appointment_providers.c.provider_id)
        .where(appointment_providers.c.appointment_id == appointment_id)
        .order_by(appointment_providers.c.position)
    )
    return list((await connection.execute(statement)).scalars())


# An additional provider's time within the visit: (start, end) minutes from its start.
TimeRange = tuple[int, int]


async def additional_of(
    connection: AsyncConnection, *, appointment_id: uuid.UUID
) -> list[tuple[uuid.UUID, str, TimeRange | None]]:
    """(provider id, role, time range or None) of an appointment's additional providers, in
    order."""
    table = appointment_providers
    statement = (
        select(table.c.provider_id, table.c.role, *_RANGE)
        .where(table.c.appointment_id == appointment_id)
        .order_by(table.c.position)
    )
    return [
        (row.provider_id, row.role, _range_of(row)) for row in await connection.execute(statement)
    ]


_RANGE = (appointment_providers.c.start_offset_minutes, appointment_providers.c.end_offset_minutes)


def _range_of(row: Any) -> TimeRange | None:
    start, end = row.start_offset_minutes, row.end_offset_minutes
    return None if start is None else (start, end)


async def insert_appointment(connection: AsyncConnection, values: dict[str, Any]) -> AppointmentRow:
    """Insert an appointment and return the new row."""
    statement = insert(appointments).values(**values).returning(*appointments.c)
    return await one_as(connection, AppointmentRow, statement)


# PostgreSQL takes at most 32767 parameters in one statement.
MAX_PARAMETERS = 32767


async def insert_appointments(
    connection: AsyncConnection, rows: Sequence[dict[str, Any]]
) -> list[AppointmentRow]:
    """Insert appointments, each set of columns given in one executemany (SQLAlchemy sends
    it as multi-row INSERTs, the statement compiled once); the new rows, in no particular
    order. Rows with SQL expressions among their values (now(), a hold's expiry) are
    inserted as VALUES lists."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        computed = any(isinstance(value, ClauseElement) for value in row.values())
        shapes.setdefault((*sorted(row), str(computed)), []).append(row)
    written: list[AppointmentRow] = []
    returning = insert(appointments).returning(*appointments.c)
    for shape, same in shapes.items():
        if shape[-1] == str(True):
            size = MAX_PARAMETERS // len(shape)
            for first in range(0, len(same), size):
                listed = insert(appointments).values(same[first : first + size])
                statement = listed.returning(*appointments.c)
                written += await all_as(connection, AppointmentRow, statement)
        else:
            written += await all_as(connection, AppointmentRow, returning, same)
    return written


async def update_appointment(
    connection: AsyncConnection, *, appointment_id: uuid.UUID, values: dict[str, Any]
) -> AppointmentRow:
    """Apply changes to a (locked) appointment, bump its version, and return the new row."""
    statement = (
        update(appointments)
        .where(appointments.c.id == appointment_id)
        .values(**values, version=appointments.c.version + 1, updated_at=func.now())
        .returning(*appointments.c)
    )
    return await one_as(connection, AppointmentRow, statement)


async def replace_additional_providers(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    appointment_id: uuid.UUID,
    provider_ids: Sequence[uuid.UUID],
    roles: Mapping[uuid.UUID, str] | None = None,
    ranges: Mapping[uuid.UUID, TimeRange | None] | None = None,
) -> dict[uuid.UUID, str]:
    """Make `provider_ids` the appointment's additional providers, in that order, each with
    its role in `roles`, else the one it had, else SECONDARY, and its time range in `ranges`,
    else the one it had (else the whole visit); the roles they had before."""
    result = await connection.execute(
        delete(appointment_providers)
        .where(appointment_providers.c.appointment_id == appointment_id)
        .returning(appointment_providers.c.provider_id, appointment_providers.c.role, *_RANGE)
    )
    found = result.all()
    before: dict[uuid.UUID, str] = {row.provider_id: row.role for row in found}
    time_ranges = {row.provider_id: _range_of(row) for row in found} | dict(ranges or {})
    given = roles or {}
    if provider_ids:
        await connection.execute(
            insert(appointment_providers),
            [
                _provider_row(
                    organization_id,
                    appointment_id,
                    provider_id,
                    position,
                    role=given.get(provider_id) or before.get(provider_id) or "SECONDARY",
                    time_range=time_ranges.get(provider_id),
                )
                for position, provider_id in enumerate(provider_ids)
            ],
        )
    return before


async def add_additional_providers(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    providers: Sequence[tuple[uuid.UUID, Sequence[uuid.UUID]]],
) -> None:
    """New appointments' additional providers, in order (SECONDARY, for the whole visit):
    (appointment id, provider ids) each, in one statement."""
    await connection.execute(
        insert(appointment_providers),
        [
            _provider_row(organization_id, appointment_id, provider_id, position)
            for appointment_id, provider_ids in providers
            for position, provider_id in enumerate(provider_ids)
        ],
    )


def _provider_row(
    organization_id: uuid.UUID,
    appointment_id: uuid.UUID,
    provider_id: uuid.UUID,
    position: int,
    *,
    role: str = "SECONDARY",
    time_range: TimeRange | None = None,
) -> dict[str, Any]:
    """An appointment_providers row; no time range: the whole visit."""
    start, end = time_range or (None, None)
    return {
        "organization_id": organization_id,
        "appointment_id": appointment_id,
        "provider_id": provider_id,
        "position": position,
        "role": role,
        "start_offset_minutes": start,
        "end_offset_minutes": end,
    }


async def set_flow_status(
    connection: AsyncConnection,
    appointment: AppointmentRow,
    *,
    flow_status_id: uuid.UUID,
    actor: str,
    note: str | None,
) -> None:
    """Make the (locked) appointment's current flow status `flow_status_id` and append it to
    the visit's timeline (occurred_at: the transaction's now())."""
    await update_appointment(
        connection, appointment_id=appointment.id, values={"flow_status_id": flow_status_id}
    )
    await connection.execute(
        insert(flow_events).values(
            organization_id=appointment.organization_id,
            appointment_id=appointment.id,
            flow_status_id=flow_status_id,
            actor=actor,
            note=note,
        )
    )
