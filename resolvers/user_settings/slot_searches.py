"""The criteria of a saved free-time search (kind FREE_TIME): availableSlots' arguments, kept
as saved, checked as slot search checks them (every id the organization's, a range of at most
MAX_DAYS days, `first` within slot search's bounds)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from db.tables import appointment_types, locations, patients, providers
from resolvers.availability import MAX_DAYS, MAX_FIRST
from resolvers.context import RequestContext
from resolvers.errors import Validation
from resolvers.user_settings import owned

FREE_TIME = "FREE_TIME"


@dataclass(frozen=True, slots=True)
class SlotSearchCriteria:
    """availableSlots' arguments, ids decoded; dates and `first` may be left to the client."""

    location_id: uuid.UUID
    appointment_type_id: uuid.UUID
    provider_ids: list[uuid.UUID] = field(default_factory=list)
    for_patient_id: uuid.UUID | None = None
    first_day: date | None = None
    last_day: date | None = None
    first: int | None = None


def stored_slot_search(criteria: SlotSearchCriteria) -> dict[str, Any]:
    """The criteria as saved (ids and dates as text); VALIDATION under "slotSearch" for a
    reversed or too long range or an out-of-range `first`."""
    start, end = criteria.first_day, criteria.last_day
    if start is not None and end is not None:
        if end < start:
            raise Validation("slotSearch.to must not be before from", field=("slotSearch", "to"))
        if (end - start).days + 1 > MAX_DAYS:
            raise Validation(f"A search covers 1 to {MAX_DAYS} days", field=("slotSearch", "to"))
    if criteria.first is not None and not 1 <= criteria.first <= MAX_FIRST:
        raise Validation(f"first must be between 1 and {MAX_FIRST}", field=("slotSearch", "first"))
    providers_ = owned.distinct(criteria.provider_ids, field=("slotSearch", "providerIds"))
    patient = criteria.for_patient_id
    return {
        "locationId": str(criteria.location_id),
        "appointmentTypeId": str(criteria.appointment_type_id),
        "providerIds": [str(ident) for ident in providers_],
        "forPatientId": str(patient) if patient is not None else None,
        "from": start.isoformat() if start is not None else None,
        "to": end.isoformat() if end is not None else None,
        "first": criteria.first,
    }


async def check_slot_search(
    connection: AsyncConnection, ctx: RequestContext, stored: dict[str, Any]
) -> None:
    """NOT_FOUND at the criterion unless each id it names is the organization's."""
    patient = stored["forPatientId"]
    named = (
        ("locationId", locations, [stored["locationId"]], "location"),
        ("appointmentTypeId", appointment_types, [stored["appointmentTypeId"]], "appointment type"),
        ("providerIds", providers, stored["providerIds"], "provider"),
        ("forPatientId", patients, [patient] if patient else [], "patient"),
    )
    for key, table, texts, label in named:
        ids = [uuid.UUID(text) for text in texts]
        await owned.require_ids(connection, ctx, table, ids, field=("slotSearch", key), label=label)
