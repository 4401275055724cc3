"""Offers: only at a location the entry accepts, and a lapsed offer cannot be accepted."""

from __future__ import annotations

from sqlalchemy import text

from tests.support.factories import global_id, make_location, make_operatory, make_practice
from tests.support.waitlist_documents import (
    OFFER,
    RESPOND,
    add,
    contacted,
    data,
    offer_input,
    offered,
    respond_input,
    state,
)


async def test_an_offer_elsewhere_than_the_entry_accepts_changes_nothing(engine, execute):
    # given a home-only entry and an operatory at another location
    practice = await make_practice(engine)
    uptown = await make_location(engine, practice.org, name="Uptown")
    chair = await make_operatory(engine, uptown)
    entry = await contacted(execute, practice, await add(execute, practice))
    before = await state(engine)
    # when staff offer a slot in that operatory
    variables = offer_input(practice, entry)
    variables["input"]["operatoryId"] = global_id("Operatory", chair.id)
    payload = data(await execute(OFFER, variables, viewer=practice.staff), "offerWaitlistSlot")
    # then it is refused on the operatory and nothing changed
    assert payload["userErrors"] == [
        {
            "field": ["input", "operatoryId"],
            "code": "VALIDATION",
            "message": "The operatory is not at a location the entry accepts (see locationScope)",
        }
    ]
    assert await state(engine) == before
    # and an entry that accepts Uptown may be offered it
    selected = await add(
        execute,
        practice,
        appointmentTypeId=None,
        locationScope="SELECTED",
        additionalLocationIds=[global_id("Location", uptown.id)],
    )
    variables = offer_input(practice, await contacted(execute, practice, selected))
    variables["input"]["operatoryId"] = global_id("Operatory", chair.id)
    payload = data(await execute(OFFER, variables, viewer=practice.staff), "offerWaitlistSlot")
    assert (payload["userErrors"], payload["waitlistEntry"]["status"]) == ([], "OFFERED")


async def test_a_lapsed_offer_cannot_be_accepted(engine, execute):
    # given an offer whose time to answer has run out
    practice = await make_practice(engine)
    entry = await offered(
        execute, practice, await contacted(execute, practice, await add(execute, practice))
    )
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE waitlist_entries SET offer_expires_at = now() - interval '1 minute'")
        )
    before = await state(engine)
    # when the patient's acceptance is recorded
    payload = data(
        await execute(RESPOND, respond_input(entry, "ACCEPTED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )
    # then it is OFFER_EXPIRED, nothing was booked and nothing changed
    assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
        (["input", "response"], "OFFER_EXPIRED")
    ]
    assert payload["appointment"] is None
    assert await state(engine) == before
    # and recording EXPIRED puts the entry back to waiting
    expired = data(
        await execute(RESPOND, respond_input(entry, "EXPIRED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )
    assert (expired["userErrors"], expired["waitlistEntry"]["status"]) == ([], "WAITING")
