"""Quick fill: the waitlist entries that could take an opening, best first."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from db.queries import waitlist as queries
from db.rows.waitlist import QuickFillEntryRow
from resolvers.context import RequestContext
from resolvers.errors import NotFound, Validation
from resolvers.slot_preferences import slot_preferences
from resolvers.viewer import Role, acting_role
from resolvers.wall_clock import LocalSlot, resolve_slot
from scheduling.local_time import zone_named
from scheduling.quick_fill import Candidate, Match, Opening, rank
from scheduling.slot_preferences import SlotPreferences

MAX_MATCHES = 100
OPENING_MATCHES = 5


@dataclass(frozen=True, slots=True)
class RankedEntry:
    """A match and the entry row it was ranked from."""

    match: Match
    row: QuickFillEntryRow


@dataclass(frozen=True, slots=True)
class FreedSlot:
    """The time an appointment gave up: where, when, with whom, for what."""

    location_id: uuid.UUID
    start_at: datetime
    end_at: datetime
    time_zone: str
    provider_id: uuid.UUID | None
    appointment_type_id: uuid.UUID | None


def candidate_of(row: QuickFillEntryRow, saved: SlotPreferences | None = None) -> Candidate:
    """The ranking's view of a waitlist_entries row (and the patient's saved preferences)."""
    return Candidate(
        id=row.id,
        status=row.status,
        urgency=row.urgency,
        priority=row.priority,
        created_at=row.created_at,
        home_location_id=row.home_location_id,
        location_scope=row.location_scope,
        additional_location_ids=tuple(row.additional_location_ids),
        provider_id=row.provider_id,
        appointment_type_id=row.appointment_type_id,
        estimated_duration_minutes=row.estimated_duration_minutes,
        date_from=row.date_from,
        date_to=row.date_to,
        preferred_days=tuple(row.preferred_days),
        preferred_start_time=row.preferred_start_time,
        preferred_end_time=row.preferred_end_time,
        created_on=row.local_created_on,
        linked_visit_start_at=row.linked_visit_start_at,
        saved=saved,
    )


async def _ranked(ctx: RequestContext, opening: Opening, limit: int) -> list[RankedEntry]:
    rows = await queries.active_entries_at(
        ctx.db,
        organization_id=ctx.viewer.organization_id,
        location_id=opening.location_id,
        cross_location=opening.cross_location,
        now=ctx.now,
    )
    by_id = {row.id: row for row in rows}
    # The patients' saved preferences fill in what their entries leave open (one statement).
    saved = await ctx.loaders.patient_preferences.load_many([row.patient_id for row in rows])
    candidates = (
        candidate_of(row, slot_preferences(prefs) if prefs is not None else None)
        for row, prefs in zip(rows, saved, strict=True)
    )
    today = ctx.now.astimezone(opening.zone).date()
    matches = rank(candidates, opening, today=today, limit=limit)
    return [RankedEntry(match=m, row=by_id[m.candidate.id]) for m in matches]


async def quick_fill(
    ctx: RequestContext,
    *,
    location_id: uuid.UUID,
    slot: LocalSlot,
    provider_id: uuid.UUID | None,
    appointment_type_id: uuid.UUID | None,
    cross_location: bool,
    first: int,
) -> Sequence[RankedEntry]:
    """The best `first` entries for a local slot at a location (staff and integrations)."""
    if not 1 <= first <= MAX_MATCHES:
        raise Validation(f"first must be 1 to {MAX_MATCHES}", field="first")
    location = await ctx.loaders.locations.load(location_id)
    if location is None:
        raise NotFound("Unknown location", field="locationId")
    zone = zone_named(location.time_zone)
    # The opening's times are fields of the argument itself.
    start_at, end_at = resolve_slot(slot, zone, default_length=timedelta(hours=1), at=())
    opening = Opening(
        location_id=location_id,
        day=slot.day,
        start_at=start_at,
        end_at=end_at,
        zone=zone,
        provider_id=provider_id,
        appointment_type_id=appointment_type_id,
        cross_location=cross_location,
    )
    return await _ranked(ctx, opening, first)


async def freed_slot_matches(ctx: RequestContext, freed: FreedSlot | None) -> Sequence[RankedEntry]:
    """The top entries for a slot an appointment just gave up (home-location entries only).

    Empty without a freed slot (the mutation failed) or for patients (the waitlist is staff's).
    """
    if freed is None or acting_role(ctx.viewer.role) not in (Role.STAFF, Role.INTEGRATION):
        return []
    zone = zone_named(freed.time_zone)
    opening = Opening(
        location_id=freed.location_id,
        day=freed.start_at.astimezone(zone).date(),
        start_at=freed.start_at,
        end_at=freed.end_at,
        zone=zone,
        provider_id=freed.provider_id,
        appointment_type_id=freed.appointment_type_id,
    )
    return await _ranked(ctx, opening, OPENING_MATCHES)
