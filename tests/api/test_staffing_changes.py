"""Booking's setup rules on the changes after it: moving or placing an appointment with other
providers, setting its providers and changing its type are refused (VALIDATION naming the
field, nothing written) when a provider does not work at its location or the type is not
offered there or by the primary provider; a change that keeps them is not checked again."""

from __future__ import annotations

from tests.support.factories import (
    global_id,
    make_appointment_type,
    make_location,
    make_practice,
    make_provider,
)
from tests.support.lifecycle_documents import (
    BOOK,
    MOVE,
    PAYLOAD,
    booked,
    booking_input,
    database_state,
    refusal,
)
from tests.support.offer_searches import offer
from tests.support.setup_documents import UPDATE_PROVIDER, UPDATE_TYPE

PLACE = (
    "mutation ($input: PlaceFromPinboardInput!) "
    f"{{ placeFromPinboard(input: $input) {{ {PAYLOAD} }} }}"
)
SET_PROVIDERS = (
    "mutation ($input: SetAppointmentProvidersInput!) "
    f"{{ setAppointmentProviders(input: $input) {{ {PAYLOAD} }} }}"
)
UPDATE = (
    "mutation ($input: UpdateAppointmentInput!) "
    f"{{ updateAppointment(input: $input) {{ {PAYLOAD} }} }}"
)
NOT_OFFERED_BY = "This appointment type is not offered by this provider"
NOT_WORKING_HERE = "This provider does not work at this location"


async def practice_with_second_provider(engine):
    practice = await make_practice(engine)
    return practice, await make_provider(engine, practice.org, last_name="Ng")


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


def moved_to(ident: str, version: int, provider, start: str = "11:00") -> dict:
    return {
        "input": {
            "appointmentId": ident,
            "baseVersion": version,
            "slot": {"date": "2030-01-07", "startTime": start},
            "providerIds": [global_id("Provider", provider.id)],
        }
    }


async def test_a_move_to_a_provider_not_offering_the_type_or_not_working_there_is_refused(
    engine, execute
):
    practice, second = await practice_with_second_provider(engine)
    appointment = await booked(execute, practice)
    # the type is now offered by the first provider only, the second works elsewhere
    await offer(execute, practice, providers=[practice.provider])
    before = await database_state(engine)
    refused = await execute(MOVE, moved_to(appointment["id"], 1, second), viewer=practice.staff)
    assert refused.data["moveAppointment"] == refusal("VALIDATION", NOT_OFFERED_BY, "providerIds")
    assert await database_state(engine) == before
    await offer_to_everyone(execute, practice, version=2)
    await works_only_at(execute, practice, second, await make_location(engine, practice.org))
    before = await database_state(engine)
    refused = await execute(MOVE, moved_to(appointment["id"], 1, second), viewer=practice.staff)
    assert refused.data["moveAppointment"] == refusal("VALIDATION", NOT_WORKING_HERE, "providerIds")
    assert await database_state(engine) == before
    # keeping the provider moves it; the rules are not asked again of what did not change
    kept = await execute(
        MOVE, moved_to(appointment["id"], 1, practice.provider), viewer=practice.staff
    )
    assert kept.data["moveAppointment"]["userErrors"] == []
    assert kept.data["moveAppointment"]["appointment"]["version"] == 2


async def offer_to_everyone(execute, practice, *, version: int) -> None:
    result = await execute(
        UPDATE_TYPE,
        {
            "input": {
                "appointmentTypeId": global_id("AppointmentType", practice.appointment_type.id),
                "baseVersion": version,
                "providerIds": [],
            }
        },
        viewer=practice.staff,
    )
    assert result.data["updateAppointmentType"]["userErrors"] == []


