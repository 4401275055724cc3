"""Idempotent retries of the waitlist mutations: one key, one change, the first result again."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest

from tests.support.factories import (
    Practice,
    global_id,
    make_appointment,
    make_patient,
    make_practice,
)
from tests.support.waitlist_documents import (
    ADD,
    BULK,
    CONTACT,
    OFFER,
    REMOVE,
    RESPOND,
    UPDATE,
    add,
    add_input,
    contacted,
    count,
    data,
    offer_input,
    offered,
    respond_input,
    state,
    update,
    update_input,
)

KEY = "retry-1"
MISMATCH = {
    "field": ["input", "idempotencyKey"],
    "code": "VALIDATION",
    "message": "This idempotencyKey was used with a different input",
}


@dataclass(frozen=True)
class Case:
    """One mutation called with KEY: its document, inputs and what one change leaves behind."""

    document: str
    name: str
    variables: dict[str, Any]
    changed: dict[str, Any]  # the same key with another input
    rejected: dict[str, Any]  # the payload of that other input
    counts: dict[str, int]  # rows after exactly one change


def rejected(**empty: Any) -> dict[str, Any]:
    return {**empty, "userErrors": [MISMATCH]}


def one_entry(**counts: int) -> dict[str, int]:
    return {"waitlist_entries": 1, "waitlist_contacts": 0, "appointments": 0, **counts}


async def adding(engine, execute, practice: Practice) -> Case:
    variables = add_input(practice, idempotencyKey=KEY)
    return Case(
        ADD, "addToWaitlist", variables, add_input(practice, idempotencyKey=KEY, urgency="URGENT"),
        rejected(waitlistEntry=None), one_entry(waitlist_history=1),
    )  # fmt: skip


async def contacting(engine, execute, practice: Practice) -> Case:
    entry = await add(execute, practice)
    variables = {"waitlistEntryId": entry["id"], "method": "PHONE", "idempotencyKey": KEY}
    return Case(
        CONTACT, "logWaitlistContact", {"input": variables},
        {"input": {**variables, "method": "SMS"}}, rejected(waitlistEntry=None),
        one_entry(waitlist_contacts=1, waitlist_history=2),
    )  # fmt: skip


async def offering(engine, execute, practice: Practice) -> Case:
    entry = await contacted(execute, practice, await add(execute, practice))
    return Case(
        OFFER, "offerWaitlistSlot", offer_input(practice, entry, idempotencyKey=KEY),
        offer_input(practice, entry, idempotencyKey=KEY, endAt="2030-01-07T15:30:00+00:00"),
        rejected(waitlistEntry=None), one_entry(waitlist_contacts=1, waitlist_history=3),
    )  # fmt: skip


async def accepting(engine, execute, practice: Practice) -> Case:
    entry = await offered(execute, practice, await contacted(execute, practice, await add(execute, practice)))  # fmt: skip
    return Case(
        RESPOND, "recordWaitlistResponse", respond_input(entry, "ACCEPTED", idempotencyKey=KEY),
        respond_input(entry, "ACCEPTED", idempotencyKey=KEY, note="Call first"),
        rejected(waitlistEntry=None, appointment=None),
        one_entry(waitlist_contacts=1, waitlist_history=4, appointments=1, appointment_history=1),
    )  # fmt: skip


async def removing(engine, execute, practice: Practice) -> Case:
    entry = await add(execute, practice)
    variables = {"waitlistEntryId": entry["id"], "reason": "moved away", "idempotencyKey": KEY}
    return Case(
        REMOVE, "removeFromWaitlist", {"input": variables},
        {"input": {**variables, "reason": "deceased"}}, rejected(waitlistEntry=None),
        one_entry(waitlist_history=2),
    )  # fmt: skip


async def bulk_removing(engine, execute, practice: Practice) -> Case:
    other = await make_patient(engine, practice.org)
    first = await add(execute, practice)
    second = await add(execute, practice, patientId=global_id("Patient", other.id))
    variables = {"waitlistEntryIds": [first["id"], second["id"]], "idempotencyKey": KEY}
    return Case(
        BULK, "bulkRemoveFromWaitlist", {"input": variables},
        {"input": {**variables, "waitlistEntryIds": [first["id"]]}},
        rejected(removed=[], skippedIds=[]),
        {"waitlist_entries": 2, "waitlist_history": 4, "appointments": 0},
    )  # fmt: skip


async def updating(engine, execute, practice: Practice) -> Case:
    entry = await add(execute, practice)
    return Case(
        UPDATE, "updateWaitlistEntry", update_input(entry, priority=7, idempotencyKey=KEY),
        update_input(entry, priority=8, idempotencyKey=KEY), rejected(waitlistEntry=None),
        one_entry(waitlist_history=2),
    )  # fmt: skip


CASES: dict[str, Callable[[Any, Any, Practice], Awaitable[Case]]] = {
    "addToWaitlist": adding,
    "logWaitlistContact": contacting,
    "offerWaitlistSlot": offering,
    "recordWaitlistResponse": accepting,
    "removeFromWaitlist": removing,
    "bulkRemoveFromWaitlist": bulk_removing,
    "updateWaitlistEntry": updating,
}


async def prepared(engine, execute, mutation: str) -> tuple[Practice, Case]:
    practice = await make_practice(engine)
    return practice, await CASES[mutation](engine, execute, practice)


async def counts_of(engine, case: Case) -> dict[str, int]:
    return {table: await count(engine, table) for table in case.counts}


@pytest.mark.parametrize("mutation", list(CASES))
async def test_a_retry_replays_the_first_result_without_a_second_change(engine, execute, mutation):
    # given a mutation that ran once with an idempotency key
    practice, case = await prepared(engine, execute, mutation)
    first = data(await execute(case.document, case.variables, viewer=practice.staff), case.name)
    assert first["userErrors"] == []
    before = await state(engine)
    # when it is retried with the same key and input
    again = data(await execute(case.document, case.variables, viewer=practice.staff), case.name)
    # then the first result comes back and nothing changed a second time
    assert again == first
    assert await state(engine) == before
    assert await counts_of(engine, case) == case.counts


@pytest.mark.parametrize("mutation", list(CASES))
async def test_the_same_key_with_another_input_is_rejected(engine, execute, mutation):
    # given a mutation that ran once with an idempotency key
    practice, case = await prepared(engine, execute, mutation)
    first = data(await execute(case.document, case.variables, viewer=practice.staff), case.name)
    assert first["userErrors"] == []
    before = await state(engine)
    # when the key comes again with a different input
    other = data(await execute(case.document, case.changed, viewer=practice.staff), case.name)
    # then it is a validation error and nothing changed
    assert other == case.rejected
    assert await state(engine) == before


@pytest.mark.parametrize("mutation", list(CASES))
async def test_concurrent_retries_with_one_key_make_one_change(engine, execute, mutation):
    # given a mutation ready to run
    practice, case = await prepared(engine, execute, mutation)
    # when five copies with one key run at the same moment
    results = await asyncio.gather(
        *(execute(case.document, case.variables, viewer=practice.staff) for _ in range(5))
    )
    payloads = [data(result, case.name) for result in results]
    # then all five report the same success and exactly one change was made
    assert payloads[0]["userErrors"] == []
    assert payloads == [payloads[0]] * 5
    assert await counts_of(engine, case) == case.counts
    assert await count(engine, "idempotency_keys") == 1


async def test_a_key_used_by_one_mutation_is_rejected_by_another(engine, execute):
    # given an entry added with a key
    practice = await make_practice(engine)
    entry = await add(execute, practice, idempotencyKey=KEY)
    before = await state(engine)
    # when the same caller sends the same key with an update
    payload = await update(execute, practice, entry, priority=3, idempotencyKey=KEY)
    # then it is rejected and nothing changed
    assert payload == rejected(waitlistEntry=None)
    assert await state(engine) == before


async def test_a_replay_after_a_later_change_returns_the_entry_as_it_is_now(engine, execute):
    # given an update made with a key, then another update without one
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    first = await update(execute, practice, entry, priority=7, idempotencyKey=KEY)
    later = await update(execute, practice, first["waitlistEntry"], priority=8)
    before = await state(engine)
    # when the keyed update is retried
    again = await update(execute, practice, entry, priority=7, idempotencyKey=KEY)
    # then it changes nothing and returns the same entry as it is now (the documented contract,
    # as for appointments: the key guards against a second change, not against newer reads)
    assert again == later
    assert await state(engine) == before


async def test_a_retried_acceptance_of_a_taken_slot_replays_slot_taken(engine, execute):
    # given an offered entry whose slot another patient's appointment has taken
    practice = await make_practice(engine)
    entry = await offered(
        execute, practice, await contacted(execute, practice, await add(execute, practice))
    )
    other = await make_patient(engine, practice.org)
    await make_appointment(
        engine, practice, patient=other,
        start_at=datetime.fromisoformat("2030-01-07T15:00:00+00:00"),
        end_at=datetime.fromisoformat("2030-01-07T16:00:00+00:00"),
    )  # fmt: skip
    variables = respond_input(entry, "ACCEPTED", idempotencyKey=KEY)
    first = data(await execute(RESPOND, variables, viewer=practice.staff), "recordWaitlistResponse")
    assert [e["code"] for e in first["userErrors"]] == ["SLOT_TAKEN"]
    assert (first["waitlistEntry"]["status"], first["waitlistEntry"]["version"]) == ("WAITING", 4)
    before = await state(engine)
    # when the client retries with the same key
    again = data(await execute(RESPOND, variables, viewer=practice.staff), "recordWaitlistResponse")
    # then it gets the first answer again and nothing changed
    assert again == first
    assert await state(engine) == before


async def test_a_contact_note_spelled_none_is_another_input(engine, execute):
    # given a contact logged with a key and no note
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    variables = {"waitlistEntryId": entry["id"], "method": "PHONE", "idempotencyKey": KEY}
    first = data(
        await execute(CONTACT, {"input": variables}, viewer=practice.staff), "logWaitlistContact"
    )
    assert first["userErrors"] == []
    before = await state(engine)
    # when the key comes again with the note "None"
    other = await execute(CONTACT, {"input": {**variables, "note": "None"}}, viewer=practice.staff)
    # then it is rejected as another input and nothing changed
    assert data(other, "logWaitlistContact") == rejected(waitlistEntry=None)
    assert await state(engine) == before
