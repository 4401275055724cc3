"""Reads for slot search: every booking that can take a provider or an operatory in a range."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Table, and_, any_, exists, func, or_, select

from db.models import Appointment, AppointmentProvider
from db.queries.ids import uuid_array
from db.request_database import RequestDatabase
from scheduling.appointment_status import BLOCKING, AppointmentStatus
from scheduling.conflicts import Booking

appointments: Table = Appointment.__table__  # type: ignore[assignment]
appointment_providers: Table = AppointmentProvider.__table__  # type: ignore[assignment]


async def bookings_in_range(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    provider_ids: Sequence[uuid.UUID],
    start_at: datetime,
    end_at: datetime,
) -> list[Booking]:
    """Live slot-holding bookings overlapping the range at the location or with the providers.

    The same rows the booking check (db/queries/booking.blocking_bookings) treats as taken,
    for a whole range at once: one statement.
    """
    with_provider = exists().where(
        appointment_providers.c.appointment_id == appointments.c.id,
        appointment_providers.c.provider_id == any_(uuid_array("providers")),
    )
    additional = (
        select(func.array_agg(appointment_providers.c.provider_id))
        .where(appointment_providers.c.appointment_id == appointments.c.id)
        .scalar_subquery()
    )
    statement = select(
        appointments.c.id,
        appointments.c.operatory_id,
        appointments.c.primary_provider_id,
        appointments.c.start_at,
        appointments.c.end_at,
        additional.label("additional"),
    ).where(
        appointments.c.organization_id == organization_id,
        or_(
            appointments.c.blocks_slot.is_(True),
            and_(appointments.c.overlap_by_rule.is_(True), appointments.c.status.in_(BLOCKING)),
        ),
        or_(
            appointments.c.status != AppointmentStatus.HOLD,
            appointments.c.hold_expires_at > func.clock_timestamp(),
        ),
        and_(appointments.c.start_at < end_at, appointments.c.end_at > start_at),
        or_(
            appointments.c.location_id == location_id,
            appointments.c.primary_provider_id == any_(uuid_array("providers")),
            with_provider,
        ),
    )
    rows = await db.fetch_all(statement, {"providers": list(provider_ids)})
    return [
        Booking(
            appointment_id=row.id,
            operatory_id=row.operatory_id,
            provider_ids=frozenset([row.primary_provider_id, *(row.additional or ())]),
            start_at=row.start_at,
            end_at=row.end_at,
        )
        for row in rows
    ]
