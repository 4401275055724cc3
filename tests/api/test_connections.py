"""Every connection pages the same way: keyset cursors, first 1-100, bad cursors refused, a
constant number of statements per page, and all 5,000 demo patients within reach."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from db.demo import REFERENCE_ANCHOR, seed_demo_data
from db.demo.ids import DEMO_ORG_ID
from resolvers.cursors import MALFORMED
from resolvers.viewer import Role, Viewer
from tests.support.connections import actions, nodes
from tests.support.factories import global_id, make_patient, make_practice
from tests.support.lifecycle_documents import BOOK, CANCEL, MOVE, booking_input
from tests.support.waitlist_documents import add, contacted

PATIENTS = """query ($first: Int!, $after: String) { patients(first: $first, after: $after) {
  PAGE edges { cursor node { id lastName firstName } } } }"""
PAGE = "totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
# An object's history and contact log: no totalCount (contactAttempts counts the log).
NESTED_PAGE = "pageInfo { hasNextPage hasPreviousPage startCursor endCursor }"
# Each root connection with arguments that name something (no need for it to exist).
ROOT = {
    "appointments": ("", {}),
    "patients": ("", {}),
    "providers": ("", {}),
    "waitlistEntries": ("", {}),
    "dueRecalls": ("dueOn: $day", {"day": "2030-01-01"}),
    "productionGoals": ('from: $day, to: "2030-01-31"', {"day": "2030-01-01"}),
    "blockouts": ('locationId: $where, from: $day, to: "2030-01-31"', {"day": "2030-01-01"}),
}
ENTRY_LOG = """query ($id: ID!, $first: Int!, $after: String) { node(id: $id) {
  ... on WaitlistEntry { FIELD(first: $first, after: $after) { PAGE edges { node { ITEM } } } }
} }"""
APPOINTMENT_HISTORY = """query ($id: ID!, $first: Int!, $after: String) { node(id: $id) {
  ... on Appointment { history(first: $first, after: $after) { PAGE edges { node { action } } } }
} }"""


def root_query(field: str) -> str:
    arguments, _ = ROOT[field]
    declared = ["$first: Int!", "$after: String"]
    declared += [f"${name}: {kind}!" for name, kind in (("day", "Date"), ("where", "ID"))
                 if f"${name}" in arguments]  # fmt: skip
    listed = ", ".join(filter(None, [arguments, "first: $first", "after: $after"]))
    return (
        f"query ({', '.join(declared)}) {{ {field}({listed}) {{ totalCount edges {{ cursor }} }} }}"
    )


def refusal(result: Any) -> tuple[str, Any, Any]:
    (error,) = result.errors
    return error.message, error.extensions["code"], error.extensions.get("field")


async def test_every_demo_patient_is_reachable_by_paging(engine, execute, count_statements):
    # given the demo practice (5,000 patients at Riverside)
    async with engine.begin() as connection:
        await seed_demo_data(connection, REFERENCE_ANCHOR)
        expected = [
            row.id
            for row in await connection.execute(
                text(
                    "SELECT id FROM patients WHERE organization_id = :org "
                    "ORDER BY lower(last_name), lower(first_name), id"
                ),
                {"org": DEMO_ORG_ID},
            )
        ]
    staff = Viewer(organization_id=DEMO_ORG_ID, role=Role.STAFF, subject="t")
    document = PATIENTS.replace("PAGE", PAGE)
    # when they are read 100 at a time, each page after the last one's endCursor
    seen: list[str] = []
    statements: set[int] = set()
    after = None
    while True:
        with count_statements() as counter:
            result = await execute(document, {"first": 100, "after": after}, viewer=staff)
        assert result.errors is None, result.errors
        page = result.data["patients"]
        statements.add(len(counter.statements))
        seen += [node["id"] for node in nodes(page)]
        assert page["totalCount"] == len(expected)
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then every patient came exactly once, by name, with the same statements on every page
    assert len(expected) == 5000
    assert seen == [global_id("Patient", ident) for ident in expected]
    assert len(statements) == 1


async def test_pages_stay_put_when_rows_arrive_between_them(engine, execute):
    # given patients Baker, Cole, Dunn, Eads (and the practice's Smith)
    practice = await make_practice(engine)
    for name in ("Dunn", "Baker", "Eads", "Cole"):
        await make_patient(engine, practice.org, last_name=name)
    document = PATIENTS.replace("PAGE", PAGE)
    first = (await execute(document, {"first": 2}, viewer=practice.staff)).data["patients"]
    assert [n["lastName"] for n in nodes(first)] == ["Baker", "Cole"]
    # when Abbott (before the page's end) and Cruz (after it) arrive
    await make_patient(engine, practice.org, last_name="Abbott")
    await make_patient(engine, practice.org, last_name="Cruz")
    after = first["pageInfo"]["endCursor"]
    rest = (await execute(document, {"first": 10, "after": after}, viewer=practice.staff)).data
    # then the next page continues right after Cole: Cruz shows, Abbott does not
    assert [n["lastName"] for n in nodes(rest["patients"])] == ["Cruz", "Dunn", "Eads", "Smith"]
    assert rest["patients"]["totalCount"] == 7


async def test_the_total_is_counted_only_when_asked_for(engine, execute, count_statements):
    practice = await make_practice(engine)
    listed = "{ patients(first: 5) { edges { node { id } } } }"
    counted = "{ patients(first: 5) { totalCount edges { node { id } } } }"
    with count_statements() as without:
        assert (await execute(listed, viewer=practice.staff)).errors is None
    with count_statements() as with_total:
        result = await execute(counted, viewer=practice.staff)
    assert result.data["patients"]["totalCount"] == 1
    assert len(with_total.statements) == len(without.statements) + 1


@pytest.mark.parametrize("field", list(ROOT))
async def test_every_root_connection_refuses_bad_sizes_and_cursors(engine, execute, field):
    practice = await make_practice(engine)
    variables = {**ROOT[field][1], "where": global_id("Location", practice.location.id)}
    query = root_query(field)

    async def ask(first: int, after: str | None) -> Any:
        return await execute(
            query, {**variables, "first": first, "after": after}, viewer=practice.staff
        )

    # a page of the list (the practice's one patient, or nothing), with its total
    listed = await ask(100, None)
    assert listed.errors is None, listed.errors
    assert listed.data[field]["totalCount"] == len(listed.data[field]["edges"])
    # sizes outside 1-100, damaged cursors and another list's cursors are BAD_USER_INPUT
    for first in (0, 101):
        assert refusal(await ask(first, None)) == (
            "first must be between 1 and 100", "BAD_USER_INPUT", "first")  # fmt: skip
    assert refusal(await ask(5, "not-a-cursor")) == (MALFORMED, "BAD_USER_INPUT", "after")
    other = "patients" if field != "patients" else "waitlistEntries"
    patient = await make_patient(engine, practice.org, last_name="Zed")
    await add(execute, practice, patientId=global_id("Patient", patient.id))
    foreign = await execute(
        root_query(other), {**ROOT[other][1], "first": 1}, viewer=practice.staff
    )
    cursor = foreign.data[other]["edges"][0]["cursor"]
    message, code, at = refusal(await ask(5, cursor))
    assert (code, at) == ("BAD_USER_INPUT", "after")
    assert message.startswith(f"The cursor belongs to {other}")
    assert f", not {field}" in message
    assert message.endswith(": start again without after")


async def test_an_appointments_history_pages_oldest_first(engine, execute):
    # given an appointment booked, moved and cancelled
    practice = await make_practice(engine)
    booked = await execute(BOOK, {"input": booking_input(practice)}, viewer=practice.staff)
    ident = booked.data["bookAppointment"]["appointment"]["id"]
    move = {
        "appointmentId": ident,
        "baseVersion": 1,
        "slot": {"date": "2030-01-07", "startTime": "10:00"},
    }
    await execute(MOVE, {"input": move}, viewer=practice.staff)
    cancel = {"appointmentId": ident, "baseVersion": 2, "cancelledBy": "PRACTICE"}
    cancelled = await execute(CANCEL, {"input": cancel}, viewer=practice.staff)
    assert actions(cancelled.data["cancelAppointment"]["appointment"]) == [
        "BOOKED", "MOVED", "CANCELLED"]  # fmt: skip
    # when its history is read one entry at a time, then the same three come in order
    assert await walk(execute, practice, APPOINTMENT_HISTORY, ident, "history", 1) == [
        {"action": "BOOKED"}, {"action": "MOVED"}, {"action": "CANCELLED"}]  # fmt: skip
    bad = await execute(
        APPOINTMENT_HISTORY.replace("PAGE", NESTED_PAGE),
        {"id": ident, "first": 1, "after": "junk"},
        viewer=practice.staff,
    )
    assert refusal(bad) == (MALFORMED, "BAD_USER_INPUT", "after")


async def test_a_waitlist_entrys_history_and_contact_log_page_oldest_first(engine, execute):
    # given an entry added and contacted twice
    practice = await make_practice(engine)
    entry = await contacted(execute, practice, await add(execute, practice))
    entry = await contacted(execute, practice, entry)
    # when both logs are read one item at a time
    history_log = ENTRY_LOG.replace("FIELD", "history").replace("ITEM", "action")
    contact_log = ENTRY_LOG.replace("FIELD", "contactLog").replace("ITEM", "method")
    history = await walk(execute, practice, history_log, entry["id"], "history", 1)
    contacts = await walk(execute, practice, contact_log, entry["id"], "contactLog", 1)
    # then every item comes once, oldest first
    assert history == [{"action": "ADDED"}, {"action": "CONTACTED"}, {"action": "CONTACTED"}]
    assert contacts == [{"method": "PHONE"}, {"method": "PHONE"}]


async def walk(execute, practice, document: str, ident: str, field: str, first: int) -> list:
    """Every node of an object's paged `field`, page by page."""
    items: list = []
    after = None
    while True:
        variables = {"id": ident, "first": first, "after": after}
        result = await execute(
            document.replace("PAGE", NESTED_PAGE), variables, viewer=practice.staff
        )
        assert result.errors is None, result.errors
        page = result.data["node"][field]
        assert len(page["edges"]) <= first
        items += nodes(page)
        if not page["pageInfo"]["hasNextPage"]:
            return items
        after = page["pageInfo"]["endCursor"]
