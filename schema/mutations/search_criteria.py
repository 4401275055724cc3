"""A saved search's criteria as its mutations take them: an appointments `filter` or a
free-time `slotSearch` (availableSlots' arguments), exactly one of them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import strawberry
from strawberry.relay import GlobalID

from resolvers.errors import BadInput, Validation
from resolvers.ids import decode_ids
from resolvers.user_settings.saved_searches import Criteria
from resolvers.user_settings.slot_searches import SlotSearchCriteria
from schema.inputs import AppointmentFilter
from schema.mutations.settings_common import appointment_search


@strawberry.input(description="A free-time search to keep: availableSlots' arguments.")
class SlotSearchInput:
    location_id: GlobalID = strawberry.field(description="The location.")
    appointment_type_id: GlobalID = strawberry.field(description="The appointment type.")
    provider_ids: list[GlobalID] = strawberry.field(
        default_factory=list, description="Only these providers (empty: all)."
    )
    for_patient_id: GlobalID | None = strawberry.field(
        default=None, description="Order by this patient's preferences."
    )
    from_: date | None = strawberry.field(
        default=None, name="from", description="First local date (omitted: the client's)."
    )
    to: date | None = strawberry.field(
        default=None, description="Last local date (at most 180 days on)."
    )
    first: int | None = strawberry.field(default=None, description="At most this many, 1-500.")


def _id(value: GlobalID, type_name: str, key: str) -> UUID:
    return _ids([value], type_name, key)[0]


def _ids(values: list[GlobalID], type_name: str, key: str) -> list[UUID]:
    """The UUIDs of IDs under slotSearch; VALIDATION at ("slotSearch", key) if malformed."""
    try:
        return decode_ids(values, type_name, field=key)
    except BadInput as error:
        raise BadInput(error.message, field=("slotSearch", key)) from error


def slot_criteria(spec: SlotSearchInput) -> SlotSearchCriteria:
    """The slot search as a saved search keeps it (ids decoded)."""
    patient = spec.for_patient_id
    return SlotSearchCriteria(
        location_id=_id(spec.location_id, "Location", "locationId"),
        appointment_type_id=_id(spec.appointment_type_id, "AppointmentType", "appointmentTypeId"),
        provider_ids=_ids(spec.provider_ids, "Provider", "providerIds"),
        for_patient_id=_id(patient, "Patient", "forPatientId") if patient is not None else None,
        first_day=spec.from_,
        last_day=spec.to,
        first=spec.first,
    )


def search_criteria(
    filter: AppointmentFilter | None, slot_search: SlotSearchInput | None
) -> Criteria | None:
    """The one kind of criteria given, None for none; VALIDATION for both."""
    if filter is not None and slot_search is not None:
        raise Validation("Give either filter or slotSearch, not both", field="slotSearch")
    if filter is not None:
        return appointment_search(filter)
    return slot_criteria(slot_search) if slot_search is not None else None


def required_criteria(
    filter: AppointmentFilter | None, slot_search: SlotSearchInput | None
) -> Criteria:
    """The one kind of criteria given; VALIDATION for both or none."""
    criteria = search_criteria(filter, slot_search)
    if criteria is None:
        raise Validation("Give the search's filter or slotSearch", field="filter")
    return criteria
