"""Where providers work: slot search offers a provider only at the locations they work at
(none listed: everywhere) and booking refuses the rest, as an additional provider too."""

from __future__ import annotations

from tests.support.factories import global_id, make_location
from tests.support.lifecycle_documents import BOOK, booking_input, database_state, soon
from tests.support.offer_searches import SLOTS, search, slot_providers, two_provider_practice
from tests.support.setup_documents import UPDATE_PROVIDER
from tests.support.tokens import bearer


async def works_only_at(execute, practice, provider, location) -> None:
    result = await execute(
        UPDATE_PROVIDER,
        {
            "input": {
                "providerId": global_id("Provider", provider.id),
                "baseVersion": 1,
                "locationIds": [global_id("Location", location.id)],
            }
        },
        viewer=practice.staff,
    )
    assert result.data["updateProvider"]["userErrors"] == []


async def test_slot_search_offers_a_provider_only_where_they_work(engine, execute):
    practice, second = await two_provider_practice(engine)
    elsewhere = await make_location(engine, practice.org)
    day = soon(6)
    here = {global_id("Provider", practice.provider.id), global_id("Provider", second.id)}
    assert await slot_providers(execute, practice, day) == here
    # the first provider now works at the other location only (their schedule here remains)
    await works_only_at(execute, practice, practice.provider, elsewhere)
    assert await slot_providers(execute, practice, day) == {global_id("Provider", second.id)}
    named = await execute(SLOTS, search(practice, day, [practice.provider]), viewer=practice.staff)
    assert named.data == {"availableSlots": None}
    assert [(e.message, e.extensions) for e in named.errors] == [
        (
            "A provider searched does not work at this location",
            {"code": "VALIDATION", "field": "providerIds"},
        )
    ]
    # working here (listed with another location) is offered again
    await execute(
        UPDATE_PROVIDER,
        {
            "input": {
                "providerId": global_id("Provider", practice.provider.id),
                "baseVersion": 2,
                "locationIds": [
                    global_id("Location", elsewhere.id),
                    global_id("Location", practice.location.id),
                ],
            }
        },
        viewer=practice.staff,
    )
    assert await slot_providers(execute, practice, day) == here


async def test_booking_refuses_a_provider_who_does_not_work_there(engine, execute, http):
    practice, second = await two_provider_practice(engine)
    elsewhere = await make_location(engine, practice.org)
    day = soon(6)
    await works_only_at(execute, practice, second, elsewhere)
    before = await database_state(engine)
    refusal = [
        {
            "field": ["input", "providerIds"],
            "code": "VALIDATION",
            "message": "This provider does not work at this location",
            "conflicts": [],
        }
    ]
    as_primary = booking_input(practice, date=day, providerIds=[global_id("Provider", second.id)])
    as_additional = booking_input(
        practice,
        date=day,
        providerIds=[global_id("Provider", practice.provider.id), global_id("Provider", second.id)],
    )
    for variables in (as_primary, as_additional):
        response = await http.post(
            "/graphql",
            json={"query": BOOK, "variables": {"input": variables}},
            headers=bearer(practice.staff),
        )
        assert response.json()["data"]["bookAppointment"]["userErrors"] == refusal
    assert await database_state(engine) == before
    # the provider who works everywhere is booked as before
    booked = await execute(
        BOOK, {"input": booking_input(practice, date=day)}, viewer=practice.staff
    )
    assert booked.data["bookAppointment"]["userErrors"] == []
