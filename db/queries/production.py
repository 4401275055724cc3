"""Production goals (reads and writes) and the production summary's one aggregate statement."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Numeric,
    Table,
    any_,
    case,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import keyset
from db.queries.ids import uuid_array
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.production import GoalRow, IdRow, ProductionTotalsRow, UpsertedGoalRow
from db.shapes import one_as, one_or_none_as
from db.tables import appointments, locations, providers
from db.tables import production_goals as goals
from scheduling.production import COMPLETED_PRODUCTION, LOST_PRODUCTION, SCHEDULED_PRODUCTION

# A numeric zero written into the SQL text (no bind parameter, so it never changes the text).
ZERO = literal_column("0.00", Numeric(12, 2))


async def goals_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[GoalRow]:
    """Goals with the given ids in the organization."""
    statement = select(goals).where(
        goals.c.organization_id == organization_id, goals.c.id == any_(uuid_array("ids"))
    )
    return await db.fetch_all(statement, {"ids": list(ids)}, shape=GoalRow)


@dataclass(frozen=True, slots=True)
class GoalFilter:
    """Goals in [first_day, last_day], optionally of one location and/or provider."""

    first_day: date
    last_day: date
    location_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None


# Goals by date, location and provider (unique together), then id.
GOAL_ORDER = (
    SortKey(goals.c.goal_date, "date"),
    SortKey(goals.c.location_id, "uuid"),
    SortKey(goals.c.provider_id, "uuid"),
    SortKey(goals.c.id, "uuid"),
)


def _goal_conditions(organization_id: uuid.UUID, where: GoalFilter) -> list[ColumnElement[bool]]:
    conditions = [
        goals.c.organization_id == organization_id,
        goals.c.goal_date.between(where.first_day, where.last_day),
    ]
    if where.location_id is not None:
        conditions.append(goals.c.location_id == where.location_id)
    if where.provider_id is not None:
        conditions.append(goals.c.provider_id == where.provider_id)
    return conditions


async def list_goals(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    where: GoalFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> list[GoalRow]:
    """Matching goals in GOAL_ORDER, after the position if any."""
    conditions = _goal_conditions(organization_id, where)
    if after is not None:
        conditions.append(keyset.after(GOAL_ORDER, after))
    statement = select(goals).where(*conditions).order_by(*keyset.order_by(GOAL_ORDER))
    return await db.fetch_all(statement.limit(limit), shape=GoalRow)


async def count_goals(db: RequestDatabase, *, organization_id: uuid.UUID, where: GoalFilter) -> int:
    """How many goals match."""
    conditions = _goal_conditions(organization_id, where)
    statement = select(func.count().label("count")).select_from(goals).where(*conditions)
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0


async def references_exist(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    provider_id: uuid.UUID,
    location_id: uuid.UUID,
) -> tuple[bool, bool]:
    """Whether the provider and the location exist in the organization, in one round trip."""

    def found(table: Table, ident: uuid.UUID) -> Any:
        return (
            select(func.count())
            .where(table.c.organization_id == organization_id, table.c.id == ident)
            .scalar_subquery()
        )

    statement = select(found(providers, provider_id), found(locations, location_id))
    row = (await connection.execute(statement)).one()
    return bool(row[0]), bool(row[1])


async def insert_goal(connection: AsyncConnection, *, values: dict[str, Any]) -> GoalRow:
    """Insert a goal; the unique constraint rejects a second one for the same key."""
    return await one_as(connection, GoalRow, insert(goals).values(**values).returning(goals))


async def upsert_goal(connection: AsyncConnection, *, values: dict[str, Any]) -> UpsertedGoalRow:
    """Insert a goal or set the amount of the existing one; `inserted` tells which."""
    proposed = pg_insert(goals).values(**values)
    statement = proposed.on_conflict_do_update(
        index_elements=["organization_id", "provider_id", "location_id", "goal_date"],
        set_={"goal_amount": proposed.excluded.goal_amount, "updated_at": func.now()},
    ).returning(goals.c.id, (literal_column("xmax") == 0).label("inserted"))
    return await one_as(connection, UpsertedGoalRow, statement)


async def update_goal_amount(
    connection: AsyncConnection, *, organization_id: uuid.UUID, goal_id: uuid.UUID, amount: Decimal
) -> IdRow | None:
    """Set a goal's amount; None when no such goal exists in the organization."""
    statement = (
        update(goals)
        .where(goals.c.organization_id == organization_id, goals.c.id == goal_id)
        .values(goal_amount=amount, updated_at=func.now())
        .returning(goals.c.id)
    )
    return await one_or_none_as(connection, IdRow, statement)


async def delete_goal(
    connection: AsyncConnection, *, organization_id: uuid.UUID, goal_id: uuid.UUID
) -> IdRow | None:
    """Delete a goal; None when no such goal exists in the organization."""
    statement = (
        delete(goals)
        .where(goals.c.organization_id == organization_id, goals.c.id == goal_id)
        .returning(goals.c.id)
    )
    return await one_or_none_as(connection, IdRow, statement)


def bucket(statuses: frozenset[Any]) -> Any:
    """An appointment's production_amount if its status is one of `statuses`, else 0."""
    return case(
        (appointments.c.status.in_(sorted(statuses)), appointments.c.production_amount),
        else_=ZERO,
    )


async def production_totals(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    provider_id: uuid.UUID | None,
    first_day: date,
    last_day: date,
    starts_from: datetime,
    starts_before: datetime,
    time_zone: str,
) -> list[ProductionTotalsRow]:
    """Rows (day, provider_id, level, scheduled, completed, lost, goal) per day, provider, all."""
    # GROUPING SETS in one pass: `level` is 1 for a day's row, 2 for a provider's, 3 for the total.
    local_day = cast(func.timezone(time_zone, appointments.c.start_at), Date)
    booked = select(
        local_day.label("day"),
        appointments.c.primary_provider_id.label("provider_id"),
        bucket(SCHEDULED_PRODUCTION).label("scheduled"),
        bucket(COMPLETED_PRODUCTION).label("completed"),
        bucket(LOST_PRODUCTION).label("lost"),
        ZERO.label("goal"),
    ).where(
        appointments.c.organization_id == organization_id,
        appointments.c.location_id == location_id,
        appointments.c.start_at >= starts_from,
        appointments.c.start_at < starts_before,
    )
    targets = select(
        goals.c.goal_date.label("day"),
        goals.c.provider_id.label("provider_id"),
        ZERO.label("scheduled"),
        ZERO.label("completed"),
        ZERO.label("lost"),
        goals.c.goal_amount.label("goal"),
    ).where(
        goals.c.organization_id == organization_id,
        goals.c.location_id == location_id,
        goals.c.goal_date.between(first_day, last_day),
    )
    if provider_id is not None:
        booked = booked.where(appointments.c.primary_provider_id == provider_id)
        targets = targets.where(goals.c.provider_id == provider_id)
    both = union_all(booked, targets).subquery("both")
    statement = select(
        both.c.day,
        both.c.provider_id,
        func.grouping(both.c.day, both.c.provider_id).label("level"),
        func.sum(both.c.scheduled).label("scheduled"),
        func.sum(both.c.completed).label("completed"),
        func.sum(both.c.lost).label("lost"),
        func.sum(both.c.goal).label("goal"),
    ).group_by(func.grouping_sets(tuple_(both.c.day), tuple_(both.c.provider_id), tuple_()))
    return await db.fetch_all(statement, shape=ProductionTotalsRow)
