"""Derived entry fields a front desk reads at a glance: contact attempts, last contact, offer chair."""

from __future__ import annotations

from tests.support.connections import history
from tests.support.factories import global_id, make_operatory, make_practice
from tests.support.waitlist_documents import (
    CONTACT,
    RESPOND,
    add,
    contacted,
    data,
    offer_input,
    offered,
    respond_input,
)

READ = """query ($id: ID!) { node(id: $id) { ... on WaitlistEntry {
  contactAttempts lastContact { method initiatedBy note } offeredOperatory { id }
  offeredProvider { id } } } }"""
OFFER = """mutation ($input: OfferWaitlistSlotInput!) {
  offerWaitlistSlot(input: $input) { waitlistEntry { id } userErrors { code } } }"""


async def read(execute, practice, entry_id: str) -> dict:
    """The entry's derived fields."""
    return data(await execute(READ, {"id": entry_id}, viewer=practice.staff), "node")


async def test_a_new_entry_has_no_contacts_and_no_offer(engine, execute):
    # given a fresh entry
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    # then it reads zero attempts, no last contact, no offered chair
    assert await read(execute, practice, entry["id"]) == {
        "contactAttempts": 0,
        "lastContact": None,
        "offeredOperatory": None,
        "offeredProvider": None,
    }


async def test_contacts_count_and_the_latest_is_last_and_the_offer_names_its_chair(engine, execute):
    # given an entry contacted by phone, then by SMS from smart fill
    practice = await make_practice(engine)
    chair = await make_operatory(engine, practice.location, sort_order=1)
    entry = await add(execute, practice)
    for method, by, note in (("PHONE", "STAFF", "No answer"), ("SMS", "SMART_FILL", "Sent")):
        variables = {
            "input": {"waitlistEntryId": entry["id"], "method": method, "initiatedBy": by,
                      "note": note}
        }  # fmt: skip
        payload = data(
            await execute(CONTACT, variables, viewer=practice.staff), "logWaitlistContact"
        )
        assert payload["userErrors"] == []
    # and offered a slot in the second chair
    entry = payload["waitlistEntry"]
    variables = offer_input(practice, entry, operatoryId=global_id("Operatory", chair.id))
    assert (
        data(await execute(OFFER, variables, viewer=practice.staff), "offerWaitlistSlot")[
            "userErrors"
        ]
        == []
    )
    # then it reads two attempts, the SMS last, and the offered chair and provider
    assert await read(execute, practice, entry["id"]) == {
        "contactAttempts": 2,
        "lastContact": {"method": "SMS", "initiatedBy": "SMART_FILL", "note": "Sent"},
        "offeredOperatory": {"id": global_id("Operatory", chair.id)},
        "offeredProvider": {"id": global_id("Provider", practice.provider.id)},
    }


RESPONDED = """query ($id: ID!) { node(id: $id) { ... on WaitlistEntry {
  patientResponse respondedAt history { edges { node { action occurredAt } } } } } }"""


async def test_responded_at_is_when_the_current_response_was_recorded(engine, execute):
    # given an offered entry
    practice = await make_practice(engine)
    entry = await offered(
        execute, practice, await contacted(execute, practice, await add(execute, practice))
    )
    unanswered = data(await execute(RESPONDED, {"id": entry["id"]}, viewer=practice.staff), "node")
    assert (unanswered["patientResponse"], unanswered["respondedAt"]) == (None, None)
    # when the patient declines
    declined = data(
        await execute(RESPOND, respond_input(entry, "DECLINED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )["waitlistEntry"]
    # then respondedAt is the time of that history row
    read = data(await execute(RESPONDED, {"id": entry["id"]}, viewer=practice.staff), "node")
    last = history(read)[-1]
    assert last["action"] == "RESPONSE_DECLINED"
    assert (read["patientResponse"], read["respondedAt"]) == ("DECLINED", last["occurredAt"])
    # and a new offer clears it until the next answer
    await offered(execute, practice, await contacted(execute, practice, declined))
    again = data(await execute(RESPONDED, {"id": entry["id"]}, viewer=practice.staff), "node")
    assert (again["patientResponse"], again["respondedAt"]) == (None, None)
