"""availableSlots(forPatientId:): the search's slots ordered by the patient's scheduling
preferences (scheduling/slot_preferences.py), meeting more of them first."""

from __future__ import annotations

import uuid

from db.queries import user_settings as queries
from db.rows.user_settings import PreferenceRow
from resolvers.availability import SlotResult, SlotSearch, find_slots
from resolvers.context import RequestContext
from resolvers.errors import NotFound
from scheduling.local_time import zone_named
from scheduling.slot_preferences import SlotPreferences, preferred_first


def slot_preferences(row: PreferenceRow) -> SlotPreferences:
    """The rule object of a preferences row."""
    return SlotPreferences(
        days_of_week=frozenset(row.days_of_week),
        windows=tuple(zip(row.window_starts, row.window_ends, strict=True)),
        provider_ids=frozenset(row.provider_ids),
        location_ids=frozenset(row.location_ids),
    )


async def find_slots_for_patient(
    ctx: RequestContext, search: SlotSearch, patient_id: uuid.UUID, *, limit: int
) -> SlotResult | None:
    """The first `limit` open slots of the search, those meeting more of the patient's
    preferences first (earliest first among equals); None when the location is unknown.
    NOT_FOUND for a patient the caller may not see. Two statements more than the plain
    search (the patient and the preferences); with preferences every slot of the range is
    found before the best are taken."""
    patient = await ctx.loaders.patients.load(patient_id)
    if patient is None or not ctx.viewer.may_see_patient(patient_id):
        raise NotFound("No patient with this ID", field="forPatientId")
    row = await queries.patient_preferences(
        ctx.db, organization_id=ctx.viewer.organization_id, patient_id=patient_id
    )
    if row is None:
        return await find_slots(ctx, search, limit=limit)
    result = await find_slots(ctx, search, limit=None)
    if result is None:
        return None
    ordered = preferred_first(
        result.slots, slot_preferences(row), zone_named(result.time_zone), search.location_id
    )
    return SlotResult(ordered[:limit], result.time_zone)
