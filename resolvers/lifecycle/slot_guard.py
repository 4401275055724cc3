"""Before writing a booking: clear lapsed holds in the way and check the conflict rules; after
PostgreSQL refused one (a concurrent writer won), say what it collides with."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, TypedDict

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.blockouts import no_schedule_blockouts
from db.queries.busy import blocking_bookings, expire_lapsed_holds
from db.queries.schedules import overlap_rules_at_operatory
from db.rows.appointments import AppointmentRow
from resolvers.context import RequestContext
from resolvers.errors import SlotConflict
from resolvers.lifecycle.schedule_guard import ScheduleReads, schedule_conflicts
from scheduling.blockouts import BlockedTime, blockout_conflicts
from scheduling.conflicts import Booking, Conflict, ConflictReason, find_conflicts
from scheduling.overlap_rules import OverlapRule, allowed_pairs, pair_rule


def asked_overlap(row: AppointmentRow) -> bool:
    """Whether an appointment overlaps on purpose (not merely because a rule allowed its slot)."""
    return bool(row.allow_overlap and not row.overlap_by_rule)


class SlotWindow(TypedDict):
    """Where and when a booking stands, as the slot queries (blocking_bookings,
    expire_lapsed_holds) take it."""

    operatory_ids: list[uuid.UUID]  # the booking's one operatory
    provider_ids: list[uuid.UUID]
    start_at: datetime
    end_at: datetime


def slot_window(candidate: Booking) -> SlotWindow:
    """The candidate's operatory, providers and times."""
    return SlotWindow(
        operatory_ids=[candidate.operatory_id],
        provider_ids=sorted(candidate.provider_ids),
        start_at=candidate.start_at,
        end_at=candidate.end_at,
    )


def in_place(row: AppointmentRow, provider_ids: Sequence[uuid.UUID]) -> Booking:
    """The appointment at its own time and operatory, with these providers."""
    return Booking(
        row.id,
        row.operatory_id,
        frozenset(provider_ids),
        row.start_at,
        row.end_at,
        row.appointment_type_id,
    )


class BusyReads(Protocol):
    """Where the slot rules read what is in a candidate's way: the transaction, a statement
    each (DirectBusyReads), or what an import read for all its rows at once
    (resolvers/lifecycle/import_busy.py)."""

    async def clear_lapsed_holds(self, window: SlotWindow) -> None:
        """Expire the lapsed holds in the window's way."""
        ...

    async def bookings(self, window: SlotWindow) -> Sequence[Booking]:
        """The slot-holding appointments in the window's way (a superset will do:
        find_conflicts keeps those that collide)."""
        ...

    async def overlap_rules(
        self, operatory_id: uuid.UUID, appointment_type_id: uuid.UUID
    ) -> list[OverlapRule]:
        """The overlap rules of the type in effect at the operatory."""
        ...

    async def blockouts(self, candidate: Booking) -> Sequence[BlockedTime]:
        """No-schedule blockouts at the candidate's location over its time (a superset will
        do: blockout_conflicts keeps those in its way)."""
        ...


class DirectBusyReads:
    """BusyReads in the transaction, one statement each."""

    def __init__(self, connection: AsyncConnection, organization_id: uuid.UUID) -> None:
        self.connection = connection
        self.organization_id = organization_id

    async def clear_lapsed_holds(self, window: SlotWindow) -> None:
        await expire_lapsed_holds(self.connection, organization_id=self.organization_id, **window)

    async def bookings(self, window: SlotWindow) -> Sequence[Booking]:
        return await blocking_bookings(
            self.connection, organization_id=self.organization_id, **window
        )

    async def overlap_rules(
        self, operatory_id: uuid.UUID, appointment_type_id: uuid.UUID
    ) -> list[OverlapRule]:
        return await overlap_rules_at_operatory(
            self.connection,
            organization_id=self.organization_id,
            operatory_id=operatory_id,
            appointment_type_id=appointment_type_id,
        )

    async def blockouts(self, candidate: Booking) -> Sequence[BlockedTime]:
        return await no_schedule_blockouts(
            self.connection,
            organization_id=self.organization_id,
            operatory_id=candidate.operatory_id,
            start_at=candidate.start_at,
            end_at=candidate.end_at,
        )


async def conflicts_under_rules(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    existing: Sequence[Booking],
    busy: BusyReads | None = None,
) -> list[Conflict]:
    """The conflicts left once the appointment type overlap rules at the operatory are applied
    (`busy`: where the rules are read; default: the transaction)."""
    conflicts = find_conflicts(candidate, existing)
    if not conflicts or candidate.appointment_type_id is None:
        return conflicts
    reads = busy or DirectBusyReads(connection, organization_id)
    rules = await reads.overlap_rules(candidate.operatory_id, candidate.appointment_type_id)
    pairs = allowed_pairs(rules)
    return find_conflicts(candidate, existing, pair_rule(pairs)) if pairs else conflicts


