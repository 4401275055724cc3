"""Node types of blockouts: their types, the blockouts themselves, and templates with items."""

from __future__ import annotations

from datetime import date, datetime, time
from uuid import UUID

import strawberry
from strawberry import relay

from db.rows.blockouts import (
    BlockoutTemplateRow,
    BlockoutTypeRow,
    TemplateItemRow,
    TypedBlockoutRow,
)
from resolvers.context import RequestContext
from scheduling.local_time import zone_named
from schema.info import Info
from schema.types.day_of_week import DayOfWeek, from_weekday
from schema.types.node_loading import node_resolver
from schema.types.practice import Location, Operatory

VERSION = "Bumped by every change; send it back as baseVersion."


def _staff_side(ctx: RequestContext, row: object) -> bool:
    """Blockouts are the practice's business: patients resolve none of them."""
    return not ctx.viewer.is_patient


@strawberry.type(description="A kind of blockout, e.g. 'Lunch' or 'Staff meeting'.")
class BlockoutType(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name, unique in the organization.")
    abbreviation: str = strawberry.field(description="Short label shown on the calendar.")
    color: str = strawberry.field(description="Calendar color as #rrggbb.")
    no_schedule: bool = strawberry.field(
        description="No appointment may be booked or moved into a blockout of this type."
    )
    do_not_copy: bool = strawberry.field(
        description="Copying days or weeks and repeating weeks leave blockouts of this type out."
    )
    hidden: bool = strawberry.field(
        description="Calendars leave blockouts of this type out unless includeHidden is set."
    )
    sort_order: int = strawberry.field(description="Position in pick lists.")
    active: bool = strawberry.field(description="Inactive types are kept for existing blockouts.")
    version: int = strawberry.field(description=VERSION)

    @classmethod
    def from_row(cls, row: BlockoutTypeRow) -> BlockoutType:
        """Build from a blockout_types row."""
        return cls(
            pk=row.id,
            name=row.name,
            abbreviation=row.abbreviation,
            color=row.color,
            no_schedule=row.no_schedule,
            do_not_copy=row.do_not_copy,
            hidden=row.hidden,
            sort_order=row.sort_order,
            active=row.active,
            version=row.version,
        )

    # Blockout types of the caller's organization (not for patients).
    resolve_nodes = node_resolver(lambda c: c.loaders.blockouts.types, visible=_staff_side)


async def _blockout_type(info: Info, type_id: UUID) -> BlockoutType:
    row = await info.context.loaders.blockouts.types.load(type_id)
    assert row is not None, "composite foreign keys keep types in their organization"
    return BlockoutType.from_row(row)


@strawberry.type(
    description=(
        "Time held back at a location: in one operatory, or in all of them when operatory is "
        "null. Blockouts of a no-schedule type keep appointments out."
    )
)
class Blockout(relay.Node):
    pk: relay.NodeID[UUID]
    start_at: datetime = strawberry.field(description="When it starts.")
    end_at: datetime = strawberry.field(description="When it ends (exclusive).")
    note: str | None = strawberry.field(description="Note shown on the calendar.")
    created_at: datetime = strawberry.field(description="When it was created.")
    version: int = strawberry.field(description=VERSION)
    recurrence_id: strawberry.ID | None = strawberry.field(
        description="Its recurrence group: the blockouts repeatBlockoutWeeks made from one "
        "source, the source included, share it (updateBlockout's scope reaches them); null "
        "when never repeated."
    )
    location_id: strawberry.Private[UUID]
    operatory_id: strawberry.Private[UUID | None]
    blockout_type_id: strawberry.Private[UUID]
    time_zone: strawberry.Private[str]

    @classmethod
    def from_row(cls, row: TypedBlockoutRow) -> Blockout:
        """Build from a blockouts row joined with its location's time zone."""
        return cls(
            pk=row.id,
            start_at=row.start_at,
            end_at=row.end_at,
            note=row.note,
            created_at=row.created_at,
            version=row.version,
            recurrence_id=strawberry.ID(str(row.recurrence_id)) if row.recurrence_id else None,
            location_id=row.location_id,
            operatory_id=row.operatory_id,
            blockout_type_id=row.blockout_type_id,
            time_zone=row.time_zone,
        )

    @strawberry.field(
        name="date", description="The local date on which it starts, in the location's zone."
    )
    def local_date(self) -> date:
        return self.start_at.astimezone(zone_named(self.time_zone)).date()

    @strawberry.field(description="Local start time in the location's zone.")
    def start_time(self) -> time:
        return self.start_at.astimezone(zone_named(self.time_zone)).time()

    @strawberry.field(description="Local end time in the location's zone.")
    def end_time(self) -> time:
        return self.end_at.astimezone(zone_named(self.time_zone)).time()

    @strawberry.field(description="Whether it holds back every operatory of the location.")
    def whole_location(self) -> bool:
        return self.operatory_id is None

    @strawberry.field(description="The location.")
    async def location(self, info: Info) -> Location:
        row = await info.context.loaders.locations.load(self.location_id)
        assert row is not None, "composite foreign keys keep blockouts in their organization"
        return Location.from_row(row)

    @strawberry.field(description="The operatory; null when the whole location is held back.")
    async def operatory(self, info: Info) -> Operatory | None:
        if self.operatory_id is None:
            return None
        row = await info.context.loaders.operatory_at(self.location_id, self.operatory_id)
        return Operatory.from_row(row) if row is not None else None

    @strawberry.field(description="The kind of blockout.")
    async def blockout_type(self, info: Info) -> BlockoutType:
        return await _blockout_type(info, self.blockout_type_id)

    # Blockouts of the caller's organization (not for patients).
    resolve_nodes = node_resolver(lambda c: c.loaders.blockouts.blockouts, visible=_staff_side)


@strawberry.type(description="One blockout of a template, in local times of the day applied to.")
class BlockoutTemplateItem(relay.Node):
    pk: relay.NodeID[UUID]
    start_time: time = strawberry.field(description="Local start time.")
    end_time: time = strawberry.field(description="Local end time.")
    note: str | None = strawberry.field(description="Note given to the blockout.")
    sort_order: int = strawberry.field(description="Position in the template.")
    operatory_id: strawberry.Private[UUID | None]
    blockout_type_id: strawberry.Private[UUID]

    @classmethod
    def from_row(cls, row: TemplateItemRow) -> BlockoutTemplateItem:
        """Build from a blockout_template_items row."""
        return cls(
            pk=row.id,
            start_time=row.start_time,
            end_time=row.end_time,
            note=row.note,
            sort_order=row.sort_order,
            operatory_id=row.operatory_id,
            blockout_type_id=row.blockout_type_id,
        )

    @strawberry.field(description="The operatory; null means every operatory of the location.")
    async def operatory(self, info: Info) -> Operatory | None:
        if self.operatory_id is None:
            return None
        row = await info.context.loaders.operatories.load(self.operatory_id)
        return Operatory.from_row(row) if row is not None else None

    @strawberry.field(description="The kind of blockout.")
    async def blockout_type(self, info: Info) -> BlockoutType:
        return await _blockout_type(info, self.blockout_type_id)

    # Template items of the caller's organization (not for patients).
    resolve_nodes = node_resolver(lambda c: c.loaders.blockouts.template_items, visible=_staff_side)


@strawberry.type(description="A named day of blockouts, applied to any location and date.")
class BlockoutTemplate(relay.Node):
    pk: relay.NodeID[UUID]
    name: str = strawberry.field(description="Display name, unique in the organization.")
    description: str | None = strawberry.field(description="What the template is for.")
    weekdays: list[DayOfWeek] = strawberry.field(
        description="Days of the week it is meant for, Monday first; empty: "
        "any day. Pick lists use them (blockoutTemplates' weekday); applying is not limited."
    )
    hidden: bool = strawberry.field(
        description="blockoutTemplates leaves it out unless includeHidden is set."
    )
    sort_order: int = strawberry.field(description="Position in pick lists.")
    active: bool = strawberry.field(
        description="Inactive templates are kept but cannot be applied; blockoutTemplates "
        "leaves them out unless includeInactive is set."
    )
    created_at: datetime = strawberry.field(description="When it was created.")
    version: int = strawberry.field(
        description=f"{VERSION} Adding, changing or removing an item bumps it too."
    )
    location_id: strawberry.Private[UUID | None]

    @classmethod
    def from_row(cls, row: BlockoutTemplateRow) -> BlockoutTemplate:
        """Build from a blockout_templates row."""
        return cls(
            pk=row.id,
            name=row.name,
            description=row.description,
            weekdays=[from_weekday(day) for day in row.weekdays],
            hidden=row.hidden,
            sort_order=row.sort_order,
            active=row.active,
            created_at=row.created_at,
            version=row.version,
            location_id=row.location_id,
        )

    @strawberry.field(
        description="The location it is for (it cannot be applied elsewhere); null: any location."
    )
    async def location(self, info: Info) -> Location | None:
        if self.location_id is None:
            return None
        row = await info.context.loaders.locations.load(self.location_id)
        return Location.from_row(row) if row is not None else None

    @strawberry.field(description="The template's blockouts in order.")
    async def items(self, info: Info) -> list[BlockoutTemplateItem]:
        rows = await info.context.loaders.blockouts.items_by_template.load(self.pk)
        return [BlockoutTemplateItem.from_row(row) for row in rows]

    # Blockout templates of the caller's organization (not for patients).
    resolve_nodes = node_resolver(lambda c: c.loaders.blockouts.templates, visible=_staff_side)
