"""Reads for slot search: every booking that can take a provider or an operatory in a range."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import any_, bindparam, exists, or_, select

from db.queries.busy import ADDITIONAL_PROVIDER_IDS, HOLDS_SLOT
from db.queries.ids import uuid_array
from db.read_statement import ReadStatement
from db.request_database import RequestDatabase
from db.rows.appointments import BookingRow
from db.tables import appointment_providers, appointments

_with_provider = exists().where(
    appointment_providers.c.appointment_id == appointments.c.id,
    appointment_providers.c.provider_id == any_(uuid_array("providers")),
)
BOOKINGS_IN_RANGE = ReadStatement(
    select(
        appointments.c.id,
        appointments.c.operatory_id,
        appointments.c.primary_provider_id,
        appointments.c.start_at,
        appointments.c.end_at,
        ADDITIONAL_PROVIDER_IDS,
    ).where(
        appointments.c.organization_id == bindparam("organization_id"),
        HOLDS_SLOT,
        appointments.c.start_at < bindparam("end_at", type_=appointments.c.start_at.type),
        appointments.c.end_at > bindparam("start_at", type_=appointments.c.start_at.type),
        or_(
            appointments.c.location_id == bindparam("location_id"),
            appointments.c.primary_provider_id == any_(uuid_array("providers")),
            _with_provider,
        ),
    ),
    BookingRow,
)


async def bookings_in_range(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    provider_ids: Sequence[uuid.UUID],
    start_at: datetime,
    end_at: datetime,
) -> Sequence[BookingRow]:
    """Live slot-holding bookings overlapping the range at the location or with the providers.

    The same rows the booking check (db/queries/busy.blocking_bookings) treats as taken,
    for a whole range at once: one statement. Rows, not scheduling.conflicts.Booking objects:
    slot search reads a few thousand and needs only their times per operatory and provider.
    """
    params = {
        "organization_id": organization_id,
        "location_id": location_id,
        "providers": list(provider_ids),
        "start_at": start_at,
        "end_at": end_at,
    }
    return await db.fetch_all(BOOKINGS_IN_RANGE, params)
