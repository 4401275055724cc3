"""The three subscriptions: a location's calendar range, a location's waitlist, a patient's
own appointments. Each checks its input before anything streams (a refusal is the
operation's error; the connection and its other subscriptions go on), then streams."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date, datetime

from db.queries import changes as queries
from db.rows.changes import HoldRow
from resolvers.errors import BadInput, Forbidden, NotFound
from resolvers.live import rows as live_rows
from resolvers.live.context import LiveContext
from resolvers.live.stream import ItemLoader, LiveEvent, events, hub_of, start
from scheduling.appointment_status import ON_CALENDAR, AppointmentStatus
from scheduling.live_changes import CalendarView, Change, PatientView, View, WaitlistView
from scheduling.local_time import local_days, zone_named

# The longest calendar range one subscription may watch (a month view).
MAX_DAYS = 31

# Reads a view's holds, live or lapsed after the instant given.
HoldReader = Callable[[datetime], Awaitable[Sequence[HoldRow]]]


async def calendar_changes(
    ctx: LiveContext,
    *,
    location_id: uuid.UUID,
    first_day: date,
    last_day: date,
    statuses: Sequence[AppointmentStatus] | None,
    after: int | None,
) -> AsyncIterator[LiveEvent]:
    """Changes of a location's calendar from `first_day` to `last_day` (local days)."""
    await ctx.begin_event()  # the start's reads wait in the admission as an operation's do
    if last_day < first_day:
        raise BadInput("to must not be before from", field="to")
    if (last_day - first_day).days + 1 > MAX_DAYS:
        raise BadInput(f"A subscription watches at most {MAX_DAYS} days", field="to")
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        raise NotFound("No location with this id", field="locationId")
    days = local_days(first_day, (last_day - first_day).days + 1, zone_named(location.time_zone))
    view = CalendarView(
        location_id=location_id,
        starts_at=days[0].starts_at,
        ends_at=days[-1].ends_at,
        first_day=first_day,
        last_day=last_day,
        statuses=frozenset(statuses or ON_CALENDAR),
    )

    def holds(expiring_after: datetime) -> Awaitable[Sequence[HoldRow]]:
        return queries.holds_starting_between(
            ctx.db,
            organization_id=ctx.viewer.organization_id,
            location_id=location_id,
            starts_from=view.starts_at,
            starts_before=view.ends_at,
            expiring_after=expiring_after,
        )

    return await _stream(ctx, view, after, live_rows.calendar_item, holds)


async def my_appointment_changes(
    ctx: LiveContext, *, after: int | None
) -> AsyncIterator[LiveEvent]:
    """Changes of the calling patient's own appointments."""
    patient_id = ctx.viewer.patient_id
    if patient_id is None:  # unreachable: the field admits patients only, whose tokens name one
        raise Forbidden("Only a patient's token has its own appointments")
    await ctx.begin_event()

    def holds(expiring_after: datetime) -> Awaitable[Sequence[HoldRow]]:
        return queries.holds_of_patient(
            ctx.db,
            organization_id=ctx.viewer.organization_id,
            patient_id=patient_id,
            expiring_after=expiring_after,
        )

    return await _stream(ctx, PatientView(patient_id), after, live_rows.appointment_item, holds)


async def waitlist_changes(
    ctx: LiveContext, *, location_id: uuid.UUID, other_locations: bool, after: int | None
) -> AsyncIterator[LiveEvent]:
    """Changes of the waitlist entries whose home is a location (and, with `other_locations`,
    of those of other homes that accept it)."""
    await ctx.begin_event()
    if await ctx.loaders.locations.load(location_id) is None:
        raise NotFound("No location with this id", field="locationId")
    view = WaitlistView(location_id, other_locations)
    return await _stream(ctx, view, after, live_rows.entry_item, None)


async def _stream(
    ctx: LiveContext, view: View, after: int | None, load: ItemLoader, holds: HoldReader | None
) -> AsyncIterator[LiveEvent]:
    subscriber, replay = await start(ctx, view, after)
    try:
        if holds is not None:
            replay = await _with_holds(ctx, replay, holds, after)
    except BaseException:
        hub_of(ctx).unsubscribe(subscriber)
        raise
    return events(ctx, subscriber, replay, load, start_cursor=subscriber.position)


async def _with_holds(
    ctx: LiveContext, replay: list[Change | None], holds: HoldReader, after: int | None
) -> list[Change | None]:
    """Time the view's live holds; for a client resuming after a cursor, also announce the
    holds that lapsed since its change (no change did: the clock did)."""
    hub = hub_of(ctx)
    now = ctx.now
    since = None
    if after is not None and replay != [None]:
        since = await queries.change_time(
            ctx.db, organization_id=ctx.viewer.organization_id, change_id=after
        )
    replayed = {change.entity_id for change in replay if change is not None}
    lapsed: list[Change | None] = []
    for row in await holds(min(since or now, now)):
        if row.hold_expires_at is None:
            continue  # not a hold any more (the statement asks for holds; a check says so)
        hold = live_rows.hold_change(row)
        if row.hold_expires_at > now:
            hub.holds.add(hold)
        elif since is not None and row.id not in replayed:
            lapsed.append(hold.lapse())
    return [*replay, *lapsed]
