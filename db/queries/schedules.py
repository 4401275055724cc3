"""Reads of provider schedules, schedule notes and appointment type overlap rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, Table, any_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.models import (
    AppointmentTypeOverlapRule,
    Operatory,
    ProviderScheduleOverride,
    ProviderScheduleTemplate,
    ScheduleNote,
)
from db.queries.ids import uuid_array
from db.request_database import RequestDatabase

templates: Table = ProviderScheduleTemplate.__table__  # type: ignore[assignment]
overrides: Table = ProviderScheduleOverride.__table__  # type: ignore[assignment]
notes: Table = ScheduleNote.__table__  # type: ignore[assignment]
overlap_rules: Table = AppointmentTypeOverlapRule.__table__  # type: ignore[assignment]
operatories: Table = Operatory.__table__  # type: ignore[assignment]

SCHEDULE_TABLES: dict[str, Table] = {
    "template": templates,
    "override": overrides,
    "note": notes,
    "overlap_rule": overlap_rules,
}


async def schedule_rows_by_ids(
    db: RequestDatabase, *, kind: str, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> Sequence[Row[Any]]:
    """Rows of one schedule table with the given ids in the organization."""
    table = SCHEDULE_TABLES[kind]
    statement = select(table).where(
        table.c.organization_id == organization_id, table.c.id == any_(uuid_array("ids"))
    )
    return await db.fetch_all(statement, {"ids": list(ids)})


async def templates_of_locations(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    first_day: date,
    last_day: date,
) -> Sequence[Row[Any]]:
    """Templates of the locations in effect on any day of [first_day, last_day]."""
    statement = (
        select(templates)
        .where(
            templates.c.organization_id == organization_id,
            templates.c.location_id == any_(uuid_array("location_ids")),
            templates.c.effective_from <= last_day,
            or_(templates.c.effective_to.is_(None), templates.c.effective_to >= first_day),
        )
        .order_by(templates.c.provider_id, templates.c.weekday, templates.c.start_time)
    )
    return await db.fetch_all(statement, {"location_ids": list(location_ids)})


async def overrides_of_locations(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    first_day: date,
    last_day: date,
) -> Sequence[Row[Any]]:
    """Date overrides of the locations on the days of [first_day, last_day]."""
    statement = (
        select(overrides)
        .where(
            overrides.c.organization_id == organization_id,
            overrides.c.location_id == any_(uuid_array("location_ids")),
            overrides.c.override_date.between(first_day, last_day),
        )
        .order_by(overrides.c.override_date, overrides.c.provider_id)
    )
    return await db.fetch_all(statement, {"location_ids": list(location_ids)})


async def notes_of_locations(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    first_day: date,
    last_day: date,
) -> Sequence[Row[Any]]:
    """Schedule notes of the locations on the days of [first_day, last_day], by date."""
    statement = (
        select(notes)
        .where(
            notes.c.organization_id == organization_id,
            notes.c.location_id == any_(uuid_array("location_ids")),
            notes.c.note_date.between(first_day, last_day),
        )
        .order_by(notes.c.note_date, notes.c.location_id)
    )
    return await db.fetch_all(statement, {"location_ids": list(location_ids)})


async def templates_of(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    provider_id: uuid.UUID | None,
) -> Sequence[Row[Any]]:
    """All templates of a location (of one provider, when given), by provider, day and time."""
    statement = select(templates).where(
        templates.c.organization_id == organization_id, templates.c.location_id == location_id
    )
    if provider_id is not None:
        statement = statement.where(templates.c.provider_id == provider_id)
    return await db.fetch_all(
        statement.order_by(
            templates.c.provider_id,
            templates.c.weekday,
            templates.c.start_time,
            templates.c.effective_from,
            templates.c.id,
        )
    )


async def overlap_rules_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, location_id: uuid.UUID | None
) -> Sequence[Row[Any]]:
    """Overlap rules that apply at a location (its own and org-wide ones), or all of them."""
    statement = select(overlap_rules).where(overlap_rules.c.organization_id == organization_id)
    if location_id is not None:
        statement = statement.where(
            or_(overlap_rules.c.location_id.is_(None), overlap_rules.c.location_id == location_id)
        )
    return await db.fetch_all(statement.order_by(overlap_rules.c.created_at, overlap_rules.c.id))


async def overlap_pairs_at_operatory(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    operatory_id: uuid.UUID,
    appointment_type_id: uuid.UUID,
) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Type pairs with `appointment_type_id` that may overlap at the operatory's location."""
    location = select(operatories.c.location_id).where(operatories.c.id == operatory_id)
    statement = select(
        overlap_rules.c.appointment_type_a_id, overlap_rules.c.appointment_type_b_id
    ).where(
        overlap_rules.c.organization_id == organization_id,
        or_(
            overlap_rules.c.appointment_type_a_id == appointment_type_id,
            overlap_rules.c.appointment_type_b_id == appointment_type_id,
        ),
        or_(
            overlap_rules.c.location_id.is_(None),
            overlap_rules.c.location_id == location.scalar_subquery(),
        ),
    )
    rows = (await connection.execute(statement)).all()
    return [(row.appointment_type_a_id, row.appointment_type_b_id) for row in rows]


async def provider_schedule_rows(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    provider_id: uuid.UUID,
    location_id: uuid.UUID,
    first_day: date,
    last_day: date,
) -> tuple[Sequence[Row[Any]], Sequence[Row[Any]]]:
    """One provider's templates and overrides at a location for a few days, in a transaction.

    Templates come whatever their effective dates, so a caller can tell "never scheduled here"
    (no templates) from "not working on these days".
    """
    template_rows = await connection.execute(
        select(templates).where(
            templates.c.organization_id == organization_id,
            templates.c.provider_id == provider_id,
            templates.c.location_id == location_id,
        )
    )
    override_rows = await connection.execute(
        select(overrides).where(
            overrides.c.organization_id == organization_id,
            overrides.c.provider_id == provider_id,
            overrides.c.location_id == location_id,
            overrides.c.override_date.between(first_day, last_day),
        )
    )
    return template_rows.all(), override_rows.all()