async def test_placing_from_the_pinboard_with_a_provider_not_offering_the_type_is_refused(
    engine, execute
):
    practice, second = await practice_with_second_provider(engine)
    parked = await execute(
        BOOK, {"input": booking_input(practice, status="PINBOARD")}, viewer=practice.staff
    )
    ident = parked.data["bookAppointment"]["appointment"]["id"]
    await offer(execute, practice, providers=[practice.provider])
    before = await database_state(engine)
    refused = await execute(PLACE, moved_to(ident, 1, second), viewer=practice.staff)
    assert refused.data["placeFromPinboard"] == refusal("VALIDATION", NOT_OFFERED_BY, "providerIds")
    assert await database_state(engine) == before
    placed = await execute(PLACE, moved_to(ident, 1, practice.provider), viewer=practice.staff)
    assert placed.data["placeFromPinboard"]["userErrors"] == []
    assert placed.data["placeFromPinboard"]["appointment"]["status"] == "SCHEDULED"


async def test_setting_providers_checks_the_offer_and_where_they_work(engine, execute):
    practice, second = await practice_with_second_provider(engine)
    third = await make_provider(engine, practice.org, last_name="Ortiz")
    appointment = await booked(execute, practice)
    await offer(execute, practice, providers=[practice.provider, third])
    await works_only_at(execute, practice, third, await make_location(engine, practice.org))
    before = await database_state(engine)
    cases = [
        ([second], NOT_OFFERED_BY),  # primary does not offer the type
        ([practice.provider, third], NOT_WORKING_HERE),  # an additional one works elsewhere
    ]
    for providers, message in cases:
        refused = await execute(
            SET_PROVIDERS,
            {
                "input": {
                    "appointmentId": appointment["id"],
                    "baseVersion": 1,
                    "providerIds": [global_id("Provider", p.id) for p in providers],
                }
            },
            viewer=practice.staff,
        )
        assert refused.data["setAppointmentProviders"] == refusal(
            "VALIDATION", message, "providerIds"
        )
    assert await database_state(engine) == before
    # the second provider as an additional one (the primary offers the type) is fine
    added = await execute(
        SET_PROVIDERS,
        {
            "input": {
                "appointmentId": appointment["id"],
                "baseVersion": 1,
                "providerIds": [
                    global_id("Provider", practice.provider.id),
                    global_id("Provider", second.id),
                ],
            }
        },
        viewer=practice.staff,
    )
    assert added.data["setAppointmentProviders"]["userErrors"] == []
    assert added.data["setAppointmentProviders"]["appointment"]["providers"] == [
        {"id": global_id("Provider", practice.provider.id)},
        {"id": global_id("Provider", second.id)},
    ]


async def test_changing_the_type_to_one_not_offered_here_or_by_the_provider_is_refused(
    engine, execute
):
    practice, second = await practice_with_second_provider(engine)
    elsewhere = await make_location(engine, practice.org)
    other_type = await make_appointment_type(engine, practice.org)
    appointment = await booked(execute, practice)
    other_id = global_id("AppointmentType", other_type.id)
    cases = [
        ({"locationIds": [global_id("Location", elsewhere.id)]}, "at this location"),
        (
            {"locationIds": [], "providerIds": [global_id("Provider", second.id)]},
            "by this provider",
        ),
    ]
    for version, (offers, where) in enumerate(cases, start=1):
        changed = await execute(
            UPDATE_TYPE,
            {"input": {"appointmentTypeId": other_id, "baseVersion": version, **offers}},
            viewer=practice.staff,
        )
        assert changed.data["updateAppointmentType"]["userErrors"] == []
        before = await database_state(engine)
        refused = await execute(
            UPDATE,
            {
                "input": {
                    "appointmentId": appointment["id"],
                    "baseVersion": 1,
                    "appointmentTypeId": other_id,
                }
            },
            viewer=practice.staff,
        )
        assert refused.data["updateAppointment"] == refusal(
            "VALIDATION", f"This appointment type is not offered {where}", "appointmentTypeId"
        )
        assert await database_state(engine) == before
    # offered by everyone again: the type changes
    await execute(
        UPDATE_TYPE,
        {"input": {"appointmentTypeId": other_id, "baseVersion": 3, "providerIds": []}},
        viewer=practice.staff,
    )
    changed = await execute(
        UPDATE,
        {
            "input": {
                "appointmentId": appointment["id"],
                "baseVersion": 1,
                "appointmentTypeId": other_id,
            }
        },
        viewer=practice.staff,
    )
    assert changed.data["updateAppointment"]["userErrors"] == []
    assert changed.data["updateAppointment"]["appointment"]["version"] == 2
