"""Reads of provider schedules, schedule notes and appointment type overlap rules."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, any_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import keyset
from db.queries.ids import uuid_array
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.schedules import (
    OverlapRuleRow,
    OverrideRow,
    ScheduleNoteRow,
    TemplateRow,
    TypePairRow,
)
from db.shapes import ShapedTable, all_as
from db.tables import operatories, overlap_rules
from db.tables import schedule_notes as notes
from db.tables import schedule_overrides as overrides
from db.tables import schedule_templates as templates
from scheduling.overlap_rules import OverlapRule

# The schedule tables, for the statements that work on any of them (by id, lock, insert).
TEMPLATES = ShapedTable(templates, TemplateRow)
OVERRIDES = ShapedTable(overrides, OverrideRow)
NOTES = ShapedTable(notes, ScheduleNoteRow)
OVERLAP_RULES = ShapedTable(overlap_rules, OverlapRuleRow)


async def templates_of_locations(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    first_day: date,
    last_day: date,
) -> list[TemplateRow]:
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
    return await db.fetch_all(statement, {"location_ids": list(location_ids)}, shape=TemplateRow)


async def overrides_of_locations(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    first_day: date,
    last_day: date,
) -> list[OverrideRow]:
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
    return await db.fetch_all(statement, {"location_ids": list(location_ids)}, shape=OverrideRow)


@dataclass(frozen=True, slots=True)
class OverrideFilter:
    """Overrides on first_day..last_day, of one location and/or provider when given."""

    first_day: date
    last_day: date
    location_id: uuid.UUID | None = None
    provider_id: uuid.UUID | None = None


OVERRIDE_ORDER = (SortKey(overrides.c.override_date, "date"), SortKey(overrides.c.id, "uuid"))


def _override_conditions(
    organization_id: uuid.UUID, where: OverrideFilter
) -> list[ColumnElement[bool]]:
    conditions = [
        overrides.c.organization_id == organization_id,
        overrides.c.override_date.between(where.first_day, where.last_day),
    ]
    if where.location_id is not None:
        conditions.append(overrides.c.location_id == where.location_id)
    if where.provider_id is not None:
        conditions.append(overrides.c.provider_id == where.provider_id)
    return conditions


async def list_overrides(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    where: OverrideFilter,
    after: Sequence[Any] | None,
    limit: int,
) -> list[OverrideRow]:
    """Matching overrides by date then id (OVERRIDE_ORDER), after the position if any."""
    conditions = _override_conditions(organization_id, where)
    if after is not None:
        conditions.append(keyset.after(OVERRIDE_ORDER, after))
    statement = select(overrides).where(*conditions).order_by(*keyset.order_by(OVERRIDE_ORDER))
    return await db.fetch_all(statement.limit(limit), shape=OverrideRow)


async def count_overrides(
    db: RequestDatabase, *, organization_id: uuid.UUID, where: OverrideFilter
) -> int:
    """How many overrides match."""
    conditions = _override_conditions(organization_id, where)
    statement = select(func.count().label("count")).select_from(overrides).where(*conditions)
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0


async def notes_of_locations(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    first_day: date,
    last_day: date,
) -> list[ScheduleNoteRow]:
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
    params = {"location_ids": list(location_ids)}
    return await db.fetch_all(statement, params, shape=ScheduleNoteRow)


async def templates_of(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    provider_id: uuid.UUID | None,
) -> list[TemplateRow]:
    """All templates of a location (of one provider, when given), by provider, day and time."""
    statement = select(templates).where(
        templates.c.organization_id == organization_id, templates.c.location_id == location_id
    )
    if provider_id is not None:
        statement = statement.where(templates.c.provider_id == provider_id)
    order = (
        templates.c.provider_id,
        templates.c.weekday,
        templates.c.start_time,
        templates.c.effective_from,
        templates.c.id,
    )
    return await db.fetch_all(statement.order_by(*order), shape=TemplateRow)


async def overlap_rules_of(
    db: RequestDatabase, *, organization_id: uuid.UUID, location_id: uuid.UUID | None
) -> list[OverlapRuleRow]:
    """Overlap rules that apply at a location (its own and org-wide ones), or all of them."""
    statement = select(overlap_rules).where(overlap_rules.c.organization_id == organization_id)
    if location_id is not None:
        statement = statement.where(
            or_(overlap_rules.c.location_id.is_(None), overlap_rules.c.location_id == location_id)
        )
    order = (overlap_rules.c.created_at, overlap_rules.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=OverlapRuleRow)


async def overlap_rules_at_operatory(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    operatory_id: uuid.UUID,
    appointment_type_id: uuid.UUID,
) -> list[OverlapRule]:
    """The overlap rules with `appointment_type_id` in effect at the operatory's location:
    its own and the org-wide ones (scheduling.overlap_rules.allowed_pairs weighs them)."""
    location = select(operatories.c.location_id).where(operatories.c.id == operatory_id)
    statement = select(
        overlap_rules.c.appointment_type_a_id,
        overlap_rules.c.appointment_type_b_id,
        overlap_rules.c.location_id,
        overlap_rules.c.allow_overlap,
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
    rows = await all_as(connection, TypePairRow, statement)
    return [
        OverlapRule(
            row.appointment_type_a_id, row.appointment_type_b_id, row.location_id, row.allow_overlap
        )
        for row in rows
    ]


async def provider_schedule_rows(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    provider_id: uuid.UUID,
    location_id: uuid.UUID,
    first_day: date,
    last_day: date,
) -> tuple[list[TemplateRow], list[OverrideRow]]:
    """One provider's templates and overrides at a location for a few days, in a transaction.

    Templates come whatever their effective dates, so a caller can tell "never scheduled here"
    (no templates) from "not working on these days".
    """
    template_rows = await all_as(
        connection,
        TemplateRow,
        select(templates).where(
            templates.c.organization_id == organization_id,
            templates.c.provider_id == provider_id,
            templates.c.location_id == location_id,
        ),
    )
    override_rows = await all_as(
        connection,
        OverrideRow,
        select(overrides).where(
            overrides.c.organization_id == organization_id,
            overrides.c.provider_id == provider_id,
            overrides.c.location_id == location_id,
            overrides.c.override_date.between(first_day, last_day),
        ),
    )
    return template_rows, override_rows
