"""Reports over appointments: counts per location, and time spent in each patient flow step.

Each report is one grouped statement whatever the number of appointments in its range.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, ColumnElement, and_, func, select

from db.request_database import RequestDatabase
from db.rows.appointments import FlowStepStatRow, LocationCountRow
from db.tables import appointments, flow_events, locations


def _local_day() -> ColumnElement[Any]:
    """An appointment's start as a local date of its location."""
    return func.date(func.timezone(locations.c.time_zone, appointments.c.start_at))


def _at_location() -> ColumnElement[bool]:
    return and_(
        locations.c.organization_id == appointments.c.organization_id,
        locations.c.id == appointments.c.location_id,
    )


async def counts_by_location(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    statuses: Sequence[str],
    first_day: date,
    last_day: date,
) -> list[LocationCountRow]:
    """Every location of the organization (by name) with how many of its appointments in
    `statuses` start on first_day..last_day, local dates of the location; 0 for none."""
    counted = and_(
        _at_location(),
        appointments.c.status.in_(list(statuses)),
        _local_day().between(first_day, last_day),
    )
    statement = (
        select(locations.c.id.label("location_id"), func.count(appointments.c.id).label("count"))
        .select_from(locations.outerjoin(appointments, counted))
        .where(locations.c.organization_id == organization_id)
        .group_by(locations.c.id, locations.c.name)
        .order_by(locations.c.name, locations.c.id)
    )
    return await db.fetch_all(statement, shape=LocationCountRow)


async def flow_step_stats(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    first_day: date,
    last_day: date,
    provider_id: uuid.UUID | None,
) -> list[FlowStepStatRow]:
    """Per local day, primary provider and flow status: how many visits left the step and
    the seconds they spent in it. A step lasts from its event to the visit's next event; the
    step a visit is still in is not counted (it has no length yet)."""
    day = _local_day().label("day")
    left_at = (
        func.lead(flow_events.c.occurred_at)
        .over(
            partition_by=flow_events.c.appointment_id,
            order_by=(flow_events.c.occurred_at, flow_events.c.id),
        )
        .label("left_at")
    )
    conditions = [
        appointments.c.organization_id == organization_id,
        appointments.c.location_id == location_id,
        _local_day().between(first_day, last_day),
    ]
    if provider_id is not None:
        conditions.append(appointments.c.primary_provider_id == provider_id)
    steps = (
        select(
            day,
            appointments.c.primary_provider_id.label("provider_id"),
            flow_events.c.flow_status_id,
            flow_events.c.occurred_at,
            left_at,
        )
        .select_from(
            flow_events.join(
                appointments,
                and_(
                    appointments.c.organization_id == flow_events.c.organization_id,
                    appointments.c.id == flow_events.c.appointment_id,
                ),
            ).join(locations, _at_location())
        )
        .where(flow_events.c.organization_id == organization_id, *conditions)
        .subquery("steps")
    )
    seconds = func.extract("epoch", steps.c.left_at - steps.c.occurred_at)
    statement = (
        select(
            steps.c.day,
            steps.c.provider_id,
            steps.c.flow_status_id,
            func.count().label("visits"),
            func.round(func.sum(seconds)).cast(BigInteger).label("total_seconds"),
        )
        .where(steps.c.left_at.is_not(None))
        .group_by(steps.c.day, steps.c.provider_id, steps.c.flow_status_id)
        .order_by(steps.c.day, steps.c.provider_id, steps.c.flow_status_id)
    )
    return await db.fetch_all(statement, shape=FlowStepStatRow)
