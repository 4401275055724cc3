"""Waitlist entries through the API: transitions, errors, booking on acceptance, concurrency."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from tests.support.connections import actions, nodes
from tests.support.factories import global_id, make_patient, make_practice
from tests.support.waitlist_documents import (
    ADD,
    BULK,
    CONTACT,
    OFFER,
    REMOVE,
    RESPOND,
    add,
    add_input,
    contacted,
    data,
    offer_input,
    offered,
    respond_input,
    state,
)

LIST = """query ($filter: WaitlistFilter, $sort: WaitlistSort, $first: Int, $after: String) {
  waitlistEntries(filter: $filter, sort: $sort, first: $first, after: $after) {
    edges { node { id status urgency contactLog { edges { node { method initiatedBy } } }
                   history { edges { node { action } } }
                   patient { id } location { id } appointmentType { id } } }
    pageInfo { endCursor hasNextPage } totalCount } }"""


async def history_actions(engine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT action FROM waitlist_history ORDER BY occurred_at")
        )
        return [row.action for row in rows]


async def test_the_whole_path_books_the_offered_slot(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    assert {k: entry[k] for k in ("status", "version", "urgency", "daysWaiting")} == {
        "status": "WAITING", "version": 1, "urgency": "SOON", "daysWaiting": 0
    }  # fmt: skip
    entry = await contacted(execute, practice, entry)
    assert (entry["status"], entry["version"]) == ("CONTACTED", 2)
    entry = await offered(execute, practice, entry)
    assert (entry["status"], entry["version"]) == ("OFFERED", 3)
    result = data(
        await execute(RESPOND, respond_input(entry, "ACCEPTED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )
    assert result["userErrors"] == []
    appointment = result["appointment"]
    assert result["waitlistEntry"]["status"] == "SCHEDULED"
    assert result["waitlistEntry"]["patientResponse"] == "ACCEPTED"
    assert result["waitlistEntry"]["linkedAppointment"] == appointment
    day = await execute(
        'query ($l: ID!) { calendarDay(locationId: $l, date: "2030-01-07") { appointments { id } } }',
        {"l": global_id("Location", practice.location.id)},
        viewer=practice.staff,
    )
    assert day.data["calendarDay"]["appointments"] == [appointment]
    assert await history_actions(engine) == ["added", "contacted", "offered", "scheduled"]


async def test_a_declined_offer_returns_the_entry_to_waiting(engine, execute):
    practice = await make_practice(engine)
    entry = await offered(
        execute, practice, await contacted(execute, practice, await add(execute, practice))
    )
    result = data(
        await execute(RESPOND, respond_input(entry, "DECLINED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )
    assert result["userErrors"] == []
    assert result["appointment"] is None
    assert (result["waitlistEntry"]["status"], result["waitlistEntry"]["patientResponse"]) == (
        "WAITING", "DECLINED"
    )  # fmt: skip
    assert await history_actions(engine) == ["added", "contacted", "offered", "response_declined"]


async def test_an_illegal_transition_changes_nothing(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    # offering straight from WAITING skips the contact
    result = data(
        await execute(OFFER, offer_input(practice, entry), viewer=practice.staff),
        "offerWaitlistSlot",
    )
    assert result == {
        "waitlistEntry": None,
        "userErrors": [
            {
                "field": ["input", "waitlistEntryId"],
                "code": "INVALID_TRANSITION",
                "message": "A WAITING entry cannot become OFFERED",
            }
        ],
    }
    accepted = data(
        await execute(RESPOND, respond_input(entry, "ACCEPTED"), viewer=practice.staff),
        "recordWaitlistResponse",
    )
    assert [e["code"] for e in accepted["userErrors"]] == ["INVALID_TRANSITION"]
    assert await state(engine) == before


async def test_a_stale_version_is_a_conflict(engine, execute):
    practice = await make_practice(engine)
    entry = await contacted(execute, practice, await add(execute, practice))
    before = await state(engine)
    stale = offer_input(practice, entry)
    stale["input"]["baseVersion"] = 1
    result = data(await execute(OFFER, stale, viewer=practice.staff), "offerWaitlistSlot")
    assert result["userErrors"] == [
        {
            "field": ["input", "baseVersion"],
            "code": "VERSION_CONFLICT",
            "message": "The entry is at version 2, not 1",
        }
    ]
    assert await state(engine) == before


async def test_a_second_active_entry_is_duplicate(engine, execute):
    practice = await make_practice(engine)
    await add(execute, practice)
    before = await state(engine)
    result = data(await execute(ADD, add_input(practice), viewer=practice.staff), "addToWaitlist")
    assert result == {
        "waitlistEntry": None,
        "userErrors": [
            {
                "field": ["input", "appointmentTypeId"],
                "code": "DUPLICATE",
                "message": (
                    "The patient already has an active waitlist entry for this location and type"
                ),
            }
        ],
    }
    assert await state(engine) == before


async def test_concurrent_adds_leave_one_entry(engine, execute):
    practice = await make_practice(engine)
    results = await asyncio.gather(
        *(execute(ADD, add_input(practice), viewer=practice.staff) for _ in range(5))
    )
    codes = sorted(
        [e["code"] for e in data(r, "addToWaitlist")["userErrors"]] or ["OK"] for r in results
    )
    assert codes == [["DUPLICATE"]] * 4 + [["OK"]]


async def test_a_removed_entry_frees_the_slot_for_a_new_one(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    removed = data(
        await execute(REMOVE, {"input": {"waitlistEntryId": entry["id"], "reason": "moved"}},
                      viewer=practice.staff),
        "removeFromWaitlist",
    )  # fmt: skip
    assert removed["userErrors"] == []
    assert (removed["waitlistEntry"]["status"], removed["waitlistEntry"]["version"]) == (
        "REMOVED", 2
    )  # fmt: skip
    again = data(
        await execute(REMOVE, {"input": {"waitlistEntryId": entry["id"]}}, viewer=practice.staff),
        "removeFromWaitlist",
    )
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_TRANSITION"]
    await add(execute, practice)


async def test_bulk_remove_skips_what_is_not_active(engine, execute):
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org)
    first = await add(execute, practice)
    second = await add(execute, practice, patientId=global_id("Patient", other.id))
    await execute(REMOVE, {"input": {"waitlistEntryId": second["id"]}}, viewer=practice.staff)
    result = data(
        await execute(
            BULK, {"input": {"waitlistEntryIds": [first["id"], second["id"]]}},
            viewer=practice.staff,
        ),
        "bulkRemoveFromWaitlist",
    )  # fmt: skip
    assert result == {
        "removed": [
            {
                "id": first["id"],
                "status": "REMOVED",
                "version": 2,
                "urgency": "SOON",
                "daysWaiting": 0,
                "patientResponse": None,
            }
        ],
        "skippedIds": [second["id"]],
        "userErrors": [],
    }
    too_many = data(
        await execute(BULK, {"input": {"waitlistEntryIds": [first["id"]] * 101}},
                      viewer=practice.staff),
        "bulkRemoveFromWaitlist",
    )  # fmt: skip
    assert [e["code"] for e in too_many["userErrors"]] == ["VALIDATION"]


async def test_another_organizations_ids_are_not_found(engine, execute):
    practice = await make_practice(engine)
    stranger = await make_practice(engine)
    foreign_entry = await add(execute, stranger)
    for field, value in [
        ("patientId", global_id("Patient", stranger.patient.id)),
        ("homeLocationId", global_id("Location", stranger.location.id)),
        ("appointmentTypeId", global_id("AppointmentType", stranger.appointment_type.id)),
    ]:
        result = data(
            await execute(ADD, add_input(practice, **{field: value}), viewer=practice.staff),
            "addToWaitlist",
        )
        assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
            ("NOT_FOUND", ["input", field])
        ]
    before = await state(engine)
    variables = {"input": {"waitlistEntryId": foreign_entry["id"], "method": "SMS"}}
    result = data(await execute(CONTACT, variables, viewer=practice.staff), "logWaitlistContact")
    assert [(e["code"], e["field"]) for e in result["userErrors"]] == [
        ("NOT_FOUND", ["input", "waitlistEntryId"])
    ]
    node = await execute(
        "query ($id: ID!) { node(id: $id) { id } }", {"id": foreign_entry["id"]},
        viewer=practice.staff,
    )  # fmt: skip
    assert node.data == {"node": None}
    listed = data(await execute(LIST, {}, viewer=practice.staff), "waitlistEntries")
    assert (nodes(listed), listed["totalCount"]) == ([], 0)
    assert await state(engine) == before


async def test_patients_may_not_use_the_waitlist(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice)
    before = await state(engine)
    viewer = practice.patient_viewer()
    result = data(await execute(ADD, add_input(practice), viewer=viewer), "addToWaitlist")
    assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]
    variables = {"input": {"waitlistEntryId": entry["id"], "method": "SMS"}}
    result = data(await execute(CONTACT, variables, viewer=viewer), "logWaitlistContact")
    assert [e["code"] for e in result["userErrors"]] == ["FORBIDDEN"]
    listed = await execute(LIST, {}, viewer=viewer)
    assert listed.data is None or listed.data.get("waitlistEntries") is None
    assert listed.errors
    assert await state(engine) == before


async def test_list_filters_sorts_and_loads_contacts(engine, execute):
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org)
    routine = await add(execute, practice, urgency="ROUTINE")
    urgent = await add(
        execute, practice, urgency="URGENT", patientId=global_id("Patient", other.id)
    )
    await contacted(execute, practice, routine)
    listed = data(await execute(LIST, {"first": 1}, viewer=practice.staff), "waitlistEntries")
    assert [n["id"] for n in nodes(listed)] == [urgent["id"]]
    assert (listed["pageInfo"]["hasNextPage"], listed["totalCount"]) == (True, 2)
    after = listed["pageInfo"]["endCursor"]
    rest = data(
        await execute(LIST, {"first": 1, "after": after}, viewer=practice.staff),
        "waitlistEntries",
    )
    [node] = nodes(rest)
    assert node["id"] == routine["id"]
    assert node["status"] == "CONTACTED"
    assert nodes(node["contactLog"]) == [{"method": "PHONE", "initiatedBy": "STAFF"}]
    assert actions(node) == ["ADDED", "CONTACTED"]
    assert rest["pageInfo"]["hasNextPage"] is False
    only = data(
        await execute(LIST, {"filter": {"statuses": ["CONTACTED"]}}, viewer=practice.staff),
        "waitlistEntries",
    )
    assert [n["id"] for n in nodes(only)] == [routine["id"]]


async def test_a_past_date_range_reads_as_expired(engine, execute):
    practice = await make_practice(engine)
    entry = await add(execute, practice, dateFrom="2020-01-01", dateTo="2020-01-31")
    assert entry["status"] == "EXPIRED"
    listed = data(await execute(LIST, {}, viewer=practice.staff), "waitlistEntries")
    assert nodes(listed) == []
    expired = data(
        await execute(LIST, {"filter": {"statuses": ["EXPIRED"]}}, viewer=practice.staff),
        "waitlistEntries",
    )
    assert [n["id"] for n in nodes(expired)] == [entry["id"]]


async def test_two_staff_accepting_into_one_slot_book_exactly_once(engine, execute):
    practice = await make_practice(engine)
    other = await make_patient(engine, practice.org)
    first = await add(execute, practice)
    second = await add(execute, practice, patientId=global_id("Patient", other.id))
    first = await offered(execute, practice, await contacted(execute, practice, first))
    second = await offered(execute, practice, await contacted(execute, practice, second))
    results = await asyncio.gather(
        execute(RESPOND, respond_input(first, "ACCEPTED"), viewer=practice.staff),
        execute(RESPOND, respond_input(second, "ACCEPTED"), viewer=practice.staff),
    )
    payloads = [data(r, "recordWaitlistResponse") for r in results]
    outcomes = sorted(
        (p["userErrors"][0]["code"] if p["userErrors"] else "OK", p["waitlistEntry"]["status"])
        for p in payloads
    )
    assert outcomes == [("OK", "SCHEDULED"), ("SLOT_TAKEN", "WAITING")]
    async with engine.connect() as connection:
        count = await connection.scalar(text("SELECT count(*) FROM appointments"))
    assert count == 1
