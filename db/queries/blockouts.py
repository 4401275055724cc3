"""Reads of blockouts, their types and templates; and the no-schedule check for bookings."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, any_, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries import keyset
from db.queries.ids import rows_by_ids, uuid_array
from db.queries.keyset import SortKey
from db.request_database import RequestDatabase
from db.rows.appointments import CountRow
from db.rows.blockouts import (
    BlockedRow,
    BlockoutTemplateRow,
    BlockoutTypeRow,
    ItemToApplyRow,
    LocatedBlockedRow,
    TemplateItemRow,
    TypedBlockoutRow,
)
from db.shapes import ShapedTable, all_as
from db.tables import blockout_template_items as template_items
from db.tables import blockout_templates as templates
from db.tables import blockout_types, blockouts, locations, operatories
from scheduling.blockouts import BlockedTime, NewBlockout, SourceBlockout

# The tables mutations look rows up in by id (resolvers/lifecycle/references.require).
BLOCKOUT_TYPES = ShapedTable(blockout_types, BlockoutTypeRow)
BLOCKOUT_TEMPLATES = ShapedTable(templates, BlockoutTemplateRow)
TEMPLATE_ITEMS = ShapedTable(template_items, TemplateItemRow)


def _blockouts_with_type() -> Select[Any]:
    """Blockout columns, the location's time zone and the type's flags."""
    return (
        select(
            blockouts,
            locations.c.time_zone,
            blockout_types.c.name.label("type_name"),
            blockout_types.c.hidden.label("type_hidden"),
            blockout_types.c.no_schedule.label("type_no_schedule"),
            blockout_types.c.do_not_copy.label("type_do_not_copy"),
        )
        .join(locations, locations.c.id == blockouts.c.location_id)
        .join(blockout_types, blockout_types.c.id == blockouts.c.blockout_type_id)
    )


async def blockout_types_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[BlockoutTypeRow]:
    """Blockout types with the given ids in the organization."""
    return await rows_by_ids(db, BLOCKOUT_TYPES, organization_id=organization_id, ids=ids)


async def templates_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[BlockoutTemplateRow]:
    """Blockout templates with the given ids in the organization."""
    return await rows_by_ids(db, BLOCKOUT_TEMPLATES, organization_id=organization_id, ids=ids)


async def template_items_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[TemplateItemRow]:
    """Template items with the given ids in the organization."""
    return await rows_by_ids(db, TEMPLATE_ITEMS, organization_id=organization_id, ids=ids)


async def blockouts_by_ids(
    db: RequestDatabase, *, organization_id: uuid.UUID, ids: Sequence[uuid.UUID]
) -> list[TypedBlockoutRow]:
    """Blockouts with the given ids in the organization (with zone and type flags)."""
    statement = _blockouts_with_type().where(
        blockouts.c.organization_id == organization_id, blockouts.c.id == any_(uuid_array("ids"))
    )
    return await db.fetch_all(statement, {"ids": list(ids)}, shape=TypedBlockoutRow)


async def blockouts_overlapping(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_ids: Sequence[uuid.UUID],
    starts_before: datetime,
    ends_after: datetime,
) -> list[TypedBlockoutRow]:
    """Blockouts of the locations that overlap [ends_after, starts_before), in time order."""
    statement = (
        _blockouts_with_type()
        .where(
            blockouts.c.organization_id == organization_id,
            blockouts.c.location_id == any_(uuid_array("location_ids")),
            blockouts.c.start_at < starts_before,
            blockouts.c.end_at > ends_after,
        )
        .order_by(blockouts.c.start_at, blockouts.c.end_at, blockouts.c.id)
    )
    params = {"location_ids": list(location_ids)}
    return await db.fetch_all(statement, params, shape=TypedBlockoutRow)


# A location's blockouts in time order: start, end, then id.
BLOCKOUT_ORDER = (
    SortKey(blockouts.c.start_at, "instant"),
    SortKey(blockouts.c.end_at, "instant"),
    SortKey(blockouts.c.id, "uuid"),
)


def _at_location(
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    span: tuple[datetime, datetime],
    include_hidden: bool,
) -> list[ColumnElement[bool]]:
    """Blockouts of the location overlapping [span), of visible types unless include_hidden."""
    conditions = [
        blockouts.c.organization_id == organization_id,
        blockouts.c.location_id == location_id,
        blockouts.c.start_at < span[1],
        blockouts.c.end_at > span[0],
    ]
    if not include_hidden:
        conditions.append(blockout_types.c.hidden.is_(False))
    return conditions


async def blockout_page(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    span: tuple[datetime, datetime],
    include_hidden: bool,
    after: Sequence[Any] | None,
    limit: int,
) -> list[TypedBlockoutRow]:
    """The location's blockouts overlapping [span) in BLOCKOUT_ORDER, after the position."""
    conditions = _at_location(organization_id, location_id, span, include_hidden)
    if after is not None:
        conditions.append(keyset.after(BLOCKOUT_ORDER, after))
    statement = (
        _blockouts_with_type()
        .where(*conditions)
        .order_by(*keyset.order_by(BLOCKOUT_ORDER))
        .limit(limit)
    )
    return await db.fetch_all(statement, shape=TypedBlockoutRow)