async def guard_slot(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    allow_overlap: bool,
    check_blockouts: bool = True,
    schedules: ScheduleReads | None = None,
    busy: BusyReads | None = None,
) -> bool:
    """Raise SlotConflict if the candidate collides (unless overlap is allowed on purpose).

    This check gives callers the conflicting items; the exclusion constraints in PostgreSQL
    remain the guarantee when two transactions pass it at the same moment.

    Returns the allow_overlap to write: True when asked, or when every collision is with an
    appointment whose type pair an overlap rule allows (then also write overlap_by_rule, so a
    later move or status change checks the slot again). `schedules` and `busy`: where the
    schedule rule and the rest read (default: the transaction; an import reads for all its
    rows at once). Trade-off: the exclusion constraints cannot express pair rules, so such an
    appointment neither blocks nor is blocked in PostgreSQL; this check still sees it
    (blocking_bookings includes it), but two concurrent bookings colliding with it are not
    kept apart by the database.
    """
    reads = busy or DirectBusyReads(connection, organization_id)
    window = slot_window(candidate)
    await reads.clear_lapsed_holds(window)
    if allow_overlap:
        return True
    existing = await reads.bookings(window)
    conflicts = await conflicts_under_rules(
        connection,
        organization_id=organization_id,
        candidate=candidate,
        existing=existing,
        busy=reads,
    )
    conflicts += await schedule_conflicts(
        connection, organization_id=organization_id, candidate=candidate, reads=schedules
    )
    if check_blockouts:  # no-schedule blockouts (allowOverlap above overrides them too)
        conflicts += blockout_conflicts(candidate, await reads.blockouts(candidate))
    if conflicts:
        raise SlotConflict(conflict_message(conflicts), conflicts=conflicts)
    # Collisions the rules allow only: write it as an overlap (see above).
    return bool(find_conflicts(candidate, existing))


# What each kind of conflict means, in the words of a SLOT_CONFLICT's message.
_WHY = {
    ConflictReason.APPOINTMENT_OVERLAP: "another appointment is in the operatory at this time",
    ConflictReason.PROVIDER_OVERLAP: "a provider is in another appointment at this time",
    ConflictReason.BLOCKED_TIME_CONFLICT: "a blockout closes this time to bookings",
    ConflictReason.OUTSIDE_SCHEDULE: (
        "the provider's schedule does not cover this time at this location"
    ),
}


def conflict_message(conflicts: Sequence[Conflict], *, concurrent: bool = False) -> str:
    """What a SLOT_CONFLICT says happened: each kind of conflict found, once, in the order of
    ConflictReason (`concurrent`: another transaction wrote it first)."""
    found = {conflict.reason for conflict in conflicts}
    why = "; ".join(_WHY[reason] for reason in ConflictReason if reason in found)
    if concurrent:
        lead = "A concurrent booking took the slot"
        return f"{lead}: {why}" if why else lead
    return why[:1].upper() + why[1:]


class CandidateSlot:
    """The booking a mutation's work is about to write, remembered so that when PostgreSQL's
    exclusion constraints refuse it (a concurrent booking won) the runner's hook can report
    the conflicts, read after the rollback."""

    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.candidate: Booking | None = None

    def remember(self, candidate: Booking) -> None:
        """The booking the work writes next."""
        self.candidate = candidate

    async def guard(
        self,
        connection: AsyncConnection,
        candidate: Booking,
        *,
        allow_overlap: bool,
        check_blockouts: bool = True,
    ) -> bool:
        """Remember the candidate and guard_slot it (in the viewer's organization)."""
        self.remember(candidate)
        return await guard_slot(
            connection,
            organization_id=self.ctx.viewer.organization_id,
            candidate=candidate,
            allow_overlap=allow_overlap,
            check_blockouts=check_blockouts,
        )

    async def conflict(self) -> SlotConflict | None:
        """The SLOT_CONFLICT that explains the refusal (None if nothing was being booked)."""
        candidate = self.candidate
        if candidate is None:
            return None
        organization_id = self.ctx.viewer.organization_id
        async with self.ctx.db.transaction() as connection:
            existing = await blocking_bookings(
                connection, organization_id=organization_id, **slot_window(candidate)
            )
            conflicts = await conflicts_under_rules(
                connection,
                organization_id=organization_id,
                candidate=candidate,
                existing=existing,
            )
        return SlotConflict(conflict_message(conflicts, concurrent=True), conflicts=conflicts)
