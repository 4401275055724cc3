"""Before writing a booking: clear lapsed holds in the way and check the conflict rules; after
PostgreSQL refused one (a concurrent writer won), say what it collides with."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncConnection

from db.queries.booking import SlotWindow, blocking_bookings, expire_lapsed_holds
from db.queries.schedules import overlap_rules_at_operatory
from db.rows.appointments import AppointmentRow
from resolvers.blockouts.guard import blocked_time_conflicts
from resolvers.context import RequestContext
from resolvers.errors import SlotConflict
from resolvers.lifecycle.schedule_guard import ScheduleReads, schedule_conflicts
from scheduling.conflicts import Booking, Conflict, ConflictReason, find_conflicts
from scheduling.overlap_rules import allowed_pairs, pair_rule


def asked_overlap(row: AppointmentRow) -> bool:
    """Whether an appointment overlaps on purpose (not merely because a rule allowed its slot)."""
    return bool(row.allow_overlap and not row.overlap_by_rule)


def slot_window(candidate: Booking) -> SlotWindow:
    """The candidate's operatory, providers and times."""
    return SlotWindow(
        operatory_id=candidate.operatory_id,
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


async def conflicts_under_rules(
    connection: AsyncConnection,
    *,
    organization_id: uuid.UUID,
    candidate: Booking,
    existing: Sequence[Booking],
) -> list[Conflict]:
    """The conflicts left once the appointment type overlap rules at the operatory are applied."""
    conflicts = find_conflicts(candidate, existing)
    if not conflicts or candidate.appointment_type_id is None:
        return conflicts
    rules = await overlap_rules_at_operatory(
        connection,
        organization_id=organization_id,
        operatory_id=candidate.operatory_id,
        appointment_type_id=candidate.appointment_type_id,
    )
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
    holds_cleared: bool = False,
) -> bool:
    """Raise SlotConflict if the candidate collides (unless overlap is allowed on purpose).

    This check gives callers the conflicting items; the exclusion constraints in PostgreSQL
    remain the guarantee when two transactions pass it at the same moment.

    Returns the allow_overlap to write: True when asked, or when every collision is with an
    appointment whose type pair an overlap rule allows (then also write overlap_by_rule, so a
    later move or status change checks the slot again). `schedules`: where the schedule rule
    reads (default: the transaction); `holds_cleared`: the caller expired the lapsed holds of a
    span around the candidate already (an import does once for all its rows). Trade-off: the
    exclusion constraints cannot express pair rules, so such an appointment neither blocks nor
    is blocked in PostgreSQL; this check still sees it (blocking_bookings includes it), but two
    concurrent bookings colliding with it are not kept apart by the database.
    """
    window = slot_window(candidate)
    if not holds_cleared:
        await expire_lapsed_holds(connection, organization_id=organization_id, window=window)
    if allow_overlap:
        return True
    existing = await blocking_bookings(connection, organization_id=organization_id, window=window)
    conflicts = await conflicts_under_rules(
        connection, organization_id=organization_id, candidate=candidate, existing=existing
    )
    conflicts += await schedule_conflicts(
        connection, organization_id=organization_id, candidate=candidate, reads=schedules
    )
    if check_blockouts:  # no-schedule blockouts (allowOverlap above overrides them too)
        conflicts += await blocked_time_conflicts(
            connection, organization_id=organization_id, candidate=candidate
        )
    if conflicts:
        raise SlotConflict(conflict_message(conflicts), conflicts=conflicts)
    # Collisions the rules allow only: write it as an overlap (see above).
    return bool(existing) and bool(find_conflicts(candidate, existing))


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
                connection, organization_id=organization_id, window=slot_window(candidate)
            )
            conflicts = await conflicts_under_rules(
                connection,
                organization_id=organization_id,
                candidate=candidate,
                existing=existing,
            )
        return SlotConflict(conflict_message(conflicts, concurrent=True), conflicts=conflicts)