async def count_blockouts(
    db: RequestDatabase,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    span: tuple[datetime, datetime],
    include_hidden: bool,
) -> int:
    """How many blockouts blockout_page pages through."""
    conditions = _at_location(organization_id, location_id, span, include_hidden)
    statement = (
        select(func.count().label("count"))
        .select_from(
            blockouts.join(blockout_types, blockout_types.c.id == blockouts.c.blockout_type_id)
        )
        .where(*conditions)
    )
    row = await db.fetch_one(statement, shape=CountRow)
    return row.count if row else 0


async def all_blockout_types(
    db: RequestDatabase, *, organization_id: uuid.UUID, include_hidden: bool, include_inactive: bool
) -> list[BlockoutTypeRow]:
    """The organization's blockout types in display order."""
    statement = select(blockout_types).where(blockout_types.c.organization_id == organization_id)
    if not include_hidden:
        statement = statement.where(blockout_types.c.hidden.is_(False))
    if not include_inactive:
        statement = statement.where(blockout_types.c.active.is_(True))
    order = (blockout_types.c.sort_order, blockout_types.c.name, blockout_types.c.id)
    return await db.fetch_all(statement.order_by(*order), shape=BlockoutTypeRow)


@dataclass(frozen=True, slots=True)
class TemplateFilter:
    """Which templates blockoutTemplates lists: a location's own and the org-wide ones (all
    when None), meant for a weekday (or any day), hidden and inactive ones or not."""

    location_id: uuid.UUID | None = None
    weekday: int | None = None
    include_hidden: bool = False
    include_inactive: bool = False


def _template_conditions(organization_id: uuid.UUID, where: TemplateFilter) -> list[Any]:
    conditions: list[Any] = [templates.c.organization_id == organization_id]
    if where.location_id is not None:
        known = (
            select(locations.c.id)
            .where(
                locations.c.organization_id == organization_id,
                locations.c.id == where.location_id,
            )
            .exists()
        )
        conditions.append(known)
        conditions.append(
            or_(templates.c.location_id == where.location_id, templates.c.location_id.is_(None))
        )
    if where.weekday is not None:
        conditions.append(
            or_(
                literal(where.weekday) == any_(templates.c.weekdays),
                func.cardinality(templates.c.weekdays) == 0,
            )
        )
    if not where.include_hidden:
        conditions.append(templates.c.hidden.is_(False))
    if not where.include_inactive:
        conditions.append(templates.c.active.is_(True))
    return conditions


async def all_templates(
    db: RequestDatabase, *, organization_id: uuid.UUID, where: TemplateFilter
) -> list[BlockoutTemplateRow]:
    """The organization's blockout templates the filter keeps, in display order then by name;
    none for a location the organization does not have."""
    statement = (
        select(templates)
        .where(*_template_conditions(organization_id, where))
        .order_by(templates.c.sort_order, templates.c.name, templates.c.id)
    )
    return await db.fetch_all(statement, shape=BlockoutTemplateRow)


async def items_of_templates(
    db: RequestDatabase, *, organization_id: uuid.UUID, template_ids: Sequence[uuid.UUID]
) -> list[TemplateItemRow]:
    """Items of the given templates in their order."""
    statement = (
        select(template_items)
        .where(
            template_items.c.organization_id == organization_id,
            template_items.c.template_id == any_(uuid_array("ids")),
        )
        .order_by(
            template_items.c.template_id,
            template_items.c.sort_order,
            template_items.c.start_time,
            template_items.c.id,
        )
    )
    return await db.fetch_all(statement, {"ids": list(template_ids)}, shape=TemplateItemRow)


