"""Slot search: open times for a type at a location, under the rules booking enforces."""

from __future__ import annotations

import asyncio
import uuid
import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from db.queries.availability import busy_in_range
from db.queries.schedules import overrides_of_locations, templates_of_locations
from db.request_database import RequestDatabase
from db.rows.appointments import BusyRow
from db.rows.practice import AppointmentTypeRow
from db.schedule_loaders import date_override, weekly_template
from resolvers.access_rules import BOOKABLE_ONLINE
from resolvers.context import RequestContext
from resolvers.errors import BadInput, NotFound, Validation
from resolvers.setup.provider_locations import working_at
from scheduling.free_starts import BusyMicros
from scheduling.local_time import local_date_of, local_day, zone_named
from scheduling.policy import bookable_range
from scheduling.schedules import ScheduleIndex
from scheduling.slots import (
    OperatoryAvailability,
    ProviderAvailability,
    ProviderPeriod,
    Slot,
    SlotFinder,
    SlotRules,
    WorkingPeriod,
)

MAX_DAYS = 180
# The most slots one availableSlots call returns.
MAX_FIRST = 500
STEP = timedelta(minutes=15)


@dataclass(frozen=True, slots=True)
class SlotSearch:
    """Where, what, with whom and over which local days to look for open slots."""

    location_id: uuid.UUID
    appointment_type_id: uuid.UUID
    provider_ids: tuple[uuid.UUID, ...]  # empty: every provider scheduled at the location
    first_day: date
    last_day: date  # inclusive


@dataclass(frozen=True, slots=True)
class SlotResult:
    """Open slots found and the zone they are read in."""

    slots: list[Slot]
    time_zone: str


async def _type_for(ctx: RequestContext, type_id: uuid.UUID) -> AppointmentTypeRow:
    kind = await ctx.loaders.appointment_types.load(type_id)
    if kind is None or kind.archived:
        raise NotFound("No bookable appointment type with this ID", field="appointmentTypeId")
    BOOKABLE_ONLINE.check(ctx.viewer, kind.bookable_online)
    return kind


@dataclass(frozen=True, slots=True)
class _Window:
    """The instants a start may take: [earliest, latest)."""

    earliest: datetime
    latest: datetime


class _DayPeriods:
    """The searched providers' working periods, resolved a day at a time and kept."""

    __slots__ = ("_days", "_entries", "_schedule")

    def __init__(self, schedule: ScheduleIndex, provider_order: list[uuid.UUID]) -> None:
        self._schedule = schedule
        entries: dict[uuid.UUID, list[int]] = defaultdict(list)
        for index, provider_id in enumerate(provider_order):
            entries[provider_id].append(index)
        self._entries = dict(entries)  # provider -> places in the search's provider list
        self._days: dict[date, list[ProviderPeriod]] = {}

    def periods_on(self, day: date) -> list[ProviderPeriod]:
        """The day's working periods of the searched providers, each provider's by start."""
        periods = self._days.get(day)
        if periods is None:
            periods = self._days[day] = [
                (entry, WorkingPeriod(period.start_at, period.end_at, period.operatory_id))
                for period in self._schedule.periods_on(day)
                for entry in self._entries.get(period.provider_id, ())
            ]
        return periods


@dataclass(frozen=True, slots=True)
class _PreparedSearch:
    """A search's rows turned into rule objects once, for every field of the request asking it."""

    time_zone: str
    days: list[date]  # the local days that can hold a slot, in order
    periods: _DayPeriods
    finder: SlotFinder


# availableSlots and slotCount of one request usually ask the same search: they share its
# reads and resolved days. Keyed weakly by the request's database handle (the context itself
# is unhashable), so the entries go when the request does.
_searches: weakref.WeakKeyDictionary[
    RequestDatabase, dict[SlotSearch, asyncio.Task[_PreparedSearch | SlotResult | None]]
] = weakref.WeakKeyDictionary()
# The searches a request counts (slotCount): they need every day's periods.
_counted: weakref.WeakKeyDictionary[RequestDatabase, set[SlotSearch]] = weakref.WeakKeyDictionary()


