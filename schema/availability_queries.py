"""Root query fields of slot search, assigned to Query one line each."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Iterable
from datetime import date, time, timedelta
from typing import Annotated

import strawberry
from strawberry.relay import GlobalID
from strawberry.types.nodes import SelectedField, Selection

from resolvers.access import SLOT_READERS
from resolvers.availability import (
    MAX_DAYS,
    MAX_FIRST,
    SlotResult,
    SlotSearch,
    count_slots,
    find_slots,
)
from resolvers.ids import decode_id, decode_ids
from resolvers.slot_preferences import find_slots_for_patient
from schema.info import Info
from schema.types.available_slot import AvailableSlot

LocationArg = Annotated[GlobalID, strawberry.argument(description="The location.")]
TypeArg = Annotated[GlobalID, strawberry.argument(description="The appointment type (its length).")]
ProvidersArg = Annotated[
    list[GlobalID] | None,
    strawberry.argument(description="Only these providers (default: all scheduled there)."),
]


def _search(
    location_id: GlobalID,
    appointment_type_id: GlobalID,
    provider_ids: list[GlobalID] | None,
    first_day: date,
    last_day: date,
) -> SlotSearch:
    return SlotSearch(
        location_id=decode_id(location_id, "Location", field="locationId"),
        appointment_type_id=decode_id(
            appointment_type_id, "AppointmentType", field="appointmentTypeId"
        ),
        provider_ids=tuple(decode_ids(provider_ids, "Provider", field="providerIds")),
        first_day=first_day,
        last_day=last_day,
    )


def _selected(selections: Iterable[Selection]) -> set[str]:
    """Names of the fields selected here, through fragments."""
    names: set[str] = set()
    for selection in selections:
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        else:  # a fragment spread or inline fragment
            names |= _selected(selection.selections)
    return names


async def _slots_of(info: Info, result: SlotResult) -> list[AvailableSlot]:
    """The result's slots, their providers and operatories loaded ahead if the query asks.

    One batch each, the statements the fields would send anyway (slot search primed the
    operatories): the fields then answer without a coroutine per slot.
    """
    asked = {name for field in info.selected_fields for name in _selected(field.selections)}
    loaders = info.context.loaders
    batches: list[Awaitable[object]] = []
    if "provider" in asked:
        batches.append(
            loaders.providers.load_many(dict.fromkeys(s.provider_id for s in result.slots))
        )
    if "operatory" in asked:
        batches.append(
            loaders.operatories.load_many(dict.fromkeys(s.operatory_id for s in result.slots))
        )
    await asyncio.gather(*batches)
    return [AvailableSlot.from_slot(slot, result.time_zone) for slot in result.slots]


async def resolve_available_slots(
    info: Info,
    location_id: LocationArg,
    appointment_type_id: TypeArg,
    from_: Annotated[date, strawberry.argument(name="from", description="First local date.")],
    to: Annotated[
        date, strawberry.argument(description=f"Last local date (at most {MAX_DAYS} days).")
    ],
    provider_ids: ProvidersArg = None,
    first: Annotated[
        int, strawberry.argument(description=f"At most this many, 1-{MAX_FIRST}.")
    ] = 100,
    for_patient_id: Annotated[
        GlobalID | None,
        strawberry.argument(
            description=(
                "Order by this patient's schedulingPreferences: slots meeting more of them "
                "first, earliest first among equals (a patient caller: only themselves)."
            )
        ),
    ] = None,
) -> list[AvailableSlot] | None:
    """Open slots, earliest first (or by a patient's preferences); null if the location is
    unknown."""
    from resolvers.errors import BadInput

    if not 1 <= first <= MAX_FIRST:
        raise BadInput(f"first must be between 1 and {MAX_FIRST}", field="first")
    search = _search(location_id, appointment_type_id, provider_ids, from_, to)
    if for_patient_id is None:
        result = await find_slots(info.context, search, limit=first)
    else:
        patient_id = decode_id(for_patient_id, "Patient", field="forPatientId")
        result = await find_slots_for_patient(info.context, search, patient_id, limit=first)
    if result is None:
        return None
    return await _slots_of(info, result)


# nextAvailableSlot looks this many days ahead before it reads the rest of its horizon.
NEAR_DAYS = 14


async def resolve_next_available_slot(
    info: Info,
    location_id: LocationArg,
    appointment_type_id: TypeArg,
    provider_ids: ProvidersArg = None,
    after: Annotated[
        date | None, strawberry.argument(description="Look from this local date (default: today).")
    ] = None,
) -> AvailableSlot | None:
    """The first open slot within 180 days, in one call."""
    start = after or info.context.now.date()
    # The first fortnight first: the first slot of the whole horizon is its first slot when
    # it has one, and a practice's next opening is rarely further; reading 180 days of
    # bookings for it cost three times as much. Otherwise the rest of the horizon.
    for first, last in ((0, NEAR_DAYS - 1), (NEAR_DAYS, MAX_DAYS - 1)):
        search = _search(
            location_id,
            appointment_type_id,
            provider_ids,
            start + timedelta(days=first),
            start + timedelta(days=last),
        )
        result = await find_slots(info.context, search, limit=1)
        if result is None:
            return None
        if result.slots:
            return (await _slots_of(info, result))[0]
    return None


async def resolve_slot_count(
    info: Info,
    location_id: LocationArg,
    appointment_type_id: TypeArg,
    from_: Annotated[date, strawberry.argument(name="from", description="First local date.")],
    to: Annotated[date, strawberry.argument(description="Last local date.")],
    provider_ids: ProvidersArg = None,
) -> int:
    """How many open slots the range holds."""
    search = _search(location_id, appointment_type_id, provider_ids, from_, to)
    return await count_slots(info.context, search) or 0


async def resolve_is_slot_available(
    info: Info,
    location_id: LocationArg,
    appointment_type_id: TypeArg,
    provider_id: Annotated[GlobalID, strawberry.argument(description="The provider.")],
    date: Annotated[date, strawberry.argument(description="Local date.")],
    start_time: Annotated[time, strawberry.argument(description="Local start time.")],
) -> bool:
    """Whether slot search would offer this start with this provider."""
    result = await find_slots(
        info.context,
        _search(location_id, appointment_type_id, [provider_id], date, date),
        limit=None,
    )
    if result is None:
        return False
    return any(
        AvailableSlot.from_slot(slot, result.time_zone).local_start_time() == start_time
        for slot in result.slots
    )


available_slots_field = strawberry.field(
    metadata=SLOT_READERS,
    resolver=resolve_available_slots,
    description=(
        "Bookable start times: a provider scheduled for the whole length, an operatory free, no "
        "no-schedule blockout, and (for patients) the type's lead time, window and online flag."
    ),
)
next_available_slot_field = strawberry.field(
    metadata=SLOT_READERS,
    resolver=resolve_next_available_slot,
    description="The earliest open slot within 180 days of `after`, in one call.",
)
slot_count_field = strawberry.field(
    metadata=SLOT_READERS, resolver=resolve_slot_count, description="How many open slots."
)
is_slot_available_field = strawberry.field(
    metadata=SLOT_READERS,
    resolver=resolve_is_slot_available,
    description="Whether one start time is open.",
)