async def no_schedule_blockouts(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    operatory_id: uuid.UUID,
    start_at: datetime,
    end_at: datetime,
) -> list[BlockedTime]:
    """No-schedule blockouts overlapping [start_at, end_at) in the operatory or location-wide."""
    location_of_operatory = (
        select(operatories.c.location_id).where(operatories.c.id == operatory_id).scalar_subquery()
    )
    statement = _no_schedule(organization_id, start_at, end_at).where(
        blockouts.c.location_id == location_of_operatory,
        or_(blockouts.c.operatory_id == operatory_id, blockouts.c.operatory_id.is_(None)),
    )
    return blocked_times(await all_as(connection, BlockedRow, statement))


async def no_schedule_blockouts_at(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    operatory_ids: Sequence[uuid.UUID],
    start_at: datetime,
    end_at: datetime,
) -> dict[uuid.UUID, list[BlockedTime]]:
    """No-schedule blockouts overlapping [start_at, end_at) at the operatories' locations, by
    location (an import's rows' at once; scheduling.blockouts.blockout_conflicts picks each
    row's)."""
    their_locations = select(operatories.c.location_id).where(
        operatories.c.id == any_(uuid_array("operatory_ids"))
    )
    statement = _no_schedule(organization_id, start_at, end_at).where(
        blockouts.c.location_id.in_(their_locations)
    )
    rows = await all_as(
        connection,
        LocatedBlockedRow,
        statement.add_columns(blockouts.c.location_id),
        {"operatory_ids": list(operatory_ids)},
    )
    found: dict[uuid.UUID, list[BlockedTime]] = {}
    for row in rows:
        found.setdefault(row.location_id, []).extend(blocked_times([row]))
    return found


def _no_schedule(organization_id: uuid.UUID, start_at: datetime, end_at: datetime) -> Select[Any]:
    """No-schedule blockouts of the organization overlapping [start_at, end_at), in order."""
    return (
        select(
            blockouts.c.id,
            blockouts.c.operatory_id,
            blockouts.c.start_at,
            blockouts.c.end_at,
            blockout_types.c.no_schedule.label("type_no_schedule"),
        )
        .join(blockout_types, blockout_types.c.id == blockouts.c.blockout_type_id)
        .where(
            blockouts.c.organization_id == organization_id,
            blockout_types.c.no_schedule.is_(True),
            and_(blockouts.c.start_at < end_at, blockouts.c.end_at > start_at),
        )
        .order_by(blockouts.c.start_at, blockouts.c.id)
    )


def blocked_times(rows: Sequence[BlockedRow]) -> list[BlockedTime]:
    """Blockout rows (e.g. of blockouts_overlapping) as the conflict rules see them."""
    return [
        BlockedTime(row.id, row.operatory_id, row.start_at, row.end_at, row.type_no_schedule)
        for row in rows
    ]


async def blockouts_starting_between(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    location_id: uuid.UUID,
    starts_from: datetime,
    starts_before: datetime,
) -> list[SourceBlockout]:
    """A location's blockouts that start in [starts_from, starts_before), for copy plans."""
    statement = (
        _blockouts_with_type()
        .where(
            blockouts.c.organization_id == organization_id,
            blockouts.c.location_id == location_id,
            blockouts.c.start_at >= starts_from,
            blockouts.c.start_at < starts_before,
        )
        .order_by(blockouts.c.start_at, blockouts.c.end_at, blockouts.c.id)
    )
    rows = await all_as(connection, TypedBlockoutRow, statement)
    return [
        SourceBlockout(
            NewBlockout(row.blockout_type_id, row.operatory_id, row.start_at, row.end_at, row.note),
            type_name=row.type_name,
            do_not_copy=row.type_do_not_copy,
            ident=row.id,
        )
        for row in rows
    ]


async def template_items_to_apply(
    connection: AsyncConnection, *, organization_id: uuid.UUID, template_id: uuid.UUID
) -> list[ItemToApplyRow]:
    """A template's items in order, with each type's name and each operatory's location."""
    statement = (
        select(
            template_items,
            blockout_types.c.name.label("type_name"),
            operatories.c.location_id.label("operatory_location_id"),
            operatories.c.active.label("operatory_active"),
        )
        .join(blockout_types, blockout_types.c.id == template_items.c.blockout_type_id)
        .outerjoin(operatories, operatories.c.id == template_items.c.operatory_id)
        .where(
            template_items.c.organization_id == organization_id,
            template_items.c.template_id == template_id,
        )
        .order_by(template_items.c.sort_order, template_items.c.start_time, template_items.c.id)
    )
    return await all_as(connection, ItemToApplyRow, statement)