async def find_slots(
    ctx: RequestContext, search: SlotSearch, *, limit: int | None
) -> SlotResult | None:
    """Open slots of the search, earliest first; None when the location is unknown.

    Statements per call are constant: location, type, templates, overrides, busy time
    (bookings and blocked time, merged) and operatories, whatever the range or the number of
    providers (and none when the request already ran the same search). Days are resolved
    and searched in order until `limit` slots are found: a day's slots all precede the next
    day's.
    """
    prepared = await _prepared(ctx, search)
    if not isinstance(prepared, _PreparedSearch):
        return prepared
    found: list[Slot] = []
    for day in prepared.days:
        if limit is not None and len(found) >= limit:
            break
        remaining = None if limit is None else limit - len(found)
        found.extend(prepared.finder.slots(prepared.periods.periods_on(day), remaining))
    return SlotResult(found, prepared.time_zone)


async def count_slots(ctx: RequestContext, search: SlotSearch) -> int | None:
    """How many open slots the search holds (counted, not built); None: unknown location."""
    _counted.setdefault(ctx.db, set()).add(search)
    prepared = await _prepared(ctx, search)
    if not isinstance(prepared, _PreparedSearch):
        return None if prepared is None else len(prepared.slots)
    periods = prepared.periods
    return sum(prepared.finder.count(periods.periods_on(day)) for day in prepared.days)


async def _prepared(ctx: RequestContext, search: SlotSearch) -> _PreparedSearch | SlotResult | None:
    """The prepared search, an empty result (nothing can be offered) or None (no location)."""
    days = (search.last_day - search.first_day).days + 1
    if not 1 <= days <= MAX_DAYS:
        raise BadInput(f"A search covers 1 to {MAX_DAYS} days", field="to")
    memo = _searches.setdefault(ctx.db, {})
    task = memo.get(search)
    if task is None:
        task = memo[search] = asyncio.ensure_future(_prepare(ctx, search))
    return await task


async def _prepare(ctx: RequestContext, search: SlotSearch) -> _PreparedSearch | SlotResult | None:
    location = await ctx.loaders.locations.load(search.location_id)
    if location is None:
        return None
    kind = await _type_for(ctx, search.appointment_type_id)
    offered_by = await _offered_by(ctx, kind.id, location.id, search.provider_ids)
    zone = zone_named(location.time_zone)
    window = _window(ctx, search, kind, zone)
    if window is None:
        return SlotResult([], location.time_zone)
    schedule, provider_order = await _schedule(ctx, search, location.id, zone, offered_by)
    rules = SlotRules(
        timedelta(minutes=kind.duration_minutes), STEP, window.earliest, window.latest
    )
    busy = asyncio.ensure_future(_busy(ctx, location.id, provider_order, window))
    # Days before the one `earliest` falls on end before it; days after `latest`'s start after.
    first_day = max(search.first_day, local_date_of(window.earliest, zone))
    last_day = min(search.last_day, local_date_of(window.latest, zone))
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    periods = _DayPeriods(schedule, provider_order)
    if search in _counted.get(ctx.db, ()):
        await _resolve_while(busy, periods, days)
    finder = await _finder(ctx, location.id, provider_order, rules, await busy)
    return _PreparedSearch(location.time_zone, days, periods, finder)


async def _resolve_while(
    reading: asyncio.Future[Any], periods: _DayPeriods, days: list[date]
) -> None:
    """Resolve days while PostgreSQL merges the busy time (the search's longest statement;
    a count needs every day): Python's work and the server's overlap instead of adding up.
    Stops as soon as the read is done; the rest of the days resolve when asked."""
    await asyncio.sleep(0)  # the read is sent before the first day is resolved
    for day in days:
        if reading.done():
            return
        periods.periods_on(day)
        await asyncio.sleep(0)  # lets the answer in


def _window(
    ctx: RequestContext, search: SlotSearch, kind: AppointmentTypeRow, zone: ZoneInfo
) -> _Window | None:
    """When starts may lie: the searched days, from now on; None when that is empty."""
    earliest = local_day(search.first_day, zone).starts_at
    latest = local_day(search.last_day, zone).ends_at
    if ctx.viewer.is_patient:
        # The lead time and booking window bind patients, as in bookAppointment.
        lead_from, window_to = bookable_range(
            ctx.now, kind.booking_lead_time_hours, kind.booking_window_days
        )
        earliest, latest = max(earliest, lead_from), min(latest, window_to)
    else:
        earliest = max(earliest, ctx.now)
    return _Window(earliest, latest) if earliest < latest else None


