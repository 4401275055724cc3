"""Which providers and locations offer a type: slot search offers only their slots and
booking refuses the rest, over HTTP too; a type offered by everyone is unchanged."""

from __future__ import annotations

from tests.support.factories import global_id, make_location
from tests.support.lifecycle_documents import BOOK, booking_input, database_state, soon
from tests.support.offer_searches import SLOTS, offer, search, slot_providers, two_provider_practice
from tests.support.tokens import bearer


async def test_slot_search_offers_only_the_providers_offering_the_type(engine, execute):
    practice, second = await two_provider_practice(engine)
    day = soon(6)
    both = {global_id("Provider", practice.provider.id), global_id("Provider", second.id)}
    assert await slot_providers(execute, practice, day) == both
    await offer(execute, practice, providers=[second])
    assert await slot_providers(execute, practice, day) == {global_id("Provider", second.id)}
    named = await execute(SLOTS, search(practice, day, [practice.provider]), viewer=practice.staff)
    assert named.data == {"availableSlots": None}
    assert [(e.message, e.extensions) for e in named.errors] == [
        (
            "This appointment type is not offered by every provider searched",
            {"code": "VALIDATION", "field": "providerIds"},
        )
    ]


async def test_booking_refuses_a_provider_or_location_not_offering_the_type(engine, execute):
    practice, second = await two_provider_practice(engine)
    day = soon(6)
    await offer(execute, practice, providers=[second])
    before = await database_state(engine)
    refused = await execute(
        BOOK, {"input": booking_input(practice, date=day, start="09:00")}, viewer=practice.staff
    )
    assert refused.data["bookAppointment"]["userErrors"] == [
        {
            "field": ["input", "providerIds"],
            "code": "VALIDATION",
            "message": "This appointment type is not offered by this provider",
            "conflicts": [],
        }
    ]
    assert await database_state(engine) == before
    booked = await execute(
        BOOK,
        {
            "input": booking_input(
                practice, date=day, start="09:00", providerIds=[global_id("Provider", second.id)]
            )
        },
        viewer=practice.staff,
    )
    assert booked.data["bookAppointment"]["userErrors"] == []
    assert booked.data["bookAppointment"]["appointment"]["providers"] == [
        {"id": global_id("Provider", second.id)}
    ]


async def test_a_type_offered_elsewhere_is_refused_here_over_http(engine, execute, http):
    practice, _ = await two_provider_practice(engine)
    elsewhere = await make_location(engine, practice.org)
    day = soon(6)
    await offer(execute, practice, locations=[elsewhere])
    before = await database_state(engine)
    headers = bearer(practice.staff)
    slots = await http.post(
        "/graphql", json={"query": SLOTS, "variables": search(practice, day)}, headers=headers
    )
    assert slots.json()["errors"][0]["message"] == (
        "This appointment type is not offered at this location"
    )
    assert slots.json()["errors"][0]["extensions"]["code"] == "VALIDATION"
    booking = await http.post(
        "/graphql",
        json={"query": BOOK, "variables": {"input": booking_input(practice, date=day)}},
        headers=headers,
    )
    assert booking.json()["data"]["bookAppointment"]["userErrors"] == [
        {
            "field": ["input", "locationId"],
            "code": "VALIDATION",
            "message": "This appointment type is not offered at this location",
            "conflicts": [],
        }
    ]
    assert await database_state(engine) == before
