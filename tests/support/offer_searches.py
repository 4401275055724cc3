"""Slot searches of a practice with two providers, for the tests of who offers a type and
where providers work."""

from __future__ import annotations

from datetime import time

from tests.support.factories import global_id, make_practice, make_provider, make_schedule
from tests.support.setup_documents import UPDATE_TYPE

SLOTS = """
query ($l: ID!, $t: ID!, $from: Date!, $to: Date!, $p: [ID!]) {
  availableSlots(locationId: $l, appointmentTypeId: $t, from: $from, to: $to, providerIds: $p) {
    localStartTime provider { id }
  }
}
"""


async def two_provider_practice(engine):
    practice = await make_practice(engine)
    second = await make_provider(engine, practice.org, last_name="Ng")
    for provider in (practice.provider, second):
        await make_schedule(engine, provider, practice.location, start=time(9), end=time(10))
    return practice, second


async def offer(execute, practice, *, providers=None, locations=None):
    changes: dict[str, object] = {
        "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id)
    }
    if providers is not None:
        changes["providerIds"] = [global_id("Provider", p.id) for p in providers]
    if locations is not None:
        changes["locationIds"] = [global_id("Location", loc.id) for loc in locations]
    result = await execute(
        UPDATE_TYPE, {"input": {**changes, "baseVersion": 1}}, viewer=practice.staff
    )
    assert result.data["updateAppointmentType"]["userErrors"] == []


def search(practice, day, providers=None):
    return {
        "l": global_id("Location", practice.location.id),
        "t": global_id("AppointmentType", practice.appointment_type.id),
        "from": day,
        "to": day,
        "p": None if providers is None else [global_id("Provider", p.id) for p in providers],
    }


async def slot_providers(execute, practice, day, providers=None):
    result = await execute(SLOTS, search(practice, day, providers), viewer=practice.staff)
    assert result.errors is None, result.errors
    return {slot["provider"]["id"] for slot in result.data["availableSlots"]}