async def _offered_by(
    ctx: RequestContext,
    type_id: uuid.UUID,
    location_id: uuid.UUID,
    searched: tuple[uuid.UUID, ...],
) -> frozenset[uuid.UUID] | None:
    """The providers offering the type (None: every one); VALIDATION when the type is not
    offered at the location or by a provider the search names."""
    setup = ctx.loaders.setup
    locations = await setup.type_locations.load(type_id)
    if locations and location_id not in locations:
        raise Validation(
            "This appointment type is not offered at this location", field="locationId"
        )
    providers = frozenset(await setup.type_providers.load(type_id))
    if providers and not providers.issuperset(searched):
        raise Validation(
            "This appointment type is not offered by every provider searched", field="providerIds"
        )
    return providers or None


async def _schedule(
    ctx: RequestContext,
    search: SlotSearch,
    location_id: uuid.UUID,
    zone: ZoneInfo,
    offered_by: frozenset[uuid.UUID] | None,
) -> tuple[ScheduleIndex, list[uuid.UUID]]:
    """The searched providers' schedules at the location, and the providers in result order
    (without providers named, those scheduled there who offer the type)."""
    org = ctx.viewer.organization_id
    templates = await templates_of_locations(
        ctx.db,
        organization_id=org,
        location_ids=[location_id],
        first_day=search.first_day,
        last_day=search.last_day,
    )
    overrides = await overrides_of_locations(
        ctx.db,
        organization_id=org,
        location_ids=[location_id],
        first_day=search.first_day,
        last_day=search.last_day,
    )
    wanted = set(search.provider_ids) or {row.provider_id for row in templates}
    if offered_by is not None:
        wanted &= offered_by
    # Providers are offered only where they work (their locations; none listed: everywhere).
    wanted = await working_at(ctx, location_id, wanted, named=search.provider_ids)
    schedule = ScheduleIndex(
        [weekly_template(row) for row in templates if row.provider_id in wanted],
        [date_override(row) for row in overrides if row.provider_id in wanted],
        zone,
    )
    return schedule, list(search.provider_ids) or sorted(wanted, key=str)


async def _busy(
    ctx: RequestContext, location_id: uuid.UUID, provider_order: list[uuid.UUID], window: _Window
) -> Sequence[BusyRow]:
    return await busy_in_range(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=location_id,
        provider_ids=provider_order,
        start_at=window.earliest,
        end_at=window.latest,
    )


async def _finder(
    ctx: RequestContext,
    location_id: uuid.UUID,
    provider_order: list[uuid.UUID],
    rules: SlotRules,
    busy: Sequence[BusyRow],
) -> SlotFinder:
    """Busy time of the providers and the location's operatories over the window."""
    operatory_rows = await ctx.loaders.operatories_by_location.load(location_id)
    # The offered slots name these operatories: their fields answer without another read.
    for row in operatory_rows:
        ctx.loaders.operatories.prime(row.id, row)
    rooms = {row.resource_id: row for row in busy if not row.for_provider}
    people = {row.resource_id: BusyMicros(row.starts, row.ends) for row in busy if row.for_provider}
    everywhere = rooms.get(None)  # no-schedule blocked time without an operatory takes all
    operatories = [
        OperatoryAvailability(row.id, busy=_room_busy(rooms.get(row.id), everywhere))
        for row in operatory_rows
    ]
    providers = [
        ProviderAvailability(provider_id, periods=(), busy=people.get(provider_id, ()))
        for provider_id in provider_order
    ]
    return SlotFinder(providers, operatories, rules)


def _room_busy(own: BusyRow | None, everywhere: BusyRow | None) -> BusyMicros:
    """An operatory's busy time: its own and the location-wide (BlockedStarts merges them)."""
    rows = [row for row in (own, everywhere) if row is not None]
    return BusyMicros(
        [start for row in rows for start in row.starts], [end for row in rows for end in row.ends]
    )
