"""Root query fields of blockouts: their types, templates, and a location's blockouts by date."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID

from resolvers.access import BLOCKOUT_READERS
from resolvers.blockouts import reads
from resolvers.ids import decode_id
from schema.info import Info
from schema.types.blockouts import Blockout, BlockoutTemplate, BlockoutType
from schema.types.connection import AfterArg, CountedConnection, FirstArg
from schema.types.day_of_week import DayOfWeek, to_weekday

HiddenArg = Annotated[bool, strawberry.argument(description="Also list blockouts of hidden types.")]


async def resolve_blockout_types(
    info: Info,
    include_hidden: Annotated[
        bool, strawberry.argument(description="Also list hidden types.")
    ] = False,
    include_inactive: Annotated[
        bool, strawberry.argument(description="Also list inactive types.")
    ] = False,
) -> list[BlockoutType]:
    """The organization's blockout types."""
    rows = await reads.blockout_types(
        info.context, include_hidden=include_hidden, include_inactive=include_inactive
    )
    return [BlockoutType.from_row(row) for row in rows]


async def resolve_blockout_templates(
    info: Info,
    location_id: Annotated[
        GlobalID | None,
        strawberry.argument(
            description="Only this location's templates and those for any location; none for "
            "an unknown location."
        ),
    ] = None,
    weekday: Annotated[
        DayOfWeek | None,
        strawberry.argument(
            description="Only templates meant for this day of the week or for any day."
        ),
    ] = None,
    include_hidden: Annotated[
        bool, strawberry.argument(description="Also list hidden templates.")
    ] = False,
    include_inactive: Annotated[
        bool, strawberry.argument(description="Also list inactive templates.")
    ] = False,
) -> list[BlockoutTemplate]:
    """The organization's blockout templates the arguments keep."""
    where = reads.TemplateFilter(
        location_id=decode_id(location_id, "Location", field="locationId") if location_id else None,
        weekday=to_weekday(weekday) if weekday is not None else None,
        include_hidden=include_hidden,
        include_inactive=include_inactive,
    )
    rows = await reads.blockout_templates(info.context, where)
    return [BlockoutTemplate.from_row(row) for row in rows]


@strawberry.type(description="A page of a location's blockouts in time order (start, end, id).")
class BlockoutConnection(CountedConnection[Blockout]):
    pass


async def resolve_blockouts(
    info: Info,
    location_id: Annotated[GlobalID, strawberry.argument(description="The location.")],
    from_: Annotated[
        date, strawberry.argument(name="from", description="First local date, inclusive.")
    ],
    to: Annotated[date, strawberry.argument(description="Last local date, inclusive.")],
    include_hidden: HiddenArg = False,
    first: FirstArg = 100,
    after: AfterArg = None,
) -> BlockoutConnection:
    """A page of a location's blockouts overlapping the local days from..to."""
    ctx = info.context
    where = reads.BlockoutRange(
        location_id=decode_id(location_id, "Location", field="locationId"),
        first=from_,
        last=to,
        include_hidden=include_hidden,
    )
    page = await reads.blockout_page(ctx, where, first=first, after=after)
    return BlockoutConnection.from_page(
        page, Blockout.from_row, count=lambda: reads.blockout_count(ctx, where)
    )


blockout_types_field = strawberry.field(
    metadata=BLOCKOUT_READERS,
    resolver=resolve_blockout_types,
    description="The organization's blockout types in display order.",
)
blockout_templates_field = strawberry.field(
    metadata=BLOCKOUT_READERS,
    resolver=resolve_blockout_templates,
    description=(
        "The organization's active, shown blockout templates by sortOrder then name; the "
        "arguments narrow them to a location or weekday or add hidden and inactive ones."
    ),
)
blockouts_field = strawberry.field(
    metadata=BLOCKOUT_READERS,
    resolver=resolve_blockouts,
    description=(
        "A location's blockouts overlapping the local days from..to (at most 366 days), in "
        "time order, `first` at a time after the cursor `after`; empty for an unknown "
        "location."
    ),
)
