"""Write-side statements of the appointment lifecycle, run inside the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypedDict

from sqlalchemy import (
    ColumnElement,
    Interval,
    Select,
    Text,
    and_,
    any_,
    bindparam,
    delete,
    func,
    insert,
    literal,
    null,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import uuid_array
from db.rows.appointments import AppointmentRow, TypedBookingRow
from db.shapes import all_as, one_as, one_or_none_as
from db.tables import appointment_history as history
from db.tables import appointment_providers, appointments, flow_events, provider_slots
from scheduling.appointment_status import BLOCKING, AppointmentStatus
from scheduling.conflicts import Booking


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


class SlotWindow(TypedDict):
    """Where and when a booking stands, as the slot queries (blocking_bookings,
    expire_lapsed_holds) take it."""

    operatory_id: uuid.UUID
    provider_ids: list[uuid.UUID]
    start_at: datetime
    end_at: datetime


def _slotted_with_providers() -> Select[tuple[uuid.UUID]]:
    """The appointments holding a slot of one of the providers (bound as "provider_ids")."""
    return select(provider_slots.c.appointment_id).where(
        provider_slots.c.provider_id == any_(uuid_array("provider_ids"))
    )


async def expire_lapsed_holds(
    connection: AsyncConnection, *, organization_id: uuid.UUID, window: SlotWindow
) -> None:
    """Mark holds whose time ran out and that stand in the way as expired.

    No sweeper is needed: whoever wants the slot clears lapsed holds in its own transaction,
    so the exclusion constraints only ever see holds that are still live.
    """
    in_way = or_(
        appointments.c.operatory_id == window["operatory_id"],
        appointments.c.id.in_(_slotted_with_providers()),
    )
    statement = (
        update(appointments)
        .where(
            appointments.c.organization_id == organization_id,
            appointments.c.status == AppointmentStatus.HOLD,
            appointments.c.hold_expires_at <= func.clock_timestamp(),
            appointments.c.start_at < window["end_at"],
            appointments.c.end_at > window["start_at"],
            in_way,
        )
        .values(
            status=AppointmentStatus.EXPIRED,
            hold_expires_at=None,
            version=appointments.c.version + 1,
        )
    )
    await connection.execute(statement, {"provider_ids": list(window["provider_ids"])})


# Whether an appointment takes its slot now: the rows booking and slot search both treat as
# taken. Rule-allowed overlaps (migration 0004) are invisible to the exclusion constraints
# only; a lapsed hold takes nothing, written or not. (= ANY, not IN: slot search's statement
# has a fixed text, db/read_statement.py.)
HOLDS_SLOT = and_(
    or_(
        appointments.c.blocks_slot.is_(True),
        and_(
            appointments.c.overlap_by_rule.is_(True),
            appointments.c.status
            == any_(bindparam("blocking", sorted(BLOCKING), type_=ARRAY(Text))),
        ),
    ),
    or_(
        appointments.c.status != AppointmentStatus.HOLD,
        appointments.c.hold_expires_at > func.clock_timestamp(),
    ),
)
# An appointment's additional providers as one array column, "additional".
ADDITIONAL_PROVIDER_IDS = (
    select(func.array_agg(appointment_providers.c.provider_id))
    .where(appointment_providers.c.appointment_id == appointments.c.id)
    .scalar_subquery()
    .label("additional")
)


async def blocking_bookings(
    connection: AsyncConnection, *, organization_id: uuid.UUID, window: SlotWindow
) -> list[Booking]:
    """Live slot-holding appointments overlapping the window's [start_at, end_at) in its
    operatory or with one of its providers.
    """
    overlapping = and_(
        appointments.c.organization_id == organization_id,
        HOLDS_SLOT,
        appointments.c.start_at < window["end_at"],
        appointments.c.end_at > window["start_at"],
    )
    statement = select(
        appointments.c.id,
        appointments.c.operatory_id,
        appointments.c.primary_provider_id,
        appointments.c.start_at,
        appointments.c.end_at,
        appointments.c.appointment_type_id,
        ADDITIONAL_PROVIDER_IDS,
    ).where(
        overlapping,
        or_(
            appointments.c.operatory_id == window["operatory_id"],
            appointments.c.id.in_(_slotted_with_providers()),
            # provider_slots holds DB-blocking rows only; rule-allowed overlaps are matched here.
            and_(
                appointments.c.overlap_by_rule.is_(True),
                or_(
                    appointments.c.primary_provider_id == any_(uuid_array("provider_ids")),
                    appointments.c.id.in_(
                        select(appointment_providers.c.appointment_id).where(
                            appointment_providers.c.provider_id == any_(uuid_array("provider_ids"))
                        )
                    ),
                ),
            ),
        ),
    )
    params = {"provider_ids": list(window["provider_ids"])}
    rows = await all_as(connection, TypedBookingRow, statement, params)
    return [
        Booking(
            appointment_id=row.id,
            operatory_id=row.operatory_id,
            provider_ids=frozenset([row.primary_provider_id, *(row.additional or ())]),
            start_at=row.start_at,
            end_at=row.end_at,
            appointment_type_id=row.appointment_type_id,
        )
        for row in rows
    ]


async def insert_appointment(connection: AsyncConnection, values: dict[str, Any]) -> AppointmentRow:
    """Insert an appointment and return the new row."""
    statement = insert(appointments).values(**values).returning(*appointments.c)
    return await one_as(connection, AppointmentRow, statement)


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
                {
                    "organization_id": organization_id,
                    "appointment_id": appointment_id,
                    "provider_id": provider_id,
                    "position": position,
                    "role": given.get(provider_id) or before.get(provider_id) or "SECONDARY",
                    **_range_columns(time_ranges.get(provider_id)),
                }
                for position, provider_id in enumerate(provider_ids)
            ],
        )
    return before


def _range_columns(time_range: TimeRange | None) -> dict[str, int | None]:
    start, end = time_range or (None, None)
    return {"start_offset_minutes": start, "end_offset_minutes": end}


async def record_history(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    appointment_id: uuid.UUID,
    actor: str,
    action: str,
    changes: dict[str, Any],
) -> None:
    """Append an audit entry for a change to an appointment."""
    await connection.execute(
        insert(history).values(
            organization_id=organization_id,
            appointment_id=appointment_id,
            actor=actor,
            action=action,
            changes=changes,
        )
    )


async def record_flow_event(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    appointment_id: uuid.UUID,
    flow_status_id: uuid.UUID,
    actor: str,
    note: str | None,
) -> None:
    """Append a patient flow event (occurred_at: the transaction's now())."""
    await connection.execute(
        insert(flow_events).values(
            organization_id=organization_id,
            appointment_id=appointment_id,
            flow_status_id=flow_status_id,
            actor=actor,
            note=note,
        )
    )
