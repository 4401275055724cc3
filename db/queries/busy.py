"""What stands in a booking's way: the appointments that hold their slots now, and lapsed
holds cleared before looking (for one booking, or for an import's rows at once)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Text, and_, any_, bindparam, func, or_, select, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.ids import uuid_array
from db.rows.appointments import TypedBookingRow
from db.shapes import all_as
from db.tables import appointment_providers, appointments, provider_slots
from scheduling.appointment_status import BLOCKING, AppointmentStatus
from scheduling.conflicts import Booking


async def expire_lapsed_holds(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    operatory_ids: Sequence[uuid.UUID],
    provider_ids: Sequence[uuid.UUID],
    start_at: datetime,
    end_at: datetime,
) -> None:
    """Mark holds whose time ran out and that stand in the way (in one of the operatories,
    or with one of the providers) as expired: a booking's own, or an import's rows' at once.

    No sweeper is needed: whoever wants the slot clears lapsed holds in its own transaction,
    so the exclusion constraints only ever see holds that are still live.
    """
    in_way = or_(
        appointments.c.operatory_id == any_(uuid_array("operatory_ids")),
        appointments.c.id.in_(
            select(provider_slots.c.appointment_id).where(
                provider_slots.c.provider_id == any_(uuid_array("provider_ids"))
            )
        ),
    )
    statement = (
        update(appointments)
        .where(
            appointments.c.organization_id == organization_id,
            appointments.c.status == AppointmentStatus.HOLD,
            appointments.c.hold_expires_at <= func.clock_timestamp(),
            appointments.c.start_at < end_at,
            appointments.c.end_at > start_at,
            in_way,
        )
        .values(
            status=AppointmentStatus.EXPIRED,
            hold_expires_at=None,
            version=appointments.c.version + 1,
        )
    )
    params = {"operatory_ids": list(operatory_ids), "provider_ids": list(provider_ids)}
    await connection.execute(statement, params)


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
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    operatory_ids: Sequence[uuid.UUID],
    provider_ids: Sequence[uuid.UUID],
    start_at: datetime,
    end_at: datetime,
) -> list[Booking]:
    """Live slot-holding appointments overlapping [start_at, end_at) in one of the operatories
    or with one of the providers (for an import's rows at once a superset of each row's, which
    scheduling.conflicts.find_conflicts narrows to the row's)."""
    overlapping = and_(
        appointments.c.organization_id == organization_id,
        HOLDS_SLOT,
        appointments.c.start_at < end_at,
        appointments.c.end_at > start_at,
    )
    by_provider = select(provider_slots.c.appointment_id).where(
        provider_slots.c.provider_id == any_(uuid_array("provider_ids"))
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
            appointments.c.operatory_id == any_(uuid_array("operatory_ids")),
            appointments.c.id.in_(by_provider),
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
    params = {"operatory_ids": list(operatory_ids), "provider_ids": list(provider_ids)}
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
