"""What stands in the way of an import's rows, read for all of them at once: the slot rules
(slot_guard.guard_slot, the same as bookAppointment's) then read from here, not a statement
per row. Rows the import accepted are added, so a later row sees the earlier ones."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import TypedDict

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.blockouts import no_schedule_blockouts_at
from db.queries.busy import blocking_bookings, expire_lapsed_holds
from resolvers.lifecycle.booking_reads import BookingReads, Wanted
from resolvers.lifecycle.booking_write import PlannedBooking
from resolvers.lifecycle.slot_guard import DirectBusyReads, SlotWindow
from scheduling.blockouts import BlockedTime
from scheduling.conflicts import Booking
from scheduling.overlap_rules import OverlapRule


class _Span(TypedDict):
    """Where and when the rows of an import stand, as the statements reading for all take it."""

    organization_id: uuid.UUID
    operatory_ids: list[uuid.UUID]
    start_at: datetime
    end_at: datetime


# A bucket of bookings: ("operatory" or "provider", its id, a UTC day the booking touches).
_Key = tuple[str, uuid.UUID, date]


def _days(start_at: datetime, end_at: datetime) -> Iterator[date]:
    """The UTC days [start_at, end_at) touches."""
    day = start_at.astimezone(UTC).date()
    last = (end_at - timedelta(microseconds=1)).astimezone(UTC).date()
    while day <= last:
        yield day
        day += timedelta(days=1)


class ImportBusy:
    """BusyReads (slot_guard) of an import: lapsed holds cleared, slot-holding appointments
    and no-schedule blockouts read once over the span of the rows' days; a window outside
    that span is read from the transaction as bookAppointment does. A hold that lapses after
    the read still stands in the way (its rows: CONFLICT); what another transaction commits
    after it, PostgreSQL's exclusion constraints refuse when the rows are written."""

    def __init__(self, connection: AsyncConnection, reads: BookingReads, wanted: Wanted) -> None:
        self.direct = DirectBusyReads(connection, reads.organization_id)
        self.reads = reads
        self.wanted = wanted
        # A day either side already, and a day more for the zones' offsets.
        self.start_at = datetime.combine(wanted.first_day, time.min, UTC)
        self.end_at = datetime.combine(wanted.last_day + timedelta(days=1), time.min, UTC)
        self._bookings: dict[_Key, list[Booking]] = defaultdict(list)
        self._blockouts: dict[uuid.UUID, list[BlockedTime]] = {}
        self._rules: dict[tuple[uuid.UUID, uuid.UUID], list[OverlapRule]] = {}

    async def preload(self) -> None:
        """Clear the lapsed holds in the way of any row, then read what is left in their way."""
        span = _Span(
            organization_id=self.reads.organization_id,
            operatory_ids=sorted(self.wanted.operatories),
            start_at=self.start_at,
            end_at=self.end_at,
        )
        providers = sorted(self.wanted.providers)
        connection = self.direct.connection
        await expire_lapsed_holds(connection, provider_ids=providers, **span)
        for booking in await blocking_bookings(connection, provider_ids=providers, **span):
            self._add(booking)
        self._blockouts = await no_schedule_blockouts_at(connection, **span)

    def accepted(self, planned: PlannedBooking) -> None:
        """A row the import will write: in the way of the rows after it if it takes its slot."""
        if planned.holds_slot:
            self._add(replace(planned.candidate, appointment_id=planned.id))

    def _add(self, booking: Booking) -> None:
        for day in _days(booking.start_at, booking.end_at):
            self._bookings[("operatory", booking.operatory_id, day)].append(booking)
            for provider_id in booking.provider_ids:
                self._bookings[("provider", provider_id, day)].append(booking)

    def _within(self, start_at: datetime, end_at: datetime) -> bool:
        return self.start_at <= start_at and end_at <= self.end_at

    async def clear_lapsed_holds(self, window: SlotWindow) -> None:
        if not self._within(window["start_at"], window["end_at"]):
            await self.direct.clear_lapsed_holds(window)

    async def bookings(self, window: SlotWindow) -> Sequence[Booking]:
        found: dict[uuid.UUID | None, Booking] = {}
        if not self._within(window["start_at"], window["end_at"]):
            found |= {b.appointment_id: b for b in await self.direct.bookings(window)}
        keys = [("operatory", operatory_id) for operatory_id in window["operatory_ids"]]
        keys += [("provider", provider_id) for provider_id in window["provider_ids"]]
        for day in _days(window["start_at"], window["end_at"]):
            for kind, ident in keys:
                found |= {b.appointment_id: b for b in self._bookings.get((kind, ident, day), [])}
        return list(found.values())

    async def overlap_rules(
        self, operatory_id: uuid.UUID, appointment_type_id: uuid.UUID
    ) -> list[OverlapRule]:
        key = (operatory_id, appointment_type_id)
        if key not in self._rules:
            self._rules[key] = await self.direct.overlap_rules(operatory_id, appointment_type_id)
        return self._rules[key]

    async def blockouts(self, candidate: Booking) -> Sequence[BlockedTime]:
        if not self._within(candidate.start_at, candidate.end_at):
            return await self.direct.blockouts(candidate)
        site = await self.reads.site_of(candidate.operatory_id)
        return self._blockouts.get(site.id, [])
