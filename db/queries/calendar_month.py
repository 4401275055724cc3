"""The month view's aggregates: appointments and goals per local day, never appointment rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    and_,
    bindparam,
    case,
    cast,
    column,
    func,
    select,
)
from sqlalchemy.dialects.postgresql import ARRAY

from db.request_database import RequestDatabase
from db.rows.production import AppointmentDayRow, BlockoutDayRow, GoalDayRow
from db.tables import appointments, blockout_types, blockouts
from db.tables import production_goals as goals
from scheduling.appointment_status import AppointmentStatus
from scheduling.local_time import LocalDay

INSTANT = DateTime(timezone=True)


def effective_status() -> Any:
    """The status as of now: a hold whose time ran out counts as expired."""
    lapsed = and_(
        appointments.c.status == AppointmentStatus.HOLD,
        appointments.c.hold_expires_at <= func.now(),
    )
    return case((lapsed, AppointmentStatus.EXPIRED.value), else_=appointments.c.status)


async def appointment_day_totals(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    time_zone: str,
    starts_from: datetime,
    starts_before: datetime,
) -> list[AppointmentDayRow]:
    """(day, status, appointments, production) per local day and status, aggregated in SQL."""
    # An appointment belongs to the local day (in `time_zone`) on which it starts.
    each = (
        select(
            cast(func.timezone(time_zone, appointments.c.start_at), Date).label("day"),
            effective_status().label("status"),
            appointments.c.production_amount.label("amount"),
        )
        .where(
            appointments.c.organization_id == organization_id,
            appointments.c.location_id == location_id,
            appointments.c.start_at >= starts_from,
            appointments.c.start_at < starts_before,
        )
        .subquery("each")
    )
    statement = (
        select(
            each.c.day,
            each.c.status,
            func.count().label("appointments"),
            func.sum(each.c.amount).label("production"),
        )
        .group_by(each.c.day, each.c.status)
        .order_by(each.c.day, each.c.status)
    )
    return await db.fetch_all(statement, shape=AppointmentDayRow)


async def goal_day_totals(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    first_day: date,
    last_day: date,
) -> list[GoalDayRow]:
    """(day, goal): the sum of all providers' goals at the location per date."""
    statement = (
        select(goals.c.goal_date.label("day"), func.sum(goals.c.goal_amount).label("goal"))
        .where(
            goals.c.organization_id == organization_id,
            goals.c.location_id == location_id,
            goals.c.goal_date.between(first_day, last_day),
        )
        .group_by(goals.c.goal_date)
    )
    return await db.fetch_all(statement, shape=GoalDayRow)


async def blockout_day_flags(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    days: Sequence[LocalDay],
) -> list[BlockoutDayRow]:
    """(day, has_blockout, is_holiday) for the days that any blockout touches."""
    # has_blockout: a blockout of a type that is not hidden overlaps the local day. is_holiday:
    # one location-wide (no operatory) blockout of a no-schedule type covers the whole day.
    span = (
        func.unnest(
            bindparam("days", type_=ARRAY(Date())),
            bindparam("starts", type_=ARRAY(INSTANT)),
            bindparam("ends", type_=ARRAY(INSTANT)),
        )
        .table_valued(
            column("day", Date()), column("starts_at", INSTANT), column("ends_at", INSTANT)
        )
        .render_derived(name="span")
    )
    covers_day = and_(
        blockout_types.c.no_schedule,
        blockouts.c.operatory_id.is_(None),
        blockouts.c.start_at <= span.c.starts_at,
        blockouts.c.end_at >= span.c.ends_at,
    )
    statement = (
        select(
            span.c.day,
            func.bool_or(~blockout_types.c.hidden).label("has_blockout"),
            func.bool_or(covers_day).label("is_holiday"),
        )
        .select_from(span)
        .join(
            blockouts,
            and_(
                blockouts.c.organization_id == organization_id,
                blockouts.c.location_id == location_id,
                blockouts.c.start_at < span.c.ends_at,
                blockouts.c.end_at > span.c.starts_at,
            ),
        )
        .join(blockout_types, blockout_types.c.id == blockouts.c.blockout_type_id)
        .group_by(span.c.day)
    )
    params = {
        "days": [day.day for day in days],
        "starts": [day.starts_at for day in days],
        "ends": [day.ends_at for day in days],
    }
    return await db.fetch_all(statement, params, shape=BlockoutDayRow)
