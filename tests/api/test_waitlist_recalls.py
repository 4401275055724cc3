"""Waitlist entries made from recalls: source RECALL, and accepting an offer books the recall."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from tests.support.factories import global_id, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, booking_input
from tests.support.recall_rows import make_recall, make_type, today
from tests.support.waitlist_documents import (
    ADD,
    RESPOND,
    add,
    add_input,
    contacted,
    data,
    offered,
    respond_input,
    state,
)

ENTRY_RECALL = """query ($id: ID!) { node(id: $id) { ... on WaitlistEntry {
  source recall { id status appointment { id } } } } }"""


def rid(row: Any) -> str:
    return global_id("PatientRecall", row.id)


async def accept(execute, practice, entry) -> dict[str, Any]:
    entry = await offered(execute, practice, await contacted(execute, practice, entry))
    payload = data(
        await execute(RESPOND, respond_input(entry, "ACCEPTED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )
    assert payload["userErrors"] == []
    return payload


async def entry_recall(execute, practice, entry) -> dict[str, Any]:
    result = await execute(ENTRY_RECALL, {"id": entry["id"]}, viewer=practice.staff)
    assert result.errors is None, result.errors
    return result.data["node"]


async def scheduled_history(engine) -> dict[str, Any]:
    async with engine.connect() as connection:
        return (
            await connection.execute(
                text("SELECT after FROM waitlist_history WHERE action = 'scheduled'")
            )
        ).scalar_one()


async def test_an_entry_from_a_recall_books_it_when_accepted(engine, execute):
    # given an overdue recall put on the waitlist
    practice = await make_practice(engine)
    recall = await make_recall(engine, practice, await make_type(engine, practice), today())
    entry = await add(execute, practice, patientRecallId=rid(recall))
    assert await entry_recall(execute, practice, entry) == {
        "source": "RECALL",
        "recall": {"id": rid(recall), "status": "DUE", "appointment": None},
    }
    # when the patient accepts an offered slot
    payload = await accept(execute, practice, entry)
    # then the booking also books the recall
    appointment = payload["appointment"]
    assert (await entry_recall(execute, practice, entry))["recall"] == {
        "id": rid(recall),
        "status": "SCHEDULED",
        "appointment": appointment,
    }
    assert (await scheduled_history(engine))["recall_booked"] is True


async def test_a_recall_disabled_meanwhile_does_not_stop_the_booking(engine, execute):
    # given an entry from a recall that is disabled after the entry was made
    practice = await make_practice(engine)
    recall = await make_recall(engine, practice, await make_type(engine, practice), today())
    entry = await add(execute, practice, patientRecallId=rid(recall))
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE patient_recalls SET disabled = true"))
    # when the offer is accepted
    payload = await accept(execute, practice, entry)
    # then the patient is booked, the recall is not, and the entry's history says why
    assert payload["appointment"] is not None
    assert (await entry_recall(execute, practice, entry))["recall"]["appointment"] is None
    after = await scheduled_history(engine)
    assert (after["recall_booked"], after["recall_not_booked_because"]) == (
        False,
        "The recall is disabled",
    )


async def test_an_entry_may_look_for_an_earlier_visit_than_the_recall_has(engine, execute):
    # given a recall already booked by a visit, and an entry from it looking for earlier
    practice = await make_practice(engine)
    recall = await make_recall(engine, practice, await make_type(engine, practice), today())
    later = booking_input(
        practice, patientRecallIds=[rid(recall)], slot={"date": "2030-02-04", "startTime": "09:00"}
    )
    booked = await execute(BOOK, {"input": later}, viewer=practice.staff)
    assert booked.data["bookAppointment"]["userErrors"] == []
    entry = await add(execute, practice, patientRecallId=rid(recall))
    # when an earlier slot is accepted
    payload = await accept(execute, practice, entry)
    # then the recall moves to the earlier visit
    linked = (await entry_recall(execute, practice, entry))["recall"]["appointment"]
    assert linked == payload["appointment"]


async def test_recalls_an_entry_cannot_come_from_change_nothing(engine, execute):
    # given another patient's recall and another organization's recall
    practice = await make_practice(engine)
    other = await make_practice(engine)
    hygiene = await make_type(engine, practice)
    someone = await make_patient(engine, practice.org)
    theirs = await make_recall(engine, practice, hygiene, today(), patient=someone)
    foreign = await make_recall(engine, other, await make_type(engine, other), today())
    before = await state(engine)
    for recall, code in ((theirs, "VALIDATION"), (foreign, "NOT_FOUND")):
        # when staff add an entry from it
        variables = add_input(practice, patientRecallId=rid(recall))
        payload = data(await execute(ADD, variables, viewer=practice.staff), "addToWaitlist")
        # then it is refused on the field and nothing changed
        assert [(e["field"], e["code"]) for e in payload["userErrors"]] == [
            (["input", "patientRecallId"], code)
        ]
        assert payload["waitlistEntry"] is None
        assert await state(engine) == before
